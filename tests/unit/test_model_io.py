"""Saving, loading (weights only) and predicting one image with a trained model."""

import pickle

import numpy as np
import pytest
import torch

from dlcourse.data.mnist import load_mnist
from dlcourse.models.cnn import FastCNN
from dlcourse.models.io import image_to_tensor, load_model, predict_digit, save_model


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
