"""A real photograph and small image examples for chapters 03 and 04.

The photograph is the portrait of Grace Hopper that matplotlib ships as
sample data (``matplotlib.cbook.get_sample_data('grace_hopper.jpg')``,
600 × 512 pixels), so it is available offline wherever matplotlib is.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import positive_int

LUMA = np.array([0.299, 0.587, 0.114])  # ITU-R BT.601 weights: grey = 0.299 R + 0.587 G + 0.114 B


def photo(grey: bool = True, step: int = 1) -> np.ndarray:
    """Grace Hopper's portrait as floats in [0, 1].

    Parameters
    ----------
    grey : bool
        True: one grey channel, shape (H, W). False: RGB channels first, shape (3, H, W).
    step : int >= 1
        Keep the mean of every ``step × step`` block (a smaller image; ``step=8`` gives 75 × 64).

    Returns
    -------
    ndarray of shape (H, W) or (3, H, W), H = ⌊600 / step⌋, W = ⌊512 / step⌋
    """
    from matplotlib import cbook, image

    step = positive_int(step, "step")
    with cbook.get_sample_data("grace_hopper.jpg") as f:
        rgb = image.imread(f, format="jpg").astype(float) / 255.0  # (600, 512, 3)
    H, W = rgb.shape[0] // step, rgb.shape[1] // step
    rgb = rgb[:H * step, :W * step]  # crop to a multiple of step
    rgb = rgb.reshape(H, step, W, step, 3).mean(axis=(1, 3))  # (H, W, 3) block means
    if grey:
        return rgb @ LUMA  # (H, W)
    return rgb.transpose(2, 0, 1)  # (3, H, W): channels first, like conv2d expects


def five_by_five() -> np.ndarray:
    """The 5 × 5 binary image of the classic 2-D convolution walk-through (seeds 001, 003)."""
    return np.array([[1, 1, 1, 0, 0],
                     [0, 1, 1, 1, 0],
                     [0, 0, 1, 1, 1],
                     [0, 0, 1, 1, 0],
                     [0, 1, 1, 0, 0]], dtype=float)
