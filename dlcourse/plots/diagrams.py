"""Schematic diagrams: boxes, arrows and labels in one simple style (chapters 03 and 04).

- :func:`draw_conv_channels`: a convolution over channels, each filter as deep
  as the input, one output map per filter (chapter 03).
- :func:`draw_receptive_field`: which input cells one output cell of a stack of
  1-D windows depends on (chapter 03).
- :func:`draw_pooling_channels`: pooling windows, channel by channel, depth
  unchanged (chapter 04).

A stack of C maps is drawn as C squares of cells, each one a little up and to
the right of the one in front of it; every label is a text artist, so tests can
find the parts of a diagram by their labels.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, Rectangle

from dlcourse.checks import positive_int
from dlcourse.nn.windows import receptive_field
from dlcourse.plots.base import figure_and_axes
from dlcourse.plots.conv import WINDOW

EDGE = "#333333"  # outlines of every box
ARROW = "#555555"
CHANNEL_COLOURS = ("#fbb4ae", "#ccebc5", "#b3cde3", "#decbe4", "#fed9a6", "#ffffcc")
FILTER_COLOURS = ("#ff7f00", "#6a3d9a", "#1f78b4", "#33a02c")  # one per filter and its map
DEPTH = (0.45, 0.35)  # offset (x, y) from one map of a stack to the one behind it
FONT = 10


def _map(ax: Axes, x: float, y: float, n: int, cell: float, colour: str, values=None,
         zorder: float = 1) -> None:
    """An n × n square of cells with its lower-left corner at (x, y), values written if given."""
    ax.add_patch(Rectangle((x, y), n * cell, n * cell, facecolor=colour, edgecolor=EDGE,
                           linewidth=1.2, zorder=zorder))
    for k in range(1, n):
        ax.plot([x + k * cell] * 2, [y, y + n * cell], color=EDGE, linewidth=0.4, zorder=zorder)
        ax.plot([x, x + n * cell], [y + k * cell] * 2, color=EDGE, linewidth=0.4, zorder=zorder)
    if values is not None:
        for (r, c), v in np.ndenumerate(np.asarray(values)):
            ax.text(x + (c + 0.5) * cell, y + (n - r - 0.5) * cell, f"{v:g}", ha="center",
                    va="center", fontsize=FONT - 1, zorder=zorder + 0.5)


def _stack(ax: Axes, x: float, y: float, depth: int, n: int, cell: float, colours,
           front_values=None) -> None:
    """``depth`` maps of n × n cells, the front one at (x, y), drawn from the back forwards."""
    for c in reversed(range(depth)):
        _map(ax, x + c * DEPTH[0], y + c * DEPTH[1], n, cell, colours[c % len(colours)],
             front_values if c == 0 else None, zorder=1 + depth - c)


def _window(ax: Axes, x: float, y: float, rows: int, cols: int, cell: float,
            colour: str = WINDOW, zorder: float = 20, linestyle: str = "-") -> None:
    """Outline ``rows`` × ``cols`` cells whose lower-left corner is (x, y)."""
    ax.add_patch(Rectangle((x, y), cols * cell, rows * cell, fill=False, edgecolor=colour,
                           linewidth=2.5, linestyle=linestyle, zorder=zorder))


def _arrow(ax: Axes, start, end, colour: str = ARROW) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                 color=colour, linewidth=1.4, zorder=30))


def _finish(ax: Axes, title: str) -> None:
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.axis("off")
    ax.set_title(title, fontsize=FONT + 1)


def draw_conv_channels(channels: int = 3, filters: int = 2, ax: Axes | None = None):
    """A convolution over ``channels`` input maps with ``filters`` k × k × C filters (k = 3).

    The input is a stack of C maps of 6 × 6 cells with one 3 × 3 window outlined
    through every channel; each filter is a stack of C slices of 3 × 3 weights;
    each filter gives one 4 × 4 output map (valid mode), in the filter's colour.

    Returns
    -------
    Figure
        Labels (text artists): "input: C = …", "filter f: 3 × 3 × C" for each
        filter, "map f" for each output map, and the sum that makes one output value.
    """
    channels = positive_int(channels, "channels")
    filters = positive_int(filters, "filters")
    if channels > len(CHANNEL_COLOURS) or filters > len(FILTER_COLOURS):
        raise ValueError(f"channels == {channels} and filters == {filters}: the diagram draws at "
                         f"most {len(CHANNEL_COLOURS)} channels and {len(FILTER_COLOURS)} "
                         f"filters.")
    fig, ax = figure_and_axes(ax, figsize=(10.0, 1.2 + 1.75 * max(filters, 2)))
    n, k, cell, fcell, ocell = 6, 3, 0.55, 0.45, 0.4
    back = ((channels - 1) * DEPTH[0], (channels - 1) * DEPTH[1])  # offset of the last map
    _stack(ax, 0, 0, channels, n, cell, CHANNEL_COLOURS)
    for c in range(channels):  # the same window in every channel, behind the maps in front
        _window(ax, c * DEPTH[0] + cell, c * DEPTH[1] + 2 * cell, k, k, cell,
                linestyle="-" if c == 0 else (0, (3, 2)), zorder=1.7 + channels - c)
    names = " (R, G, B)" if channels == 3 else ""
    ax.text((n * cell + back[0]) / 2, -0.3, f"input: C = {channels} channels{names},\n"
            f"{n} × {n} each", ha="center", va="top", fontsize=FONT)
    fx, ox = 6.0, 10.0  # x of the filter and output columns
    tall = k * fcell + back[1]  # height of one filter stack
    middle = (n * cell + back[1]) / 2
    first = middle + (filters - 1) * (tall + 0.9) / 2 - tall / 2  # y of the top filter
    start = (4 * cell + 0.05, 3.5 * cell)  # right edge of the front window
    for f in range(filters):
        fy = first - f * (tall + 0.9)
        colour = FILTER_COLOURS[f]
        _stack(ax, fx, fy, channels, k, fcell, CHANNEL_COLOURS)
        _window(ax, fx, fy, k, k, fcell, colour=colour, zorder=25)
        ax.text(fx + (k * fcell + back[0]) / 2, fy - 0.1, f"filter {f + 1}: {k} × {k} × {channels}",
                ha="center", va="top", fontsize=FONT, color=colour)
        oy = fy + (tall - (n - k + 1) * ocell) / 2
        _map(ax, ox, oy, n - k + 1, ocell, "#f0f0f0")
        _window(ax, ox + ocell, oy + 2 * ocell, 1, 1, ocell, colour=colour, zorder=25)
        ax.text(ox + (n - k + 1) * ocell + 0.2, oy + (n - k + 1) * ocell / 2, f"map {f + 1}",
                ha="left", va="center", fontsize=FONT, color=colour)
        _arrow(ax, start, (fx - 0.15, fy + k * fcell / 2), colour)
        _arrow(ax, (fx + k * fcell + back[0] + 0.15, fy + tall / 2),
               (ox - 0.15, oy + 2.5 * ocell), colour)
    ax.text(fx + 1.0, first + tall + 0.25, f"{filters} filters, each as deep as the input",
            ha="center", va="bottom", fontsize=FONT)
    ax.text(ox + 1.0, first + tall + 0.25, f"output: {filters} maps,\none per filter",
            ha="center", va="bottom", fontsize=FONT)
    bottom = min(-1.0, first - (filters - 1) * (tall + 0.9) - 0.6)
    ax.text(ox / 2 + 0.8, bottom - 0.2, f"one output value = the sum of the {k}·{k}·{channels} = "
            f"{k * k * channels} products of a filter with the window under it (+ its bias)",
            ha="center", va="top", fontsize=FONT, style="italic", color="0.3")
    _finish(ax, "A convolution over channels")
    ax.set_ylim(bottom - 0.8, first + tall + 1.1)
    return fig


def draw_pooling_channels(channels: int = 3, size: int = 2, ax: Axes | None = None):
    """Pooling windows on a stack of ``channels`` 4 × 4 maps: each map pooled on its own.

    The front map holds seed 003's 4 × 4 example with its ``size`` × ``size``
    windows (non-overlapping, stride = size); one window and the output cell it
    makes are outlined. The output is a stack of as many maps: depth unchanged.

    Returns
    -------
    Figure
        Labels: "input: C = … maps", "max of each window, channel by channel",
        "output: C = … maps (depth unchanged)".
    """
    channels = positive_int(channels, "channels")
    size = positive_int(size, "size")
    if channels > len(CHANNEL_COLOURS) or size not in (1, 2, 4):
        raise ValueError(f"channels == {channels}, size == {size}: the diagram draws at most "
                         f"{len(CHANNEL_COLOURS)} channels and a size of 1, 2 or 4 (it "
                         f"divides the 4 × 4 map).")
    fig, ax = figure_and_axes(ax, figsize=(8.0, 3.4))
    X = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]])  # seed 003
    n, cell, m = 4, 0.6, 4 // size
    pooled = X.reshape(m, size, m, size).max(axis=(1, 3))  # (m, m): blocks on axes 1 and 3
    back = ((channels - 1) * DEPTH[0], (channels - 1) * DEPTH[1])
    _stack(ax, 0, 0, channels, n, cell, CHANNEL_COLOURS, front_values=X)
    for r in range(m + 1):  # thick lines between the windows of the front map
        ax.plot([0, n * cell], [r * size * cell] * 2, color=EDGE, linewidth=2, zorder=10)
        ax.plot([r * size * cell] * 2, [0, n * cell], color=EDGE, linewidth=2, zorder=10)
    for c in range(channels):  # the window in every channel, behind the maps in front
        _window(ax, c * DEPTH[0], c * DEPTH[1] + (n - size) * cell, size, size, cell,
                linestyle="-" if c == 0 else (0, (3, 2)), zorder=20 if c == 0 else
                1.7 + channels - c)
    ax.text((n * cell + back[0]) / 2, -0.3, f"input: C = {channels} maps, {n} × {n}",
            ha="center", va="top", fontsize=FONT)
    ox = n * cell + back[0] + 3.2
    oy = (n - m) * cell / 2
    _stack(ax, ox, oy, channels, m, cell, CHANNEL_COLOURS, front_values=pooled)
    for c in range(channels):
        _window(ax, ox + c * DEPTH[0], oy + c * DEPTH[1] + (m - 1) * cell, 1, 1, cell,
                linestyle="-" if c == 0 else (0, (3, 2)), zorder=1.7 + channels - c)
    ax.text(ox + (m * cell + back[0]) / 2, -0.3,
            f"output: C = {channels} maps, {m} × {m}\n(depth unchanged)", ha="center",
            va="top", fontsize=FONT)
    top = n * cell + back[1]
    ax.add_patch(FancyArrowPatch((size * cell / 2 + back[0], top + 0.1),
                                 (ox + cell / 2 + back[0], oy + m * cell + back[1] + 0.1),
                                 arrowstyle="-|>", mutation_scale=14, color=WINDOW,
                                 linewidth=1.4, zorder=30, connectionstyle="arc3,rad=-0.35"))
    ax.text((n * cell + back[0] + ox) / 2, (top + oy) / 2 - 0.2,
            f"max of each\n{size} × {size} window,\nchannel by channel\n(no weights)",
            ha="center", va="center", fontsize=FONT)
    _finish(ax, "Pooling keeps the depth")
    ax.set_ylim(-1.0, top + 1.6)
    return fig


def draw_receptive_field(layers, ax: Axes | None = None):
    """Rows of 1-D cells, input at the bottom: the cells one top cell depends on, layer by layer.

    Cell i of layer l is drawn above the middle of the input cells it sees, so a
    stride shows as wider spacing; lines join each used cell to the cells it reads.

    Parameters
    ----------
    layers : sequence of (k, stride) or (k, stride, dilation)
        As for :func:`dlcourse.nn.windows.receptive_field`; valid windows (no padding).

    Returns
    -------
    Figure
        One row per level, labelled "input" and "layer l: k = …, s = …, sees r
        inputs"; the cells the middle top cell depends on are filled magenta.
    """
    sizes = [1, *receptive_field(layers)]  # r_l for l = 0 (input) .. L; checks the layers
    layers = [(*layer, 1)[:3] for layer in layers]  # (k, s, d)
    jumps = [1]
    for _, s, _ in layers:
        jumps.append(jumps[-1] * s)  # J_l: input cells between neighbours of row l
    widths = [sizes[-1] + 2 * jumps[-1]]  # the top row gets 3 cells, the middle one traced
    for k, s, d in layers:
        widths.append((widths[-1] - d * (k - 1) - 1) // s + 1)
    used = [{1}]  # the middle top cell; walk down to the input
    for k, s, d in reversed(layers):
        used.append({i * s + u * d for i in used[-1] for u in range(k)})
    used.reverse()  # used[l] = cells of row l (0 = input) the top cell depends on

    def centre(level, i):  # x of cell i of row ``level``: the middle of the inputs it sees
        return i * jumps[level] + (sizes[level] - 1) / 2

    fig, ax = figure_and_axes(ax, figsize=(0.45 * widths[0] + 4.0, 0.7 * len(widths) + 0.4))
    for level, (width, cells) in enumerate(zip(widths, used, strict=True)):
        y = 1.6 * level
        for i in range(width):
            ax.add_patch(Rectangle((centre(level, i) - 0.42, y), 0.84, 0.84, edgecolor=EDGE,
                                   facecolor=WINDOW if i in cells else "white", linewidth=1))
        if level:
            k, s, d = layers[level - 1]
            for i in cells:
                for u in range(k):
                    ax.plot([centre(level, i), centre(level - 1, i * s + u * d)],
                            [y, y - 0.76], color=ARROW, linewidth=0.7)
            name = f"layer {level}: k = {k}, s = {s}" + (f", d = {d}" if d > 1 else "")
            name += f": sees {sizes[level]} inputs"
        else:
            name = "input"
        ax.text(widths[0] + 0.3, y + 0.42, name, va="center", fontsize=FONT)
    _finish(ax, f"One cell of layer {len(layers)} depends on {sizes[-1]} input cells")
    ax.set_xlim(-0.8, widths[0] + 9.0)
    return fig
