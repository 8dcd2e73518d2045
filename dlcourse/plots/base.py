"""Shared figure plumbing for every plot module.

Figures are :class:`CourseFigure` objects built without pyplot: no global
state, nothing shown twice, and they display as PNG in any Jupyter front end
(and under papermill/nbval) because they render themselves.
"""

from __future__ import annotations

import io

import PIL.Image
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

DPI = 100
CAPTION_HEIGHT = 0.3  # inches of the band figure_png(caption=...) adds below the figure


class CourseFigure(Figure):
    """A matplotlib Figure that Jupyter displays as a PNG without pyplot or ``%matplotlib``."""

    def _repr_png_(self) -> bytes:
        return figure_png(self)


def figure_png(fig: Figure, caption: str = "") -> bytes:
    """``fig`` as PNG bytes at 100 dpi; ``caption`` adds one line of grey text below it.

    Without a caption the figure is drawn once (``savefig`` draws twice when a
    layout engine is set: once to lay out, once to render).
    """
    buffer = io.BytesIO()
    if not caption:
        fig.set_dpi(DPI)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        PIL.Image.frombuffer("RGBA", canvas.get_width_height(physical=True),
                             canvas.buffer_rgba()).save(buffer, format="png")
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


def layout_of(fig: Figure) -> tuple:
    """What decides where a layout engine puts a figure's axes, without drawing it.

    The figure's size, its suptitle's lines and, per axes, the lines of its titles
    and labels and the longest y tick label: the space they need around each axes.
    """
    def lines(text: str) -> int:
        return text.count("\n") + 1 if text else 0

    def widest_y_tick(ax: Axes) -> int:  # characters of the longest y tick label in view
        if not ax.yaxis.get_visible():
            return 0
        low, high = sorted(ax.get_ylim())
        labels = []
        for locator, formatter in ((ax.yaxis.get_major_locator(), ax.yaxis.get_major_formatter()),
                                   (ax.yaxis.get_minor_locator(), ax.yaxis.get_minor_formatter())):
            labels += formatter.format_ticks([t for t in locator() if low <= t <= high])
        return max(map(len, labels), default=0)

    return (tuple(fig.get_size_inches()), lines(fig.get_suptitle()),
            tuple((*(lines(ax.get_title(loc)) for loc in ("left", "center", "right")),
                   lines(ax.get_xlabel()), lines(ax.get_ylabel()), widest_y_tick(ax))
                  for ax in fig.axes))


def axes_positions(fig: Figure) -> list[Bbox]:
    """Where ``fig``'s layout engine placed each of its axes (call after a draw)."""
    return [ax.get_position(original=True) for ax in fig.axes]


def place_axes(fig: Figure, positions: list[Bbox]) -> None:
    """Put ``fig``'s axes at ``positions`` and switch its layout engine off.

    Constrained layout is half of the drawing time of a figure; a figure laid
    out like one drawn before (:func:`layout_of`) can reuse its positions.
    """
    fig.set_layout_engine("none")
    for ax, position in zip(fig.axes, positions, strict=True):
        ax.set_position(position)


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
