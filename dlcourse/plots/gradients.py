"""Gradient size per layer: vanishing and exploding gradients made visible (chapter 02)."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from dlcourse.plots.base import figure_and_axes


def plot_gradient_norms(norms: dict, ax: Axes | None = None, title: str = ""):
    r"""One line per network: :math:`\|\partial L / \partial W^{[l]}\|` against the layer l.

    Parameters
    ----------
    norms : dict of str -> array_like of shape (L,)
        Label -> gradient norm of each layer, layer 1 (nearest the input) first.
    ax : Axes, optional
    """
    if not isinstance(norms, dict) or not norms:
        raise ValueError(f"norms must be a non-empty dict label -> array of shape (L,), got "
                         f"{type(norms).__name__}.")
    fig, ax = figure_and_axes(ax, figsize=(6.0, 3.6))
    for label, values in norms.items():
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or np.any(values < 0):
            raise ValueError(f"norms[{label!r}] must be a 1-D array of norms >= 0, got shape "
                             f"{values.shape}.")
        ax.semilogy(np.arange(1, len(values) + 1), values, marker="o", label=label)
    ax.set(xlabel="layer l (1 = nearest the input)", ylabel=r"$\|\partial L/\partial W^{[l]}\|$",
           title=title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # outside: lines span
    return fig
