"""Loss surfaces as contour maps, and the paths optimisers take across them (chapter 02)."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.ticker import NullLocator

from dlcourse.nn.surfaces import Surface
from dlcourse.plots.base import figure_and_axes, new_figure
from dlcourse.plots.curves import plot_curves

PATH_COLOURS = ("#d95f02", "#e7298a", "#7570b3", "#66a61e", "#a6761d")  # stand out on GnBu
# Paths that end in the same place must stay visible: each has its own dash pattern and
# marker, and each later path is drawn thinner on top of the earlier ones.
PATH_STYLES = ("-", "--", ":", "-.", (0, (6, 2, 1, 2, 1, 2)))
PATH_MARKERS = ("o", "s", "^", "D", "v")
PATH_WIDTHS = (2.8, 2.0, 1.6, 1.2, 1.0)


def plot_surface(surface: Surface, ax: Axes | None = None, n: int = 200):
    """Filled log-spaced contours of ``surface.f``; the minimum a gold star, local minima white."""
    if not isinstance(surface, Surface):
        raise TypeError(f"surface must be a Surface (see dlcourse.nn.surfaces.SURFACES), got "
                        f"{type(surface).__name__}.")
    fig, ax = figure_and_axes(ax, figsize=(5.5, 4.0))
    xx, yy = np.meshgrid(np.linspace(*surface.xlim, n), np.linspace(*surface.ylim, n))
    zz = surface.f(xx, yy)  # (n, n)
    shifted = zz - zz.min() + 1e-3  # > 0, for log-spaced levels
    levels = np.geomspace(shifted.min(), shifted.max(), 25)
    ax.contourf(xx, yy, shifted, levels=levels, norm=LogNorm(), cmap="GnBu", alpha=0.9)
    ax.contour(xx, yy, shifted, levels=levels, colors="#555", linewidths=0.3)
    ax.plot(*surface.minimum, marker="*", ms=14, color="gold", mec="k", zorder=4,
            label="minimum")
    for k, point in enumerate(surface.local_minima):
        ax.plot(*point, marker="*", ms=14, color="white", mec="k", zorder=4,
                label="local minimum" if k == 0 else None)
    ax.set(xlim=surface.xlim, ylim=surface.ylim, xlabel="$w_1$", ylabel="$w_2$")
    return fig


def plot_paths(surface: Surface, paths: dict, ax: Axes | None = None, title: str = "",
               style: dict | None = None):
    """The surface with one optimiser path per entry of ``paths`` (label -> (T, 2) points).

    Each path gets its own colour, dash, marker and width; ``style`` (``color``,
    ``linestyle``, ``marker``, ``lw``, ``ms``) overrides them for every path.
    """
    if not isinstance(paths, dict):
        raise TypeError(f"paths must be a dict label -> array of shape (T, 2), got "
                        f"{type(paths).__name__}.")
    _check_count(paths)
    fig = plot_surface(surface, ax)
    ax = ax if ax is not None else fig.axes[0]
    styles = zip(PATH_COLOURS, PATH_STYLES, PATH_MARKERS, PATH_WIDTHS, strict=True)
    for (colour, dash, marker, width), (label, path) in zip(styles, paths.items(), strict=False):
        path = np.asarray(path, dtype=float)
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"paths[{label!r}] has shape {path.shape}, expected (T, 2).")
        look = {"linestyle": dash, "marker": marker, "color": colour, "ms": 2.5 + width,
                "lw": width, **(style or {})}
        ax.plot(path[:, 0], path[:, 1], label=label, **look)
    if paths:
        start = np.asarray(next(iter(paths.values())))[0]
        ax.plot(*start, marker="s", ms=8, color="k", zorder=4, label="start")
    ax.legend(fontsize=7, loc="lower right", framealpha=0.8)
    ax.set_title(title)
    return fig


def _check_count(paths: dict) -> None:
    """Each path needs its own look: at most ``len(PATH_COLOURS)`` of them."""
    if len(paths) > len(PATH_COLOURS):
        raise ValueError(f"paths has {len(paths)} entries, at most {len(PATH_COLOURS)} can be "
                         f"told apart in one figure.")


def _loss_panel(surface: Surface, paths: dict, ax: Axes) -> None:
    """f(w) − f(minimum) along each path on a log scale, coloured like the paths."""
    best = surface.f(*surface.minimum)
    losses = {label: np.maximum(surface.along(path) - best, 1e-12)  # > 0 for the log scale
              for label, path in paths.items()}
    plot_curves(losses, ax=ax, xlabel="step (1 = start)", ylabel="f(w) − f(minimum)",
                title="loss along the path", colours=PATH_COLOURS, linestyles=PATH_STYLES,
                linewidths=PATH_WIDTHS, markers=PATH_MARKERS)
    first = max(values[0] for values in losses.values())
    ax.set_ylim(top=100 * first)  # a diverging path leaves through the top
    low, high = ax.get_ylim()
    if high / low > 1e6:  # nine minor ticks per decade over many decades: clutter, slow to draw
        ax.yaxis.set_minor_locator(NullLocator())


def plot_descent(surface: Surface, paths: dict, title: str = ""):
    """Two panels: all paths on one surface, and the loss along each path (log scale)."""
    fig, (left, right) = new_figure(1, 2, figsize=(10.0, 4.0), width_ratios=(1.2, 1.0))
    plot_paths(surface, paths, ax=left, title=title)
    _loss_panel(surface, paths, right)
    return fig


def plot_path_grid(surface: Surface, paths: dict, title: str = ""):
    """Small multiples: one panel per path (so none hides another), the losses below."""
    if not isinstance(paths, dict) or not paths:
        raise ValueError("paths must be a non-empty dict label -> array of shape (T, 2).")
    _check_count(paths)
    n = len(paths)
    fig, axes = new_figure(2, n, figsize=(3.2 * n, 5.6), squeeze=False,
                           height_ratios=(1.0, 0.9))
    for colour, ax, (label, path) in zip(PATH_COLOURS, axes[0], paths.items(), strict=False):
        plot_paths(surface, {label: path}, ax=ax, title=label,  # alone here: a plain line
                   style={"color": colour, "linestyle": "-", "lw": 1.3, "ms": 2.5})
        ax.get_legend().remove()
    grid = axes[1, 0].get_gridspec()
    for ax in axes[1]:
        ax.remove()
    _loss_panel(surface, paths, fig.add_subplot(grid[1, :]))
    fig.suptitle(title)
    return fig
