"""Curves over training steps: losses, learning rates, anything recorded per step (chapter 02).

Generic: a dict label -> 1-D history array in, a Figure out.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from dlcourse.plots.base import figure_and_axes


def plot_curves(curves: dict, ax: Axes | None = None, logy: bool = True, xlabel: str = "epoch",
                ylabel: str = "loss", title: str = "", colours=None, linestyles=None,
                linewidths=None, markers=None):
    """One line per entry of ``curves`` (label -> array of shape (T,)), steps counted from 1.

    Parameters
    ----------
    curves : dict of str -> array_like of shape (T,)
        Histories may differ in length; non-finite values (a diverged run) end the line.
    ax : Axes, optional
    logy : bool, default True
        A log scale shows both the first drop and the slow tail of a loss.
    colours : sequence of colours, optional
        One per curve (to match another panel); default: matplotlib's cycle.
    linestyles, linewidths : sequences, optional
        One per curve, so that curves which coincide stay distinguishable; default solid, 1.8.
    markers : sequence of marker symbols, optional
        One per curve, drawn at about ten points, staggered from curve to curve so that
        coinciding curves still show each marker; default none.
    """
    if not isinstance(curves, dict) or not curves:
        raise ValueError(f"curves must be a non-empty dict label -> history array, got "
                         f"{type(curves).__name__} {curves!r:.40}.")
    fig, ax = figure_and_axes(ax, figsize=(5.0, 3.5))
    n = len(curves)
    colours = [None] * n if colours is None else list(colours)
    linestyles = ["-"] * n if linestyles is None else list(linestyles)
    linewidths = [1.8] * n if linewidths is None else list(linewidths)
    markers = [None] * n if markers is None else list(markers)
    styles = zip(colours, linestyles, linewidths, markers, curves.items(), strict=False)
    for k, (colour, dash, width, marker, (label, values)) in enumerate(styles):
        values = np.asarray(values, dtype=float)
        if values.ndim != 1:
            raise ValueError(f"curves[{label!r}] has shape {values.shape}, expected (T,).")
        finite = np.isfinite(values)
        end = len(values) if finite.all() else int(np.argmin(finite))
        every = max(1, end // 10)
        ax.plot(np.arange(1, end + 1), values[:end], lw=width, linestyle=dash, label=label,
                color=colour, marker=marker, ms=5, markevery=(k * every // n, every))
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.grid(True, which="major", alpha=0.3)
    if len(curves) > 1:
        ax.legend(fontsize=8)
    return fig
