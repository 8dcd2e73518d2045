"""What a trained MNIST network makes of test digits (chapter 05's digit explorer).

:func:`inside_digit` gathers one digit's image, feature maps and class
probabilities; :func:`predicted_labels` the predicted digit of every image.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dlcourse.checks import positive_int
from dlcourse.models.inspect import feature_maps
from dlcourse.train import predict_proba


def inside_digit(model: nn.Module, images: torch.Tensor, index: int):
    """Image (H, W), feature maps [(block, (C, H', W'))] and probabilities (10,) of one digit.

    Parameters
    ----------
    model : nn.Module
        A network with a ``features`` nn.Sequential of named blocks
        (:func:`dlcourse.models.inspect.feature_maps` reads it).
    images : tensor of shape (N, 1, 28, 28)
    index : int
        Which of the N images, 0 <= index < N.
    """
    if not isinstance(images, torch.Tensor):
        raise TypeError(f"images must be a tensor (N, 1, 28, 28), got {type(images).__name__}.")
    index = positive_int(index, "index", minimum=0)
    if not 0 <= index < len(images):
        raise ValueError(f"index == {index}, must be in 0..{len(images) - 1}.")
    image = images[index]  # (1, 28, 28)
    probs = predict_proba(model, image.unsqueeze(0))[0].numpy()  # (1, 10) -> (10,)
    return image[0].cpu().numpy(), feature_maps(model, image), probs


def predicted_labels(model: nn.Module, images: torch.Tensor) -> np.ndarray:
    """The most probable class (N,) of each of ``images`` (N, C, H, W), in evaluation mode."""
    return predict_proba(model, images).argmax(dim=1).numpy()
