"""The dataset layer: every source on real files in tmp_path, seeds, and the error messages."""

from __future__ import annotations

import gzip
import math
import struct

import numpy as np
import pytest
import torch
from PIL import Image

from ganstudio.engine.train.config import DataConfig
from ganstudio.engine.data import (DataError, Dataset, from_points, load_dataset,
                                   load_points_csv, save_points_csv)

SYNTHETIC_2D = ("ring8", "grid25", "line", "gauss2", "ring", "blobs3", "spiral", "moons")
MIXTURES = {"ring8": 8, "grid25": 25, "gauss2": 2, "blobs3": 3}


def _load(name: str, seed: int = 0, **kw) -> Dataset:
    return load_dataset(DataConfig(name=name, **kw), seed)


# ---------------------------------------------------------------- synthetic 2-D sets

@pytest.mark.parametrize("name", SYNTHETIC_2D)
def test_2d_sets_are_finite_points_of_a_sensible_size(name):
    d = _load(name, n_points=2000)
    assert d.is_2d and d.shape == (2,) and d.x.shape == (2000, 2)
    assert d.x.dtype == torch.float32 and d.x.is_contiguous() and d.labels is None
    assert torch.isfinite(d.x).all()
    limit = 4.6 if name == "grid25" else (5.0 if name == "gauss2" else 3.0)
    assert d.x.abs().max() < limit
    assert d.x.std(dim=0).min() > 0.1  # spread out, not a point


@pytest.mark.parametrize("name", SYNTHETIC_2D)
def test_2d_sets_follow_the_seed(name):
    a, b = _load(name, 1, n_points=500), _load(name, 1, n_points=500)
    assert torch.equal(a.x, b.x)
    assert not torch.equal(a.x, _load(name, 2, n_points=500).x)


@pytest.mark.parametrize("name", SYNTHETIC_2D)
def test_2d_sets_ignore_the_global_rng(name):
    torch.manual_seed(0)
    np.random.seed(0)
    a = _load(name, 3, n_points=300)
    torch.manual_seed(99)
    np.random.seed(99)
    assert torch.equal(a.x, _load(name, 3, n_points=300).x)


@pytest.mark.parametrize("name,k", MIXTURES.items())
def test_mixtures_put_nearly_all_points_within_3_sigma_of_a_mean_and_fill_every_mode(name, k):
    d = _load(name, n_points=5000)
    assert d.means.shape == (k, 2) and d.sigma > 0
    dist = np.linalg.norm(d.x.numpy()[:, None, :] - d.means[None], axis=2)
    assert (dist.min(axis=1) / d.sigma < 3).mean() > 0.95
    counts = np.bincount(dist.argmin(axis=1), minlength=k)
    assert counts.min() > 0.8 * 5000 / k


def test_ring8_has_8_distinct_modes_on_a_circle_of_radius_2():
    d = _load("ring8")
    assert d.sigma == 0.02
    np.testing.assert_allclose(np.linalg.norm(d.means, axis=1), 2.0)
    gaps = np.linalg.norm(d.means[:, None] - d.means[None], axis=2) + np.eye(8) * 10
    assert gaps.min() > 2 * 2.0 * math.sin(math.pi / 8) - 1e-9  # no repeated mode


def test_grid25_has_25_means_on_the_grid():
    d = _load("grid25")
    assert d.sigma == 0.05
    assert {tuple(m) for m in d.means.tolist()} == {(x, y) for x in range(-4, 5, 2)
                                                    for y in range(-4, 5, 2)}


def test_bounds_are_a_square_around_every_point():
    d = _load("blobs3")
    xmin, xmax, ymin, ymax = d.bounds()
    assert xmax - xmin == pytest.approx(ymax - ymin)
    assert xmin < d.x[:, 0].min() and xmax > d.x[:, 0].max()
    assert ymin < d.x[:, 1].min() and ymax > d.x[:, 1].max()


# ---------------------------------------------------------------- CSV and drawn points

@pytest.mark.parametrize("text", [
    "x,y\n0,0\n1,2\n-3.5,4e-1\n",
    "0,0\n1,2\n-3.5,0.4\n",
    "x;y\n0;0\n1;2\n-3,5;0,4\n",
    "0\t0\n1\t2\n-3.5\t0.4\n",
    "# drawn\n0 0\n\n1   2\n-3.5 0.4\n",
    "0, 0,\n1, 2,\n-3.5, 0.4,\n",
])
def test_csv_header_and_separators(tmp_path, text):
    path = tmp_path / "points.csv"
    path.write_text(text)
    np.testing.assert_allclose(load_points_csv(path), [[0, 0], [1, 2], [-3.5, 0.4]])
    d = _load("csv", path=str(path), n_points=10_000)
    assert d.x.shape == (3, 2) and d.name == f"csv:{path}"  # used as-is, not resampled


def test_csv_bad_rows_are_reported_by_line_number(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x,y\n1,2\n3,abc\n4,5\n6,7,8\nnan,1\n")
    with pytest.raises(DataError) as err:
        load_points_csv(path)
    message = str(err.value)
    assert "points.csv" in message and "3 bad row(s)" in message
    assert "line 3:" in message and "line 5: expected 2 columns" in message and "line 6:" in message
    assert "line 4" not in message


def test_csv_lists_at_most_ten_bad_rows(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("0,0\n" + "bad,row\n" * 14)
    with pytest.raises(DataError, match=r"14 bad row\(s\).*line 11:.*; and 4 more$"):
        load_points_csv(path)


@pytest.mark.parametrize("text", ["", "x,y\n", "x,y\n1,2\n"])
def test_csv_needs_two_points(tmp_path, text):
    path = tmp_path / "few.csv"
    path.write_text(text)
    with pytest.raises(DataError, match="at least 2 points"):
        load_points_csv(path)


def test_csv_missing_file_is_named(tmp_path):
    missing = tmp_path / "nowhere.csv"
    with pytest.raises(DataError, match="nowhere.csv"):
        load_points_csv(missing)
    with pytest.raises(DataError, match="nowhere.csv"):
        _load("csv", path=str(missing))


def test_csv_save_then_load_is_exact(tmp_path):
    points = np.random.default_rng(0).normal(size=(50, 2))
    path = tmp_path / "out" / "points.csv"
    save_points_csv(path, points)
    assert path.read_text().startswith("x,y\n")
    np.testing.assert_array_equal(load_points_csv(path), points)


def test_from_points_checks_its_input():
    d = from_points([[0.0, 1.0], [2.0, 3.0]])
    assert d.name == "drawn" and d.x.dtype == torch.float32 and d.x.shape == (2, 2)
    for bad in ([[0.0, 1.0]], [[0.0, 1.0, 2.0]] * 3, [[0.0, math.nan], [1.0, 1.0]]):
        with pytest.raises(DataError):
            from_points(bad)


# ---------------------------------------------------------------- bundled MNIST

def test_bundled_mnist():
    d = _load("mnist")
    assert d.x.shape == (5000, 1, 28, 28) and d.shape == (1, 28, 28) and not d.is_2d
    assert d.x.dtype == torch.float32 and d.x.min() == -1.0 and d.x.max() == 1.0
    assert d.labels.dtype == torch.int64 and d.n_classes == 10
    assert torch.bincount(d.labels).tolist() == [500] * 10


@pytest.mark.parametrize("size", [32, 64])
def test_mnist_resized(size):
    d = _load("mnist", image_size=size, limit=200)
    assert d.x.shape == (200, 1, size, size)
    assert d.x.min() >= -1.0 and d.x.max() <= 1.0


def test_mnist_limit_is_a_seeded_mix_of_classes():
    a, b = _load("mnist", 5, limit=300), _load("mnist", 5, limit=300)
    assert torch.equal(a.x, b.x) and torch.equal(a.labels, b.labels)
    assert len(torch.unique(a.labels)) == 10
    assert not torch.equal(a.labels, _load("mnist", 6, limit=300).labels)


def test_mnist_as_rgb():
    d = _load("mnist", channels=3, limit=10)
    assert d.x.shape == (10, 3, 28, 28)
    assert torch.equal(d.x[:, 0], d.x[:, 2])


# ---------------------------------------------------------------- IDX files

def _idx_bytes(array: np.ndarray) -> bytes:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    return header + struct.pack(f">{array.ndim}I", *array.shape) + array.astype(np.uint8).tobytes()


def _write_idx(path, array):
    data = _idx_bytes(array)
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def _digits(n=6, h=5, w=5):
    images = np.arange(n * h * w, dtype=np.int64).reshape(n, h, w) % 256
    return images.astype(np.uint8), np.arange(n, dtype=np.uint8) % 10


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_idx_round_trip_with_labels(tmp_path, suffix):
    images, labels = _digits()
    _write_idx(tmp_path / f"train-images-idx3-ubyte{suffix}", images)
    _write_idx(tmp_path / f"train-labels-idx1-ubyte{suffix}", labels)
    for path in (tmp_path, tmp_path / f"train-images-idx3-ubyte{suffix}"):
        d = _load("idx", path=str(path), image_size=5)
        assert d.x.shape == (6, 1, 5, 5) and d.n_classes == 10
        np.testing.assert_allclose(d.x[:, 0].numpy(), images / 127.5 - 1, atol=1e-6)
        assert d.labels.tolist() == labels.tolist()


def test_idx_without_labels_and_resized(tmp_path):
    images, _ = _digits(h=28, w=28)
    _write_idx(tmp_path / "t10k-images-idx3-ubyte", images)
    d = _load("idx", path=str(tmp_path), image_size=32)
    assert d.x.shape == (6, 1, 32, 32) and d.labels is None and d.n_classes == 0


def test_idx_bad_magic_names_the_file(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(b"\x00\x00\x08\x01" + _idx_bytes(_digits()[0])[4:])
    with pytest.raises(DataError, match=r"train-images-idx3-ubyte: bad magic number 0x00000801"):
        _load("idx", path=str(path))


def test_idx_truncated_names_the_file(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(_idx_bytes(_digits()[0])[:-7]))
    with pytest.raises(DataError, match=r"train-images-idx3-ubyte.gz: truncated"):
        _load("idx", path=str(path))


def test_idx_broken_gzip_and_label_count(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(_idx_bytes(_digits()[0]))[:30])
    with pytest.raises(DataError, match="train-images-idx3-ubyte.gz"):
        _load("idx", path=str(path))
    _write_idx(path, _digits()[0])
    _write_idx(tmp_path / "train-labels-idx1-ubyte.gz", np.zeros(4, np.uint8))
    with pytest.raises(DataError, match="4 labels for 6 images"):
        _load("idx", path=str(path))


def test_idx_folder_without_images_file(tmp_path):
    with pytest.raises(DataError, match="idx3-ubyte"):
        _load("idx", path=str(tmp_path))


# ---------------------------------------------------------------- image folders

def _write_folder(root):
    (root / "sub").mkdir(parents=True)
    Image.new("RGB", (40, 30), (255, 0, 0)).save(root / "a.png")
    Image.new("L", (16, 16), 255).save(root / "sub" / "b.PNG")
    Image.new("RGB", (20, 50), (0, 0, 255)).save(root / "sub" / "c.jpg", quality=95)
    Image.new("RGBA", (12, 12), (0, 255, 0, 128)).save(root / "d.png")
    (root / "broken.png").write_bytes(b"not an image at all")
    (root / "notes.txt").write_text("ignored")


def test_folder_reads_png_and_jpeg_and_skips_garbage(tmp_path):
    _write_folder(tmp_path)
    d = _load("folder", path=str(tmp_path), image_size=8, channels=3)
    assert d.x.shape == (4, 3, 8, 8) and d.skipped == 1 and d.labels is None
    assert d.name == f"folder:{tmp_path}"
    red = d.x[0].mean(dim=(1, 2))  # a.png sorts first
    np.testing.assert_allclose(red.numpy(), [1, -1, -1], atol=0.02)
    grey = _load("folder", path=str(tmp_path), image_size=8, channels=1)
    assert grey.x.shape == (4, 1, 8, 8) and grey.skipped == 1


def test_folder_limit_reads_a_seeded_subset(tmp_path):
    _write_folder(tmp_path)
    d = _load("folder", 1, path=str(tmp_path), image_size=8, limit=2)
    assert d.x.shape == (2, 1, 8, 8)
    assert torch.equal(d.x, _load("folder", 1, path=str(tmp_path), image_size=8, limit=2).x)


def test_folder_without_readable_images(tmp_path):
    with pytest.raises(DataError, match="no PNG or JPEG"):
        _load("folder", path=str(tmp_path))
    (tmp_path / "x.jpg").write_bytes(b"\xff\xd8garbage")
    with pytest.raises(DataError, match="no readable images"):
        _load("folder", path=str(tmp_path))
    with pytest.raises(DataError, match="not found"):
        _load("folder", path=str(tmp_path / "missing"))


# ---------------------------------------------------------------- npz arrays

NPZ_VARIANTS = {
    "uint8 NHW under x": lambda a: {"x": a},
    "NHWC under images": lambda a: {"images": a[..., None]},
    "NCHW RGB under arr_0": lambda a: {"arr_0": np.repeat(a[:, None], 3, axis=1)},
    "only array, float [0, 1]": lambda a: {"pixels": a / 255.0},
    "float [-1, 1]": lambda a: {"x": a / 127.5 - 1.0},
    "float 0..255": lambda a: {"x": a.astype(np.float32)},
    "flattened rows": lambda a: {"x": a.reshape(len(a), -1)},
}


@pytest.mark.parametrize("variant", NPZ_VARIANTS)
def test_npz_layouts_and_ranges(tmp_path, variant):
    images, _ = _digits(h=8, w=8)
    path = tmp_path / "data.npz"
    np.savez(path, **NPZ_VARIANTS[variant](images))
    d = _load("npz", path=str(path), image_size=8, channels=1)
    assert d.x.shape == (6, 1, 8, 8) and d.labels is None
    np.testing.assert_allclose(d.x[:, 0].numpy(), images / 127.5 - 1, atol=1e-5)


def test_npz_labels_channels_and_resize(tmp_path):
    images, labels = _digits(n=20, h=12, w=16)
    path = tmp_path / "data.npz"
    np.savez(path, x=images, y=labels)
    d = _load("npz", path=str(path), image_size=8, channels=3, limit=10)
    assert d.x.shape == (10, 3, 8, 8) and d.n_classes == 10 and len(d.labels) == 10


@pytest.mark.parametrize("arrays,message", [
    ({"a": np.zeros((2, 4, 4)), "b": np.zeros(2)}, "no image array"),
    ({"x": np.zeros((2, 5))}, "must be"),
    ({"x": np.full((2, 4, 4), 300.0)}, "0..255"),
    ({"x": np.full((2, 4, 4), -2.0)}, r"\[-1, 1\]"),
    ({"x": np.zeros((2, 4, 4), np.uint8), "y": np.zeros(3)}, "labels"),
])
def test_npz_errors(tmp_path, arrays, message):
    path = tmp_path / "bad.npz"
    np.savez(path, **arrays)
    with pytest.raises(DataError, match=message):
        _load("npz", path=str(path), image_size=4)


def test_npz_not_an_archive(tmp_path):
    path = tmp_path / "fake.npz"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError, match="fake.npz"):
        _load("npz", path=str(path))


def test_exported_file_reads_back_its_real_points_and_names_a_bad_set(tmp_path):
    from ganstudio.engine.data import save_real_and_generated

    real = np.array([[0.5, 1.0], [-2.0, 3.25]])
    fake = np.array([[9.0, 9.0]])
    path = tmp_path / "both.csv"
    save_real_and_generated(path, real, fake)
    assert path.read_text().splitlines() == ["x,y,set", "0.5,1.0,real", "-2.0,3.25,real", "9.0,9.0,generated"]
    np.testing.assert_array_equal(load_points_csv(path), real)
    path.write_text("x,y,set\n0,0,real\n1,1,real\n2,2,imagined\n")
    with pytest.raises(DataError, match=r"line 4: set 'imagined'"):
        load_points_csv(path)


def test_saved_files_are_readable_by_others_and_keep_their_mode(tmp_path):
    import stat

    path = tmp_path / "pts.csv"
    save_points_csv(path, np.zeros((3, 2)))
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's 0600
    path.chmod(0o600)  # a user's private file stays private when rewritten
    save_points_csv(path, np.ones((3, 2)))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
