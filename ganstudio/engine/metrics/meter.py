"""The mode-collapse meter: coverage numbers for the run's data, and the alarm that reads them.

``Meter(trainer)`` picks what can be measured: the 2-D mode metrics for a mixture with known means
(ring8, grid25, gauss2, blobs3; engine/metrics/modes.py) or the image metrics for MNIST (the bundled
classifier; engine/metrics/image_metrics.py). ``Meter.evaluate()`` returns one row of plain numbers, named
as the metrics.csv columns, and feeds ``CollapseDetector``, which the window, the headless
progress bar and metrics.csv all read, so the three agree on when the alarm fired.

Why the alarm reads reverse KL against ln 2: for K modes and a G whose mass sits evenly on k of
them, KL(p ‖ uniform) = ln(K / k), so KL ≥ ln 2 says G behaves as if it covered half the modes or
fewer (the effective number of modes K·e^(−KL) ≤ K/2). A healthy ring8 run ends below 0.05 and
PacGAN reports 0.45 for a plain GAN that still covers 6.3 of 8 modes; total collapse is ln K. The
same holds for MNIST's classes with K = 10. Between ln 2 and ln 4 the count must agree — at most
half the modes captured — because a learning ring8 G often piles its mass unevenly on all eight
modes for a while (KL 0.7–1.0 with 6–8 captured, seen around step 1,000), which is not the
dropping of modes that collapse means; from ln 4 (effective modes ≤ K/4) KL alone is enough, since
a G that puts a sliver on many classes and nearly everything on two (mnist-collapse: 6 classes
above 1 %, KL 1.63) is collapsed whatever the count says. "Falling" coverage is read too, once G
has settled (a healthy reading): losing a quarter of the modes captured so far (at least two)
raises it even when the rest stay balanced; before it settles, the count swings by two or three
from one reading to the next and means nothing.

Judging needs samples worth judging. Early in a 2-D run G's points sit between the modes (high
quality 0 %, every mode empty): that is not collapse but not-yet-learned, so a 2-D reading counts
only when at least ``MIN_HQ_PCT`` of the samples land near a mode. For images the classifier must
be confident on average (``MIN_CONFIDENCE``), else it is labelling noise, and G must have drawn at
least half of the classes at some reading or trained ``IMAGE_WARMUP_STEPS``: early MNIST samples
are blobs that the classifier calls "1" or "8" with confidence 0.93–0.95 (measured on mnist-mlp,
seed 0: 1–2 classes up to step 250, 8 at step 500, 10 by step 750), and a G still learning to draw
is not collapsing; one that still draws only a few digits after 1,000 steps is. A state change
needs ``PATIENCE`` judged readings in a row, so one noisy evaluation neither raises nor clears it;
a reading that cannot be judged neither extends nor breaks the run.

A conditional run (``trainer.n_classes`` > 0) is asked for every digit equally often, so the
coverage numbers and the alarm read as before, and the row adds ``label_acc``, the share of
samples the classifier reads as the digit G was asked for (chance 0.1), and the same per digit in
``label_acc_per_class`` (a list, for the window; not a metrics.csv column).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ganstudio.engine.metrics import modes

KL_ALARM = math.log(2.0)  # effective modes ≤ K/2, see the module docstring
KL_ALARM_ALONE = math.log(4.0)  # effective modes ≤ K/4: collapsed whatever the count
KL_CLEAR = 0.5 * KL_ALARM
PATIENCE = 4  # judged readings in a row: ~1.3 s for the 2-D meter, 8 s for MNIST in the window
IMAGE_WARMUP_STEPS = 1000
MIN_HQ_PCT = 30.0
MIN_CONFIDENCE = 0.7
FALL_FRACTION = 0.25

MODE_FIELDS = ("modes", "hq_pct", "reverse_kl")
# label_acc is filled for conditional runs only
CLASS_FIELDS = ("classes", "class_kl", "fd", "diversity", "coverage", "label_acc")
METER_FIELDS = (*MODE_FIELDS, *CLASS_FIELDS, "collapse")


@dataclass
class AlarmEvent:
    step: int
    started: bool  # True: collapse began; False: the run recovered
    covered: int
    n_modes: int
    kl: float

    def to_dict(self) -> dict:
        """As run_events.py stores it."""
        return {"step": self.step, "kind": "alarm", "started": self.started, "covered": self.covered,
                "n_modes": self.n_modes, "kl": self.kl}

    @classmethod
    def from_dict(cls, event: dict) -> "AlarmEvent":
        return cls(int(event["step"]), bool(event["started"]), int(event["covered"]),
                   int(event["n_modes"]), float(event["kl"]))


class CollapseDetector:
    """Alarm state from a stream of (covered, KL) readings; see the module docstring for the rule."""

    def __init__(self, n_modes: int, patience: int = PATIENCE):
        self.n_modes = n_modes
        self.patience = patience
        self.active = False
        self.best = 0
        self.settled = False  # a healthy reading was seen: from then on, losing modes counts
        self._streak = 0

    def _collapsed(self, covered: int, kl: float) -> bool:
        fell = self.settled and self.best - covered >= max(2, math.ceil(FALL_FRACTION * self.best))
        concentrated = math.isfinite(kl) and (
            kl >= KL_ALARM_ALONE or (kl >= KL_ALARM and 2 * covered <= self.n_modes))
        return concentrated or fell

    def _healthy(self, covered: int, kl: float) -> bool:
        return math.isfinite(kl) and kl < KL_CLEAR and covered >= self.best - 1

    def state_dict(self) -> dict:
        """What the next readings depend on: goes into the checkpoint, so a resumed run's alarm
        fires exactly where an uninterrupted run's does (a streak can span the resume)."""
        return {"active": self.active, "best": self.best, "settled": self.settled, "streak": self._streak}

    def load_state_dict(self, state: dict) -> None:
        self.active, self.best = bool(state["active"]), int(state["best"])
        self.settled, self._streak = bool(state["settled"]), int(state["streak"])

    def update(self, step: int, covered: int, kl: float, judged: bool) -> AlarmEvent | None:
        """One reading; an AlarmEvent when the state changes, else None."""
        if not judged:
            return None
        self.best = max(self.best, covered)
        self.settled = self.settled or self._healthy(covered, kl)
        flips = self._healthy(covered, kl) if self.active else self._collapsed(covered, kl)
        self._streak = self._streak + 1 if flips else 0
        if self._streak < self.patience:
            return None
        self._streak = 0
        self.active = not self.active
        return AlarmEvent(step, self.active, covered, self.n_modes, kl)


