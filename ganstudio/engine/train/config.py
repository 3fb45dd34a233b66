"""Run configuration: plain dataclasses, validation with named fields, TOML in and out.

Everything a run needs to be rebuilt lives here, so a run folder's ``config.toml`` plus its
checkpoint is the whole run. ``validate()`` names the field and the allowed range, because the
person reading the message is a student who typed the value into a spin box or a TOML file.
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATASETS_2D = ("ring8", "grid25", "line", "gauss2", "ring", "blobs3", "spiral", "moons", "csv")
DATASETS_IMAGE = ("mnist", "idx", "folder", "npz")
DATASETS_WITH_PATH = ("csv", "idx", "folder", "npz")
NET_KINDS = ("mlp", "dcgan")
ACTIVATIONS = ("relu", "leaky_relu", "tanh")
NOISE_KINDS = ("normal", "uniform")
LOSSES = ("minimax", "nonsaturating", "lsgan", "wgan", "wgan-gp", "hinge")
OPTIMIZERS = ("adam", "sgd", "rmsprop")
DEVICES = ("auto", "cpu", "cuda", "mps")
IMAGE_CHANNELS = (1, 3)


class ConfigError(ValueError):
    """A configuration that cannot be run. ``errors`` lists one message per bad field."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


@dataclass
class DataConfig:
    name: str = "ring8"
    path: str = ""  # file or folder for csv / idx / folder / npz
    image_size: int = 28  # images are resized to image_size x image_size
    channels: int = 1  # 1 = grey, 3 = RGB (folder / npz)
    n_points: int = 10_000  # size of the 2-D point pool drawn once per seed
    limit: int = 0  # image sets: keep at most this many images (0 = all)

    @property
    def is_2d(self) -> bool:
        return self.name in DATASETS_2D


@dataclass
class NetConfig:
    """Fields shared by G and D. ``hidden`` is used by MLPs, ``base_channels`` by DCGANs."""

    kind: str = "mlp"
    hidden: list[int] = field(default_factory=lambda: [64, 64, 64])
    activation: str = "relu"
    batch_norm: bool = False
    dropout: float = 0.0
    base_channels: int = 64


@dataclass
class GenConfig(NetConfig):
    noise_dim: int = 2
    noise: str = "normal"
    # Pictures and metrics come from an exponential moving average of G's weights with this decay
    # (0 = off, G as trained). Training itself always updates and uses the plain G.
    ema: float = 0.0


@dataclass
class DiscConfig(NetConfig):
    """D adds the mode-collapse remedies; each is off by default."""

    spectral_norm: bool = False
    minibatch_disc: bool = False
    mbd_kernels: int = 100  # B in Salimans et al. 2016
    mbd_kernel_dim: int = 5  # C in Salimans et al. 2016
    minibatch_stddev: bool = False
    pack: int = 1  # PacGAN: m samples per D input


@dataclass
class LossConfig:
    kind: str = "nonsaturating"
    label_smoothing: float = 0.0  # one-sided: real target = 1 - label_smoothing
    gp_lambda: float = 10.0  # WGAN-GP gradient penalty weight
    clip: float = 0.01  # WGAN weight clipping bound
    instance_noise: float = 0.0  # std of Gaussian noise added to every D input
    # Annealed instance noise (Sønderby et al. 2017): with steps > 0 the std fades linearly from
    # instance_noise at step 0 to instance_noise_final at that step, and stays there
    instance_noise_steps: int = 0
    instance_noise_final: float = 0.0


@dataclass
class OptimConfig:
    kind: str = "adam"
    lr: float = 2e-4
    beta1: float = 0.5
    beta2: float = 0.999
    momentum: float = 0.0  # SGD and RMSprop


