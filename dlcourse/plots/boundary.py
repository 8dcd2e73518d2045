"""Decision regions of a 2-D classifier with the data on top (chapters 01 and 02)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes

from dlcourse.plots.base import figure_and_axes, new_figure
from dlcourse.plots.curves import plot_curves

CLASS_COLOURS = ("#e66101", "#5e3c99")  # class 0 orange, class 1 purple: the ends of "PuOr"


def decision_grid(X: np.ndarray, n: int = 200, margin: float = 1.0):
    """A square grid covering ``X`` (n_ex, 2) plus ``margin``: returns xx, yy (n, n) and points."""
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n))
    points = np.column_stack([xx.ravel(), yy.ravel()])  # (n*n, 2)
    return xx, yy, points


def plot_decision_regions(X: np.ndarray, y: np.ndarray, predict_proba: Callable, ax: Axes = None,
                          title: str = "", n: int = 200, margin: float = 1.0):
    """Shade P(class 1) over the plane, draw the 0.5 contour and the labelled points.

    Parameters
    ----------
    X : ndarray of shape (n_ex, 2)
    y : ndarray of shape (n_ex,) or (n_ex, 1), labels 0/1
    predict_proba : callable mapping (m, 2) points to m probabilities of class 1
    """
    fig, ax = figure_and_axes(ax)
    xx, yy, points = decision_grid(X, n, margin)
    proba = np.asarray(predict_proba(points), dtype=float).reshape(xx.shape)  # (m,) -> (n, n)
    mesh = ax.imshow(proba, cmap="PuOr", vmin=0, vmax=1, alpha=0.45, origin="lower",
                     aspect="auto", interpolation="nearest",  # a raster: cheap to draw
                     extent=(xx.min(), xx.max(), yy.min(), yy.max()))
    fig.colorbar(mesh, ax=ax, label="P(class 1)", shrink=0.85)
    if proba.min() < 0.5 < proba.max():
        ax.contour(xx, yy, proba, levels=[0.5], colors="k", linewidths=1.5)
    labels = np.asarray(y).ravel()
    for label, colour in enumerate(CLASS_COLOURS):
        mine = labels == label
        ax.scatter(X[mine, 0], X[mine, 1], color=colour, s=70, edgecolors="k", zorder=3,
                   label=f"class {label}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=8,
              frameon=False)  # below the axes: never over a point, and "best" is slow
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title)
    return fig


def plot_boundary_and_loss(X: np.ndarray, y: np.ndarray, predict_proba: Callable,
                           history: np.ndarray, title: str = ""):
    """Two panels: the decision regions of a trained classifier and its loss per epoch.

    Parameters
    ----------
    X : ndarray of shape (n_ex, 2)
    y : ndarray of shape (n_ex,) or (n_ex, 1), labels 0/1
    predict_proba : callable mapping (m, 2) points to m probabilities of class 1
    history : ndarray of shape (epochs,)
        The training loss per epoch (e.g. from :func:`dlcourse.nn.mlp.fit`).
    """
    fig, (left, right) = new_figure(1, 2, figsize=(9.5, 3.8), width_ratios=(1.1, 1.0))
    plot_decision_regions(X, y, predict_proba, ax=left, title=title)
    plot_curves({"training loss": history}, ax=right, title="loss per epoch")
    return fig
