"""A hand-made first-layer feature map of a digit: the input of chapter 04's pooling explorer.

ReLU(3 × 3 convolution) is what one channel of a CNN's first layer computes;
here the kernel is one of :data:`dlcourse.nn.kernels.KERNELS` instead of a
learned one, so the map is known in advance (a vertical edge kernel responds
to left-right changes of brightness).
"""

from __future__ import annotations

import numpy as np

from dlcourse.data.images import to_unit_interval
from dlcourse.nn.conv import conv2d_single
from dlcourse.nn.kernels import kernel


def feature_map(digit, kernel_name: str = "vertical edge") -> np.ndarray:
    """ReLU of the 3 × 3 ``kernel_name`` convolution (padding 1) of a digit scaled to [0, 1].

    Parameters
    ----------
    digit : array_like of shape (H, W), pixels 0..255 (an MNIST digit)
    kernel_name : str
        A key of :data:`dlcourse.nn.kernels.KERNELS`.

    Returns
    -------
    ndarray of shape (H, W), values >= 0
    """
    image = to_unit_interval(digit)  # (H, W) in [0, 1]
    return np.maximum(conv2d_single(image, kernel(kernel_name), padding=1), 0.0)
