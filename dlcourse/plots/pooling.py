"""Figures for chapter 04: pooling windows, the pooled output, and what a shift changes.

The windows are computed by :func:`dlcourse.nn.window_steps.pool_step`, the changes by
:func:`dlcourse.nn.invariance.relative_change`; this module draws them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from dlcourse.nn.invariance import relative_change
from dlcourse.nn.window_steps import PoolStep
from dlcourse.nn.windows import leftover_cells
from dlcourse.plots.base import new_figure
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
    widths = [padded.shape[1], max(Y.shape[1], padded.shape[1] / 3)]  # room for its title
    fig, axes = new_figure(1, 2, figsize=(8.5, 4.0), width_ratios=widths)
    inside = padded[step.padding:step.padding + H, step.padding:step.padding + W]  # (H, W)
    lo, hi = inside.min(), inside.max()
    draw_grid(axes[0], padded, f"input {H}×{W}"
              + (f", padding {step.padding} (grey)" if step.padding else ""), cmap=cmap,
              vmin=lo, vmax=hi, padding=step.padding)
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


def plot_shift_change(maps: dict, shifts):
    """Per row: a map, then |f(shifted) − f(original)| per shift with its relative change.

    Parameters
    ----------
    maps : dict of str -> sequence of arrays (h, w)
        Row title -> [the map of the original input, the map after each shift].
    shifts : sequence of int
        The shift (pixels) of each changed map, for the titles.

    Returns
    -------
    Figure
        One row per entry, one grey scale per row (0 = black, the original's
        maximum = white), so a bright difference is a change as large as the map.
        The relative change is :func:`dlcourse.nn.invariance.relative_change`.
    """
    shifts = list(shifts)
    for name, row in maps.items():
        if len(row) != len(shifts) + 1:
            raise ValueError(f"maps[{name!r}] holds {len(row)} maps, expected {len(shifts) + 1}: "
                             f"the original and one per shift in {shifts}.")
    fig, axes = new_figure(len(maps), len(shifts) + 1,
                           figsize=(2.4 * (len(shifts) + 1), 2.5 * len(maps)), squeeze=False)
    for ax_row, (name, (first, *moved)) in zip(axes, maps.items(), strict=True):
        first = np.asarray(first, dtype=float)  # (h, w)
        top = float(first.max()) or 1.0
        ax_row[0].imshow(first, cmap="gray", vmin=0, vmax=top, interpolation="nearest")
        ax_row[0].set_title(f"{name}\noriginal", fontsize=9)
        for ax, pixels, m in zip(ax_row[1:], shifts, moved, strict=True):
            m = np.asarray(m, dtype=float)
            change = relative_change(first[None], m[None])[0]
            ax.imshow(np.abs(m - first), cmap="gray", vmin=0, vmax=top, interpolation="nearest")
            ax.set_title(f"|shifted {pixels} px − original|\nrelative change {change:.0%}",
                         fontsize=9)
        for ax in ax_row:
            ax.set_xticks([])
            ax.set_yticks([])
    return fig
