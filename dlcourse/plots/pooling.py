"""Figures for chapter 04: pooling windows on an input and the pooled output.

The windows are computed by :func:`dlcourse.nn.window_steps.pool_step`; this module draws them.
"""

from __future__ import annotations

from matplotlib.patches import Rectangle

from dlcourse.nn.window_steps import PoolStep
from dlcourse.plots.base import new_figure
from dlcourse.nn.windows import leftover_cells
from dlcourse.plots.conv import WINDOW, draw_grid, shade_unread, size_formula

COLOURS = (WINDOW, "#1b9e77", "#7570b3", "#d95f02")  # one per outlined window (colour-blind safe)


def plot_pool_step(step: PoolStep, title: str = "", cmap: str = "gray"):
    """Input with the windows of some output cells outlined (one colour each), and the output.

    Parameters
    ----------
    step : PoolStep
        From :func:`dlcourse.nn.window_steps.pool_step`. Overlapping windows
        (stride < size) show as outlines that share cells.

    Returns
    -------
    Figure
        The panel title gives the output-size formula with the numbers filled in.
    """
    if not isinstance(step, PoolStep):
        raise TypeError(f"step must be a PoolStep, e.g. pool_step(image, 'max', 2), got "
                        f"{type(step).__name__}.")
    padded, Y, size = step.padded, step.output, step.size
    H, W = step.image_shape
    fig, axes = new_figure(1, 2, figsize=(8.5, 4.0), width_ratios=[padded.shape[1], Y.shape[1]])
    inside = padded[step.padding:step.padding + H, step.padding:step.padding + W]  # (H, W)
    lo, hi = inside.min(), inside.max()
    draw_grid(axes[0], padded, f"input {H}×{W}"
              + (f", padding {step.padding}" if step.padding else ""), cmap=cmap, vmin=lo,
              vmax=hi)
    draw_grid(axes[1], Y, f"{step.kind} {size}×{size}, stride {step.stride} → "
              f"{Y.shape[0]}×{Y.shape[1]}", cmap=cmap, vmin=lo, vmax=hi)
    thin = padded.shape[0] > 14
    for k, ((i, j), (row, col)) in enumerate(zip(step.cells, step.corners, strict=True)):
        colour = COLOURS[k % len(COLOURS)]
        inset = 0.06 + 0.08 * k  # inside the cell edges: nested outlines stay visible
        axes[0].add_patch(Rectangle((col - 0.5 + inset, row - 0.5 + inset),
                                    size - 2 * inset, size - 2 * inset, fill=False,
                                    edgecolor=colour, linewidth=1.5 if thin else 3))
        axes[1].add_patch(Rectangle((j - 0.44, i - 0.44), 0.88, 0.88, fill=False,
                                    edgecolor=colour, linewidth=1.5 if thin else 3))
    args = (size, step.stride, step.padding)
    shade_unread(axes[0], padded.shape, leftover_cells(H, *args), leftover_cells(W, *args))
    formula = size_formula(W, *args)
    fig.suptitle(title or f"output width {formula}", fontsize=10)
    return fig
