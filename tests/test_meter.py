"""The collapse meter and its alarm: fires on a constructed collapse, stays quiet on a healthy G."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from ganstudio.engine.metrics.meter import (
    IMAGE_WARMUP_STEPS, KL_ALARM, PATIENCE, CollapseDetector, Meter, advice,
)
from ganstudio.engine.train.presets import preset
from ganstudio.engine.train.trainer import Trainer


def test_detector_needs_patience_and_judgeable_samples():
    d = CollapseDetector(8)
    for step in range(1, PATIENCE):
        assert d.update(step, 2, math.log(4), judged=True) is None
    event = d.update(PATIENCE, 2, math.log(4), judged=True)
    assert event is not None and event.started and d.active and event.covered == 2
    # unjudgeable readings (samples not near any mode) neither raise nor clear the alarm
    for step in range(10, 20):
        assert d.update(step, 0, float("nan"), judged=False) is None
    assert d.active


def test_detector_stays_quiet_on_a_healthy_run_and_below_the_threshold():
    d = CollapseDetector(8)
    rng = np.random.default_rng(0)
    for step in range(100):
        kl = float(rng.uniform(0.0, 0.9 * KL_ALARM))  # PacGAN's plain GAN, 0.45, is below ln 2
        assert d.update(step, 8 if step % 7 else 7, kl, judged=True) is None
    assert not d.active


def test_detector_one_noisy_reading_does_not_fire():
    d = CollapseDetector(8)
    for step in range(30):
        kl = 2.0 if step % PATIENCE == 0 else 0.01
        assert d.update(step, 8, kl, judged=True) is None


def test_detector_fires_on_falling_coverage_and_recovers():
    d = CollapseDetector(25)
    for step in range(5):
        d.update(step, 24, 0.05, judged=True)
    events = [d.update(step, 18, 0.2, judged=True) for step in range(5, 5 + PATIENCE)]
    assert events[-1] is not None and events[-1].started  # lost 6 of 24 modes with KL still low
    events = [d.update(step, 24, 0.05, judged=True) for step in range(10, 10 + PATIENCE)]
    assert events[-1] is not None and not events[-1].started and not d.active
    assert "Recovered" in advice(events[-1])


class _OnModes(nn.Module):
    """A stand-in G that puts every z exactly on the means it is given, round robin by angle of z."""

    def __init__(self, means):
        super().__init__()
        self.means = torch.as_tensor(means, dtype=torch.float32)

    def forward(self, z):
        angle = torch.atan2(z[:, 1], z[:, 0])
        k = ((angle + math.pi) / (2 * math.pi) * len(self.means)).long().clamp(0, len(self.means) - 1)
        return self.means[k]


def _meter_with_g(means_used):
    cfg = preset("ring8")
    cfg.gen.hidden = cfg.disc.hidden = [8]
    cfg.gen.ema = 0.0  # no weight average: the constructed G below is the one shown
    trainer = Trainer(cfg)
    trainer.G = _OnModes(means_used)
    return trainer, Meter(trainer)


def test_meter_raises_the_alarm_on_a_constructed_collapse():
    trainer, meter = _meter_with_g(Trainer(preset("ring8")).dataset.means[:1])  # every sample on mode 0
    assert meter.kind == "modes" and meter.n_modes == 8
    events = [meter.evaluate()[1] for _ in range(PATIENCE)]
    row = meter.last
    assert row["modes"] == 1 and row["reverse_kl"] == pytest.approx(math.log(8))
    assert row["hq_pct"] == pytest.approx(100.0) and row["collapse"] == 1
    assert events[-1] is not None and events[-1].started and events[:-1] == [None] * (PATIENCE - 1)
    assert "Mode collapse" in advice(events[-1]) and sum(row["mass"]) == pytest.approx(1.0)


def test_meter_is_quiet_on_a_g_that_covers_every_mode():
    means = Trainer(preset("ring8")).dataset.means
    trainer, meter = _meter_with_g(means)
    for _ in range(2 * PATIENCE):
        row, event = meter.evaluate()
        assert event is None
    assert row["modes"] == 8 and row["reverse_kl"] < 0.05 and row["collapse"] == 0


def test_no_meter_for_sets_without_known_modes():
    cfg = preset("moons")
    cfg.gen.hidden = cfg.disc.hidden = [8]
    meter = Meter(Trainer(cfg))
    assert meter.kind is None
    with pytest.raises(ValueError, match="nothing to measure"):
        meter.evaluate()


def test_an_image_g_still_learning_to_draw_raises_no_alarm():
    from ganstudio.engine.metrics import image_metrics

    try:
        classifier = image_metrics.shared_classifier()
    except FileNotFoundError:
        pytest.skip("resources/mnist_classifier.pt is not built")
    cfg = preset("mnist-mlp")
    cfg.data.limit = 500
    cfg.gen.ema = 0.0  # no weight average: the G set below is the one the meter reads
    trainer = Trainer(cfg)
    meter = Meter(trainer, classifier)
    assert meter.kind == "classes" and meter.n_modes == 10
    reals = torch.from_numpy(trainer.dataset.x.numpy())
    ones = reals[trainer.dataset.labels == 1][:1]

    class _Copies(nn.Module):  # every z drawn as the same digit: what early or collapsed G look like
        def __init__(self, image):
            super().__init__()
            self.image = image

        def forward(self, z):
            return self.image.expand(len(z), *self.image.shape[1:])

    trainer.G = _Copies(ones)
    events = [meter.evaluate()[1] for _ in range(2 * PATIENCE)]
    assert meter.last["classes"] == 1 and events == [None] * (2 * PATIENCE)  # never drew half the digits
    trainer.step_count = IMAGE_WARMUP_STEPS  # ... but after the warm-up, one digit is collapse
    events = [meter.evaluate()[1] for _ in range(PATIENCE)]
    assert events[-1] is not None and events[-1].started
    meter = Meter(trainer, classifier)
    trainer.step_count = 0

    class _Varied(nn.Module):  # real digits of every class, then a collapse onto the "1"
        def __init__(self):
            super().__init__()
            self.pool, self.collapsed = reals[:600], False

        def forward(self, z):
            return ones.expand(len(z), *ones.shape[1:]) if self.collapsed else self.pool[: len(z)]

    trainer.G = varied = _Varied()
    assert all(meter.evaluate()[1] is None for _ in range(PATIENCE))
    assert meter.last["classes"] == 10
    varied.collapsed = True
    events = [meter.evaluate()[1] for _ in range(PATIENCE)]
    assert events[-1] is not None and events[-1].started and events[-1].covered == 1


def test_uneven_mass_on_every_mode_is_not_collapse():
    d = CollapseDetector(8)
    for step in range(20):  # what a learning ring8 G does for a while: all modes, uneven mass
        assert d.update(step, 7 + step % 2, 0.8, judged=True) is None
    assert not d.active


def test_losing_modes_counts_only_once_g_has_settled():
    d = CollapseDetector(8)
    for step in range(10):  # learning: the count swings, KL moderate, never healthy yet
        assert d.update(step, 8 if step % 2 else 5, 0.5, judged=True) is None
    assert not d.settled and not d.active
    d.update(10, 8, 0.02, judged=True)
    assert d.settled
    events = [d.update(11 + i, 5, 0.4, judged=True) for i in range(PATIENCE)]
    assert events[-1] is not None and events[-1].started


def test_a_few_classes_with_a_sliver_on_many_is_still_collapse():
    d = CollapseDetector(10)
    events = [d.update(step, 6, 1.63, judged=True) for step in range(PATIENCE)]  # effective modes ≈ 2
    assert events[-1] is not None and events[-1].started


def test_conditional_runs_report_how_often_g_draws_the_asked_digit():
    from ganstudio.engine.metrics import image_metrics

    try:
        classifier = image_metrics.shared_classifier()
    except FileNotFoundError:
        pytest.skip("resources/mnist_classifier.pt is not built")
    cfg = preset("mnist-cgan-mlp")
    cfg.data.limit = 500
    cfg.gen.hidden = cfg.disc.hidden = [16]
    trainer = Trainer(cfg)
    x, y = trainer.dataset.x, trainer.dataset.labels
    firsts = torch.stack([x[y == c][0] for c in range(10)])  # one real digit of each class

    class _Obedient(nn.Module):  # draws a real digit of the asked class, or a "1" whatever it is asked
        def __init__(self):
            super().__init__()
            self.ignore_labels = False

        def forward(self, z, labels):
            return firsts[torch.ones_like(labels) if self.ignore_labels else labels]

    trainer.G = g = _Obedient()
    meter = Meter(trainer, classifier)
    row, _ = meter.evaluate()
    assert row["label_acc"] >= 0.9 and len(row["label_acc_per_class"]) == 10
    assert row["classes"] == 10  # the meter asks for every digit equally often
    g.ignore_labels = True
    row, _ = meter.evaluate()
    assert row["label_acc"] == pytest.approx(0.1) and row["label_acc_per_class"][1] == 1.0
    assert row["classes"] == 1

    unconditional = preset("mnist-mlp")
    unconditional.data.limit = 500
    unconditional.gen.hidden = unconditional.disc.hidden = [16]
    row, _ = Meter(Trainer(unconditional), classifier).evaluate()
    assert "label_acc" not in row and "label_acc_per_class" not in row  # blank metrics.csv column