@dataclass
class RunConfig:
    data: DataConfig = field(default_factory=DataConfig)
    gen: GenConfig = field(default_factory=GenConfig)
    disc: DiscConfig = field(default_factory=DiscConfig)
    loss: LossConfig = field(default_factory=LossConfig)
    opt_g: OptimConfig = field(default_factory=OptimConfig)
    opt_d: OptimConfig = field(default_factory=OptimConfig)
    batch_size: int = 64
    d_steps: int = 1  # D updates per G update (k)
    # Conditional GAN (Mirza & Osindero 2014): G and D also take the class label; needs
    # labelled images (the label is drawn uniformly for each fake)
    conditional: bool = False
    seed: int = 0
    device: str = "auto"
    threads: int = 0  # torch CPU threads; 0 = the window and `ganstudio train` follow the load (train/threads.py)
    fixed_noise_n: int = 64  # size of the fixed noise batch behind the sample grid
    sample_every: int = 500  # headless runs: steps between sample grids on disk
    name: str = ""

    def copy(self) -> "RunConfig":
        return from_dict(to_dict(self))


_SECTIONS = {
    "data": DataConfig,
    "gen": GenConfig,
    "disc": DiscConfig,
    "loss": LossConfig,
    "opt_g": OptimConfig,
    "opt_d": OptimConfig,
}

# Fields that live-editing may change without rebuilding networks or data.
LIVE_FIELDS = (
    "opt_g.lr", "opt_g.beta1", "opt_g.beta2", "opt_g.momentum",
    "opt_d.lr", "opt_d.beta1", "opt_d.beta2", "opt_d.momentum",
    "loss.kind", "loss.label_smoothing", "loss.gp_lambda", "loss.clip", "loss.instance_noise",
    "loss.instance_noise_steps", "loss.instance_noise_final", "d_steps",
)


def get_field(cfg: RunConfig, key: str) -> Any:
    """The value behind a dotted key such as ``"opt_d.lr"`` or ``"d_steps"``."""
    owner, _, attr = key.rpartition(".")
    return getattr(getattr(cfg, owner) if owner else cfg, attr)


def set_field(cfg: RunConfig, key: str, value: Any) -> bool:
    """Set the field behind a dotted key (unchecked: ``validate`` afterwards). True if it changed."""
    owner, _, attr = key.rpartition(".")
    target = getattr(cfg, owner) if owner else cfg
    if getattr(target, attr) == value:
        return False
    setattr(target, attr, value)
    return True


# ---------------------------------------------------------------- validation

def _check(errors: list[str], ok: bool, name: str, allowed: str, value: Any) -> None:
    if not ok:
        errors.append(f"{name} must be {allowed} (got {value!r})")


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _one_of(errors, name, value, choices):
    _check(errors, value in choices, name, "one of " + ", ".join(map(str, choices)), value)


def _int_in(errors, name, value, lo, hi):
    _check(errors, _is_int(value) and lo <= value <= hi, name, f"an integer in [{lo}, {hi}]", value)


def _num_in(errors, name, value, lo, hi, lo_open=False, hi_open=False):
    ok = _is_num(value) and (value > lo if lo_open else value >= lo) and (
        value < hi if hi_open else value <= hi)
    lb, rb = ("(" if lo_open else "["), (")" if hi_open else "]")
    _check(errors, ok, name, f"a number in {lb}{lo}, {hi}{rb}", value)


def dcgan_sizes() -> tuple[int, ...]:
    """Image sizes the DCGAN builders make: a 4x4 or 7x7 seed doubled at least twice."""
    return tuple(sorted({b * 2 ** n for b in (4, 7) for n in range(2, 6) if b * 2 ** n <= 128}))