def advice(event: AlarmEvent, unit: str = "modes") -> str:
    """What the alarm means and what to try, for the banner and the log (English; the window
    translates its own copy)."""
    if not event.started:
        return (f"Recovered at step {event.step}: G covers {event.covered} of {event.n_modes} {unit} "
                f"again (reverse KL {event.kl:.2f}).")
    return (f"Mode collapse at step {event.step}: G covers only {event.covered} of {event.n_modes} "
            f"{unit} (reverse KL {event.kl:.2f} ≥ ln 2) — it makes the same few outputs whatever the "
            f"noise. Try minibatch discrimination or packing, spectral norm or WGAN-GP, a lower G "
            f"learning rate, or more D steps per G step.")


class Meter:
    """The coverage meter of one Trainer; ``kind`` is "modes", "classes" or None (nothing to
    measure: a 2-D set without known modes, or images other than MNIST)."""

    def __init__(self, trainer, classifier=None):
        self.trainer = trainer
        self.kind: str | None = None
        self.n_modes = 0
        self._image_meter = None
        if trainer.dataset.is_2d:
            mixture = modes.mixture_of(trainer.dataset)
            if mixture is not None:
                self.kind, self.n_modes = "modes", len(mixture[0])
        elif classifier is not None and _is_mnist(trainer):
            from ganstudio.engine.metrics import image_metrics

            self._image_meter = image_metrics.ImageMeter(trainer, classifier)
            self.kind, self.n_modes = "classes", 10
        self.detector = CollapseDetector(self.n_modes)
        self.last: dict | None = None
        self._most_classes = 0

    def state_dict(self) -> dict:
        return {"detector": self.detector.state_dict(), "most_classes": self._most_classes}

    def load_state_dict(self, state: dict) -> None:
        self.detector.load_state_dict(state["detector"])
        self._most_classes = int(state["most_classes"])

    @property
    def unit(self) -> str:
        return "classes" if self.kind == "classes" else "modes"

    def evaluate(self) -> tuple[dict, AlarmEvent | None]:
        """(row, alarm event or None). ``row`` holds METER_FIELDS that apply (plus ``step``,
        ``n_modes``, the per-mode ``mass`` list for the bar chart and, conditional runs only,
        ``label_acc_per_class``)."""
        t = self.trainer
        if self.kind == "modes":
            report = modes.evaluate(t)
            row = {"modes": report.modes, "hq_pct": report.hq_pct, "reverse_kl": report.reverse_kl,
                   "mass": (report.hq_counts / max(report.n, 1)).tolist()}
            covered, kl, judged = report.modes, report.reverse_kl, report.hq_pct >= MIN_HQ_PCT
        elif self.kind == "classes":
            report = self._image_meter.evaluate()
            row = {"classes": report.covered, "class_kl": report.kl_uniform, "fd": report.fd,
                   "diversity": report.diversity, "coverage": report.coverage,
                   "mass": (report.histogram / max(report.n, 1)).tolist()}
            if report.label_acc_per_class is not None:
                row.update(label_acc=report.label_acc,
                           label_acc_per_class=report.label_acc_per_class.tolist())
            covered, kl = report.covered, report.kl_uniform
            self._most_classes = max(self._most_classes, covered)
            judged = report.confidence >= MIN_CONFIDENCE and (
                2 * self._most_classes >= self.n_modes or t.step_count >= IMAGE_WARMUP_STEPS)
        else:
            raise ValueError("this run has nothing to measure: no known modes and no classifier")
        event = self.detector.update(t.step_count, covered, kl, judged)
        row.update(step=t.step_count, n_modes=self.n_modes, collapse=int(self.detector.active))
        self.last = row
        return row, event


# Why a run has no meter (the window shows it translated: tools/update_translations.py extracts it).
NO_METER_NOTE = "no collapse meter for this data: it needs known modes (ring8, grid25, gauss2, blobs3) or MNIST"


def meter_for(trainer, state: dict | None = None) -> tuple[Meter | None, str]:
    """The collapse meter for this run, or (None, why there is none): a 2-D set without known
    modes, images other than MNIST, or a missing classifier file. ``state``: the meter's state
    saved in the checkpoint the trainer was loaded from (``Meter.state_dict``)."""
    classifier = None
    if not trainer.dataset.is_2d and _is_mnist(trainer):
        from ganstudio.engine.metrics import image_metrics

        try:
            classifier = image_metrics.shared_classifier()
        except (OSError, ValueError, RuntimeError) as exc:
            return None, f"no collapse meter: {exc}"
    meter = Meter(trainer, classifier)
    if meter.kind is None:
        return None, NO_METER_NOTE
    if state is not None:
        meter.load_state_dict(state)
    return meter, ""


def _is_mnist(trainer) -> bool:
    return trainer.cfg.data.name == "mnist" and trainer.dataset.shape == (1, 28, 28)
