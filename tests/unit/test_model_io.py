"""Saving, loading (weights only) and predicting one image with a trained model."""

import errno
import io
import os
import pickle

import numpy as np
import pytest
import torch

from dlcourse.data.mnist import load_mnist
from dlcourse.models.cnn import FastCNN
from dlcourse.models.io import (
    CheckpointError,
    image_to_tensor,
    load_model,
    predict_digit,
    save_model,
)


@pytest.fixture
def model():
    torch.manual_seed(0)
    return FastCNN().eval()


def test_round_trip_gives_identical_weights_and_predictions(model, tmp_path):
    path = save_model(model, tmp_path / "models" / "cnn.pt")
    assert [p.name for p in path.parent.iterdir()] == ["cnn.pt"]  # no temporary file left
    torch.manual_seed(1)
    loaded = load_model(FastCNN(), path)
    assert not loaded.training
    for (name, a), (name_b, b) in zip(model.state_dict().items(),
                                      loaded.state_dict().items(), strict=True):
        assert name == name_b
        torch.testing.assert_close(a, b, rtol=0, atol=0)
    digits = torch.from_numpy(load_mnist("test").images[:8].astype(np.float32) / 255)
    x = digits.unsqueeze(1)  # (8, 28, 28) -> (8, 1, 28, 28)
    torch.testing.assert_close(model(x), loaded(x), rtol=0, atol=0)


class NotWeights:
    """Any class: unpickling it would mean running code named in the file."""


def test_loading_refuses_pickled_code(tmp_path):
    path = tmp_path / "evil.pt"
    torch.save({"payload": NotWeights()}, path)
    with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
        load_model(FastCNN(), path)


def test_loading_errors(model, tmp_path):
    with pytest.raises(FileNotFoundError, match="no saved model at .*missing.pt; save one"):
        load_model(model, tmp_path / "missing.pt")
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got dict"):
        save_model({}, tmp_path / "x.pt")
    path = save_model(model, tmp_path / "fast.pt")
    with pytest.raises(RuntimeError, match="Error\\(s\\) in loading state_dict"):
        load_model(FastCNN(batch_norm=False), path)


def test_predict_digit_accepts_uint8_and_float_the_same(model):
    digit = load_mnist("test").images[0]  # a 7
    label, probs = predict_digit(model, digit)
    label_f, probs_f = predict_digit(model, digit.astype(np.float64) / 255)
    assert label == label_f == int(probs.argmax())
    np.testing.assert_allclose(probs, probs_f, rtol=1e-5)
    assert probs.shape == (10,) and probs.sum() == pytest.approx(1, abs=1e-5)
    assert image_to_tensor(digit[None]).shape == (1, 1, 28, 28)


@pytest.mark.parametrize("image, error, message", [
    (np.zeros((28, 27), np.uint8), ValueError, r"image has shape \(28, 27\), must be \(28, 28\)"),
    (np.zeros((4, 28, 28), np.uint8), ValueError, r"shape \(4, 28, 28\).*batch goes to"),
    (np.full((28, 28), 255.0), ValueError, r"values in \[255, 255\], must be in \[0, 1\]"),
    (np.full((28, 28), np.nan), ValueError, r"must be in \[0, 1\]"),
    (np.zeros((28, 28), np.int64), TypeError, "dtype int64, must be uint8 .0..255. or float"),
    ([[0] * 28] * 28, TypeError, "image must be a NumPy array, got list"),
])
def test_predict_digit_explains_bad_images(model, image, error, message):
    with pytest.raises(error, match=message):
        predict_digit(model, image)


def tensors_of(model):
    """A copy of every tensor of ``model``, to compare after a failed load."""
    return {name: t.clone() for name, t in model.state_dict().items()}


def assert_unchanged(model, before):
    after = model.state_dict()
    assert list(after) == list(before)
    for name, tensor in before.items():
        torch.testing.assert_close(after[name], tensor, rtol=0, atol=0, msg=name)


