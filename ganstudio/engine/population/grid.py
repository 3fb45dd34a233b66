"""What a sweep trains: seeds × every ``--vary`` value, as named members, grouped into populations.

``parse_seeds("0-15")``, ``parse_vary("opt_g.lr=1e-4,2e-4", base)`` and ``expand(base, seeds, varies)``
turn the command line (or the New population dialog) into member configs; every mistake is a
``ConfigError`` naming the key or value, raised before anything trains. ``groups`` splits the
members into populations: members that differ in a shared field (a varied ``loss.kind``) cannot
train together, and a large K is cut into groups of at most ``max_k``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from ganstudio.engine.population.population import PER_MEMBER, shared_settings
from ganstudio.engine.train.config import LIVE_FIELDS, ConfigError, RunConfig, get_field, set_field, validate

VARY_KEYS = tuple(dict.fromkeys(k for k in PER_MEMBER + LIVE_FIELDS if k != "seed"))
MAX_SEEDS = 4096
DEFAULT_MAX_K = 64  # members per population: ring8 at K = 64 is one step of ~35k-row matmuls on a CPU


@dataclass
class MemberSpec:
    """One member of a sweep: its name (its folder under members/), seed and varied settings."""

    name: str
    seed: int
    settings: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"name": self.name, "seed": self.seed, "settings": dict(self.settings)}

    def label(self) -> str:
        """A short label for a tile: "seed 3 · opt_g.lr 0.001"."""
        return " · ".join([f"seed {self.seed}"] + [f"{k} {_text(v)}" for k, v in self.settings.items()])

    def config(self, base: RunConfig) -> RunConfig:
        cfg = base.copy()
        cfg.seed = self.seed
        for key, value in self.settings.items():
            set_field(cfg, key, value)
        return validate(cfg)


def parse_seeds(text: str) -> list[int]:
    """"0-15", "0,3,7" or "0-3,9": the seeds in the order given, without repeats."""
    seeds: list[int] = []
    for part in str(text).replace(" ", "").split(","):
        try:
            if "-" in part[1:]:
                lo, hi = part.split("-", 1)
                a, b = int(lo), int(hi)
                if b < a:
                    raise ValueError
                seeds.extend(range(a, b + 1))
            else:
                seeds.append(int(part))
        except ValueError:
            raise ConfigError([f"--seeds: {part!r} is not a seed or a range such as 0-15"]) from None
        if len(seeds) > MAX_SEEDS:
            raise ConfigError([f"--seeds: at most {MAX_SEEDS} seeds"])
    if any(s < 0 for s in seeds):
        raise ConfigError(["--seeds: seeds are 0 or more"])
    return list(dict.fromkeys(seeds))


def _parse_value(key: str, text: str, current: object) -> object:
    text = text.strip()
    if isinstance(current, bool):
        if text.lower() in ("true", "1", "yes", "on"):
            return True
        if text.lower() in ("false", "0", "no", "off"):
            return False
    elif isinstance(current, int):
        try:
            return int(text)
        except ValueError:
            pass
    elif isinstance(current, float):
        try:
            value = float(text)
            if math.isfinite(value):
                return value
        except ValueError:
            pass
    elif isinstance(current, str) and text:
        return text
    kind = type(current).__name__.replace("bool", "true/false").replace("str", "name")
    raise ConfigError([f"--vary {key}: {text!r} is not a {kind}"])


def parse_vary(text: str, base: RunConfig) -> tuple[str, list[object]]:
    """``KEY=V1,V2,...`` -> (key, values), each value checked as that field's setting."""
    key, sep, values = str(text).partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError([f"--vary {text!r}: write KEY=V1,V2 (for example opt_g.lr=1e-4,2e-4)"])
    if key == "seed":
        raise ConfigError(["--vary seed: give seeds with --seeds"])
    if key not in VARY_KEYS:
        raise ConfigError([f"--vary {key}: not a setting a sweep can vary; these can: {', '.join(VARY_KEYS)}"])
    current = get_field(base, key)
    parsed = [_parse_value(key, v, current) for v in values.split(",") if v.strip()]
    if not parsed:
        raise ConfigError([f"--vary {key}: no values"])
    for value in parsed:
        cfg = base.copy()
        set_field(cfg, key, value)
        try:
            validate(cfg)
        except ConfigError as exc:
            raise ConfigError([f"--vary {key}={_text(value)}: {m}" for m in exc.errors]) from None
    return key, list(dict.fromkeys(parsed))


def _text(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value).lower() if isinstance(value, bool) else str(value)


def member_name(seed: int, settings: dict[str, object]) -> str:
    """The member's folder name: ``seed3`` or ``seed3_opt_g.lr=0.001_loss.kind=lsgan``."""
    return "_".join([f"seed{seed}"] + [f"{k}={_text(v)}" for k, v in settings.items()])


def expand(base: RunConfig, seeds: list[int], varies: list[tuple[str, list[object]]]) -> list[MemberSpec]:
    """Every seed with every combination of the varied values, seeds varying fastest."""
    if base.gen.kind != "mlp" or base.disc.kind != "mlp":
        raise ConfigError(["a sweep trains MLP G and D as populations (gen.kind = disc.kind = 'mlp'); "
                           "train a DCGAN with ganstudio train, one seed at a time"])
    keys = [k for k, _ in varies]
    if len(set(keys)) != len(keys):
        raise ConfigError([f"--vary {k}: given twice; list every value in one --vary" for k in keys
                           if keys.count(k) > 1][:1])
    members = []
    for combo in itertools.product(*[values for _, values in varies]):
        settings = dict(zip(keys, combo))
        for seed in seeds:
            members.append(MemberSpec(member_name(seed, settings), seed, settings))
    for m in members:
        m.config(base)  # every combination is a valid run (two values may clash)
    return members


def groups(base: RunConfig, members: list[MemberSpec], max_k: int = DEFAULT_MAX_K) -> list[list[int]]:
    """Indices of ``members`` per population: same shared settings, at most ``max_k`` each."""
    by_shared: dict[str, list[int]] = {}
    for i, m in enumerate(members):
        by_shared.setdefault(repr(sorted(shared_settings(m.config(base)).items())), []).append(i)
    out = []
    for indices in by_shared.values():
        out.extend(indices[i:i + max_k] for i in range(0, len(indices), max_k))
    return out
