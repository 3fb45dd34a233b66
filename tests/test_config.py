"""Config validation names the field and the allowed range; TOML round-trips; unknown keys fail."""

import pytest

from ganstudio.engine.train import config as C
from ganstudio.engine.train.config import ConfigError, RunConfig
from ganstudio.engine.train.presets import PRESETS, preset


def _errors(cfg):
    with pytest.raises(ConfigError) as info:
        C.validate(cfg)
    return info.value.errors


@pytest.mark.parametrize("mutate, field, hint", [
    (lambda c: setattr(c.opt_d, "lr", -0.1), "opt_d.lr", "(0.0, 1.0]"),
    (lambda c: setattr(c.opt_g, "lr", 0.0), "opt_g.lr", "(0.0, 1.0]"),
    (lambda c: setattr(c, "batch_size", 0), "batch_size", "[1, 65536]"),
    (lambda c: setattr(c.loss, "kind", "wasserstein"), "loss.kind", "minimax, nonsaturating"),
    (lambda c: setattr(c.gen, "hidden", [64, 0]), "gen.hidden", "each in [1, 8192]"),
    (lambda c: setattr(c.disc, "hidden", [-3]), "disc.hidden", "each in [1, 8192]"),
    (lambda c: setattr(c.opt_d, "beta1", 1.0), "opt_d.beta1", "[0.0, 1.0)"),
    (lambda c: setattr(c, "d_steps", 0), "d_steps", "[1, 100]"),
    (lambda c: setattr(c, "device", "tpu"), "device", "auto, cpu, cuda, mps"),
    (lambda c: setattr(c.loss, "label_smoothing", 0.7), "loss.label_smoothing", "[0.0, 0.5)"),
    (lambda c: setattr(c.gen, "noise", "cauchy"), "gen.noise", "normal, uniform"),
    (lambda c: setattr(c.data, "name", "cifar"), "data.name", "ring8"),
    (lambda c: setattr(c.opt_d, "lr", float("nan")), "opt_d.lr", "(0.0, 1.0]"),
    (lambda c: setattr(c, "batch_size", True), "batch_size", "integer"),
])
def test_bad_values_name_field_and_range(mutate, field, hint):
    cfg = RunConfig()
    mutate(cfg)
    errors = _errors(cfg)
    assert len(errors) == 1
    assert errors[0].startswith(field + " must be")
    assert hint in errors[0]


def test_every_error_is_reported_at_once():
    cfg = RunConfig(batch_size=0)
    cfg.opt_d.lr = -1
    fields = {e.split(" ")[0] for e in _errors(cfg)}
    assert fields == {"batch_size", "opt_d.lr"}


def test_dcgan_image_size_it_cannot_make():
    cfg = preset("mnist-dcgan")
    cfg.data.image_size = 30
    (error,) = _errors(cfg)
    assert "data.image_size" in error and "28" in error and "32" in error and "64" in error
    assert "(got 30)" in error
    for size in (28, 32, 64):
        cfg.data.image_size = size
        C.validate(cfg)


def test_dcgan_on_2d_data_is_refused():
    cfg = preset("ring8")
    cfg.gen.kind = "dcgan"
    assert any("needs image data" in e for e in _errors(cfg))


def test_path_datasets_need_a_path():
    cfg = RunConfig()
    cfg.data.name = "csv"
    assert any(e.startswith("data.path") for e in _errors(cfg))


def test_pack_must_divide_batch():
    cfg = RunConfig(batch_size=10)
    cfg.disc.pack = 3
    assert any("multiple of disc.pack" in e for e in _errors(cfg))


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_validate_and_round_trip_through_toml(name, tmp_path):
    cfg = preset(name)
    C.validate(cfg)
    path = tmp_path / "config.toml"
    C.save(cfg, path)
    assert C.load(path) == cfg


def test_toml_unknown_key_is_an_error():
    text = C.dumps(RunConfig()).replace("[loss]\n", "[loss]\nlearning_rate = 0.1\n")
    with pytest.raises(ConfigError, match="unknown key loss.learning_rate"):
        C.loads(text)
    with pytest.raises(ConfigError, match="unknown key colour"):
        C.loads('colour = "red"\n')


def test_toml_missing_keys_take_defaults_and_bad_values_name_file(tmp_path):
    assert C.loads("batch_size = 32\n").batch_size == 32
    path = tmp_path / "bad.toml"
    path.write_text("batch_size = 0\n")
    with pytest.raises(ConfigError, match="bad.toml: batch_size must be"):
        C.load(path)
    with pytest.raises(ConfigError, match="cannot read config"):
        C.load(tmp_path / "missing.toml")
    path.write_text("batch_size = = 3\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        C.load(path)


def test_unknown_preset_lists_known_ones():
    with pytest.raises(KeyError, match="ring8"):
        preset("nope")