def test_a_flipped_byte_is_caught(model, tmp_path):
    path = save_model(model, tmp_path / "cnn.pt")
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # inside classifier.0.weight, 80 % of the file
    path.write_bytes(bytes(raw))
    changed = torch.load(path, weights_only=True)["state_dict"]  # torch itself does not notice
    name = "classifier.0.weight"
    assert not torch.equal(changed[name], model.state_dict()[name])
    fresh = FastCNN()
    before = tensors_of(fresh)
    with pytest.raises(CheckpointError, match=r"cnn\.pt is damaged: its weights do not match the "
                                              r"sha256 recorded when it was saved\. Save the "
                                              r"model again with save_model"):
        load_model(fresh, path)
    assert_unchanged(fresh, before)


def test_a_changed_digest_is_caught(model, tmp_path):
    path = save_model(model, tmp_path / "cnn.pt")
    digest = torch.load(path, weights_only=True)["sha256"]
    raw = path.read_bytes()
    assert raw.count(digest.encode()) == 1
    path.write_bytes(raw.replace(digest.encode(), ("0" * 64).encode()))
    with pytest.raises(CheckpointError, match="is damaged: its weights do not match the sha256"):
        load_model(FastCNN(), path)


@pytest.mark.parametrize("saved, loaded, message", [
    (FastCNN, lambda: FastCNN(batch_norm=False),
     r"missing from the file: features\.conv1\.bias, features\.conv2\.bias; not in the model: "
     r"features\.pool1\.1\.weight, features\.pool1\.1\.bias, features\.pool1\.1\.running_mean "
     r"and 7 more\. Nothing was loaded: the model is unchanged\.$"),
    (lambda: FastCNN(batch_norm=False), FastCNN,
     r"missing from the file: features\.pool1\.1\.weight, .* and 7 more; not in the model: "
     r"features\.conv1\.bias, features\.conv2\.bias\. Nothing was loaded"),
])
def test_a_different_configuration_leaves_the_model_as_it_was(tmp_path, saved, loaded, message):
    torch.manual_seed(0)
    path = save_model(saved(), tmp_path / "other.pt")
    torch.manual_seed(1)
    model = loaded()
    before = tensors_of(model)
    with pytest.raises(CheckpointError, match=r"Error\(s\) in loading state_dict for FastCNN: "
                                              r".*other\.pt was saved from a model of another "
                                              r"configuration; " + message):
        load_model(model, path)
    assert_unchanged(model, before)


def test_a_wrong_shape_is_named(tmp_path):
    small, large = torch.nn.Linear(3, 2), torch.nn.Linear(4, 2)
    path = save_model(small, tmp_path / "lin.pt")
    before = tensors_of(large)
    with pytest.raises(CheckpointError, match=r"shapes differ: weight \(2, 3\) in the file, "
                                              r"\(2, 4\) in the model\. Nothing was loaded"):
        load_model(large, path)
    assert_unchanged(large, before)


@pytest.mark.parametrize("content, message", [
    (b"hello world\n", r"text\.pt is not a saved model: it begins with b'hello world\\n', and a "
                       r"file written by save_model begins with b'PK\\x03\\x04'\. Pass the "
                       r"path of a file that save_model wrote\.$"),
    (b"", r"text\.pt is empty \(0 bytes\), not a saved model\. Save the model again with "
          r"save_model\(model, '.*text\.pt'\)\.$"),
    (b"\x80\x02}q\x00.", r"text\.pt is not a saved model: it begins with b'\\x80\\x02"),
])
def test_a_file_that_is_not_a_checkpoint(tmp_path, content, message):
    path = tmp_path / "text.pt"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match=message):
        load_model(FastCNN(), path)


def test_a_truncated_checkpoint(model, tmp_path):
    path = save_model(model, tmp_path / "cut.pt")
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(CheckpointError, match=r"cut\.pt is truncated or damaged \(5,000 bytes\): "
                                              r"the end of its zip archive is missing\. Save the "
                                              r"model again"):
        load_model(FastCNN(), path)


