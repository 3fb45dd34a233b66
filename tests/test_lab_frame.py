"""What the worker sends the lab view: only the layers asked for, on the grid asked for."""

import numpy as np
import pytest

from ganstudio.engine.lab import fields as lab
from ganstudio.engine.lab.frame import DIVERGENCE_EVERY, HEATMAP_RESOLUTION, Lab, noise_grid
from ganstudio.engine.train.presets import preset
from ganstudio.engine.train.trainer import Trainer


@pytest.fixture(scope="module")
def trainer():
    cfg = preset("ring8")
    cfg.gen.hidden = cfg.disc.hidden = [32, 32]
    t = Trainer(cfg)
    for _ in range(20):
        t.step()
    return t


def test_only_the_layers_asked_for_are_computed(trainer):
    view = Lab(trainer)
    assert not view.active and view.frame() == {"step": 20}
    view.set_layers(["real", "fake"])
    assert not view.active  # the points need nothing from the worker's lab
    view.set_layers(["heatmap", "arrows", "manifold", "noise", "divergence"])
    frame = view.frame(divergence=True)
    assert set(frame) == {"step", "heatmap", "arrows", "manifold", "noise", "divergence"}
    assert frame["heatmap"]["values"].shape == (HEATMAP_RESOLUTION,) * 2
    assert frame["heatmap"]["level"] == 0.5
    assert frame["arrows"].shape[1] == 2 and np.isnan(frame["arrows"]).any()
    assert frame["noise"].shape == (512, 2)
    kl, js = frame["divergence"]
    assert kl >= 0 and 0 <= js <= 1
    with pytest.raises(ValueError, match="unknown lab layer"):
        view.set_layers(["heatmap", "sparkles"])


def test_divergence_is_sent_every_few_frames_unless_forced(trainer):
    view = Lab(trainer)
    view.set_layers(["divergence"])
    sent = ["divergence" in view.frame() for _ in range(2 * DIVERGENCE_EVERY)]
    assert sum(sent) == 2 and sent[0]
    assert all("divergence" in view.frame(divergence=True) for _ in range(3))


def test_heatmap_follows_the_view_and_divergence_keeps_the_data_grid(trainer):
    view = Lab(trainer)
    view.set_layers(["heatmap", "divergence"])
    view.set_view((-1, 1, 0, 2))
    frame = view.frame(divergence=True)
    assert frame["heatmap"]["bounds"] == (-1.0, 1.0, 0.0, 2.0)
    real = view._real
    fake = trainer.generate(view._eval_noise)
    expected = lab.divergences(real, fake, trainer.dataset.bounds(), view.resolution)
    assert frame["divergence"] == pytest.approx(expected)
    for bad in [(1, -1, 0, 2), (0, 1, 0, float("nan"))]:
        with pytest.raises(ValueError, match="bad view bounds"):
            view.set_view(bad)


def test_noise_grid_is_the_grid_the_manifold_bends():
    grid = noise_grid(2, "normal", lines=3)
    segments = [g for g in np.split(grid, np.flatnonzero(np.isnan(grid[:, 0])) + 1) if len(g)]
    segments = [s[~np.isnan(s[:, 0])] for s in segments]
    assert len([s for s in segments if len(s)]) == 6
    assert np.nanmax(np.abs(grid)) == 2.0
    assert np.nanmax(np.abs(noise_grid(2, "uniform"))) == 1.0
    line = noise_grid(1, "normal")
    assert np.allclose(line[:2], [[-2, 0], [2, 0]])


@pytest.mark.parametrize("noise", ["normal", "uniform"])
def test_one_dimensional_noise_gives_one_manifold_curve_and_points_on_a_line(noise):
    cfg = preset("ring8")
    cfg.gen.hidden = cfg.disc.hidden = [16]
    cfg.gen.noise_dim, cfg.gen.noise = 1, noise
    view = Lab(Trainer(cfg))
    view.set_layers(["manifold", "noise"])
    frame = view.frame()
    assert np.isnan(frame["manifold"][:, 0]).sum() == 1  # one curve, one separator
    z = frame["noise"]
    assert (z[:, 1] == 0).all() and np.abs(z[:, 0]).max() <= (1.0 if noise == "uniform" else 10)
