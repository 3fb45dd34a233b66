"""The MNIST collapse metrics (docs/METRICS.md, "Image metrics"): what a small bundled digit
classifier says about ~500 of G's images, next to the same numbers for real digits.

The classifier (``MnistClassifier``, LeNet size, trained once by tools/train_classifier.py; weights
and held-out accuracy in resources/) maps an image to 10 class logits and to 64 penultimate
features. On N generated images, with a fixed sample of N real ones as the reference:

    histogram_c = #{i : argmax logits_i = c}                  c = 0..9
    covered     = #{c : histogram_c ≥ max(1, ⌈min_share · N⌉)}  classes covered (of 10)
    kl_uniform  = Σ_c p_c ln(10 p_c),  p = histogram / N      KL(p ‖ uniform); collapse = ln 10
    confidence  = mean_i max softmax(logits_i)               is the classifier reading digits?
    fd          = ||μr − μg||² + Tr(Σr + Σg − 2 (Σr Σg)^½)   Fréchet distance of the features
    diversity   = mean_{i≠j} ||f_i − f_j|| (fakes) / the same for the reals  (→ 0 under collapse)
    coverage    = share of reals r whose k-NN ball holds a fake:  min_j ||r − f_j|| < radius_k(r)
    density     = Σ_j #{r : ||r − f_j|| < radius_k(r)} / (k · N)

(Naeem et al. 2020, "Reliable Fidelity and Diversity Metrics for Generative Models", k = 5:
radius_k(r) is the distance from r to its k-th nearest other real sample.)

**The FD is a classifier FD, not comparable with Inception FID**: it lives in this 64-d LeNet's
feature space, so its scale is its own; read it against ``real_fd`` (the FD between two disjoint
real samples of the same size, what a perfect G would score) and against itself over a run.

Why a class needs a share (``MIN_CLASS_SHARE`` = 1 %, 5 of 500), not one sample, to count as
covered: the classifier is ~98 % right on held-out real digits and less sure on a GAN's smudges,
so a G that draws nothing but 1s still has a few samples read as other digits (500 real 1s: three
strays). With count ≥ 1 those strays would show several classes for a total collapse; a 1 % floor
ignores them, while a healthy G (≈ 50 per class at N = 500, binomial, P(< 5) ≈ 10⁻¹⁵) always
clears it. The histogram and the KL keep every sample.

Cost: the reference (real sample, its features, statistics, k-NN radii) is computed once per
dataset and cached by ``ImageMeter``; an evaluation then classifies only the N fakes (one batch
through the LeNet) and does two N × N distance matrices and one 64 × 64 eigen-decomposition, in
float64 torch on the trainer's threads: ~10 ms on one CPU thread, on top of G's own forward of
the N images (~10 ms for mnist-mlp, ~60 ms for mnist-dcgan; benchmarks/bench_image_metrics.py).

Like ``modes.evaluate`` it leaves the run untouched: fixed noise from its own seeded generator, G
under ``no_grad`` in eval mode with the mode restored, the real sample drawn by a private numpy
generator, never from ``trainer.rng`` or the global RNGs.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ganstudio.engine.bundled import resources_dir

CLASSIFIER_FILE = "mnist_classifier.pt"  # state_dict of MnistClassifier; tools/train_classifier.py
CLASSIFIER_INFO = "mnist_classifier.json"  # its held-out accuracy, split and training settings
BUILD_COMMAND = "python tools/train_classifier.py"
FD_LABEL = "classifier FD (not comparable with Inception FID)"
N_CLASSES = 10
IMAGE_SHAPE = (1, 28, 28)  # what the classifier reads: grey 28×28 in [-1, 1], as G draws them
EVAL_N = 500  # docs/METRICS.md: ~500 generated images
EVAL_SEED = 0  # one noise batch (and one real sample) for every run, so curves compare
NN_K = 5  # Naeem et al.'s k for coverage / density
MIN_CLASS_SHARE = 0.01  # a class is covered with ≥ 1 % of the samples (see the module docstring)


class MnistClassifier(nn.Module):
    """LeNet-size digit classifier, 46,730 parameters; ``features`` is its 64-d penultimate layer.

    LeNet's layer sizes with stride-2 convolutions in place of conv + 2×2 max-pool: a quarter of
    the multiply-adds and no pooling pass, which on one CPU thread costs more than the convolutions
    (500 images: ~5 ms against ~25–60 ms for the pooled net; benchmarks/bench_image_metrics.py).
    """

    FEATURE_DIM = 64

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5, stride=2)  # state size. 16 x 12 x 12
        self.conv2 = nn.Conv2d(16, 32, 5, stride=2)  # state size. 32 x 4 x 4
        self.fc1 = nn.Linear(32 * 4 * 4, self.FEATURE_DIM)
        self.fc2 = nn.Linear(self.FEATURE_DIM, N_CLASSES)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """(N, 1, 28, 28) images in [-1, 1] -> (N, 64) non-negative features."""
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        return F.relu(self.fc1(x.flatten(1)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.features(x))


def classifier_path() -> Path:
    return resources_dir() / CLASSIFIER_FILE


def load_classifier(path: str | Path | None = None) -> MnistClassifier:
    """The classifier from ``path`` (default resources/mnist_classifier.pt), in eval mode, frozen.

    Raises FileNotFoundError (an OSError) naming the file and the command that builds it when the
    file is missing, and ValueError when it is not a MnistClassifier state_dict.
    """
    path = Path(path) if path is not None else classifier_path()
    if not path.is_file():
        raise FileNotFoundError(f"the MNIST metric classifier is missing: {path} (build it with "
                                f"{BUILD_COMMAND})")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
        # The layers' random initialisation (overwritten next) must not move the global RNG: a
        # run's dropout draws from it, and the meter loads this only in a run's first process,
        # so a resumed run would otherwise drop out differently from an uninterrupted one.
        with torch.random.fork_rng(devices=[]):
            model = MnistClassifier()
        model.load_state_dict(state)
    except Exception as exc:  # unpickling, zip and key/shape errors all mean "not our weights"
        raise ValueError(f"{path}: not a MnistClassifier state_dict ({exc}); rebuild it with "
                         f"{BUILD_COMMAND}") from None
    model.eval()
    model.requires_grad_(False)
    return model


_shared: MnistClassifier | None = None
_shared_lock = threading.Lock()


def shared_classifier() -> MnistClassifier:
    """The bundled classifier, loaded once per process (a failed load is retried next call)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = load_classifier()
        return _shared


