"""A real photograph, small image examples, and pixel scaling for chapters 03 to 05.

The photograph is the portrait of Grace Hopper that matplotlib ships as
sample data (``matplotlib.cbook.get_sample_data('grace_hopper.jpg')``,
600 × 512 pixels), so it is available offline wherever matplotlib is.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array, positive_int

LUMA = np.array([0.299, 0.587, 0.114])  # ITU-R BT.601 weights: grey = 0.299 R + 0.587 G + 0.114 B
MAX_PIXEL = 255  # the brightest value of an 8-bit image (MNIST, JPEG)


def to_unit_interval(pixels, dtype=np.float64) -> np.ndarray:
    """8-bit pixel values 0..255 scaled to floats in [0, 1]: ``pixels / 255``.

    Parameters
    ----------
    pixels : array_like of any shape, values in [0, 255]
        Usually uint8 (an MNIST digit, a JPEG); floats holding 0..255 are accepted too.
    dtype : numpy float dtype
        ``np.float32`` for a network's input, ``np.float64`` (default) for NumPy maths.

    Returns
    -------
    ndarray of the shape of ``pixels`` and the given ``dtype``
    """
    try:
        is_float = np.issubdtype(np.dtype(dtype), np.floating)
    except TypeError:
        is_float = False
    if not is_float:
        raise TypeError(f"dtype must be a NumPy float dtype (np.float32 or np.float64), got "
                        f"{dtype!r}.")
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8:  # uint8 is 0..255 by construction; anything else is checked
        values = as_float_array(pixels, "pixels")
        if values.size and not (np.all(np.isfinite(values)) and 0 <= values.min()
                                and values.max() <= MAX_PIXEL):
            raise ValueError(f"pixels has values in [{values.min():g}, {values.max():g}], must "
                             f"be in [0, {MAX_PIXEL}] (8-bit pixels); is the image already "
                             f"scaled?")
    scaled = pixels.astype(dtype)
    scaled /= MAX_PIXEL  # in place: float32 stays float32
    return scaled


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
        rgb = to_unit_interval(image.imread(f, format="jpg"))  # (600, 512, 3)
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
