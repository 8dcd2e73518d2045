"""Figures of MNIST digits and of what a trained CNN makes of them (chapter 05).

Digit grids, the confusion matrix, misclassified digits, learned filters,
feature maps and class probabilities. Every function takes arrays and returns
a matplotlib Figure; none imports torch. Training curves are in
:mod:`dlcourse.plots.curves`; the counting in :mod:`dlcourse.metrics`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dlcourse.checks import int_labels
from dlcourse.metrics import misclassified
from dlcourse.plots.base import figure_and_axes, new_figure

RIGHT, WRONG = "#1b7837", "#b2182b"


def plot_confusion(counts, ax: Axes | None = None) -> Figure:
    """A confusion matrix of digit predictions, with counts written in every non-zero cell.

    ``counts`` (10, 10) is :func:`dlcourse.metrics.confusion_matrix` of the true
    and predicted digits (row = true, column = predicted). The diagonal
    (correct) is drawn grey so the off-diagonal mistakes stand out.
    """
    counts = np.asarray(counts)
    if counts.shape != (10, 10) or counts.dtype.kind not in "iu":
        raise ValueError(f"counts has shape {counts.shape} and dtype {counts.dtype}, must be "
                         f"(10, 10) integers: confusion_matrix(y_true, y_pred).")
    fig, ax = figure_and_axes(ax, figsize=(5.2, 4.6))
    errors = counts.astype(float)
    np.fill_diagonal(errors, np.nan)  # colour only the mistakes
    image = ax.imshow(errors, cmap="Reds", vmin=0)
    for i, j in zip(*np.nonzero(counts), strict=True):
        on_diagonal = i == j
        ax.text(j, i, counts[i, j], ha="center", va="center",
                fontsize=7 if on_diagonal else 8, color="0.35" if on_diagonal else "black")
    fig.colorbar(image, ax=ax, label="mistakes", shrink=0.8,
                 ticks=MaxNLocator(integer=True))  # counts: whole numbers
    ax.set(xticks=range(10), yticks=range(10), xlabel="predicted digit", ylabel="true digit",
           title=f"{counts.trace()} of {counts.sum()} right, {counts.sum() - counts.trace()} wrong")
    return fig


def plot_digits(images, y_true, y_pred=None, ncols: int = 10, title: str = "") -> Figure:
    """A grid of digits (N, 28, 28), captioned with the true and (if given) predicted label.

    A wrong prediction is captioned "true 4 → 9" in red.
    """
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"images has shape {images.shape}, must be (N, H, W).")
    y_true = int_labels(y_true, "y_true", len(images))
    y_pred = None if y_pred is None else int_labels(y_pred, "y_pred", len(images))
    if len(images) == 0:
        raise ValueError("images is empty; nothing to draw.")
    nrows = -(-len(images) // ncols)  # ceiling division
    fig, axes = new_figure(nrows, ncols, figsize=(1.0 * ncols, 1.15 * nrows), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if k >= len(images):
            continue
        ax.imshow(images[k], cmap="gray_r")
        if y_pred is None:
            ax.set_title(str(y_true[k]), fontsize=9)
        else:
            ok = y_true[k] == y_pred[k]
            ax.set_title(f"{y_true[k]}" if ok else f"{y_true[k]} → {y_pred[k]}", fontsize=9,
                         color=RIGHT if ok else WRONG)
    if title:
        fig.suptitle(title)
    return fig


def plot_misclassified(images, y_true, y_pred, n: int = 30, ncols: int = 10) -> Figure:
    """The first ``n`` test digits the model gets wrong, captioned "true → predicted"."""
    y_true = int_labels(y_true, "y_true", len(images))
    y_pred = int_labels(y_pred, "y_pred", len(images))
    all_wrong = misclassified(y_true, y_pred)
    if len(all_wrong) == 0:
        raise ValueError("no misclassified digits to show: every prediction is right.")
    wrong = all_wrong[:n]
    return plot_digits(np.asarray(images)[wrong], y_true[wrong], y_pred[wrong], ncols=ncols,
                       title=f"{len(wrong)} of the {len(all_wrong)} misclassified test digits "
                             f"(true → predicted)")


def plot_filters(weights, ncols: int = 8) -> Figure:
    """First-layer filters (C_out, 1, kH, kW): red = positive weight, blue = negative.

    Each filter has its own symmetric colour scale, so its pattern (an edge,
    a stroke direction, a blob) is visible whatever its size.
    """
    weights = np.asarray(weights)
    if weights.ndim != 4 or weights.shape[1] != 1:
        raise ValueError(f"weights has shape {weights.shape}, must be (C_out, 1, kH, kW): "
                         f"the first conv layer of a grey-image network.")
    n = weights.shape[0]
    nrows = -(-n // ncols)
    fig, axes = new_figure(nrows, ncols, figsize=(1.0 * ncols, 1.05 * nrows + 0.4),
                           squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if k < n:
            w = weights[k, 0]
            limit = np.abs(w).max() or 1.0
            ax.imshow(w, cmap="RdBu_r", vmin=-limit, vmax=limit)
            ax.set_title(str(k), fontsize=8)
    fig.suptitle(f"the {n} learned {weights.shape[2]}×{weights.shape[3]} filters of the "
                 f"first layer")
    return fig


def plot_feature_maps(image, maps, max_channels: int = 8, axes=None) -> Figure:
    """One digit (H, W) and, one row per block, its first ``max_channels`` feature maps.

    ``maps`` is a list of (block name, array (C, H', W')) such as
    :func:`dlcourse.models.inspect.feature_maps` returns; ``axes``, if given, is
    a grid of axes of shape (len(maps), max_channels + 1) to draw into.
    """
    if not maps:
        raise ValueError("maps is empty; give [(block name, array (C, H, W)), ...].")
    if axes is None:
        _, axes = new_figure(len(maps), max_channels + 1, squeeze=False,
                             figsize=(1.1 * (max_channels + 1), 1.15 * len(maps) + 0.3))
    for row, (name, fmap) in zip(axes, maps, strict=True):
        fmap = np.asarray(fmap)
        if fmap.ndim != 3:
            raise ValueError(f"feature maps of {name!r} have shape {fmap.shape}, must be "
                             f"(C, H, W).")
        row[0].imshow(image, cmap="gray_r")
        row[0].set_ylabel(f"{name}\n{fmap.shape[0]}×{fmap.shape[1]}×{fmap.shape[2]}",
                          fontsize=8)
        row[0].set(xticks=[], yticks=[])
        for c, ax in enumerate(row[1:]):
            ax.set_axis_off()
            if c < fmap.shape[0]:
                ax.imshow(fmap[c], cmap="viridis")
    axes[0, 0].set_title("input", fontsize=8)
    for c in range(max_channels):
        axes[0, c + 1].set_title(f"channel {c}", fontsize=8)
    return axes[0, 0].figure


def plot_probabilities(probs, true_label: int | None = None, ax: Axes | None = None) -> Figure:
    """The 10 class probabilities as bars; the prediction is dark, the true class outlined."""
    probs = _ten_probabilities(probs)
    fig, ax = figure_and_axes(ax, figsize=(4.0, 2.6))
    ax.bar(range(10), probs)
    ax.set(xticks=range(10), ylim=(0, 1.05), xlabel="digit", ylabel="probability")
    _style_probabilities(ax, probs, true_label)
    return fig


def _ten_probabilities(probs) -> np.ndarray:
    probs = np.asarray(probs, dtype=float)
    if probs.shape != (10,):
        raise ValueError(f"probs has shape {probs.shape}, must be (10,): one per digit.")
    return probs


def _style_probabilities(ax: Axes, probs: np.ndarray, true_label: int | None) -> None:
    """Heights, colours, the true class's outline and the title of the 10 bars on ``ax``."""
    predicted = int(probs.argmax())
    for digit, (bar, p) in enumerate(zip(ax.patches, probs, strict=True)):
        bar.set_height(p)
        bar.set_facecolor("0.75" if digit != predicted else
                          RIGHT if true_label in (None, predicted) else WRONG)
        outlined = digit == true_label
        bar.set_edgecolor("black" if outlined else "none")
        bar.set_linewidth(1.5 if outlined else 0.0)
    ax.set_title(f"predicted {predicted} ({probs[predicted]:.1%})"
                 + (f", true {true_label}" if true_label is not None else ""))


