r"""How much a feature map changes when its input changes (chapter 04, translation invariance).

:func:`shift_right` moves images sideways and :func:`enlarge` zooms into them;
:func:`relative_change` measures
the change of a map as the size of the difference relative to the size of
the original,

.. math:: \frac{\lVert f(\text{changed}) - f(\text{original}) \rVert}
               {\lVert f(\text{original}) \rVert},

one number per example (0 = unchanged, 1 = a change as large as the map itself).
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array, int_in_range, positive_int, positive_number


def _as_images(images) -> np.ndarray:
    images = as_float_array(images, "images")
    if images.ndim < 2:
        raise ValueError(f"images has shape {images.shape}, expected (..., H, W) with at least "
                         f"2 axes.")
    return images


def shift_right(images, pixels: int) -> np.ndarray:
    """Move every image (..., H, W) right by ``pixels`` columns, filling the left with zeros.

    Parameters
    ----------
    images : array_like of shape (..., H, W)
    pixels : int, 0 <= pixels < W

    Returns
    -------
    ndarray of the shape of ``images``; the ``pixels`` rightmost columns fall off.
    """
    images = _as_images(images)
    width = images.shape[-1]
    pixels = positive_int(pixels, "pixels", minimum=0)
    if pixels >= width:
        raise ValueError(f"pixels == {pixels}, must be less than the image width {width}.")
    return shift(images, pixels, 0)


def shift(images, right: int, down: int) -> np.ndarray:
    """Move every image (..., H, W) ``right`` and ``down`` pixels (negative: left, up).

    The rows and columns moved out fall off; those moved in are zeros (black).
    """
    images = _as_images(images)
    H, W = images.shape[-2:]
    right = int_in_range(right, "right", 1 - W, W - 1, f" (the images are {W} wide)")
    down = int_in_range(down, "down", 1 - H, H - 1, f" (the images are {H} high)")
    moved = np.zeros_like(images)
    moved[..., max(down, 0):H + min(down, 0), max(right, 0):W + min(right, 0)] = \
        images[..., max(-down, 0):H + min(-down, 0), max(-right, 0):W + min(-right, 0)]
    return moved


def enlarge(images, factor: float) -> np.ndarray:
    """Enlarge every image (..., H, W) by ``factor`` about its centre, keeping its size.

    Output pixel i (along each axis of length n, centre c = (n − 1)/2) takes the
    nearest input pixel c + (i − c) / factor; what moves out of the frame is lost.

    Parameters
    ----------
    images : array_like of shape (..., H, W)
    factor : float >= 1 (1 returns a copy)

    Returns
    -------
    ndarray of the shape of ``images``.
    """
    images = _as_images(images)
    factor = positive_number(factor, "factor")
    if factor < 1:
        raise ValueError(f"factor == {factor}, must be >= 1 (enlarge zooms in; a factor below 1 "
                         f"would need pixels from outside the image).")

    def source(n):  # (n,) index of the input pixel each output pixel reads
        centre = (n - 1) / 2
        return np.clip(np.round(centre + (np.arange(n) - centre) / factor).astype(int), 0, n - 1)

    rows, cols = source(images.shape[-2]), source(images.shape[-1])
    return images[..., rows[:, None], cols[None, :]]  # (..., H, W)


def relative_change(original, changed) -> np.ndarray:
    """‖changed − original‖ / ‖original‖ for each example of a batch (N, ...) -> (N,).

    Raises ValueError if the shapes differ or an original example is all zeros
    (its relative change is undefined).
    """
    original = as_float_array(original, "original")
    changed = as_float_array(changed, "changed")
    if original.shape != changed.shape or original.ndim < 1:
        raise ValueError(f"original has shape {original.shape} and changed {changed.shape}; "
                         f"they must be one batch (N, ...) of the same shape.")
    size = np.linalg.norm(original.reshape(len(original), -1), axis=1)  # (N,)
    if not size.all():
        raise ValueError(f"original[{int(np.argmin(size))}] is all zeros: its relative change "
                         f"is undefined.")
    return np.linalg.norm((changed - original).reshape(len(original), -1), axis=1) / size
