r"""Gradient norm through time, one line per recurrent cell (chapter 06's vanishing gradients)."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from dlcourse.plots.base import figure_and_axes

LABELS = {"rnn": "tanh RNN", "lstm": "LSTM", "gru": "GRU"}


def plot_gradient_flow(norms: dict, rho: float, ax: Axes | None = None,
                       clipped: dict | None = None, subtitle: str = ""):
    r""":math:`\|\partial L/\partial h_t\|` against t on a log scale, one line per cell.

    Parameters
    ----------
    norms : dict of str -> array_like of shape (T,)
        Cell ("rnn", "lstm", "gru" or any label) -> norm at t = 1..T (the loss reads h_T).
    rho : float
        The recurrent weights' spectral radius, for the title.
    ax : Axes, optional
    clipped : dict of str -> (float, float), optional
        Cell -> (global norm of its weight gradients, clipping's cap). Where the norm is
        above the cap the cell's clipped curve is drawn dashed: clipping multiplies every
        step by the same factor cap / norm.
    subtitle : str
        A second title line (e.g. the gate bias).
    """
    if not isinstance(norms, dict) or not norms:
        raise ValueError(f"norms must be a non-empty dict cell -> array of shape (T,), got "
                         f"{type(norms).__name__}.")
    fig, ax = figure_and_axes(ax, figsize=(6.4, 3.8))
    T = None
    for cell, values in norms.items():
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or np.any(values <= 0) or T not in (None, len(values)):
            raise ValueError(f"norms[{cell!r}] must be a 1-D array of norms > 0, as long as the "
                             f"others, got shape {values.shape}.")
        T = len(values)
        t = np.arange(1, T + 1)
        line, = ax.semilogy(t, values, label=LABELS.get(cell, cell))
        norm, cap = (clipped or {}).get(cell, (0.0, 1.0))
        if norm > cap:
            ax.semilogy(t, values * (cap / norm), linestyle="--", color=line.get_color(),
                        label=f"clipped: $\\|g\\|$ {norm:.3g} → {cap:g}")
    ax.set(xlabel="step t (the loss reads $h_T$ only)",
           ylabel=r"$\|\partial L/\partial h_t\|$", xlim=(1, T),
           title=rf"$\rho(W_{{hh}})$ = {rho:g}, T = {T}" + (f"\n{subtitle}" if subtitle else ""))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.minorticks_off()  # log-axis minor labels cost a third of the draw and add little
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig
