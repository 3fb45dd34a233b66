"""The 2-D point sets: synthetic mixtures and shapes, plus points from a CSV file or the canvas.

Every generator draws ``n`` points from a local ``np.random.Generator`` so one seed always gives the
same pool and nothing else in the process can change it. Sets the mode metrics can score (ring8,
grid25, gauss2, blobs3) also carry their mixture means and σ; each mode gets an equal share of the
points, shuffled, so "all modes covered" is a property of the data and not of sampling luck.

GAN Lab's four sets (poloclub/ganlab, ``demo/ganlab_input_providers.ts``,
``sampleFromTrueDistribution``) live in the unit square; they are reproduced exactly and mapped to
[-2.5, 2.5]² by ``p -> 5 (p - 0.5)``, the scale of ring8 and grid25, so presets and learning rates
carry over between sets. GAN Lab plots y upwards, as we do.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import torch

from ganstudio.engine.train.config import DataConfig
from ganstudio.engine.data.dataset import DataError, Dataset, existing_path
from ganstudio.engine.runs.fsutil import atomic_write_text

RING8_SIGMA = 0.02
GRID25_SIGMA = 0.05
GANLAB_SCALE = 5.0  # GAN Lab's unit square -> [-2.5, 2.5]²
MAX_LISTED_BAD_ROWS = 10
NOT_NUMBERS = "not numbers"


def _ganlab(p: np.ndarray) -> np.ndarray:
    return GANLAB_SCALE * (np.asarray(p, dtype=np.float64) - 0.5)


def _dataset(name: str, points: np.ndarray, means: np.ndarray | None = None,
             sigma: float | None = None) -> Dataset:
    x = torch.from_numpy(np.ascontiguousarray(points, dtype=np.float32))
    return Dataset(name=name, x=x, labels=None, means=means, sigma=sigma)


def _mixture(rng: np.random.Generator, n: int, means: np.ndarray, stds) -> np.ndarray:
    """n points, an equal share (±1) per component, shuffled. ``stds``: scalar or (K, 2)."""
    component = rng.permutation(np.arange(n) % len(means))
    stds = np.broadcast_to(np.asarray(stds, dtype=np.float64), means.shape)
    return means[component] + stds[component] * rng.standard_normal((n, 2))


def ring8(n: int, rng: np.random.Generator) -> Dataset:
    """8 Gaussians on a circle of radius 2 (the VEEGAN / PacGAN benchmark). k/8 of a turn, not
    ``linspace(0, 2π, 8)``, which puts the first and last mode on the same spot."""
    angles = 2 * math.pi * np.arange(8) / 8
    means = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return _dataset("ring8", _mixture(rng, n, means, RING8_SIGMA), means, RING8_SIGMA)


def grid25(n: int, rng: np.random.Generator) -> Dataset:
    """25 Gaussians on the grid {-4, -2, 0, 2, 4}² (the VEEGAN / PacGAN benchmark)."""
    gx, gy = np.meshgrid(np.arange(-4.0, 5.0, 2.0), np.arange(-4.0, 5.0, 2.0), indexing="ij")
    means = np.stack([gx.ravel(), gy.ravel()], axis=1)
    return _dataset("grid25", _mixture(rng, n, means, GRID25_SIGMA), means, GRID25_SIGMA)


def line(n: int, rng: np.random.Generator) -> Dataset:
    """GAN Lab 'line': (0.8 - 0.75 r, 0.6 + 0.3 r) + N(0, 0.01²), r ~ U(0, 1)."""
    r = rng.random(n)
    p = np.stack([0.8 - 0.75 * r, 0.6 + 0.3 * r], axis=1) + 0.01 * rng.standard_normal((n, 2))
    return _dataset("line", _ganlab(p))


def gauss2(n: int, rng: np.random.Generator) -> Dataset:
    """GAN Lab 'gaussians': N((0.3, 0.7), 0.1²) and N((0.7, 0.4), diag(0.05², 0.2²)), half each.

    The second component is elongated, so ``sigma`` is the widest per-axis std (0.2 → 1.0 after
    scaling): real data then scores ~100 % high quality under the 3σ rule.
    """
    means = _ganlab([[0.3, 0.7], [0.7, 0.4]])
    stds = GANLAB_SCALE * np.array([[0.1, 0.1], [0.05, 0.2]])
    return _dataset("gauss2", _mixture(rng, n, means, stds), means, float(stds.max()))


def ring(n: int, rng: np.random.Generator) -> Dataset:
    """GAN Lab 'ring': the ellipse (0.5 + 0.3 cos t, 0.45 + 0.25 sin t) + N(0, 0.025²)."""
    t = 2 * math.pi * rng.random(n)
    p = np.stack([0.5 + 0.3 * np.cos(t), 0.45 + 0.25 * np.sin(t)], axis=1)
    return _dataset("ring", _ganlab(p + 0.025 * rng.standard_normal((n, 2))))


def blobs3(n: int, rng: np.random.Generator) -> Dataset:
    """GAN Lab 'disjoint': three Gaussians with std 0.025 (0.125 after scaling), a third each."""
    means = _ganlab([[0.35, 0.75], [0.75, 0.6], [0.45, 0.35]])
    sigma = GANLAB_SCALE * 0.025
    return _dataset("blobs3", _mixture(rng, n, means, sigma), means, sigma)


def spiral(n: int, rng: np.random.Generator) -> Dataset:
    """Two arms, 1.5 turns each, radius 0.25 → 2.25, noise std 0.05. ``t = sqrt(u)`` spreads the
    points about evenly along each arm instead of crowding the centre."""
    t = np.sqrt(rng.random(n))
    radius = 0.25 + 2.0 * t
    angle = 3 * math.pi * t + math.pi * (np.arange(n) % 2)
    p = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return _dataset("spiral", p + 0.05 * rng.standard_normal((n, 2)))


def moons(n: int, rng: np.random.Generator) -> Dataset:
    """scikit-learn's two moons (noise 0.05), centred and scaled ×1.5 to x in about [-2.3, 2.3]."""
    t = math.pi * rng.random(n)
    inner = np.arange(n) % 2 == 1
    p = np.stack([np.cos(t), np.sin(t)], axis=1)
    p[inner] = np.stack([1 - np.cos(t[inner]), 0.5 - np.sin(t[inner])], axis=1)
    p += 0.05 * rng.standard_normal((n, 2))
    return _dataset("moons", 1.5 * (p - [0.5, 0.25]))


GENERATORS = {f.__name__: f for f in (ring8, grid25, line, gauss2, ring, blobs3, spiral, moons)}


def make_2d(cfg: DataConfig, seed: int) -> Dataset:
    """The 2-D set ``cfg.name``: ``cfg.n_points`` generated points, or a CSV file's points as-is."""
    if cfg.name == "csv":
        path = existing_path(cfg.path, "points file")
        return from_points(load_points_csv(path), name=f"csv:{path}")
    if cfg.name not in GENERATORS:
        raise DataError(f"unknown 2-D dataset {cfg.name!r} (known: {', '.join(GENERATORS)}, csv)")
    return GENERATORS[cfg.name](cfg.n_points, np.random.default_rng(seed))


def from_points(points, name: str = "drawn") -> Dataset:
    """A Dataset of given points (drawn on the canvas or read from a file), used as they are."""
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2:
        raise DataError(f"{name}: points must be an (N, 2) array (got shape {p.shape})")
    if len(p) < 2:
        raise DataError(f"{name}: needs at least 2 points (got {len(p)})")
    if not np.isfinite(p).all():
        bad = int((~np.isfinite(p)).any(axis=1).sum())
        raise DataError(f"{name}: {bad} point(s) are NaN or infinite")
    return _dataset(name, p)


def _parse_row(line: str, sep: str | None) -> tuple[list[float] | None, str]:
    """(values, "") for a good row of two finite numbers, else (None, what is wrong)."""
    fields = [f.strip() for f in (line.rstrip(sep).split(sep) if sep else line.split())]
    if sep == ";":  # semicolon files come from spreadsheets that write decimal commas
        fields = [f.replace(",", ".") for f in fields]
    try:
        values = [float(f) for f in fields]
    except ValueError:
        return None, f"{NOT_NUMBERS}: {line[:40]!r}"
    if len(values) != 2:
        return None, f"expected 2 columns (x, y), found {len(values)}"
    if not all(map(math.isfinite, values)):
        return None, "NaN or infinite value"
    return values, ""


REAL_SET, SKIPPED_SETS = "real", ("generated", "fake")


def _split_set(line: str, sep: str | None) -> tuple[str, str]:
    """A row of a labelled file, "x,y,set" → ("x,y", set) with the set name lower-cased."""
    head, _, label = line.rstrip(sep).rpartition(sep) if sep else line.rpartition(" ")
    return head, label.strip().lower()


def load_points_csv(path: str | Path) -> np.ndarray:
    """(N, 2) float64 points from a text file of x, y rows.

    Separators: comma, semicolon (then decimal commas are allowed), tab or spaces, detected once
    per file. An optional header is a first row that is not numbers; blank lines and ``#`` lines
    are ignored. A file whose header names a third column ``set`` (what "Export points" writes:
    x, y, real|generated) gives its real rows and skips the generated ones. Every bad row is
    reported by its 1-based line number, so the file can be fixed in one pass.
    """
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"points file not found: {path}") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: not a text file of x, y rows (not UTF-8)") from None
    except OSError as exc:
        raise DataError(f"cannot read points file {path}: {exc.strerror or exc}") from None

    sep = ";" if ";" in text else ("," if "," in text else None)
    points: list[list[float]] = []
    bad: list[str] = []
    first = True
    labelled = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if labelled:
            line, label = _split_set(line, sep)
            if label in SKIPPED_SETS:
                continue
            if label != REAL_SET:
                bad.append(f"line {number}: set {label!r} is neither real nor generated")
                continue
        values, problem = _parse_row(line, sep)
        if values is not None:
            points.append(values)
        elif first and problem.startswith(NOT_NUMBERS):  # a non-numeric first row: header
            labelled = _split_set(line, sep)[1] == "set"
        else:
            bad.append(f"line {number}: {problem}")
        first = False

    if bad:
        listed = "; ".join(bad[:MAX_LISTED_BAD_ROWS])
        extra = len(bad) - MAX_LISTED_BAD_ROWS
        more = f"; and {extra} more" if extra > 0 else ""
        raise DataError(f"{path}: {len(bad)} bad row(s), each row must be two numbers x, y — "
                        f"{listed}{more}")
    if len(points) < 2:
        raise DataError(f"{path}: needs at least 2 points, found {len(points)}")
    return np.array(points, dtype=np.float64)


def save_points_csv(path: str | Path, points, header: tuple[str, str] | None = ("x", "y"),
                    sets: list[str] | None = None) -> None:
    """Write (N, 2) points as comma-separated text that ``load_points_csv`` reads back exactly.
    With ``sets`` (one name per point, "real" or "generated") a third column ``set`` is written."""
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2:
        raise DataError(f"points must be an (N, 2) array (got shape {p.shape})")
    if sets is not None and len(sets) != len(p):
        raise DataError(f"{len(sets)} set names for {len(p)} points")
    rows = [f"{x!r},{y!r}" for x, y in p.tolist()]
    if sets is not None:
        rows = [f"{row},{name}" for row, name in zip(rows, sets)]
        header = (*(header or ("x", "y")), "set")
    lines = [",".join(header)] if header else []
    lines.extend(rows)
    atomic_write_text(Path(path).expanduser(), "\n".join(lines) + "\n")


def save_real_and_generated(path: str | Path, real, generated) -> None:
    """One CSV of both point sets, column ``set`` = real | generated (the lab view's export)."""
    real, generated = np.asarray(real, dtype=np.float64), np.asarray(generated, dtype=np.float64)
    save_points_csv(path, np.concatenate([real.reshape(-1, 2), generated.reshape(-1, 2)]),
                    sets=[REAL_SET] * len(real) + [SKIPPED_SETS[0]] * len(generated))
