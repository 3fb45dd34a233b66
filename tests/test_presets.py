"""The preset table and the convergence benchmark that scores it agree on names and goals."""

import importlib.util
from pathlib import Path

import numpy as np

from ganstudio.engine.train.presets import PRESETS, preset

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_modes", ROOT / "benchmarks" / "bench_modes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_preset_has_a_one_line_summary():
    for p in PRESETS.values():
        assert p.summary.strip() and "\n" not in p.summary, p.name


def test_every_2d_preset_has_a_goal_in_bench_modes():
    bench = _bench()
    two_d = [name for name in PRESETS if preset(name).data.is_2d]
    assert bench.PRESETS_2D == two_d
    assert set(bench.GOALS) <= set(two_d)
    assert set(two_d) - set(bench.GOALS) == {"ring8-tiny"}  # a demo of struggling, no goal


def test_js_floor_is_small_but_positive():
    bench = _bench()
    cfg = preset("line")
    from ganstudio.engine.data import toy2d
    bounds = toy2d.make_2d(cfg.data, 0).bounds()
    floor = bench.js_floor("line", bounds)
    assert 0 < floor < 0.1
    same = bench.real_points("line", 100, 1)
    assert np.array_equal(same, bench.real_points("line", 100, 1))


def test_conditional_presets_draw_one_row_per_digit_on_mnist():
    for name in ("mnist-cgan-mlp", "mnist-cgan-dcgan"):
        cfg = preset(name)
        assert cfg.conditional and cfg.data.name == "mnist" and cfg.fixed_noise_n == 100, name
    assert [n for n in PRESETS if preset(n).conditional] == ["mnist-cgan-mlp", "mnist-cgan-dcgan"]


def test_ring8_collapse_loses_its_noise_within_a_few_hundred_steps():
    """The preset's story starts the same way on every seed: G's oversized steps switch off a hidden
    layer for every z, so all noise maps to one point (what the meter then reads as 1 mode)."""
    from ganstudio.engine.train.trainer import Trainer

    for seed in (0, 1, 2):
        cfg = preset("ring8-collapse")
        cfg.seed, cfg.threads = seed, 1
        trainer = Trainer(cfg)
        z = trainer.noise(500, seed=7)
        spread_before = trainer.generate(z).std(axis=0).max()
        for _ in range(400):
            trainer.step()
        spread_after = trainer.generate(z).std(axis=0).max()
        assert spread_before > 0.01, seed
        assert spread_after < 1e-3, (seed, spread_after)


def test_collapse_goal_allows_mid_hop_readings_but_not_a_g_off_the_data():
    bench = _bench()

    class Readings:
        def __init__(self, values):
            self.readings = values

    hopping = [0] * 5 + [1] * 5 + [1, 1, 0, 1, 1, 1, 1, 1, 0, 1]  # 8 of 10 late readings on a mode
    assert bench._collapsed(Readings(hopping))
    assert not bench._collapsed(Readings([0] * 15 + [1] * 5))  # mostly off the data: no learning
    assert not bench._collapsed(Readings([1] * 10 + [1] * 9 + [4]))  # spread over 4 modes once