def test_a_damaged_archive(model, tmp_path):
    path = save_model(model, tmp_path / "cnn.pt")
    raw = bytearray(path.read_bytes())
    raw[-30:-26] = b"\xff" * 4  # inside the archive's table of contents (central directory)
    path.write_bytes(bytes(raw))
    with pytest.raises(CheckpointError, match=r"cnn\.pt is damaged or truncated \([0-9,]+ bytes\): "
                                              r"RuntimeError: PytorchStreamReader failed reading "
                                              r"zip archive: not a ZIP archive\. Save the model "
                                              r"again with save_model\(model, '.*cnn\.pt'\)\.$"):
        load_model(FastCNN(), path)


def test_a_plain_torch_save_is_refused(model, tmp_path):
    path = tmp_path / "plain.pt"
    torch.save(model.state_dict(), path)
    with pytest.raises(CheckpointError, match=r"plain\.pt holds an object of type OrderedDict, "
                                              r"not the weights and sha256 that save_model writes"):
        load_model(FastCNN(), path)


def test_pickled_code_is_named_in_one_line(tmp_path):
    path = tmp_path / "evil.pt"
    torch.save({"payload": NotWeights()}, path)
    with pytest.raises(pickle.UnpicklingError, match=r"evil\.pt: Weights only load failed: the "
                                                     r"file holds a Python object \(\S*NotWeights\)"
                                                     r" besides tensors") as info:
        load_model(FastCNN(), path)
    assert "\n" not in str(info.value)


def test_bad_paths(model, tmp_path):
    with pytest.raises(IsADirectoryError, match=f"path == '{tmp_path}' is a folder, must be the "
                                                f"path of a file to write"):
        save_model(model, tmp_path)
    with pytest.raises(IsADirectoryError, match=f"path == '{tmp_path}' is a folder, must be a file "
                                                f"written by save_model"):
        load_model(model, tmp_path)
    (tmp_path / "notes.txt").write_text("a file")
    with pytest.raises(NotADirectoryError, match=r"cannot write '.*notes\.txt/cnn\.pt': "
                                                 r"'.*notes\.txt' is a file, not a folder"):
        save_model(model, tmp_path / "notes.txt" / "cnn.pt")


def test_a_full_disk(model, tmp_path, monkeypatch):
    class FullDisk(io.BufferedWriter):
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode, **kw: FullDisk(io.FileIO(fd, "wb")))
    path = tmp_path / "cnn.pt"
    with pytest.raises(OSError, match=f"^\\[Errno {errno.ENOSPC}\\] no space left on the device "
                                      f"while writing {path}$"):
        save_model(model, path)
    assert list(tmp_path.iterdir()) == [], "no half file is left"


def test_predict_digit_with_a_model_for_other_images():
    digit = np.zeros((28, 28), np.uint8)
    rgb = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.Flatten(),
                              torch.nn.Linear(4 * 26 * 26, 10))
    with pytest.raises(ValueError, match=r"the model cannot take a digit of shape "
                                         r"\(1, 1, 28, 28\): its first layer 0 expects 3 channels, "
                                         r"the digit has 1 \(grey\) \(torch: .*\)\. predict_digit "
                                         r"needs a model for MNIST images \(N, 1, 28, 28\), such "
                                         r"as FastCNN\.$"):
        predict_digit(rgb, digit)
    big = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 5), torch.nn.Flatten(),
                              torch.nn.Linear(4 * 28 * 28, 10))  # for 32 x 32 images
    with pytest.raises(ValueError, match=r"it expects images of another height and width than "
                                         r"28 x 28 \(torch: mat1 and mat2 shapes cannot be "
                                         r"multiplied \(1x2304 and 3136x10\)\)"):
        predict_digit(big, digit)
    flat = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(32 * 32, 10))
    with pytest.raises(ValueError, match=r"its first layer 1 expects 1024 features, the flattened "
                                         r"digit has 784 \(28 x 28\)"):
        predict_digit(flat, digit)
    five = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 5))
    with pytest.raises(ValueError, match=r"the model gives 5 class scores for a digit, "
                                         r"expected 10"):
        predict_digit(five, digit)
