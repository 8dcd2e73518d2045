"""Figures of chapter 06's character language model: learning curves and one unit's activation.

:func:`plot_lm_history` draws a :class:`dlcourse.models.charlm.LMHistory` (also live, as
``LiveCurves(plot=plot_lm_history)``); :func:`plot_unit_text` colours text by a hidden unit's
value after each character (Karpathy's view of what one cell tracks).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dlcourse.checks import as_float_array, one_of, positive_int
from dlcourse.plots.base import figure_and_axes
from dlcourse.plots.curves import TEST_COLOUR, TRAIN_COLOUR

X_AXES = {"chars": ("millions of characters read", 1e-6), "seconds": ("seconds of training", 1.0)}


def plot_lm_history(history, ax: Axes | None = None, x: str = "chars", title: str = "",
                    anchors: dict | None = None) -> Figure:
    """Training and held-out loss (nats/char) against characters read or seconds of training.

    ``history`` has lists ``chars``, ``seconds``, ``train_nats``, ``heldout_nats``; ``anchors``
    maps a label to a loss drawn as a dotted horizontal line (e.g. another model's result).
    A given ``ax`` is cleared and redrawn (the live plot); the title gives the perplexity.
    """
    one_of(x, "x", X_AXES)
    if anchors is not None and not isinstance(anchors, dict):
        raise TypeError(f"anchors must be a dict label -> nats/char, got {type(anchors).__name__}.")
    fig, ax = figure_and_axes(ax, figsize=(6.0, 3.6))
    ax.clear()
    label, scale = X_AXES[x]
    xs = np.asarray(getattr(history, x), dtype=float) * scale
    ax.plot(xs, history.train_nats, "o-", color=TRAIN_COLOUR, markersize=3, label="train")
    ax.plot(xs, history.heldout_nats, "o-", color=TEST_COLOUR, markersize=3, label="held-out")
    for k, (name, nats) in enumerate((anchors or {}).items()):
        ax.axhline(nats, color=f"C{k + 2}", linestyle=":", lw=1.2, label=f"{name} ({nats:.2f})")
    ax.set(xlabel=label, ylabel="cross-entropy (nats/char)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    if len(history.heldout_nats):
        last = history.heldout_nats[-1]
        ax.set_title(title or f"held-out {last:.3f} nats/char, perplexity {math.exp(last):.2f}",
                     fontsize=10)
    return fig


def plot_unit_text(text: str, activations, ax: Axes | None = None, title: str = "",
                   width: int = 64) -> Figure:
    """``text`` with each character's background coloured by a unit's value after it.

    ``activations`` (len(text),) in [-1, 1] (a column of ``unit_activations``): blue for -1,
    white for 0, red for +1. Lines break at newlines (shown as ⏎) and after ``width``
    characters.
    """
    if not isinstance(text, str) or not text:
        raise ValueError(f"text must be a non-empty string, got {text!r:.40}.")
    values = as_float_array(activations, "activations", ndim=1)
    if len(values) != len(text):
        raise ValueError(f"activations has {len(values)} values, text has {len(text)} "
                         f"characters; give one value per character.")
    width = positive_int(width, "width")
    places, row, col = [], 0, 0
    for char in text:
        places.append((row, col, "⏎" if char == "\n" else char))
        col += 1
        if char == "\n" or col == width:
            row, col = row + 1, 0
    rows = places[-1][0] + 1
    columns = max(c for _, c, _ in places) + 1
    fig, ax = figure_and_axes(ax, figsize=(0.12 * columns + 0.4, 0.24 * rows + 0.5))
    cmap = colormaps["coolwarm"]
    for (r, c, char), v in zip(places, values, strict=True):
        ax.text(c, r, char, family="monospace", fontsize=10, ha="center", va="center",
                bbox={"boxstyle": "square,pad=0.12", "facecolor": cmap((np.clip(v, -1, 1) + 1) / 2),
                      "edgecolor": "none"})
    ax.set(xlim=(-0.6, columns - 0.4), ylim=(rows - 0.5, -0.5))
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return fig
