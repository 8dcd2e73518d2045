"""One hidden layer approximating a curve with more and more units (chapter 02)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcourse.nn.universal import staircase_network
from dlcourse.plots.base import figure_and_axes


def plot_staircases(f: Callable, lo: float, hi: float, widths=(3, 10, 40), ax=None):
    """The curve ``f`` on [lo, hi] and, per entry of ``widths``, a 1-H-1 staircase network's output.

    Each label gives H and the largest distance between the network and the curve.
    """
    widths = list(widths)
    if not widths:
        raise ValueError("widths == [], give at least one number of hidden units.")
    fig, ax = figure_and_axes(ax, figsize=(6.5, 3.6))
    x = np.linspace(lo, hi, 800)
    target = np.asarray(f(x), dtype=float)
    ax.plot(x, target, color="k", lw=3.0, alpha=0.35, label="target f(x)")
    for width, style in zip(widths, ("--", "-.", "-", ":")):
        y_hat = staircase_network(f, lo, hi, width).forward(x[:, None]).ravel()
        ax.plot(x, y_hat, ls=style, lw=1.6,
                label=f"{width} hidden units: max error {np.max(np.abs(y_hat - target)):.2f}")
    ax.set(xlabel="x", ylabel="output", xlim=(lo, hi),
           title="one hidden layer of sigmoids: a sum of soft steps")
    ax.legend(loc="best", fontsize=8)
    return fig