@torch.no_grad()
def classify(classifier: MnistClassifier, images) -> tuple[np.ndarray, np.ndarray]:
    """(logits (N, 10), features (N, 64)) as float64 arrays, in one pass, in eval mode.

    ``images`` is an (N, 1, 28, 28) array or tensor in [-1, 1]; the classifier's mode is restored.
    """
    x = torch.as_tensor(images, dtype=torch.float32, device="cpu")
    if tuple(x.shape[1:]) != IMAGE_SHAPE:
        raise ValueError(f"the classifier reads (N, 1, 28, 28) images (got shape {tuple(x.shape)})")
    was_training = classifier.training
    classifier.eval()
    try:
        features = classifier.features(x)
        logits = classifier.fc2(features)
    finally:
        classifier.train(was_training)
    return logits.double().numpy(), features.double().numpy()


# ---------------------------------------------------------------- the metrics, on features

def class_histogram(logits: np.ndarray) -> np.ndarray:
    """(10,) int64 counts of the predicted classes."""
    return np.bincount(np.argmax(logits, axis=1), minlength=N_CLASSES).astype(np.int64)


def classes_covered(histogram: np.ndarray, min_share: float = MIN_CLASS_SHARE) -> int:
    """Classes holding at least max(1, ⌈min_share · total⌉) samples (0 for an empty histogram)."""
    total = int(histogram.sum())
    if total == 0:
        return 0
    min_count = max(1, math.ceil(min_share * total - 1e-9))  # 1 % of 500 is 5, not 6
    return int(np.count_nonzero(histogram >= min_count))


def kl_uniform(histogram: np.ndarray) -> float:
    """KL(p ‖ uniform) in nats, p = histogram / total, 0 ln 0 = 0; ln K for one class, NaN if empty."""
    total = histogram.sum()
    if total == 0:
        return math.nan
    p = histogram[histogram > 0] / total
    return max(float(np.sum(p * np.log(p * len(histogram)))), 0.0)