def _validate_net(errors: list[str], prefix: str, net: NetConfig) -> None:
    _one_of(errors, f"{prefix}.kind", net.kind, NET_KINDS)
    _one_of(errors, f"{prefix}.activation", net.activation, ACTIVATIONS)
    _check(errors, isinstance(net.batch_norm, bool), f"{prefix}.batch_norm", "true or false", net.batch_norm)
    _num_in(errors, f"{prefix}.dropout", net.dropout, 0.0, 1.0, hi_open=True)
    if net.kind == "mlp":
        ok = isinstance(net.hidden, list) and 1 <= len(net.hidden) <= 8 and all(
            _is_int(w) and 1 <= w <= 8192 for w in net.hidden)
        _check(errors, ok, f"{prefix}.hidden", "a list of 1 to 8 widths, each in [1, 8192]", net.hidden)
    else:
        _int_in(errors, f"{prefix}.base_channels", net.base_channels, 1, 1024)


def validate(cfg: RunConfig) -> RunConfig:
    """Raise ConfigError naming every bad field; return cfg unchanged when it can run."""
    e: list[str] = []
    d = cfg.data
    _one_of(e, "data.name", d.name, DATASETS_2D + DATASETS_IMAGE)
    if d.name in DATASETS_WITH_PATH:
        _check(e, isinstance(d.path, str) and d.path.strip() != "", "data.path",
               f"a file or folder path for data.name = {d.name!r}", d.path)
    _int_in(e, "data.n_points", d.n_points, 16, 10_000_000)
    _int_in(e, "data.limit", d.limit, 0, 10_000_000)
    _one_of(e, "data.channels", d.channels, IMAGE_CHANNELS)
    is_2d = d.name in DATASETS_2D
    if not is_2d:
        _int_in(e, "data.image_size", d.image_size, 4, 256)

    _validate_net(e, "gen", cfg.gen)
    _validate_net(e, "disc", cfg.disc)
    _int_in(e, "gen.noise_dim", cfg.gen.noise_dim, 1, 1024)
    _num_in(e, "gen.ema", cfg.gen.ema, 0.0, 1.0, hi_open=True)
    _one_of(e, "gen.noise", cfg.gen.noise, NOISE_KINDS)
    dcgans = [prefix for prefix, net in (("gen", cfg.gen), ("disc", cfg.disc)) if net.kind == "dcgan"]
    for prefix in dcgans:
        if is_2d:
            e.append(f"{prefix}.kind = 'dcgan' needs image data, but data.name = {d.name!r} is 2-D: use 'mlp'")
    if dcgans and not is_2d and d.image_size not in dcgan_sizes():
        e.append(f"data.image_size must be one of {', '.join(map(str, dcgan_sizes()))} "
                 f"for a DCGAN (got {d.image_size!r})")

    disc = cfg.disc
    _int_in(e, "disc.pack", disc.pack, 1, 8)
    _int_in(e, "disc.mbd_kernels", disc.mbd_kernels, 1, 1000)
    _int_in(e, "disc.mbd_kernel_dim", disc.mbd_kernel_dim, 1, 100)
    for flag in ("spectral_norm", "minibatch_disc", "minibatch_stddev"):
        value = getattr(disc, flag)
        _check(e, isinstance(value, bool), f"disc.{flag}", "true or false", value)

    loss = cfg.loss
    _one_of(e, "loss.kind", loss.kind, LOSSES)
    _num_in(e, "loss.label_smoothing", loss.label_smoothing, 0.0, 0.5, hi_open=True)
    _num_in(e, "loss.gp_lambda", loss.gp_lambda, 0.0, 1000.0)
    _num_in(e, "loss.clip", loss.clip, 0.0, 10.0, lo_open=True)
    _num_in(e, "loss.instance_noise", loss.instance_noise, 0.0, 10.0)
    _int_in(e, "loss.instance_noise_steps", loss.instance_noise_steps, 0, 10_000_000)
    _num_in(e, "loss.instance_noise_final", loss.instance_noise_final, 0.0, 10.0)

    for prefix, opt in (("opt_g", cfg.opt_g), ("opt_d", cfg.opt_d)):
        _one_of(e, f"{prefix}.kind", opt.kind, OPTIMIZERS)
        _num_in(e, f"{prefix}.lr", opt.lr, 0.0, 1.0, lo_open=True)
        _num_in(e, f"{prefix}.beta1", opt.beta1, 0.0, 1.0, hi_open=True)
        _num_in(e, f"{prefix}.beta2", opt.beta2, 0.0, 1.0, hi_open=True)
        _num_in(e, f"{prefix}.momentum", opt.momentum, 0.0, 1.0, hi_open=True)

    _int_in(e, "batch_size", cfg.batch_size, 1, 65_536)
    if _is_int(cfg.batch_size) and _is_int(disc.pack) and disc.pack > 1 and cfg.batch_size % disc.pack:
        e.append(f"batch_size must be a multiple of disc.pack = {disc.pack} (got {cfg.batch_size})")
    if _is_int(cfg.batch_size) and disc.minibatch_disc and cfg.batch_size < 2:
        e.append("batch_size must be at least 2 with disc.minibatch_disc (got 1)")
    _int_in(e, "d_steps", cfg.d_steps, 1, 100)
    _check(e, isinstance(cfg.conditional, bool), "conditional", "true or false", cfg.conditional)
    if cfg.conditional is True and is_2d:
        e.append(f"conditional GAN needs labelled data; {d.name} has no labels "
                 f"(2-D points): set conditional = false or use labelled images")
    _int_in(e, "seed", cfg.seed, 0, 2 ** 63 - 1)
    _one_of(e, "device", cfg.device, DEVICES)
    _int_in(e, "threads", cfg.threads, 0, 256)
    _int_in(e, "fixed_noise_n", cfg.fixed_noise_n, 1, 4096)
    _int_in(e, "sample_every", cfg.sample_every, 1, 10_000_000)
    _check(e, isinstance(cfg.name, str), "name", "a string", cfg.name)
    if e:
        raise ConfigError(e)
    return cfg