def plot_digit_inside(image, maps, probs, true_label: int | None = None,
                      max_channels: int = 8) -> Figure:
    """Feature maps of one digit through each block (left) and its class probabilities (right)."""
    rows = max(len(maps), 2)
    fig, axes = new_figure(rows, max_channels + 2, squeeze=False,
                           figsize=(1.0 * (max_channels + 1) + 3.6, 1.05 * rows + 0.5),
                           gridspec_kw={"width_ratios": [1] * (max_channels + 1) + [3.6]})
    for ax in axes[:, -1]:
        ax.remove()
    for ax in axes[len(maps):, :-1].flat:
        ax.set_axis_off()
    plot_feature_maps(image, maps, max_channels, axes=axes[:len(maps), :-1])
    grid = axes[0, 0].get_subplotspec().get_gridspec()
    plot_probabilities(probs, true_label, ax=fig.add_subplot(grid[:, -1]))
    return fig


class DigitInside:
    """:func:`plot_digit_inside` kept and redrawn in place for another digit (the explorer).

    New data in the images and bars of one figure draws 4 times faster than a new
    figure of 37 axes, and leaves no figure behind for the garbage collector.
    """

    def __init__(self, image, maps, probs, true_label: int | None = None,
                 max_channels: int = 8):
        self.figure = plot_digit_inside(image, maps, probs, true_label, max_channels)
        self.max_channels, self.blocks = max_channels, [np.shape(fmap) for _, fmap in maps]

    def show(self, image, maps, probs, true_label: int | None = None) -> Figure:
        """The figure, now of this digit: its maps must have the shapes of the first one's."""
        shapes = [np.shape(fmap) for _, fmap in maps]
        if shapes != self.blocks:
            raise ValueError(f"feature maps of shapes {shapes} cannot replace {self.blocks}; "
                             f"make a new DigitInside for another network.")
        *grid, bars = self.figure.axes
        columns = self.max_channels + 1
        for r, (_, fmap) in enumerate(maps):
            row = grid[r * columns:(r + 1) * columns]
            for picture, ax in zip([image, *fmap[:self.max_channels]], row, strict=False):
                ax.images[0].set_data(picture)
                ax.images[0].autoscale()  # each map on its own colour scale, as imshow does
        _style_probabilities(bars, _ten_probabilities(probs), true_label)
        return self.figure
