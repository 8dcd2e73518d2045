"""Save and load a trained model, and predict the digit in one image array (chapter 05).

A saved model is one file, written atomically by ``torch.save``: the dict
``{"state_dict": weights, "sha256": digest}``, where the digest covers every
tensor's name, dtype, shape and bytes. torch does not check the CRCs of its
zip files, so without the digest a flipped byte would load silently as a
changed weight. Loading reads tensors only (``weights_only=True``: a file
can never run code), checks the digest, then the names and shapes against
the model, and copies the weights only when everything fits, so a failed load
leaves the model as it was.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import pickle
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import torch
from torch import nn

from dlcourse.atomic import atomic_write
from dlcourse.data.images import to_unit_interval
from dlcourse.train import predict_proba

ZIP_SIGNATURE = b"PK\x03\x04"  # how every file written by torch.save (a zip archive) begins
SHOWN = 3  # problems listed in a message before "and N more"


class CheckpointError(RuntimeError):
    """A file is not a saved model, is damaged, or does not fit the model it is loaded into."""


def weights_digest(state: Mapping[str, torch.Tensor]) -> str:
    """The hex sha256 of every tensor's name, dtype, shape and bytes, in ``state``'s order."""
    if not isinstance(state, Mapping):
        raise TypeError(f"state must be a dict name -> tensor (model.state_dict()), got "
                        f"{type(state).__name__}.")
    digest = hashlib.sha256()
    for name, tensor in state.items():
        tensor = tensor.detach().cpu().contiguous()
        digest.update(f"{name}\0{tensor.dtype}\0{tuple(tensor.shape)}\0".encode())
        digest.update(tensor.reshape(-1).view(torch.uint8).numpy().tobytes())  # (n_bytes,)
    return digest.hexdigest()


def save_model(model: nn.Module, path: str | os.PathLike) -> Path:
    """Write ``model.state_dict()`` and its sha256 to ``path`` (complete or not at all).

    The file is serialised in memory first and written in one go, so a full
    disk is the one clear ``OSError`` of :func:`dlcourse.atomic.atomic_write`.
    Returns the path.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    state = model.state_dict()
    buffer = io.BytesIO()
    torch.save({"state_dict": state, "sha256": weights_digest(state)}, buffer)
    with atomic_write(path, "wb") as f:
        f.write(buffer.getbuffer())
    return Path(path)


