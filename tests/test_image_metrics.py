"""The MNIST image metrics (docs/METRICS.md): the shipped classifier reads held-out digits, each
metric gives its known answer on constructed inputs (real digits as "fakes", copies of one digit,
Gaussians with a closed-form FD), and ``evaluate`` leaves the run untouched.

Uses the shipped resources/mnist_classifier.pt; nothing here trains it."""

import json
import math

import numpy as np
import pytest
import torch

from ganstudio.engine.metrics import image_metrics as im
from ganstudio.engine.train.config import DataConfig
from ganstudio.engine.data import load_dataset
from ganstudio.engine.train.presets import preset
from ganstudio.engine.train.trainer import Trainer

from training_state import assert_same, small_trainer, snapshot

LN10 = math.log(10)


@pytest.fixture(scope="module")
def classifier():
    return im.load_classifier()


@pytest.fixture(scope="module")
def mnist():
    return load_dataset(DataConfig(name="mnist", image_size=28, channels=1), seed=0)


@pytest.fixture(scope="module")
def info():
    return json.loads((im.classifier_path().parent / im.CLASSIFIER_INFO).read_text())


@pytest.fixture(scope="module")
def real(classifier, mnist):
    return im.reference_stats(classifier, mnist.x, n=500, seed=0)


def score(classifier, real, images):
    logits, features = im.classify(classifier, images)
    return im.image_metrics(logits, features, real)


# ------------------------------------------------------------ the shipped classifier

def test_classifier_reads_held_out_digits(classifier, mnist, info):
    test = np.array(info["test_indices"])
    assert len(test) == info["n_test"] == 1000 and len(np.unique(test)) == 1000
    logits, features = im.classify(classifier, mnist.x[test])
    acc = float(np.mean(logits.argmax(1) == mnist.labels[test].numpy()))
    assert acc >= 0.95
    assert acc == pytest.approx(info["heldout_accuracy"], abs=0.005)  # what the json claims
    assert features.shape == (1000, info["feature_dim"]) == (1000, 64) and (features >= 0).all()
    assert sum(p.numel() for p in classifier.parameters()) == info["parameters"] <= 100_000


def test_classifier_file_is_a_plain_state_dict():
    state = torch.load(im.classifier_path(), weights_only=True)
    assert set(state) == set(im.MnistClassifier().state_dict())


def test_loaded_classifier_is_frozen_in_eval_mode(classifier):
    assert not classifier.training
    assert not any(p.requires_grad for p in classifier.parameters())
    assert im.shared_classifier() is im.shared_classifier()


def test_missing_classifier_names_the_file_and_the_command(tmp_path):
    missing = tmp_path / "nothing.pt"
    with pytest.raises(FileNotFoundError) as err:
        im.load_classifier(missing)
    assert str(missing) in str(err.value) and "tools/train_classifier.py" in str(err.value)


def test_a_file_that_is_not_the_classifier_is_refused(tmp_path):
    wrong = tmp_path / "wrong.pt"
    torch.save({"weight": torch.zeros(3)}, wrong)
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"not a torch file")
    for path in (wrong, garbage):
        with pytest.raises(ValueError, match="tools/train_classifier.py"):
            im.load_classifier(path)


# ------------------------------------------------------------ constructed "fakes"

def unused_indices(n_data, n, seed=0):
    sample, other = im.real_sample_indices(n_data, 500, seed)
    rest = np.setdiff1d(np.arange(n_data), np.concatenate([sample, other]))
    return np.random.default_rng(seed + 1).choice(rest, n, replace=False)


def test_real_digits_as_fakes_score_like_a_perfect_generator(classifier, mnist, real):
    fakes = mnist.x[unused_indices(len(mnist.x), 500)]  # disjoint from the reference sample
    report = score(classifier, real, fakes)
    assert report.n == 500 and report.histogram.sum() == 500
    assert report.covered == 10
    assert report.kl_uniform < 0.05 and real.kl_uniform < 0.05
    assert report.confidence > 0.9
    assert report.fd < 2 * real.fd_real  # as close as another real sample
    assert report.diversity == pytest.approx(1.0, abs=0.1)
    assert report.coverage > 0.85 and report.density == pytest.approx(1.0, abs=0.2)


def test_the_reference_sample_itself_scores_zero_fd_and_full_coverage(classifier, mnist, real):
    sample, _ = im.real_sample_indices(len(mnist.x), 500, 0)
    report = score(classifier, real, mnist.x[sample])
    assert report.fd == pytest.approx(0.0, abs=1e-6)
    assert report.diversity == pytest.approx(1.0) and report.coverage == 1.0
    assert report.kl_uniform == pytest.approx(real.kl_uniform)


def test_copies_of_one_digit_score_total_collapse(classifier, mnist, real):
    one = mnist.x[unused_indices(len(mnist.x), 1)]
    report = score(classifier, real, one.expand(500, -1, -1, -1))
    assert report.histogram.max() == 500  # every copy in the same class
    assert report.covered == 1
    assert report.kl_uniform == pytest.approx(LN10)
    assert report.diversity < 1e-6
    assert report.coverage < 0.1

    healthy = score(classifier, real, mnist.x[unused_indices(len(mnist.x), 500)])
    assert healthy.fd < 0.1 * report.fd


def test_distinct_digits_of_one_class_still_collapse(classifier, mnist, real):
    ones = mnist.x[mnist.labels == 1][:500]  # 500 different 1s: less diverse than digits, not 0
    report = score(classifier, real, ones)
    assert report.covered == 1  # a few misread 1s stay under the 1 % floor
    assert report.kl_uniform > 2.0
    assert 0.05 < report.diversity < 0.8
    assert report.coverage < 0.3


def test_a_class_needs_one_percent_of_the_samples_to_count():
    strays = np.array([0, 495, 1, 1, 1, 0, 1, 0, 1, 0])  # a collapsed G plus misread samples
    assert im.classes_covered(strays) == 1
    assert im.classes_covered(strays, min_share=0.0) == 6  # count ≥ 1 would read 6 classes
    assert im.classes_covered(np.array([5] + [55] * 9)) == 10  # 5 of 500 is exactly 1 %
    assert im.classes_covered(np.array([4] + [55] * 9)) == 9
    assert im.classes_covered(np.zeros(10, dtype=np.int64)) == 0
    assert im.classes_covered(np.array([1, 2, 0, 0, 0, 0, 0, 0, 0, 0])) == 2  # tiny n: ≥ 1


def test_kl_against_uniform():
    assert im.kl_uniform(np.full(10, 50)) == pytest.approx(0.0, abs=1e-12)
    assert im.kl_uniform(np.eye(10, dtype=np.int64)[3] * 500) == pytest.approx(LN10)
    assert im.kl_uniform(np.array([250, 250] + [0] * 8)) == pytest.approx(math.log(5))
    assert math.isnan(im.kl_uniform(np.zeros(10, dtype=np.int64)))


def test_non_finite_images_count_in_n_but_in_no_class(classifier, mnist):
    trainer = type("T", (), {"dataset": mnist, "step_count": 0})()
    meter = im.ImageMeter(trainer, classifier, n=100)
    images = mnist.x[:100].numpy().copy()
    images[:10, 0, 3, 3] = np.nan
    images[10:20] = np.inf
    report = meter.score(images)
    assert report.n == 100 and report.histogram.sum() == 80
    nothing = meter.score(np.full((5, 1, 28, 28), np.nan, dtype=np.float32))
    assert nothing.n == 5 and nothing.covered == 0 and nothing.coverage == 0.0
    assert math.isnan(nothing.fd) and math.isnan(nothing.kl_uniform) and math.isnan(nothing.diversity)


# ------------------------------------------------------------ Fréchet distance and friends

def test_fd_of_identical_sets_is_zero_and_fd_is_symmetric():
    rng = np.random.default_rng(3)
    a = np.maximum(rng.normal(0.5, 2.0, (40, 64)), 0.0)  # 40 < 64 samples: a singular Σ, as ReLU gives
    b = np.maximum(rng.normal(1.0, 1.0, (300, 64)), 0.0)
    (mu_a, s_a), (mu_b, s_b) = im.mean_cov(a), im.mean_cov(b)
    assert im.frechet_distance(mu_a, s_a, mu_a, s_a) == pytest.approx(0.0, abs=1e-8 * np.trace(s_a))
    ab, ba = im.frechet_distance(mu_a, s_a, mu_b, s_b), im.frechet_distance(mu_b, s_b, mu_a, s_a)
    # Not bit-equal: the two orders take different square roots, and √ of a singular Σ's
    # rounding-error eigenvalues (~1e-15 · scale) adds ~1e-7 each.
    assert ab > 1.0 and ab == pytest.approx(ba, rel=1e-6)
    cached = im.frechet_distance(mu_a, s_a, mu_b, s_b, sqrt_sigma1=im.psd_sqrt(s_a))
    assert cached == pytest.approx(ab, rel=1e-12)


def test_fd_matches_the_closed_form_for_gaussians():
    # 1-D: (μ1 − μ2)² + (σ1 − σ2)²
    assert im.frechet_distance([1.0], [[4.0]], [-2.0], [[9.0]]) == pytest.approx(9.0 + 1.0)
    # Diagonal (commuting) covariances: ||Δμ||² + Σ_i (σ1_i − σ2_i)²
    fd = im.frechet_distance([0.0, 1.0], np.diag([1.0, 4.0]), [3.0, 1.0], np.diag([9.0, 0.25]))
    assert fd == pytest.approx(9.0 + (1 - 3) ** 2 + (2 - 0.5) ** 2)
    # Non-commuting 2-D: Tr (Σ1 Σ2)^½ = Σ √λ_i(Σ1 Σ2), the eigenvalues being real and positive.
    s1 = np.array([[2.0, 0.9], [0.9, 1.0]])
    s2 = np.array([[1.0, -0.4], [-0.4, 3.0]])
    tr_sqrt = np.sqrt(np.linalg.eigvals(s1 @ s2).real).sum()
    expected = 0.5 ** 2 + 0.2 ** 2 + np.trace(s1) + np.trace(s2) - 2 * tr_sqrt
    assert im.frechet_distance([0.5, 0.0], s1, [0.0, 0.2], s2) == pytest.approx(expected, rel=1e-10)


def test_fd_of_samples_approaches_the_gaussian_value():
    rng = np.random.default_rng(4)
    a = rng.normal([0.0, 0.0], [1.0, 2.0], (20000, 2))
    b = rng.normal([1.0, 0.0], [2.0, 2.0], (20000, 2))
    fd = im.frechet_distance(*im.mean_cov(a), *im.mean_cov(b))
    assert fd == pytest.approx(1.0 + 1.0, abs=0.1)


def test_mean_pairwise_distance_and_knn_radii():
    points = np.array([[0.0], [3.0], [4.0]])  # distances 3, 4, 1
    assert im.mean_pairwise_distance(points) == pytest.approx((3 + 4 + 1) / 3)
    assert math.isnan(im.mean_pairwise_distance(points[:1]))
    line = np.arange(10.0)[:, None]
    np.testing.assert_allclose(im.knn_radii(line, k=2), [2, 1, 1, 1, 1, 1, 1, 1, 1, 2])
    with pytest.raises(ValueError):
        im.knn_radii(line[:2], k=2)


def test_coverage_and_density_on_a_grid():
    real = np.stack(np.meshgrid(np.arange(10.0), np.arange(10.0)), -1).reshape(-1, 2)
    radii = im.knn_radii(real, k=5)
    assert im.coverage_density(real, radii, real, k=5)[0] == 1.0
    left = real[real[:, 0] < 5]  # fakes on one half: the other half's balls stay empty
    coverage, _ = im.coverage_density(real, radii, left, k=5)
    assert 0.5 <= coverage < 0.7
    assert im.coverage_density(real, radii, real + 100.0, k=5) == (0.0, 0.0)
    assert im.coverage_density(real, radii, real[:0], k=5) == (0.0, 0.0)


# ------------------------------------------------------------ evaluate() on a trainer

def small_mnist_trainer(steps=5, **changes):
    return small_trainer("mnist-mlp", steps, hidden=(32,), batch=16, fixed_noise_n=16, **changes)


# Batch norm (running stats) and dropout (global RNG) in G would change state if evaluate ran G in
# training mode, so the check bites.
def test_evaluate_reports_and_leaves_the_run_untouched(classifier):
    trainer = small_mnist_trainer(**{"gen.batch_norm": True, "gen.dropout": 0.2})
    before = snapshot(trainer)
    report = im.evaluate(trainer, classifier, n=200)
    meter = im.ImageMeter(trainer, classifier, n=200)
    again = meter.evaluate()
    third = meter.evaluate()
    assert_same(before, snapshot(trainer))
    assert not classifier.training

    assert isinstance(report, im.ImageReport)
    assert report.n == 200 and report.step == trainer.step_count == 5
    assert report.histogram.shape == (10,) and report.histogram.sum() == 200
    assert 0 <= report.covered <= 10 and 0.0 <= report.kl_uniform <= LN10 + 1e-9
    for a, b in ((report, again), (again, third)):  # same z, same real sample: same numbers
        assert np.array_equal(a.histogram, b.histogram)
        assert a.fd == pytest.approx(b.fd) and a.coverage == b.coverage

    twin = small_mnist_trainer(**{"gen.batch_norm": True, "gen.dropout": 0.2})
    torch.set_rng_state(before["torch_rng"])
    loss_d = trainer.step().loss_d
    torch.set_rng_state(before["torch_rng"])
    assert_same(loss_d, twin.step().loss_d)
    assert_same(trainer.G.state_dict(), twin.G.state_dict())


def test_evaluate_is_none_for_data_the_classifier_cannot_read(classifier):
    cfg = preset("ring8")
    cfg.data.n_points = 200
    trainer = Trainer(cfg)
    assert im.evaluate(trainer, classifier) is None
    with pytest.raises(ValueError, match="1×28×28"):
        im.ImageMeter(trainer, classifier)