# ---------------------------------------------------------------- dict / TOML

def to_dict(cfg: RunConfig) -> dict[str, Any]:
    return dataclasses.asdict(cfg)


def _fill(cls, values: Any, where: str):
    if not isinstance(values, dict):
        raise ConfigError([f"[{where}] must be a table (got {values!r})"])
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - names)
    if unknown:
        raise ConfigError([f"unknown key {where + '.' if where else ''}{k} "
                           f"(known: {', '.join(sorted(names))})" for k in unknown])
    kwargs = {}
    for k, v in values.items():
        if where == "" and k in _SECTIONS:
            v = _fill(_SECTIONS[k], v, k)
        elif isinstance(v, list):
            v = list(v)
        kwargs[k] = v
    return cls(**kwargs)


def from_dict(values: dict[str, Any]) -> RunConfig:
    """Build a RunConfig; unknown keys are an error, missing keys take their defaults."""
    return _fill(RunConfig, values, "")


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v) if math.isfinite(v) else ("nan" if v != v else ("inf" if v > 0 else "-inf"))
    if isinstance(v, str):
        escaped = v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def dumps(cfg: RunConfig) -> str:
    """TOML text: top-level scalars first, then one table per section."""
    values = to_dict(cfg)
    lines = [f"{k} = {_toml_value(v)}" for k, v in values.items() if k not in _SECTIONS]
    for section in _SECTIONS:
        lines.append("")
        lines.append(f"[{section}]")
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in values[section].items())
    return "\n".join(lines) + "\n"


def loads(text: str) -> RunConfig:
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"not valid TOML: {exc}"]) from None
    return from_dict(values)


def save(cfg: RunConfig, path: str | Path) -> None:
    from ganstudio.engine.runs.fsutil import atomic_write_text

    atomic_write_text(Path(path), dumps(cfg))


def load(path: str | Path) -> RunConfig:
    """Read and validate a TOML config file; errors name the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([f"cannot read config {path}: {exc.strerror or exc}"]) from None
    try:
        return validate(loads(text))
    except ConfigError as exc:
        raise ConfigError([f"{path.name}: {m}" for m in exc.errors]) from None
