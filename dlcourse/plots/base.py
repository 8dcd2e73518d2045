"""Shared figure plumbing for every plot module.

Figures are :class:`CourseFigure` objects built without pyplot: no global
state, nothing shown twice, and they display as PNG in any Jupyter front end
(and under papermill/nbval) because they render themselves.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

DPI = 100
CAPTION_HEIGHT = 0.3  # inches of the band figure_png(caption=...) adds below the figure


class CourseFigure(Figure):
    """A matplotlib Figure that Jupyter displays as a PNG without pyplot or ``%matplotlib``."""

    def _repr_png_(self) -> bytes:
        return figure_png(self)


def figure_png(fig: Figure, caption: str = "") -> bytes:
    """``fig`` as PNG bytes at 100 dpi; ``caption`` adds one line of grey text below it."""
    buffer = io.BytesIO()
    if not caption:
        fig.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()
    width, height = fig.get_size_inches()
    text = fig.text(0.1 / width, -CAPTION_HEIGHT / 2 / height, caption,  # figure fractions
                    va="center", color="0.35", fontsize=10, fontstyle="italic")
    try:
        fig.savefig(buffer, format="png", dpi=DPI,
                    bbox_inches=Bbox.from_bounds(0, -CAPTION_HEIGHT, width,
                                                 height + CAPTION_HEIGHT))
    finally:
        text.remove()
    return buffer.getvalue()


def figure_and_axes(ax: Axes | None = None, figsize=(5.0, 3.5)) -> tuple[Figure, Axes]:
    """Return ``(fig, ax)``: the figure of ``ax`` if given, else a new one-axes figure."""
    if ax is not None:
        return ax.figure, ax
    fig = CourseFigure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def new_figure(nrows: int = 1, ncols: int = 1, figsize=(8.0, 3.5), **kwargs):
    """Return ``(fig, axes)`` for a grid of subplots on a new :class:`CourseFigure`."""
    fig = CourseFigure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes
