"""Datasets: one call turns a ``DataConfig`` and a seed into the tensor the trainer samples from.

The same config and seed always give the identical tensor (every loader draws from its own
seeded generator), which is what lets a run folder's config.toml rebuild its run.
"""

from __future__ import annotations

from ganstudio.engine.train.config import DATASETS_2D, DATASETS_IMAGE, DataConfig
from ganstudio.engine.data.dataset import DataError, Dataset
from ganstudio.engine.data.images import load_images
from ganstudio.engine.data.toy2d import (
    from_points, load_points_csv, make_2d, save_points_csv, save_real_and_generated,
)

__all__ = ["DataError", "Dataset", "load_dataset", "from_points", "load_points_csv",
           "save_points_csv", "save_real_and_generated"]


def load_dataset(cfg: DataConfig, seed: int) -> Dataset:
    if cfg.name in DATASETS_2D:
        return make_2d(cfg, seed)
    if cfg.name in DATASETS_IMAGE:
        return load_images(cfg, seed)
    raise DataError(f"unknown dataset {cfg.name!r} (known: "
                    f"{', '.join(DATASETS_2D + DATASETS_IMAGE)})")
