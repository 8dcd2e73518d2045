"""Data augmentation (chapter 05): random small shifts and rotations of a batch of images.

A digit moved by a pixel or tilted by a few degrees is still the same digit.
Training on such copies, new ones in every epoch, teaches a network to ignore
these changes instead of memorising the exact training images.

    augment = RandomShiftRotate(max_shift=2, max_degrees=10)
    history = fit(model, train, test, epochs=10, augment=augment, **FAST_RECIPE.fit_kwargs())

The random draws come from torch's global generator, so ``torch.manual_seed``
makes a run repeatable.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dlcourse.checks import positive_number


def shift_rotate(images: torch.Tensor, shifts: torch.Tensor, degrees: torch.Tensor) -> torch.Tensor:
    """Rotate each image about its centre, then move it; pixels from outside are 0 (black).

    Parameters
    ----------
    images : tensor (N, C, H, W)
    shifts : tensor (N, 2)
        How far each image moves, in pixels: (right, down).
    degrees : tensor (N,)
        Each image's rotation, counter-clockwise as seen on screen.

    Returns
    -------
    tensor (N, C, H, W), bilinearly interpolated (whole-pixel shifts are exact).
    """
    for name, value in (("images", images), ("shifts", shifts), ("degrees", degrees)):
        if not isinstance(value, torch.Tensor):
            raise TypeError(f"{name} must be a torch tensor, got {type(value).__name__} (use "
                            f"torch.from_numpy for a NumPy array).")
    if images.ndim != 4:
        raise ValueError(f"images has shape {tuple(images.shape)}, must be (N, C, H, W).")
    n, _, height, width = images.shape
    if shifts.shape != (n, 2) or degrees.shape != (n,):
        raise ValueError(f"shifts {tuple(shifts.shape)} and degrees {tuple(degrees.shape)} must "
                         f"be ({n}, 2) and ({n},): one per image.")
    # affine_grid maps each output pixel to where it samples the input, in coordinates
    # from -1 to 1 across the image (x right, y down): the inverse of the wanted motion.
    angle = torch.deg2rad(degrees.to(images))
    cos, sin = angle.cos(), angle.sin()
    dx = shifts[:, 0].to(images) * 2 / width
    dy = shifts[:, 1].to(images) * 2 / height
    aspect = height / width  # rotating in pixels, not in the stretched -1..1 square
    theta = torch.stack([
        torch.stack([cos, -sin * aspect, -(cos * dx - sin * aspect * dy)], dim=1),
        torch.stack([sin / aspect, cos, -(sin / aspect * dx + cos * dy)], dim=1),
    ], dim=1)  # (N, 2, 3): output (x, y, 1) -> input (x, y)
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)  # (N, H, W, 2)
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros",
                         align_corners=False)


class RandomShiftRotate:
    """Move each image by up to ``max_shift`` pixels in x and in y, and turn it by up to
    ``max_degrees`` either way; a new draw for every image of every batch.

    Call it on a batch (N, C, H, W) to get an augmented batch of the same shape.
    """

    def __init__(self, max_shift: float = 2, max_degrees: float = 10):
        self.max_shift = positive_number(max_shift, "max_shift", allow_zero=True)
        self.max_degrees = positive_number(max_degrees, "max_degrees", allow_zero=True)

    def __repr__(self) -> str:
        return f"RandomShiftRotate(max_shift={self.max_shift}, max_degrees={self.max_degrees})"

    def __call__(self, images: torch.Tensor) -> torch.Tensor:
        if not isinstance(images, torch.Tensor):
            raise TypeError(f"images must be a torch tensor (N, C, H, W), got "
                            f"{type(images).__name__} (use torch.from_numpy for a NumPy array).")
        n = len(images)
        uniform = torch.rand(n, 3, device=images.device) * 2 - 1  # U(-1, 1)
        return shift_rotate(images, uniform[:, :2] * self.max_shift,
                            uniform[:, 2] * self.max_degrees)