def load_model(model: nn.Module, path: str | os.PathLike) -> nn.Module:
    """Load the weights at ``path`` into ``model`` (same architecture); return it in eval mode.

    Raises :class:`CheckpointError` (and leaves ``model`` unchanged) when the
    file is not a saved model, is damaged, or was saved from a model of a
    different configuration.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike (a file written by save_model), got "
                        f"{type(path).__name__} {path!r}.")
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, f"path == '{path}' is a folder, must be a file "
                                              f"written by save_model")
    if not path.is_file():
        raise FileNotFoundError(f"no saved model at {path}; save one with save_model(model, path).")
    state = read_checkpoint(path.read_bytes(), path)
    check_fits(model, state, path)
    model.load_state_dict(state)
    return model.eval()


def read_checkpoint(raw: bytes, path: Path) -> dict[str, torch.Tensor]:
    """The weights in ``raw``, the bytes of the file ``path``, after checking their sha256."""
    if not isinstance(raw, bytes):
        raise TypeError(f"raw must be the bytes of a file (path.read_bytes()), got "
                        f"{type(raw).__name__}.")
    again = f"Save the model again with save_model(model, '{path}')."
    if not raw:
        raise CheckpointError(f"{path} is empty (0 bytes), not a saved model. {again}")
    if not raw.startswith(ZIP_SIGNATURE):
        raise CheckpointError(f"{path} is not a saved model: it begins with {raw[:12]!r}, and a "
                              f"file written by save_model begins with {ZIP_SIGNATURE!r}. Pass "
                              f"the path of a file that save_model wrote.")
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise CheckpointError(f"{path} is truncated or damaged ({len(raw):,} bytes): the end of "
                              f"its zip archive is missing. {again}")
    try:
        checkpoint = torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        named = re.search(r"GLOBAL (\S+)", str(exc))
        what = f" ({named.group(1)})" if named else ""
        raise pickle.UnpicklingError(f"{path}: Weights only load failed: the file holds a Python "
                                     f"object{what} besides tensors, and loading it could run "
                                     f"code. Only files written by save_model can be loaded."
                                     ) from None
    except Exception as exc:  # any failure to decode the archive means it is damaged
        reason = str(exc).split(". ")[0].splitlines()[0]
        raise CheckpointError(f"{path} is damaged or truncated ({len(raw):,} bytes): "
                              f"{type(exc).__name__}: {reason}. {again}") from None
    if not (isinstance(checkpoint, dict) and set(checkpoint) == {"state_dict", "sha256"}):
        raise CheckpointError(f"{path} holds an object of type {type(checkpoint).__name__}, "
                              f"not the weights and sha256 that save_model writes (was it saved "
                              f"with torch.save?). {again}")
    state = checkpoint["state_dict"]
    if (not isinstance(state, dict) or not all(isinstance(t, torch.Tensor) for t in state.values())
            or weights_digest(state) != checkpoint["sha256"]):
        raise CheckpointError(f"{path} is damaged: its weights do not match the sha256 recorded "
                              f"when it was saved. {again}")
    return state


def check_fits(model: nn.Module, state: Mapping[str, torch.Tensor], path: Path) -> None:
    """CheckpointError listing the missing and unexpected names and the first wrong shapes."""
    own = model.state_dict()
    missing = [name for name in own if name not in state]
    unexpected = [name for name in state if name not in own]
    shapes = [f"{name} {tuple(state[name].shape)} in the file, {tuple(own[name].shape)} in the "
              f"model" for name in own if name in state and state[name].shape != own[name].shape]
    problems = [f"{label}: {_listed(items)}" for label, items in (
        ("missing from the file", missing), ("not in the model", unexpected),
        ("shapes differ", shapes)) if items]
    if problems:
        raise CheckpointError(f"Error(s) in loading state_dict for {type(model).__name__}: {path} "
                              f"was saved from a model of another configuration; "
                              f"{'; '.join(problems)}. Nothing was loaded: the model is unchanged.")


def _listed(items: list[str]) -> str:
    """The first :data:`SHOWN` items joined by commas, then how many more there are."""
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more


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
    x = image_to_tensor(image)  # (1, 1, 28, 28)
    try:
        probs = predict_proba(model, x)[0].numpy()  # (10,)
    except RuntimeError as exc:
        torch_says = str(exc).splitlines()[0]
        raise ValueError(f"the model cannot take a digit of shape (1, 1, 28, 28): "
                         f"{_expected_input(model)} (torch: {torch_says}). predict_digit needs a "
                         f"model for MNIST images (N, 1, 28, 28), such as FastCNN.") from None
    if probs.shape != (10,):
        raise ValueError(f"the model gives {probs.shape[0]} class scores for a digit, expected "
                         f"10 (one per digit 0-9).")
    return int(probs.argmax()), probs


def predict_digits(model: nn.Module, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The predicted digits (N,) and class probabilities (N, 10) of images (N, 28, 28).

    ``images`` as for :func:`predict_digit`: uint8 in 0..255 or float in [0, 1].
    """
    if not isinstance(images, np.ndarray) or images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images must be a NumPy array (N, 28, 28) with N >= 1, got "
                         f"{getattr(images, 'shape', type(images).__name__)}.")
    x = torch.cat([image_to_tensor(image) for image in images])  # (N, 1, 28, 28), each checked
    probs = predict_proba(model, x).numpy()  # (N, 10)
    return probs.argmax(axis=1), probs


def _expected_input(model: nn.Module) -> str:
    """What the first layer of ``model`` takes, against one 1 x 28 x 28 digit."""
    for name, layer in model.named_modules():
        if isinstance(layer, nn.Conv2d) and layer.in_channels != 1:
            return (f"its first layer {name} expects {layer.in_channels} channels, the digit "
                    f"has 1 (grey)")
        if isinstance(layer, nn.Linear) and layer.in_features != 28 * 28:
            return (f"its first layer {name} expects {layer.in_features} features, the "
                    f"flattened digit has 784 (28 x 28)")
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            break
    return "it expects images of another height and width than 28 x 28"
