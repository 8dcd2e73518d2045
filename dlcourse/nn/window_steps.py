"""One step of a sliding window: which input cells an output cell reads (chapters 03 and 04).

:func:`conv_step` and :func:`pool_step` compute everything the step figures of
:mod:`dlcourse.plots.conv` and :mod:`dlcourse.plots.pooling` draw: the padded
input, the whole output, and for the chosen output cells (i, j) the input
cells their windows cover. Output cell (i, j) of a window of size k with
stride s and dilation d reads the padded input at rows ``i·s + u·d`` and
columns ``j·s + v·d`` for u, v = 0 .. k − 1.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from dlcourse.checks import as_float_array
from dlcourse.nn.conv import conv2d_single
from dlcourse.nn.pooling import pool2d_single
from dlcourse.nn.windows import pad2d


def output_cell(position, shape: tuple[int, int]) -> tuple[int, int]:
    """``position`` (i, j) as a pair of ints; ValueError when it lies outside ``shape`` (Ho, Wo)."""
    if (not isinstance(position, (tuple, list)) or len(position) != 2
            or not all(isinstance(p, numbers.Integral) for p in position)):
        raise TypeError(f"position must be a pair (i, j) of ints, got {position!r}.")
    if min(shape) < 1:
        raise ValueError(f"shape == {tuple(shape)}: an empty output has no cell to show.")
    i, j = (int(p) for p in position)
    if not (0 <= i < shape[0] and 0 <= j < shape[1]):
        raise ValueError(f"position == {(i, j)} is outside the {shape[0]} × {shape[1]} output: "
                         f"i must be in 0..{shape[0] - 1} and j in 0..{shape[1] - 1}.")
    return i, j


@dataclass(frozen=True)
class ConvStep:
    """One output cell of a 2-D convolution and the input cells its (dilated) window reads."""

    image_shape: tuple[int, int]  # (H, W) before padding
    padded: np.ndarray  # (H + 2p, W + 2p), the input with its zero border
    kernel: np.ndarray  # (kh, kw)
    output: np.ndarray  # (Ho, Wo)
    cell: tuple[int, int]  # (i, j), the output cell shown
    taps: list[tuple[int, int]]  # kh·kw cells (row, col) of ``padded`` the window reads
    stride: int
    padding: int
    dilation: int


def conv_step(image, kernel, position=(0, 0), stride: int = 1, padding: int = 0,
              dilation: int = 1) -> ConvStep:
    """The convolution of ``image`` (H, W) with ``kernel`` (kh, kw), seen from one output cell.

    Parameters
    ----------
    image : array_like of shape (H, W)
    kernel : array_like of shape (kh, kw)
    position : (int, int)
        Output cell (i, j) to look at, inside the output.
    stride, padding, dilation : int

    Raises
    ------
    ValueError
        For impossible combinations (from :func:`dlcourse.nn.conv.conv2d_single`).
    """
    image = as_float_array(image, "image", ndim=2)
    kernel = as_float_array(kernel, "kernel", ndim=2)
    output = conv2d_single(image, kernel, stride, padding, dilation)  # (Ho, Wo)
    i, j = output_cell(position, output.shape)
    kh, kw = kernel.shape
    taps = [(i * stride + u * dilation, j * stride + v * dilation)
            for u in range(kh) for v in range(kw)]
    return ConvStep(image.shape, pad2d(image, (padding, padding)), kernel, output, (i, j), taps,
                    stride, padding, dilation)


@dataclass(frozen=True)
class PoolStep:
    """A pooled map and, for some output cells, the window each one pools."""

    image_shape: tuple[int, int]  # (H, W) before padding
    padded: np.ndarray  # (H + 2p, W + 2p), zeros shown for the padding
    output: np.ndarray  # (Ho, Wo)
    kind: str  # "max" or "average"
    size: int  # window k × k
    stride: int
    padding: int
    cells: list[tuple[int, int]]  # the output cells (i, j) shown
    corners: list[tuple[int, int]]  # top-left (row, col) in ``padded`` of each cell's window


def pool_step(image, kind: str = "max", size: int = 2, stride: int | None = None,
              padding: int = 0, positions=((0, 0),)) -> PoolStep:
    """Pool ``image`` (H, W) and find the windows of the output cells in ``positions``.

    Parameters
    ----------
    image : array_like of shape (H, W)
    kind : {"max", "average"}
    size, stride, padding : int
        ``stride`` defaults to ``size``; stride < size gives overlapping windows.
    positions : sequence of (int, int)
        Output cells to look at, each inside the output.

    Raises
    ------
    ValueError
        For impossible combinations (from :func:`dlcourse.nn.pooling.pool2d_single`).
    """
    stride = size if stride is None else stride
    output = pool2d_single(image, kind, size, stride, padding)  # (Ho, Wo)
    image = as_float_array(image, "image", ndim=2)
    cells = [output_cell(position, output.shape) for position in positions]
    corners = [(i * stride, j * stride) for i, j in cells]
    return PoolStep(image.shape, pad2d(image, (padding, padding)), output, kind, size, stride,
                    padding, cells, corners)
