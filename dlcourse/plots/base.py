"""Shared figure plumbing for every plot module."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure


def figure_and_axes(ax: Axes | None = None, figsize=(5.0, 3.5)) -> tuple[Figure, Axes]:
    """Return ``(fig, ax)``: the figure of ``ax`` if given, else a new one-axes figure."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def new_figure(nrows: int = 1, ncols: int = 1, figsize=(8.0, 3.5), **kwargs):
    """Return ``(fig, axes)`` for a grid of subplots on a new pyplot-free figure."""
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes
