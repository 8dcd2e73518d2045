"""Curves over training: anything recorded per step (chapter 02), a training history (chapter 05).

:func:`plot_curves` is generic (a dict label -> 1-D array in, a Figure out);
:func:`plot_history` and :func:`plot_ladder` draw :class:`dlcourse.train.History`
records (lists of losses and accuracies per evaluation).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dlcourse.plots.base import figure_and_axes, new_figure

TRAIN_COLOUR, TEST_COLOUR = "#1f77b4", "#d95f02"


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


def plot_history(history, axes: tuple[Axes, Axes] | None = None, title: str = "",
                 evaluated_on: str = "test") -> Figure:
    """Loss (left) and accuracy (right) against epochs, for the training and evaluation sets.

    ``history`` has lists ``epoch``, ``train_loss``, ``test_loss``, ``train_acc``,
    ``test_acc`` of equal length (a :class:`dlcourse.train.History`); ``evaluated_on``
    names the set its ``test_*`` values come from (``"validation"`` when ``fit`` was
    given the validation set). Pass ``axes`` (two axes) to redraw into an existing
    figure, as the live plot does.
    """
    if axes is None:
        fig, axes = new_figure(1, 2, figsize=(9.0, 3.2))
    else:
        fig = axes[0].figure
        for ax in axes:
            ax.clear()
    ax_loss, ax_acc = axes
    for ax, key, label in ((ax_loss, "loss", "cross-entropy loss"), (ax_acc, "acc", "accuracy")):
        for split, colour, name in (("train", TRAIN_COLOUR, "train"),
                                    ("test", TEST_COLOUR, evaluated_on)):
            ax.plot(history.epoch, getattr(history, f"{split}_{key}"), "o-", color=colour,
                    markersize=3, label=name)
        ax.set(xlabel="epoch", ylabel=label)
        ax.grid(alpha=0.3)
    if len(history.test_acc):
        best = max(history.test_acc)
        ax_acc.set_title(f"{evaluated_on} accuracy {history.test_acc[-1]:.2%} (best {best:.2%})",
                         fontsize=10)
    ax_acc.legend(loc="lower right")
    if title:
        fig.suptitle(title)
    return fig


def plot_ladder(histories: Mapping, evaluated_on: str = "test") -> Figure:
    """Görner's ladder: accuracy per epoch of each rung (left), final accuracy (right).

    ``histories`` maps a rung name to its History, in ladder order; ``evaluated_on``
    names the set the accuracies were measured on.
    """
    if not histories:
        raise ValueError("histories is empty; give {rung name: History}.")
    fig, (ax_curves, ax_bars) = new_figure(1, 2, figsize=(10.0, 3.6))
    names = list(histories)
    finals = np.array([histories[n].test_acc[-1] for n in names])
    colours = [f"C{i}" for i in range(len(names))]
    for name, colour in zip(names, colours, strict=True):
        ax_curves.plot(histories[name].epoch, histories[name].test_acc, "o-", color=colour,
                       markersize=3, label=name)
    low = max(0.0, min(min(h.test_acc) for h in histories.values()) - 0.01)
    ax_curves.set(xlabel="epoch", ylabel=f"{evaluated_on} accuracy", ylim=(low, 1.0),
                  title=f"{evaluated_on} accuracy while training")
    ax_curves.grid(alpha=0.3)
    ax_curves.legend(fontsize=8, loc="lower right")
    y = np.arange(len(names))
    ax_bars.barh(y, finals, color=colours)
    for yi, acc in zip(y, finals, strict=True):
        ax_bars.text(acc, yi, f" {acc:.2%}", va="center", fontsize=9)
    ax_bars.set(yticks=y, yticklabels=names, xlim=(max(0.0, finals.min() - 0.03), 1.0),
                xlabel=f"final {evaluated_on} accuracy",
                title=f"each rung's final {evaluated_on} accuracy")
    ax_bars.invert_yaxis()
    return fig
