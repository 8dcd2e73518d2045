"""Save and load a trained model, and predict the digit in one image array (chapter 05).

Only the ``state_dict`` (a dict of weight tensors) is saved, atomically; it is
loaded with ``weights_only=True``, so a saved file can hold tensors but never
code that runs when it is loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import torch
from torch import nn

from dlcourse.atomic import atomic_write
from dlcourse.data.images import to_unit_interval
from dlcourse.train import predict_proba


def save_model(model: nn.Module, path: str | os.PathLike) -> Path:
    """Write ``model.state_dict()`` to ``path`` (complete or not at all); return the path."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    with atomic_write(path, "wb") as f:
        torch.save(model.state_dict(), f)
    return Path(path)


def load_model(model: nn.Module, path: str | os.PathLike) -> nn.Module:
    """Load the weights at ``path`` into ``model`` (same architecture); return it in eval mode."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no saved model at {path}; save one with save_model(model, path).")
    state = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    return model.eval()


def image_to_tensor(image: np.ndarray) -> torch.Tensor:
    """Check one digit image and turn it into the model's input (1, 1, 28, 28) float32 in [0, 1].

    ``image`` is a NumPy array of shape (28, 28) (or (1, 28, 28)), white digit
    on black like MNIST: uint8 in 0..255, or float in [0, 1].
    """
    if not isinstance(image, np.ndarray):
        raise TypeError(f"image must be a NumPy array, got {type(image).__name__}.")
    if image.shape not in ((28, 28), (1, 28, 28)):
        raise ValueError(f"image has shape {image.shape}, must be (28, 28) like MNIST "
                         f"(resize it first; a batch goes to predict_proba instead).")
    if image.dtype == np.uint8:
        image = to_unit_interval(image, np.float32)
    elif np.issubdtype(image.dtype, np.floating):
        if not np.all(np.isfinite(image)) or image.min() < 0 or image.max() > 1:
            raise ValueError(f"float image has values in [{image.min():.3g}, {image.max():.3g}], "
                             f"must be in [0, 1] (divide 0..255 pixels by 255).")
    else:
        raise TypeError(f"image has dtype {image.dtype}, must be uint8 (0..255) or float "
                        f"in [0, 1].")
    return torch.from_numpy(image.astype(np.float32).reshape(1, 1, 28, 28))  # (1, 1, 28, 28)


def predict_digit(model: nn.Module, image: np.ndarray) -> tuple[int, np.ndarray]:
    """The predicted digit and the 10 class probabilities (10,) for one image (28, 28)."""
    probs = predict_proba(model, image_to_tensor(image))[0].numpy()  # (10,)
    return int(probs.argmax()), probs
