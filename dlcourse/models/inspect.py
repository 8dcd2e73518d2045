"""Look inside a trained MNIST network (chapter 05): feature maps and first-layer filters.

Works with every model of :mod:`dlcourse.models.cnn` and :class:`~dlcourse.models.classic.LeNet5`:
their ``features`` is an ``nn.Sequential`` of named blocks, and the output of
each block is one row of feature maps.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dlcourse.train import eval_mode


def _features_of(model: nn.Module) -> nn.Sequential:
    features = getattr(model, "features", None)
    if not isinstance(features, nn.Sequential):
        raise TypeError(f"model must have a `features` nn.Sequential (like FastCNN), "
                        f"got {type(model).__name__} without one.")
    return features


def feature_maps(model: nn.Module, image: torch.Tensor) -> list[tuple[str, np.ndarray]]:
    """The output of each block of ``model.features`` for one image.

    Parameters
    ----------
    image : tensor of shape (1, H, W) or (1, 1, H, W), float in [0, 1]

    Returns
    -------
    list of (block name, ndarray of shape (C, H', W')), in the order the blocks run.
    """
    features = _features_of(model)
    if not isinstance(image, torch.Tensor):
        raise TypeError(f"image must be a tensor (1, H, W) or (1, 1, H, W), got "
                        f"{type(image).__name__}; convert with torch.as_tensor.")
    if image.ndim == 3:
        image = image.unsqueeze(0)  # (1, H, W) -> (1, 1, H, W)
    if image.ndim != 4 or image.shape[0] != 1:
        raise ValueError(f"image has shape {tuple(image.shape)}, must be (1, H, W) or "
                         f"(1, 1, H, W): one image.")
    maps = []
    with eval_mode(model) as device:
        x = image.to(device)
        for name, block in features.named_children():
            x = block(x)  # (1, C, H', W')
            maps.append((name, x[0].cpu().numpy()))
    return maps


def first_filters(model: nn.Module) -> np.ndarray:
    """The weights of the first convolution, as an array (C_out, C_in, kH, kW)."""
    for module in _features_of(model).modules():
        if isinstance(module, nn.Conv2d):
            return module.weight.detach().cpu().numpy()
    raise TypeError(f"{type(model).__name__}.features has no nn.Conv2d layer.")
