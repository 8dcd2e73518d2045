"""Figures for chapter 04: pooling windows on an input and the pooled output."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from dlcourse.nn.pooling import pool2d_single
from dlcourse.nn.windows import pad2d
from dlcourse.plots.base import new_figure
from dlcourse.plots.conv import WINDOW, draw_grid, size_formula

COLOURS = (WINDOW, "#1b9e77", "#7570b3", "#d95f02")  # one per outlined window (colour-blind safe)


def plot_pool_step(image, kind: str = "max", size: int = 2, stride=None, padding: int = 0,
                   positions=((0, 0),), title: str = "", cmap: str = "gray"):
    """Input with the windows of some output cells outlined (one colour each), and the output.

    Parameters
    ----------
    image : array_like of shape (H, W)
    kind : {"max", "average"}
    size, stride, padding : int
        ``stride`` defaults to ``size``. Overlapping windows (stride < size)
        show as outlines that share cells.
    positions : sequence of (int, int)
        Output cells to outline; clipped to the output size.

    Returns
    -------
    Figure
        The panel title gives the output-size formula with the numbers filled in.
    """
    stride = size if stride is None else stride
    Y = pool2d_single(image, kind, size, stride, padding)  # raises ValueError if impossible
    image = np.asarray(image, dtype=float)
    padded = pad2d(image, (padding, padding))  # (H + 2p, W + 2p), zeros shown for padding
    fig, axes = new_figure(1, 2, figsize=(8.5, 4.0), width_ratios=[padded.shape[1], Y.shape[1]])
    lo, hi = image.min(), image.max()
    draw_grid(axes[0], padded, f"input {image.shape[0]}×{image.shape[1]}"
              + (f", padding {padding}" if padding else ""), cmap=cmap, vmin=lo, vmax=hi)
    draw_grid(axes[1], Y, f"{kind} {size}×{size}, stride {stride} → {Y.shape[0]}×{Y.shape[1]}",
              cmap=cmap, vmin=lo, vmax=hi)
    thin = padded.shape[0] > 14
    for k, position in enumerate(positions):
        i, j = (min(max(int(p), 0), s - 1) for p, s in zip(position, Y.shape, strict=True))
        colour = COLOURS[k % len(COLOURS)]
        inset = 0.06 + 0.08 * k  # inside the cell edges: nested outlines stay visible
        axes[0].add_patch(Rectangle((j * stride - 0.5 + inset, i * stride - 0.5 + inset),
                                    size - 2 * inset, size - 2 * inset, fill=False,
                                    edgecolor=colour, linewidth=1.5 if thin else 3))
        axes[1].add_patch(Rectangle((j - 0.44, i - 0.44), 0.88, 0.88, fill=False,
                                    edgecolor=colour, linewidth=1.5 if thin else 3))
    fig.suptitle(title or f"output width {size_formula(image.shape[1], size, stride, padding)}",
                 fontsize=10)
    return fig