def label_accuracy(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """(overall, per class (10,)): the share of fakes asked for class c (``labels``) that the
    classifier reads as c (``predicted``; -1 for a fake it could not read). A conditional G that
    ignores its label scores chance, 0.1; NaN for a class never asked."""
    labels = np.asarray(labels, dtype=np.int64)
    asked = np.bincount(labels, minlength=N_CLASSES)
    hits = np.bincount(labels[np.asarray(predicted) == labels], minlength=N_CLASSES)
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(hits.sum() / asked.sum()), hits / asked


def _f64(a) -> torch.Tensor:
    """A float64 CPU tensor view of an array (no copy for float64 numpy)."""
    return torch.as_tensor(a, dtype=torch.float64, device="cpu")


def psd_sqrt(sigma) -> np.ndarray:
    """The symmetric square root of a covariance matrix (negative rounding-error eigenvalues → 0)."""
    s = _f64(sigma)
    eig, vec = torch.linalg.eigh((s + s.T) / 2)
    return ((vec * eig.clamp(min=0.0).sqrt()) @ vec.T).numpy()


def mean_cov(features) -> tuple[np.ndarray, np.ndarray]:
    """(μ, Σ) of (N, d) features, Σ with the N − 1 denominator; needs N ≥ 2."""
    f = _f64(features)
    mu = f.mean(dim=0)
    centred = f - mu
    return mu.numpy(), (centred.T @ centred / (len(f) - 1)).numpy()


def frechet_distance(mu1, sigma1, mu2, sigma2, sqrt_sigma1=None) -> float:
    """FD = ||μ1 − μ2||² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^½) between two Gaussians; ≥ 0.

    Σ1 Σ2 is not symmetric, and scipy's sqrtm of it can turn complex or lose precision when the
    covariances are near singular (post-ReLU features often are). It has the eigenvalues of the
    symmetric PSD matrix S Σ2 S with S = Σ1^½, so Tr (Σ1 Σ2)^½ = Σ √λ_i(S Σ2 S): two symmetric
    eigen-decompositions, no complex numbers. Pass ``sqrt_sigma1`` to reuse a cached S.
    In the image metrics this is the classifier FD, not comparable with Inception FID (FD_LABEL).
    """
    sigma1, sigma2 = torch.atleast_2d(_f64(sigma1)), torch.atleast_2d(_f64(sigma2))
    s = _f64(psd_sqrt(sigma1) if sqrt_sigma1 is None else sqrt_sigma1)
    m = s @ sigma2 @ s
    tr_covmean = float(torch.linalg.eigvalsh((m + m.T) / 2).clamp(min=0.0).sqrt().sum())
    diff = torch.atleast_1d(_f64(mu1) - _f64(mu2))
    fd = float(diff @ diff) + float(sigma1.trace()) + float(sigma2.trace()) - 2.0 * tr_covmean
    return max(fd, 0.0)


def _distances(a, b) -> torch.Tensor:
    return torch.cdist(_f64(a), _f64(b))


def pairwise_distances(a, b) -> np.ndarray:
    """(len(a), len(b)) Euclidean distances.

    In torch, not numpy: numpy's OpenBLAS runs its own thread pool that ignores
    ``torch.set_num_threads`` and, beside a training loop on a busy CPU, made one 500 × 500
    product 20× slower; torch stays on the trainer's threads.
    """
    return _distances(a, b).numpy()


def mean_pairwise_distance(features) -> float:
    """Mean distance over the N (N − 1) ordered pairs i ≠ j; NaN below two samples."""
    n = len(features)
    if n < 2:
        return math.nan
    d = _distances(features, features)
    return float((d.sum() - d.diagonal().sum()) / (n * (n - 1)))


def knn_radii(features, k: int = NN_K) -> np.ndarray:
    """Distance from each sample to its k-th nearest *other* sample (needs more than k samples)."""
    if len(features) <= k:
        raise ValueError(f"k-NN radii need more than k = {k} samples (got {len(features)})")
    d = _distances(features, features)
    d.fill_diagonal_(math.inf)
    return d.kthvalue(k, dim=1).values.numpy()


def coverage_density(real, radii, fake, k: int = NN_K) -> tuple[float, float]:
    """Naeem et al.'s (coverage, density) of ``fake`` features against ``real`` ones and their
    k-NN ``radii``; (0, 0) without fakes. Strict ``<``, as in their reference code."""
    if len(fake) == 0:
        return 0.0, 0.0
    inside = _distances(real, fake) < _f64(radii)[:, None]  # (N_real, N_fake)
    return float(inside.any(dim=1).double().mean()), float(inside.sum()) / (k * len(fake))


# ---------------------------------------------------------------- the reference and the report

@dataclass(frozen=True)
class RealStats:
    """What the real sample contributes to every evaluation, computed once per dataset."""

    features: np.ndarray  # (N, 64) float64
    mu: np.ndarray  # (64,)
    sigma: np.ndarray  # (64, 64)
    sqrt_sigma: np.ndarray  # Σ^½, reused by every FD
    radii: np.ndarray  # (N,) distance to the k-th nearest other real sample
    mean_distance: float  # mean pairwise feature distance, the diversity ratio's denominator
    histogram: np.ndarray  # (10,) the classifier's classes for the real sample
    kl_uniform: float  # KL of that histogram: the floor sampling noise sets at this N
    fd_real: float  # FD between this sample and a disjoint real one; NaN if the set is too small

    @classmethod
    def of(cls, logits: np.ndarray, features: np.ndarray, other_features: np.ndarray | None = None,
           k: int = NN_K) -> "RealStats":
        mu, sigma = mean_cov(features)
        sqrt_sigma = psd_sqrt(sigma)
        fd_real = math.nan
        if other_features is not None and len(other_features) >= 2:
            fd_real = frechet_distance(mu, sigma, *mean_cov(other_features), sqrt_sigma1=sqrt_sigma)
        histogram = class_histogram(logits)
        return cls(features=features, mu=mu, sigma=sigma, sqrt_sigma=sqrt_sigma,
                   radii=knn_radii(features, k), mean_distance=mean_pairwise_distance(features),
                   histogram=histogram, kl_uniform=kl_uniform(histogram), fd_real=fd_real)


@dataclass(frozen=True)
class ImageReport:
    """The image metrics of one set of generated images (see the module docstring).

    Fakes with a non-finite pixel (a diverged G) count in ``n`` but are not classified: they add
    to no class, and with fewer than two finite fakes ``fd`` and ``diversity`` are NaN.
    """

    step: int  # trainer.step_count when evaluated (0 for images scored directly)
    n: int  # images scored (N)
    histogram: np.ndarray  # (10,) int64 fakes per predicted class
    covered: int  # classes covered (of 10), with ≥ MIN_CLASS_SHARE of the classified fakes
    kl_uniform: float  # KL(histogram ‖ uniform) in nats; ln 10 ≈ 2.30 = total collapse
    confidence: float  # mean max softmax probability of the fakes (low: the classifier is guessing)
    fd: float  # classifier FD real vs fake in the 64-d features (FD_LABEL): not Inception FID
    diversity: float  # mean pairwise feature distance, fakes / reals (≈ 1 good, → 0 collapse)
    coverage: float  # share of reals with a fake inside their k-NN ball (0..1)
    density: float  # Naeem's density (≈ 1 for a perfect G; > 1 when fakes crowd dense regions)
    real_kl: float  # kl_uniform of the real sample: the best a G can score at this N
    real_fd: float  # FD between two disjoint real samples of this N: the FD a perfect G would score
    # Conditional G only (else NaN / None): share of the fakes read as the class they were asked for
    label_acc: float = math.nan
    label_acc_per_class: np.ndarray | None = None  # (10,) the same per asked class


def image_metrics(logits: np.ndarray, features: np.ndarray, real: RealStats, *, n: int | None = None,
                  step: int = 0, min_share: float = MIN_CLASS_SHARE, k: int = NN_K) -> ImageReport:
    """Score classified fakes (``logits`` (M, 10), ``features`` (M, 64)) against ``real``.

    ``n`` is the number of fakes generated (default M); pass it when non-finite fakes were dropped.
    """
    m = len(features)
    histogram = class_histogram(logits) if m else np.zeros(N_CLASSES, dtype=np.int64)
    confidence = math.nan
    if m:
        z = logits - logits.max(axis=1, keepdims=True)
        confidence = float(np.mean(1.0 / np.exp(z).sum(axis=1)))  # max softmax = e^0 / Σ e^z
    fd = diversity = math.nan
    if m >= 2:
        fd = frechet_distance(real.mu, real.sigma, *mean_cov(features), sqrt_sigma1=real.sqrt_sigma)
        diversity = mean_pairwise_distance(features) / real.mean_distance
    coverage, density = coverage_density(real.features, real.radii, features, k)
    return ImageReport(step=step, n=m if n is None else n, histogram=histogram,
                       covered=classes_covered(histogram, min_share), kl_uniform=kl_uniform(histogram),
                       confidence=confidence, fd=fd, diversity=diversity, coverage=coverage,
                       density=density, real_kl=real.kl_uniform, real_fd=real.fd_real)


def real_sample_indices(n_data: int, n: int, seed: int = EVAL_SEED) -> tuple[np.ndarray, np.ndarray]:
    """(sample, other): two disjoint sorted index sets of min(n, n_data) and of up to that many more,
    from a private seeded permutation (the other is empty when the set is too small)."""
    order = np.random.default_rng(seed).permutation(n_data)
    size = min(n, n_data)
    other = order[size:2 * size] if n_data >= 2 * size else order[:0]
    return np.sort(order[:size]), np.sort(other)


def reference_stats(classifier: MnistClassifier, images, n: int = EVAL_N, seed: int = EVAL_SEED,
                    k: int = NN_K) -> RealStats:
    """RealStats of a fixed seeded sample of n of the real ``images`` (N, 1, 28, 28)."""
    images = torch.as_tensor(images)
    sample, other = real_sample_indices(len(images), n, seed)
    logits, features = classify(classifier, images[sample])
    other_features = classify(classifier, images[other])[1] if len(other) else None
    return RealStats.of(logits, features, other_features, k)


def accepts(dataset) -> bool:
    """Whether the classifier can read this data: grey 28×28 images (the numbers mean something
    only for digits; the caller decides that, e.g. ``data.name == "mnist"``)."""
    return not dataset.is_2d and tuple(dataset.shape) == IMAGE_SHAPE


class ImageMeter:
    """The image metrics of one trainer's G, with the real reference computed once and cached.

    ``evaluate()`` classifies only the n fakes; the reference is rebuilt if ``trainer.dataset`` is
    replaced. ``classifier`` defaults to the process-wide ``shared_classifier()``.
    """

    def __init__(self, trainer, classifier: MnistClassifier | None = None, n: int = EVAL_N,
                 seed: int = EVAL_SEED, *, k: int = NN_K, min_share: float = MIN_CLASS_SHARE):
        if not accepts(trainer.dataset):
            raise ValueError(f"the image metrics need 1×28×28 images (data {trainer.dataset.name} "
                             f"has shape {tuple(trainer.dataset.shape)})")
        self.trainer = trainer
        self.classifier = classifier if classifier is not None else shared_classifier()
        self.n, self.seed, self.k, self.min_share = n, seed, k, min_share
        self._dataset = None
        self._real: RealStats | None = None

    @property
    def real(self) -> RealStats:
        dataset = self.trainer.dataset
        if self._real is None or self._dataset is not dataset:
            self._real = reference_stats(self.classifier, dataset.x, self.n, self.seed, self.k)
            self._dataset = dataset
        return self._real

    def score(self, images, step: int = 0, labels=None) -> ImageReport:
        """The metrics of given (N, 1, 28, 28) images against this meter's real reference; with
        ``labels`` (N,), the classes a conditional G was asked for, also the label accuracy."""
        images = np.asarray(images, dtype=np.float32)
        finite = np.isfinite(images.reshape(len(images), -1)).all(axis=1)
        kept = images if finite.all() else images[finite]
        logits, features = classify(self.classifier, kept)
        report = image_metrics(logits, features, self.real, n=len(images), step=step,
                               min_share=self.min_share, k=self.k)
        if labels is None:
            return report
        predicted = np.full(len(images), -1, dtype=np.int64)
        predicted[finite] = np.argmax(logits, axis=1)
        overall, per_class = label_accuracy(predicted, labels)
        return dataclasses.replace(report, label_acc=overall, label_acc_per_class=per_class)

    def evaluate(self) -> ImageReport:
        """The metrics of G on ``trainer.noise(n, seed)``: the same z at every call. A
        conditional G draws them for balanced labels (``Trainer.balanced_labels``), so the class
        histogram still reads coverage and each digit's label accuracy rests on n / 10 images."""
        t = self.trainer
        labels = t.balanced_labels(self.n) if getattr(t, "n_classes", 0) else None
        return self.score(t.generate(t.noise(self.n, self.seed), labels), step=t.step_count, labels=labels)


def evaluate(trainer, classifier: MnistClassifier, n: int = EVAL_N,
             seed: int = EVAL_SEED) -> ImageReport | None:
    """The image metrics of ``n`` samples of the trainer's G, or None for data the classifier
    cannot read. Builds the real reference each call: a caller that evaluates repeatedly keeps an
    ``ImageMeter``. The run is left exactly as it was (see the module docstring)."""
    if not accepts(trainer.dataset):
        return None
    return ImageMeter(trainer, classifier, n, seed).evaluate()
