"""Schematic diagrams: boxes, arrows and labels in one simple style (chapters 01 to 09).

- :func:`draw_neuron`: the biological neuron above the artificial one, matching
  parts in one colour (chapter 01).
- :func:`draw_network`: the 2-4-1 network with seed 001's names a[l], z[l],
  W[l], b[l] (chapter 02).
- :func:`draw_backprop_graph`: the computational graph of one forward and one
  backward pass of that network, each backward arrow labelled with its gradient
  (chapter 02).
- :func:`draw_conv_channels`: a convolution over channels, each filter as deep
  as the input, one output map per filter (chapter 03).
- :func:`draw_receptive_field`: which input cells one output cell of a stack of
  1-D windows depends on (chapter 03).
- :func:`draw_pooling_channels`: pooling windows, channel by channel, depth
  unchanged (chapter 04).
- :func:`draw_unrolled_rnn`, :func:`draw_lstm_cell`, :func:`draw_gru_cell`: the
  recurrent cell unrolled with shared weights, and the LSTM and GRU cells with
  torch's gates and symbols (chapter 06).
- :func:`draw_one_hot_lookup`: a one-hot row times W is the row of W it points at
  (chapter 07).
- :func:`draw_skipgram_pairs`: skip-gram's (centre, context) pairs on a sentence and
  the (centre, noise) pairs of its negative samples (chapter 07).
- :func:`draw_encoder_decoder`: seed 000's encoder–decoder with its fixed vector, and the
  same with attention's weights over every encoder state (chapters 08–09).

A stack of C maps is drawn as C squares of cells, each one a little up and to
the right of the one in front of it; every label is a text artist, so tests can
find the parts of a diagram by their labels.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, FancyBboxPatch, Rectangle

from dlcourse.checks import int_in_range, positive_int
from dlcourse.nn.embedding import one_hot
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


# ---------------------------------------------------------------- chapters 01 and 02
# One colour per part of a neuron, the same in the biological and the artificial one.
NEURON_COLOURS = {"inputs": "#1f78b4", "weights": "#ff7f00", "sum": "#6a3d9a",
                  "activation": "#33a02c"}
LIGHT = {"inputs": "#cfe3f2", "weights": "#fee0c0", "sum": "#e6dcf0", "activation": "#d4edd0"}


def _circle(ax: Axes, x: float, y: float, r: float, label: str, colour: str, fill: str,
            fontsize: float = FONT + 1) -> Circle:
    """A round node with ``label`` in its middle."""
    node = Circle((x, y), r, facecolor=fill, edgecolor=colour, linewidth=1.6, zorder=5)
    ax.add_patch(node)
    ax.text(x, y, label, ha="center", va="center", fontsize=fontsize, color=EDGE, zorder=6)
    return node


def _box(ax: Axes, x: float, y: float, w: float, h: float, label: str, colour: str,
         fill: str, fontsize: float = FONT + 1) -> FancyBboxPatch:
    """A rounded box of w × h centred on (x, y) with ``label`` in its middle."""
    node = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.12",
                          facecolor=fill, edgecolor=colour, linewidth=1.6, zorder=5)
    ax.add_patch(node)
    ax.text(x, y, label, ha="center", va="center", fontsize=fontsize, color=EDGE, zorder=6)
    return node


def _link(ax: Axes, a, b, colour: str = ARROW, rad: float = 0.0, style: str = "-|>",
          linestyle="-", width: float = 1.4) -> FancyArrowPatch:
    """An arrow from node ``a`` to node ``b``, clipped at their outlines."""
    arrow = FancyArrowPatch(_centre(a), _centre(b), patchA=a, patchB=b, arrowstyle=style,
                            mutation_scale=14, color=colour, linewidth=width, zorder=4,
                            linestyle=linestyle, connectionstyle=f"arc3,rad={rad}",
                            shrinkA=1, shrinkB=1)
    ax.add_patch(arrow)
    return arrow


def _centre(node) -> tuple[float, float]:
    if isinstance(node, Circle):
        return node.center
    return node.get_x() + node.get_width() / 2, node.get_y() + node.get_height() / 2


def draw_neuron(ax: Axes | None = None):
    r"""The biological neuron above the artificial neuron, their matching parts in one colour.

    Dendrites ↔ inputs :math:`x_i`, synapse strengths ↔ weights :math:`w_i`, cell
    body ↔ the sum :math:`z = \sum_i w_i x_i + b`, axon ↔ the activation
    :math:`a = g(z)` (chapter 01).

    Returns
    -------
    Figure
        Labels: "dendrites", "synapses", "cell body", "axon" (each with a short
        explanation), the inputs "$x_1$" …, the weights "$w_1$" …, "$+\,b$", "Σ",
        "$g$", the formulas of z and a; each part's label in its colour.
    """
    fig, ax = figure_and_axes(ax, figsize=(9.0, 6.6))
    c, light = NEURON_COLOURS, LIGHT
    # --- the biological neuron, y from 3.6 to 8
    soma = (3.2, 5.7)
    tips = [(0.7, 7.1), (0.5, 5.7), (0.7, 4.3)]  # where the three dendrites receive a synapse
    strengths = (0.2, 0.11, 0.15)  # radii of the synaptic knobs: some synapses are stronger
    for (tx, ty), strength in zip(tips, strengths, strict=True):
        up = np.sign(ty - soma[1]) or 1.0  # twigs point away from the middle dendrite
        start, bend = (soma[0] - 0.6, soma[1] + 0.25 * (ty - soma[1])), (1.9, soma[1] + 0.6 *
                                                                         (ty - soma[1]))
        ax.plot([start[0], bend[0], tx + strength], [start[1], bend[1], ty], color=c["inputs"],
                linewidth=3, solid_capstyle="round", solid_joinstyle="round", zorder=3)
        for t, length in ((0.45, 0.45), (0.0, 0.35)):  # two twigs per dendrite
            x0, y0 = bend[0] + t * (tx - bend[0]), bend[1] + t * (ty - bend[1])
            ax.plot([x0, x0 - 0.3 * length / 0.45], [y0, y0 + up * length], color=c["inputs"],
                    linewidth=1.6, solid_capstyle="round", zorder=3)
        ax.plot([tx - 0.55, tx - strength], [ty, ty], color=EDGE, linewidth=1.2, zorder=3)
        ax.add_patch(Circle((tx, ty), strength, facecolor=c["weights"], edgecolor=EDGE,
                            linewidth=1, zorder=4))  # the other cell's axon ends in a knob
    ax.add_patch(Ellipse(soma, 1.3, 1.15, facecolor=light["sum"], edgecolor=c["sum"],
                         linewidth=1.8, zorder=5))
    ax.add_patch(Circle(soma, 0.2, facecolor=c["sum"], alpha=0.6, zorder=6))  # the nucleus
    ax.plot([soma[0] + 0.65, 8.0], [soma[1]] * 2, color=c["activation"], linewidth=3, zorder=3)
    for x0 in (4.3, 5.5, 6.7):  # myelin sheath around the axon
        ax.add_patch(FancyBboxPatch((x0, soma[1] - 0.16), 0.9, 0.32,
                                    boxstyle="round,pad=0,rounding_size=0.14",
                                    facecolor=light["activation"], edgecolor=c["activation"],
                                    linewidth=1.2, zorder=4))
    for dy in (0.5, 0.0, -0.5):  # axon terminals, towards the next cells
        ax.plot([8.0, 8.6], [soma[1], soma[1] + dy], color=c["activation"], linewidth=1.8,
                solid_capstyle="round", zorder=3)
        ax.add_patch(Circle((8.65, soma[1] + dy), 0.09, facecolor=c["activation"], zorder=4))
    parts = [(2.0, 7.75, "dendrites", "collect the signals", "inputs", "center"),
             (-0.1, 3.95, "synapses", "some stronger than others", "weights", "left"),
             (3.2, 6.75, "cell body", "adds them up", "sum", "center"),
             (6.1, 6.15, "axon", "fires above a threshold", "activation", "center")]
    for x, y, name, what, part, align in parts:
        ax.text(x, y, name, ha=align, va="bottom", fontsize=FONT + 1, fontweight="bold",
                color=c[part])
        ax.text(x, y - 0.02, what, ha=align, va="top", fontsize=FONT - 1, color="0.3")
    ax.text(9.0, soma[1], "to the\nnext cells", ha="left", va="center", fontsize=FONT - 1,
            color="0.3")
    # --- the artificial neuron, y from 0 to 2.6
    centre = (3.2, 1.3)
    inputs = [_circle(ax, 0.5, y, 0.32, f"$x_{i}$", c["inputs"], light["inputs"])
              for i, y in enumerate((2.4, 1.3, 0.2), start=1)]
    total = _circle(ax, *centre, 0.45, r"$\Sigma$", c["sum"], light["sum"], fontsize=FONT + 4)
    for i, node in enumerate(inputs, start=1):
        _link(ax, node, total, c["weights"], width=1.8)
        (x0, y0), (x1, y1) = node.center, centre
        t = 0.45  # the weight's label a little before the middle of its arrow
        ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0) + 0.17, f"$w_{i}$", ha="center",
                va="bottom", fontsize=FONT + 1, color=c["weights"])
    ax.add_patch(FancyArrowPatch((centre[0], -0.3), (centre[0], centre[1] - 0.45),
                                 arrowstyle="-|>", mutation_scale=14, color=c["sum"],
                                 linewidth=1.4, zorder=4))
    ax.text(centre[0] + 0.12, -0.2, r"$+\,b$", ha="left", va="center", fontsize=FONT + 1,
            color=c["sum"])
    g = _box(ax, 6.1, centre[1], 0.9, 0.7, "$g$", c["activation"], light["activation"],
             fontsize=FONT + 3)
    _link(ax, total, g, EDGE)
    out = _circle(ax, 8.3, centre[1], 0.32, "$a$", c["activation"], light["activation"])
    _link(ax, g, out, EDGE)
    ax.text(9.0, centre[1], "to the\nnext layer", ha="left", va="center", fontsize=FONT - 1,
            color="0.3")
    formulas = [(0.5, -0.15, "inputs $x_i$", "inputs", "center", "top"),
                (1.55, 0.2, "weights $w_i$", "weights", "left", "top"),
                (centre[0] - 0.2, 1.95, r"$z = \sum_i w_i x_i + b$", "sum", "left", "bottom"),
                (6.1, 1.8, "$a = g(z)$", "activation", "center", "bottom")]
    for x, y, text, part, align, valign in formulas:
        ax.text(x, y, text, ha=align, va=valign, fontsize=FONT + 1, color=c[part])
    ax.text(4.65, centre[1] - 0.15, "weighted\nsum z", ha="center", va="top", fontsize=FONT - 1,
            color="0.3")
    ax.text(7.2, centre[1] - 0.15, "activation", ha="center", va="top", fontsize=FONT - 1,
            color="0.3")
    for y, name in ((8.3, "biological neuron"), (3.05, "artificial neuron")):
        ax.text(-0.6, y, name, ha="left", va="center", fontsize=FONT + 1, style="italic",
                color="0.3")
    ax.plot([-0.6, 9.9], [3.3] * 2, color="0.8", linewidth=0.8)
    _finish(ax, "The neuron and its model: matching parts in one colour")
    ax.set_xlim(-0.7, 10.0)
    ax.set_ylim(-0.6, 8.5)
    return fig


LAYER_COLOURS = ("#1f78b4", "#6a3d9a")  # the connections of W[1] and of W[2]


def draw_network(ax: Axes | None = None):
    r"""Chapter 02's 2-4-1 network: neurons, connections and the names of seed 001.

    Rows of X are examples, so each layer computes :math:`z^{[l]} = a^{[l-1]} W^{[l]} +
    b^{[l]}` and :math:`a^{[l]} = \sigma(z^{[l]})`, with :math:`a^{[0]} = X` and
    :math:`a^{[2]} = \hat y` (as ``dlcourse.nn.mlp``).

    Returns
    -------
    Figure
        7 neurons (2 inputs, 4 hidden, 1 output) and 12 connections; labels
        "$W^{[1]}$: 2 × 4", "$b^{[1]}$: 4", "$W^{[2]}$: 4 × 1", "$b^{[2]}$: 1" in
        the colour of their connections, and under each layer its quantities and
        their shapes (N examples).
    """
    fig, ax = figure_and_axes(ax, figsize=(7.6, 5.0))
    sizes, xs, gap = (2, 4, 1), (0.0, 4.0, 8.0), 1.15
    c, light = NEURON_COLOURS, LIGHT
    names = ([f"$x_{i + 1}$" for i in range(2)], [r"$\sigma$"] * 4, [r"$\sigma$"])
    fills = (light["inputs"], light["sum"], light["activation"])
    edges = (c["inputs"], c["sum"], c["activation"])
    layers = []
    for x, n, labels, fill, edge in zip(xs, sizes, names, fills, edges, strict=True):
        ys = [(n - 1) / 2 * gap - i * gap for i in range(n)]
        layers.append([_circle(ax, x, y, 0.36, label, edge, fill) for y, label in
                       zip(ys, labels, strict=True)])
    for layer, (left, right) in enumerate(zip(layers, layers[1:]), start=1):
        for a in left:
            for b in right:
                _link(ax, a, b, LAYER_COLOURS[layer - 1], style="-", width=1.1)
        n_in, n_out = len(left), len(right)
        x = (xs[layer - 1] + xs[layer]) / 2
        ax.text(x, 1.95, f"$W^{{[{layer}]}}$: {n_in} × {n_out},  $b^{{[{layer}]}}$: {n_out}",
                ha="center", va="bottom", fontsize=FONT + 1, color=LAYER_COLOURS[layer - 1])
        ax.text(x, 1.9, f"{n_in * n_out} weights + {n_out} bias{'es' if n_out > 1 else ''}",
                ha="center", va="top", fontsize=FONT - 1, color="0.3")
    captions = [(r"$a^{[0]} = X$", "(N, 2)", "input"),
                ("$z^{[1]} = a^{[0]}W^{[1]} + b^{[1]}$\n" r"$a^{[1]} = \sigma(z^{[1]})$", "(N, 4)",
                 "hidden layer"),
                ("$z^{[2]} = a^{[1]}W^{[2]} + b^{[2]}$\n" r"$\hat y = a^{[2]} = \sigma(z^{[2]})$",
                 "(N, 1)", "output layer")]
    for x, (formula, shape, name), edge in zip(xs, captions, edges, strict=True):
        ax.text(x, 2.65, name, ha="center", va="bottom", fontsize=FONT + 1, fontweight="bold",
                color=edge)
        ax.text(x, -2.75, formula, ha="center", va="top", fontsize=FONT + 1, color=EDGE,
                linespacing=1.6)
        ax.text(x, -3.85, f"each {shape}", ha="center", va="top", fontsize=FONT - 1,
                color="0.3")
    _finish(ax, "The 2-4-1 network (one row of X per example)")
    ax.set_xlim(-1.6, 9.6)
    ax.set_ylim(-4.3, 3.4)
    return fig


BACKWARD = "#e31a1c"  # red: the backward pass


def draw_backprop_graph(ax: Axes | None = None):
    r"""The computational graph of one forward and one backward pass of the 2-4-1 network.

    Forward (grey): :math:`z^{[1]} = a^{[0]}W^{[1]} + b^{[1]}`, :math:`a^{[1]} = \sigma(z^{[1]})`,
    :math:`z^{[2]} = a^{[1]}W^{[2]} + b^{[2]}`, :math:`a^{[2]} = \sigma(z^{[2]})`,
    :math:`L = \mathrm{BCE}(a^{[2]}, y)` averaged over N examples. Backward (red): each
    arrow is labelled with the gradient it carries, as in ``dlcourse.nn.mlp``, with
    :math:`\delta^{[l]} = \partial L/\partial z^{[l]}`; for sigmoid and BCE together
    :math:`\delta^{[2]} = (a^{[2]} - y)/N`.

    Returns
    -------
    Figure
        Nodes "$X$" (with "$= a^{[0]}$" under it), "$z^{[1]}$", "$a^{[1]}$", "$z^{[2]}$",
        "$a^{[2]}$", "$L$", "$W^{[1]}$", "$b^{[1]}$", "$W^{[2]}$", "$b^{[2]}$", "$y$"; 10
        forward and 7 backward arrows; one label per backward arrow (its gradient).
    """
    fig, ax = figure_and_axes(ax, figsize=(10.0, 5.2))
    c, light = NEURON_COLOURS, LIGHT
    r, top = 0.45, 2.5  # radius of a node; height of the parameter row
    chain = {"X": (0.0, "$X$", "inputs"), "z1": (3.0, "$z^{[1]}$", "sum"),
             "a1": (5.5, "$a^{[1]}$", "activation"), "z2": (8.5, "$z^{[2]}$", "sum"),
             "a2": (11.0, "$a^{[2]}$", "activation"), "L": (13.5, "$L$", "weights")}
    nodes = {name: _circle(ax, x, 0.0, r, label, c[part], light[part], fontsize=FONT + 2)
             for name, (x, label, part) in chain.items()}
    ax.text(0.0, -r - 0.12, "$= a^{[0]}$", ha="center", va="top", fontsize=FONT + 1, color=EDGE)
    params = {"W1": (2.2, "$W^{[1]}$"), "b1": (3.8, "$b^{[1]}$"), "W2": (7.7, "$W^{[2]}$"),
              "b2": (9.3, "$b^{[2]}$"), "y": (13.5, "$y$")}
    for name, (x, label) in params.items():
        part = "inputs" if name == "y" else "weights"
        nodes[name] = _box(ax, x, top, 0.9, 0.7, label, c[part], light[part], fontsize=FONT + 2)
    forward = [("X", "z1"), ("W1", "z1"), ("b1", "z1"), ("z1", "a1"), ("a1", "z2"),
               ("W2", "z2"), ("b2", "z2"), ("z2", "a2"), ("a2", "L"), ("y", "L")]
    for a, b in forward:
        _link(ax, nodes[a], nodes[b])
    for (a, b), label in {("z1", "a1"): r"$\sigma$", ("z2", "a2"): r"$\sigma$",
                          ("a2", "L"): "BCE"}.items():
        ax.text((chain[a][0] + chain[b][0]) / 2, 0.12, label, ha="center", va="bottom",
                fontsize=FONT, color=ARROW)
    # backward: along the chain below it, and up to each parameter
    along = [("L", "z2", r"$\delta^{[2]} = (a^{[2]} - y)\,/\,N$" "\n" "(sigmoid + BCE together)"),
             ("z2", "a1", r"$\partial L/\partial a^{[1]} = \delta^{[2]}\, W^{[2]\top}$"),
             ("a1", "z1", r"$\delta^{[1]} = \partial L/\partial a^{[1]} \odot \sigma'(z^{[1]})$"
                          "\n" r"$\sigma'(z^{[1]}) = a^{[1]}(1 - a^{[1]})$")]
    for a, b, label in along:
        _link(ax, nodes[a], nodes[b], BACKWARD, rad=-0.45 if a == "L" else -0.5)
        depth = 1.55 if a == "L" else 1.0
        ax.text((chain[a][0] + chain[b][0]) / 2, -depth, label, ha="center", va="top",
                fontsize=FONT, color=BACKWARD, linespacing=1.5)
    up = {"W1": r"$\partial L/\partial W^{[1]}$" "\n" r"$= a^{[0]\top} \delta^{[1]}$",
          "b1": r"$\partial L/\partial b^{[1]}$" "\n" r"$= \sum_n \delta^{[1]}_n$",
          "W2": r"$\partial L/\partial W^{[2]}$" "\n" r"$= a^{[1]\top} \delta^{[2]}$",
          "b2": r"$\partial L/\partial b^{[2]}$" "\n" r"$= \sum_n \delta^{[2]}_n$"}
    for name, label in up.items():
        z = "z1" if name.endswith("1") else "z2"
        _link(ax, nodes[z], nodes[name], BACKWARD, rad=-0.35 if name[0] == "W" else 0.35)
        ax.text(params[name][0], top + 0.5, label, ha="center", va="bottom", fontsize=FONT,
                color=BACKWARD, linespacing=1.4)
    ax.text(-0.6, -2.75, "grey: forward pass, left to right;  red: backward pass, right to left, "
            r"each arrow labelled with the gradient it carries ($\delta^{[l]} = "
            r"\partial L/\partial z^{[l]}$);" "\n" r"the backward pass reuses $a^{[0]}$, "
            r"$a^{[1]}$, $a^{[2]}$ saved by the forward pass (the cache)", ha="left",
            va="top", fontsize=FONT - 1, color="0.3", style="italic", linespacing=1.5)
    _finish(ax, "One forward and one backward pass through the 2-4-1 network")
    ax.set_xlim(-0.9, 14.3)
    ax.set_ylim(-3.6, 4.4)
    return fig


# ---------------------------------------------------------------- chapter 06
MAX_STEPS = 6  # the unrolled chain is drawn for at most this many steps


def draw_unrolled_rnn(steps: int = 4, ax: Axes | None = None):
    r"""The recurrent cell folded (with its self-loop) and unrolled over ``steps`` time steps.

    Each step computes :math:`h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})`
    (``dlcourse.nn.rnn.RNN``) and reads out :math:`\hat y_t` from :math:`h_t`; the same
    :math:`W_{ih}` and :math:`W_{hh}` label every step: one set of weights, shared.

    Returns
    -------
    Figure
        The folded cell "$h_t$" fed by "$x_t$", then "=", then "$h_0$" and ``steps``
        cells "$h_1$" .. "$h_T$", each fed by "$x_t$" and read out to "$\hat y_t$";
        one "$W_{ih}$" label per step (plus the folded one) and one "$W_{hh}$" label
        per step (plus the folded one).
    """
    steps = positive_int(steps, "steps")
    if steps > MAX_STEPS:
        raise ValueError(f"steps == {steps}: the diagram draws at most {MAX_STEPS} steps.")
    fig, ax = figure_and_axes(ax, figsize=(3.2 + 2.0 * steps, 4.2))
    c, light = NEURON_COLOURS, LIGHT
    w, h, gap = 1.0, 0.7, 2.0

    def column(x, t):  # x_t -> h_t -> ŷ_t at x; returns the cell
        x_in = _circle(ax, x, -1.6, 0.34, f"$x_{{{t}}}$", c["inputs"], light["inputs"])
        cell = _box(ax, x, 0.0, w, h, f"$h_{{{t}}}$", c["sum"], light["sum"])
        out = _circle(ax, x, 1.6, 0.34, rf"$\hat y_{{{t}}}$", c["activation"],
                      light["activation"])
        _link(ax, x_in, cell, c["weights"])
        _link(ax, cell, out)
        ax.text(x + 0.1, -0.9, "$W_{ih}$", ha="left", va="center", fontsize=FONT,
                color=c["weights"])
        return cell

    column(0.0, "t")
    loop = FancyArrowPatch((w / 2, 0.25), (w / 2, -0.25), connectionstyle="arc3,rad=-1.7",
                           arrowstyle="-|>", mutation_scale=14, color=LAYER_COLOURS[1],
                           linewidth=1.4, zorder=4)
    ax.add_patch(loop)
    ax.text(w / 2 + 0.5, 0.0, "$W_{hh}$", ha="left", va="center", fontsize=FONT,
            color=LAYER_COLOURS[1])
    ax.text(2.0, 0.0, "=", ha="center", va="center", fontsize=FONT + 8, color=EDGE)
    previous = _circle(ax, 3.0, 0.0, 0.34, "$h_0$", c["sum"], "white")
    for t in range(1, steps + 1):
        x = 3.0 + gap * t - 0.4
        cell = column(x, t if t < steps or steps == 1 else "T")
        _link(ax, previous, cell, LAYER_COLOURS[1])
        ax.text(x - gap / 2 + 0.05, 0.12, "$W_{hh}$", ha="center", va="bottom", fontsize=FONT,
                color=LAYER_COLOURS[1])
        previous = cell
    ax.text(3.0, -2.45, r"$h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})$:"
            " the same $W_{ih}$, $W_{hh}$ at every step", ha="left", va="top", fontsize=FONT,
            color="0.3", style="italic")
    _finish(ax, "A recurrent cell, folded and unrolled over time (shared weights)")
    ax.set_xlim(-0.8, 3.0 + gap * steps + 0.6)
    ax.set_ylim(-3.0, 2.2)
    return fig


def draw_lstm_cell(ax: Axes | None = None):
    r"""One LSTM step with torch's gates (``dlcourse.nn.rnn.LSTMCell``).

    :math:`i, f, o = \sigma(\cdot)`, :math:`g = \tanh(\cdot)`, each of
    :math:`W_{i\ast} x_t + b_{i\ast} + W_{h\ast} h_{t-1} + b_{h\ast}`;
    :math:`c_t = f \odot c_{t-1} + i \odot g` along the top,
    :math:`h_t = o \odot \tanh(c_t)`. The four gates are the four row blocks
    (i, f, g, o) of ``weight_ih`` and ``weight_hh``.

    Returns
    -------
    Figure
        Nodes "$c_{t-1}$", "$c_t$", "$h_{t-1}$, $x_t$" (one input box), "$h_t$";
        gate boxes "$\sigma$", "$\sigma$", "$\tanh$", "$\sigma$" named "$i$", "$f$",
        "$g$", "$o$"; three "$\odot$" and one "$+$" nodes; a caption naming the blocks.
    """
    fig, ax = figure_and_axes(ax, figsize=(8.4, 5.4))
    c, light = NEURON_COLOURS, LIGHT
    top, gy, r = 2.2, -0.4, 0.28
    c_in = _circle(ax, -0.6, top, 0.42, "$c_{t-1}$", c["sum"], "white")
    forget = _circle(ax, 1.6, top, r, r"$\odot$", EDGE, "white")
    add = _circle(ax, 3.8, top, r, "$+$", EDGE, "white")
    c_out = _circle(ax, 7.6, top, 0.42, "$c_t$", c["sum"], "white")
    for a, b in ((c_in, forget), (forget, add), (add, c_out)):
        _link(ax, a, b, c["sum"], width=2.2)
    bus = _box(ax, 3.5, -2.3, 2.2, 0.7, "$[h_{t-1}, x_t]$", c["inputs"], light["inputs"])
    gates = {}
    for x, name, label in ((1.6, "f", r"$\sigma$"), (3.0, "i", r"$\sigma$"),
                           (4.2, "g", r"$\tanh$"), (5.4, "o", r"$\sigma$")):
        gates[name] = _box(ax, x, gy, 0.8, 0.6, label, c["weights"], light["weights"])
        ax.text(x - 0.48, gy + 0.32, f"${name}$", ha="right", va="bottom",
                fontsize=FONT + 2, color=c["weights"], fontweight="bold")
        _link(ax, bus, gates[name], c["inputs"])
    _link(ax, gates["f"], forget, c["weights"])
    ig = _circle(ax, 3.6, 0.9, r, r"$\odot$", EDGE, "white")
    _link(ax, gates["i"], ig, c["weights"])
    _link(ax, gates["g"], ig, c["weights"])
    _link(ax, ig, add, c["weights"])
    squash = _box(ax, 6.6, 1.05, 0.9, 0.5, r"$\tanh$", c["activation"], light["activation"])
    _link(ax, add, squash, c["sum"])
    out = _circle(ax, 6.6, -0.4, r, r"$\odot$", EDGE, "white")
    _link(ax, squash, out, c["activation"])
    _link(ax, gates["o"], out, c["weights"])
    h_out = _circle(ax, 8.0, -0.4, 0.42, "$h_t$", c["activation"], light["activation"])
    _link(ax, out, h_out, c["activation"])
    ax.text(2.7, top + 0.25, r"$c_t = f \odot c_{t-1} + i \odot g$", ha="center",
            va="bottom", fontsize=FONT + 1, color=c["sum"])
    ax.text(7.4, -0.95, r"$h_t = o \odot \tanh(c_t)$", ha="center", va="top",
            fontsize=FONT + 1, color=c["activation"])
    ax.text(-1.0, -3.05, "the four gates are the four row blocks of torch's weight_ih "
            "(and weight_hh), in this order:\n"
            r"$W_{ii}, W_{if}, W_{ig}, W_{io}$ (4 × hidden_size rows): seed 001's '4 layers'",
            ha="left", va="top", fontsize=FONT, color="0.3", style="italic", linespacing=1.5)
    _finish(ax, "An LSTM cell: gates i, f, g, o and the cell state c along the top")
    ax.set_xlim(-1.2, 8.8)
    ax.set_ylim(-4.0, 3.1)
    return fig


def draw_gru_cell(ax: Axes | None = None):
    r"""One GRU step with torch's gates (``dlcourse.nn.rnn.GRUCell``).

    :math:`r, z = \sigma(\cdot)`,
    :math:`n = \tanh(W_{in} x_t + b_{in} + r \odot (W_{hn} h_{t-1} + b_{hn}))`,
    :math:`h_t = (1 - z) \odot n + z \odot h_{t-1}`: the reset gate multiplies
    :math:`W_{hn} h_{t-1} + b_{hn}`, as torch does, and there is no memory cell.

    Returns
    -------
    Figure
        Nodes "$h_{t-1}$", "$h_t$", "$[h_{t-1}, x_t]$", "$W_{hn} h_{t-1} + b_{hn}$",
        "$1 - z$"; gate boxes "$\sigma$", "$\tanh$", "$\sigma$" named "$r$", "$n$",
        "$z$"; three "$\odot$" and one "$+$" nodes; both equations as text.
    """
    fig, ax = figure_and_axes(ax, figsize=(8.4, 5.6))
    c, light = NEURON_COLOURS, LIGHT
    top, gy, r = 2.2, -0.4, 0.28
    h_in = _circle(ax, -0.6, top, 0.42, "$h_{t-1}$", c["sum"], "white")
    keep = _circle(ax, 4.6, top, r, r"$\odot$", EDGE, "white")
    add = _circle(ax, 6.4, top, r, "$+$", EDGE, "white")
    h_out = _circle(ax, 7.9, top, 0.42, "$h_t$", c["activation"], light["activation"])
    for a, b in ((h_in, keep), (keep, add), (add, h_out)):
        _link(ax, a, b, c["sum"], width=2.2)
    bus = _box(ax, 3.2, -2.3, 2.2, 0.7, "$[h_{t-1}, x_t]$", c["inputs"], light["inputs"])
    gates = {}
    for x, name, label in ((0.8, "r", r"$\sigma$"), (3.2, "n", r"$\tanh$"),
                           (5.6, "z", r"$\sigma$")):
        gates[name] = _box(ax, x, gy, 0.8, 0.6, label, c["weights"], light["weights"])
        ax.text(x - 0.48, gy + 0.32, f"${name}$", ha="right", va="bottom",
                fontsize=FONT + 2, color=c["weights"], fontweight="bold")
        _link(ax, bus, gates[name], c["inputs"])
    recur = _box(ax, 0.8, 1.0, 1.9, 0.5, "$W_{hn} h_{t-1} + b_{hn}$", c["sum"], light["sum"],
                 fontsize=FONT)
    _link(ax, h_in, recur, c["sum"])
    reset = _circle(ax, 2.3, 1.0, r, r"$\odot$", EDGE, "white")
    _link(ax, recur, reset, c["sum"])
    _link(ax, gates["r"], reset, c["weights"])
    _link(ax, reset, gates["n"], c["weights"])
    _link(ax, gates["z"], keep, c["weights"])
    flip = _box(ax, 7.0, 0.4, 0.8, 0.5, "$1 - z$", c["weights"], light["weights"],
                fontsize=FONT)
    _link(ax, gates["z"], flip, c["weights"])
    mix = _circle(ax, 5.9, 1.15, r, r"$\odot$", EDGE, "white")
    _link(ax, gates["n"], mix, c["weights"])
    _link(ax, flip, mix, c["weights"])
    _link(ax, mix, add, c["weights"])
    ax.text(-1.0, -3.0, r"$n = \tanh(W_{in} x_t + b_{in} + r \odot (W_{hn} h_{t-1} + b_{hn}))$"
            "\n" r"$h_t = (1 - z) \odot n + z \odot h_{t-1}$", ha="left", va="top",
            fontsize=FONT + 1, color=EDGE, linespacing=1.6)
    ax.text(-1.0, -4.0, "no separate memory cell: h is the only state; the row blocks of "
            "weight_ih are (r, z, n)", ha="left", va="top", fontsize=FONT, color="0.3",
            style="italic")
    _finish(ax, "A GRU cell: reset r, update z and candidate n")
    ax.set_xlim(-1.2, 8.8)
    ax.set_ylim(-4.5, 3.1)
    return fig


# ---------------------------------------------------------------- chapters 08 and 09
SEQ2SEQ_TEXT, SEQ2SEQ_OUT = "5/3/79", "1979"  # the written date and the first outputs drawn
SEQ2SEQ_WEIGHTS = (0.02, 0.02, 0.03, 0.03, 0.8, 0.1)  # an example α_3j: output "7" reads "7"
FIXED = "#ff7f00"  # orange: the fixed vector and everything it feeds
ATTENDED = "#e31a1c"  # red: attention's weights and context


def draw_encoder_decoder(attention: bool = False, ax: Axes | None = None):
    r"""Seed 000's encoder–decoder on "5/3/79" → "1979-05-03", without or with attention.

    The encoder (``dlcourse.models.seq2seq.DateTranslator``'s bidirectional GRU) turns the
    characters :math:`x_1 \dots x_6` into states :math:`h_1 \dots h_6`; the decoder's states
    :math:`s_t` write the outputs :math:`y_t` one character a step. Without attention every
    step reads the same fixed vector c, the encoder's final states: the whole input squeezed
    into H numbers. With attention, step t reads its own context
    :math:`c_t = \sum_j \alpha_{tj} h_j`, weights over every encoder state computed from
    :math:`s_{t-1}` (drawn for step 3, which writes "7" and reads mostly the input's "7").

    Returns
    -------
    Figure
        Labels "$x_j$"-row characters, "$h_1$" .. "$h_6$", "$s_1$" .. "$s_4$", the outputs;
        without attention a box "fixed vector c"; with it the circles "$c_1$" .. "$c_4$" and
        one line from each "$h_j$" to "$c_3$" of width proportional to its weight.
    """
    if not isinstance(attention, bool):
        raise TypeError(f"attention must be True or False, got {attention!r}.")
    fig, ax = figure_and_axes(ax, figsize=(9.0, 5.2))
    c, light = NEURON_COLOURS, LIGHT
    states = []
    for j, ch in enumerate(SEQ2SEQ_TEXT):
        x = 1.1 * j
        x_in = _circle(ax, x, -1.5, 0.34, ch, c["inputs"], light["inputs"])
        h = _box(ax, x, 0.0, 0.8, 0.6, f"$h_{{{j + 1}}}$", c["inputs"], light["inputs"])
        _link(ax, x_in, h, c["inputs"])
        if states:
            _link(ax, states[-1], h, c["inputs"], style="<|-|>")
        states.append(h)
    ax.text(-0.6, 0.0, "encoder (BiGRU):\nreads both ways", ha="right", va="center",
            fontsize=FONT, color=c["inputs"])
    decoder, previous = [], None
    for t, ch in enumerate(SEQ2SEQ_OUT):
        x = 4.6 + 1.5 * t
        s = _box(ax, x, 3.0, 0.8, 0.6, f"$s_{{{t + 1}}}$", c["sum"], light["sum"])
        y = _circle(ax, x, 4.4, 0.34, ch, c["activation"], light["activation"])
        _link(ax, s, y, c["activation"])
        if previous is not None:
            _link(ax, previous, s, c["sum"])
        decoder.append(s)
        previous = s
    ax.text(4.6 + 1.5 * len(SEQ2SEQ_OUT) - 0.7, 3.0, "…", ha="left", va="center",
            fontsize=FONT + 6, color=EDGE)
    ax.text(4.0, 3.0, "decoder (GRU cell):\none character a step", ha="right", va="center",
            fontsize=FONT, color=c["sum"])
    if not attention:
        fixed = _box(ax, 7.6, 1.3, 2.4, 0.7, "fixed vector c\n(H numbers)", FIXED, "#fee0c0",
                     fontsize=FONT)
        _link(ax, states[-1], fixed, FIXED, width=2.2)
        _link(ax, states[0], fixed, FIXED, rad=0.25, width=2.2)
        for s in decoder:
            _link(ax, fixed, s, FIXED)
        ax.text(-2.6, -2.4, "every step reads the same c: the whole input squeezed into one "
                "vector, however long it is", ha="left", va="top", fontsize=FONT, color="0.3",
                style="italic")
        title = "Encoder–decoder: one fixed-length vector between them (seed 000)"
    else:
        for t, s in enumerate(decoder):
            shown = t == 2
            ctx = _circle(ax, s.get_x() + 0.4 - 0.55, 1.9, 0.3, f"$c_{{{t + 1}}}$",
                          ATTENDED if shown else "0.6", "#fcd5d5" if shown else "white",
                          fontsize=FONT)
            _link(ax, ctx, s, ATTENDED if shown else "0.6")
            if shown:
                for h, weight in zip(states, SEQ2SEQ_WEIGHTS):
                    _link(ax, h, ctx, ATTENDED, style="-", width=0.3 + 6 * weight)
                _link(ax, decoder[1], ctx, c["sum"], linestyle="--", rad=0.3)
                ax.text(ctx.center[0] - 1.5, ctx.center[1] - 0.45, r"$\alpha_{3j}$",
                        ha="right", va="center", fontsize=FONT + 1, color=ATTENDED)
        ax.text(-2.6, -2.4, r"step t reads its own context $c_t = \sum_j \alpha_{tj} h_j$, "
                r"$\alpha_{t\cdot} = \mathrm{softmax}_j\,\mathrm{score}(s_{t-1}, h_j)$; "
                "drawn for step 3 (line width = weight)", ha="left", va="top", fontsize=FONT,
                color="0.3", style="italic")
        title = "Encoder–decoder with attention: each step weighs every encoder state"
    _finish(ax, title)
    ax.set_xlim(-2.8, 10.6)
    ax.set_ylim(-3.0, 5.0)
    return fig


# ---------------------------------------------------------------- chapter 07
LOOKUP_WORDS = ("the", "of", "prince", "war", "peace", "night")  # the rows of the lookup's W
LOOKUP_W = np.array([[0.2, -0.4, 0.1], [0.5, 0.3, -0.2], [0.7, -0.1, 0.6],
                     [-0.3, 0.8, 0.2], [0.1, 0.4, -0.5], [-0.6, 0.2, 0.3]])  # (V, d) = (6, 3)
PICKED = "#fdb863"  # orange: the 1 of the one-hot row, the row of W it picks and the result
CONTEXT, CENTRE, NOISE = NEURON_COLOURS["activation"], NEURON_COLOURS["sum"], BACKWARD
MAX_NEGATIVES = 10
SHOWN_AROUND = 3  # words shown beyond the window on each side of the centre


def _cells(ax: Axes, x: float, y: float, values, cell: float, fill=None) -> None:
    """A matrix of cells (rows, cols) with lower-left corner (x, y); ``fill[r][c]`` colours."""
    values = np.atleast_2d(values)
    rows, cols = values.shape
    for (r, c), v in np.ndenumerate(values):
        colour = "white" if fill is None or fill[r][c] is None else fill[r][c]
        ax.add_patch(Rectangle((x + c * cell, y + (rows - 1 - r) * cell), cell, cell,
                               facecolor=colour, edgecolor=EDGE, linewidth=0.8, zorder=2))
        ax.text(x + (c + 0.5) * cell, y + (rows - 0.5 - r) * cell, f"{v:g}", ha="center",
                va="center", fontsize=FONT - 1, zorder=3)


def draw_one_hot_lookup(word_id: int = 2, ax: Axes | None = None):
    r"""A one-hot row times the embedding matrix W picks one row of W: the lookup.

    :math:`\mathrm{onehot}(i)\, W = W_i` (``dlcourse.nn.embedding.one_hot``): with V = 6
    words and d = 3, the 1 at position ``word_id`` meets row ``word_id`` of W in every
    column, the zeros wipe out every other row. ``nn.Embedding`` (and
    ``dlcourse.nn.embedding.Embedding``) reads the row without the V × d products.

    Returns
    -------
    Figure
        The one-hot values ("0" and one "1"), W's 18 values with the words of its rows
        (:data:`LOOKUP_WORDS`), the result's 3 values (computed as one_hot @ W), the
        labels "one_hot(i): 1 × V", "W: V × d", "W[i]: 1 × d", and the signs "×" and "=".
        The 1, the picked row and the result are filled with :data:`PICKED`.
    """
    V, d = LOOKUP_W.shape
    word_id = int_in_range(word_id, "word_id", 0, V - 1, f" (a row of W, which has {V})")
    x = one_hot([word_id], V)  # (1, V)
    result = x @ LOOKUP_W  # (1, V) @ (V, d) -> (1, d): W[word_id]
    fig, ax = figure_and_axes(ax, figsize=(9.0, 4.0))
    cell = 0.55
    y_row = (V - 1) / 2 * cell  # the one-hot row and the result sit level with W's middle
    _cells(ax, 0.0, y_row, x, cell, [[PICKED if v else None for v in x[0]]])
    for i in range(V):  # each position of the one-hot row is a word of the vocabulary
        ax.text((i + 0.5) * cell, y_row + cell + 0.08, LOOKUP_WORDS[i], ha="left",
                va="bottom", rotation=45, fontsize=FONT - 1, color="0.35")
    ax.text(V * cell + 0.45, y_row + cell / 2, "×", ha="center", va="center",
            fontsize=FONT + 8, color=EDGE)
    wx = V * cell + 1.9
    _cells(ax, wx, 0.0, LOOKUP_W, cell, [[PICKED if r == word_id else None] * d
                                         for r in range(V)])
    for r in range(V):
        ax.text(wx - 0.1, (V - 0.5 - r) * cell, LOOKUP_WORDS[r], ha="right", va="center",
                fontsize=FONT - 1, color=EDGE, fontweight="bold" if r == word_id else "normal")
    _window(ax, wx, (V - 1 - word_id) * cell, 1, d, cell, colour=NEURON_COLOURS["weights"])
    ax.text(wx + d * cell + 0.45, y_row + cell / 2, "=", ha="center", va="center",
            fontsize=FONT + 8, color=EDGE)
    rx = wx + d * cell + 0.9
    _cells(ax, rx, y_row, result, cell, [[PICKED] * d])
    ax.add_patch(FancyArrowPatch(((word_id + 0.5) * cell, y_row - 0.05),
                                 (wx - 0.95, (V - 0.5 - word_id) * cell),
                                 connectionstyle="arc3,rad=0.4", arrowstyle="-|>",
                                 mutation_scale=14, color=NEURON_COLOURS["weights"],
                                 linewidth=1.4, zorder=4))
    below = -0.35
    ax.text(V * cell / 2, y_row - 0.25 - (0.5 if word_id < V / 2 else 0.0),
            f"one_hot({word_id}): 1 × V", ha="center", va="top", fontsize=FONT)
    ax.text(wx + d * cell / 2, below, "W: V × d", ha="center", va="top", fontsize=FONT)
    ax.text(rx + d * cell / 2, y_row - 0.25, f"W[{word_id}]: 1 × d", ha="center", va="top",
            fontsize=FONT)
    ax.text(0.0, below - 0.6, f"the 1 in position {word_id} picks row {word_id} of W "
            f"(“{LOOKUP_WORDS[word_id]}”); the zeros wipe out the others. An embedding layer "
            f"reads the row\ndirectly: no V × d products, and the ids can come from anywhere "
            f"in a network, not only its input", ha="left", va="top", fontsize=FONT,
            color="0.3", style="italic", linespacing=1.5)
    _finish(ax, f"One-hot × W = a row of W (V = {V} words, d = {d})")
    ax.set_xlim(-0.3, rx + d * cell + 0.3)
    ax.set_ylim(below - 1.6, V * cell + 0.9)
    return fig


def draw_skipgram_pairs(sentence_tokens, centre_index: int, window: int, negatives,
                        ax: Axes | None = None):
    """Skip-gram's training pairs for one centre word of a sentence, and its negatives.

    The words within ``window`` of the centre make positive pairs (centre, context),
    label 1; each of the ``negatives`` (words drawn from the noise distribution, e.g.
    unigram^0.75) makes a pair (centre, noise), label 0. Training pushes
    σ(u_context · v_centre) towards the labels. Words more than ``window`` + 3 away from
    the centre are left out (shown as "…").

    Parameters
    ----------
    sentence_tokens : list of str
        The sentence's words (``dlcourse.data.books.tokenize``).
    centre_index : int
        Which word is the centre.
    window : int
        How many words on each side count as context.
    negatives : list of str
        The sampled noise words, 0 to 10 of them.

    Returns
    -------
    Figure
        One box per word shown (the centre in :data:`CENTRE`, the context words in
        :data:`CONTEXT`), an arc from the centre to each context word, the texts
        "(centre, context)  → 1" per positive pair and "(centre, noise)  → 0" per
        negative, and the headings of both lists.
    """
    if isinstance(sentence_tokens, str) or not hasattr(sentence_tokens, "__len__"):
        raise TypeError(f"sentence_tokens must be a list of words, got "
                        f"{type(sentence_tokens).__name__}; tokenize the sentence first.")
    tokens = [str(t) for t in sentence_tokens]
    if len(tokens) < 2:
        raise ValueError(f"sentence_tokens has {len(tokens)} words, at least 2 needed: a "
                         f"centre and a context word.")
    centre_index = int_in_range(centre_index, "centre_index", 0, len(tokens) - 1,
                                f" (a word of the sentence, which has {len(tokens)})")
    window = positive_int(window, "window")
    if isinstance(negatives, str) or not hasattr(negatives, "__len__"):
        raise TypeError(f"negatives must be a list of words, got {type(negatives).__name__}.")
    negatives = [str(w) for w in negatives]
    if len(negatives) > MAX_NEGATIVES:
        raise ValueError(f"negatives has {len(negatives)} words: the diagram draws at most "
                         f"{MAX_NEGATIVES}.")
    lo = max(0, centre_index - window - SHOWN_AROUND)
    hi = min(len(tokens), centre_index + window + SHOWN_AROUND + 1)
    shown = list(range(lo, hi))
    context = [i for i in range(max(0, centre_index - window),
                                min(len(tokens), centre_index + window + 1)) if i != centre_index]
    centre = tokens[centre_index]
    rows = max(len(context), len(negatives))
    fig, ax = figure_and_axes(ax, figsize=(10.0, 3.4 + 0.25 * rows))
    light = LIGHT
    widths = [0.16 * len(tokens[i]) + 0.45 for i in shown]
    scale = min(1.0, 11.0 / (sum(widths) + 0.15 * len(widths)))  # fit in the width
    x, boxes = 0.0, {}
    if lo > 0:
        ax.text(-0.3, 0.0, "…", ha="center", va="center", fontsize=FONT + 2, color="0.4")
    for i, w in zip(shown, widths):
        w *= scale
        colour, fill = ((CENTRE, light["sum"]) if i == centre_index else
                        (CONTEXT, light["activation"]) if i in context else ("0.6", "white"))
        boxes[i] = _box(ax, x + w / 2, 0.0, w, 0.5, tokens[i], colour, fill, fontsize=FONT)
        x += w + 0.15 * scale
    if hi < len(tokens):
        ax.text(x + 0.1, 0.0, "…", ha="center", va="center", fontsize=FONT + 2, color="0.4")
    middle = _centre(boxes[centre_index])[0]
    highest = 0.0
    for i in context:  # arcs between the tops of the boxes, higher for words farther away
        side = 1 if i > centre_index else -1
        start = (middle + side * 0.06 * min(abs(i - centre_index), 3), 0.25)
        end = (_centre(boxes[i])[0], 0.25)
        ax.add_patch(FancyArrowPatch(start, end, connectionstyle=f"arc3,rad={-0.45 * side}",
                                     arrowstyle="-|>", mutation_scale=12, color=CONTEXT,
                                     linewidth=1.3, zorder=4, shrinkA=0, shrinkB=1))
        highest = max(highest, 0.45 * abs(end[0] - start[0]) / 2)
    first, last = boxes[context[0]], boxes[context[-1]]
    left, right = first.get_x(), last.get_x() + last.get_width()
    ax.plot([left, left, right, right], [-0.38, -0.45, -0.45, -0.38], color=CONTEXT, lw=1.2)
    ax.text((left + right) / 2, -0.52, f"window = {window}: {len(context)} context words",
            ha="center", va="top", fontsize=FONT, color=CONTEXT)
    top = -1.15
    ax.text(0.0, top, "positive pairs (label 1)", ha="left", va="top", fontsize=FONT + 1,
            color=CONTEXT, fontweight="bold")
    ax.text(x / 2 + 0.3, top, f"negative pairs (label 0): k = {len(negatives)} noise words "
            f"from unigram$^{{0.75}}$", ha="left", va="top", fontsize=FONT + 1, color=NOISE,
            fontweight="bold")
    step = 0.3
    for row, i in enumerate(context):
        ax.text(0.15, top - 0.4 - row * step, f"({centre}, {tokens[i]})  → 1", ha="left",
                va="top", fontsize=FONT, family="monospace", color=EDGE)
    for row, word in enumerate(negatives):
        ax.text(x / 2 + 0.45, top - 0.4 - row * step, f"({centre}, {word})  → 0", ha="left",
                va="top", fontsize=FONT, family="monospace", color=EDGE)
    bottom = top - 0.4 - max(len(context), len(negatives), 1) * step
    ax.text(0.0, bottom - 0.15, r"training pushes $\sigma(u_{context} \cdot v_{centre})$ "
            "towards 1 for the pairs seen in the text and towards 0 for the noise pairs",
            ha="left", va="top", fontsize=FONT, color="0.3", style="italic")
    _finish(ax, f"Skip-gram's training pairs for the centre word “{centre}”")
    ax.set_aspect("auto")
    ax.set_xlim(-0.6, max(x, 10.0) + 0.4)
    ax.set_ylim(bottom - 0.5, 0.25 + highest + 0.35)
    return fig
