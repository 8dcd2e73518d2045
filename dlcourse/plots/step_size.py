"""The per-step contraction of gradient descent against the learning rate (chapter 02)."""

from __future__ import annotations

import numpy as np

from dlcourse.nn.step_size import (
    as_curvatures,
    best_learning_rate,
    condition_number,
    contraction_factor,
)
from dlcourse.plots.base import figure_and_axes


def plot_contraction(curvatures, marked: dict | None = None, ax=None):
    r"""Draw :math:`|1 - \eta\lambda_i|` per curvature and their maximum against :math:`\eta`.

    The best rate :math:`\eta^* = 2/(\lambda_{\min}+\lambda_{\max})` and the divergence edge
    :math:`2/\lambda_{\max}` are marked; ``marked`` maps a label to a learning rate drawn as a
    dot on the curve.
    """
    lam = as_curvatures(curvatures)
    best, edge = best_learning_rate(lam), 2.0 / lam.max()
    marked = dict(marked or {})
    eta_max = 1.15 * max([edge, *marked.values()])
    eta = np.linspace(0.0, eta_max, 600)
    fig, ax = figure_and_axes(ax, figsize=(6.5, 3.8))
    for value in lam:
        ax.plot(eta, np.abs(1 - eta * value), lw=1.2, ls="--", color="#999",
                label=None if value != lam[0] else "|1 − ηλᵢ| per direction")
        at = 0.5 / value if 0.5 / value < 0.9 * eta_max else eta_max  # on the line, in view
        ax.annotate(f"λ = {value:g}", (at, abs(1 - at * value)), fontsize=8, color="#666",
                    ha="left" if at < eta_max else "right", va="top",
                    xytext=(4 if at < eta_max else -4, -3),
                    textcoords="offset points")
    ax.plot(eta, contraction_factor(lam, eta), lw=2.6, color="#1b9e77",
            label="max over directions: shrink per step")
    ax.axhline(1.0, color="k", lw=0.8)
    ax.axvline(edge, color="#d95f02", lw=1.2, ls=":")
    ax.annotate(f"diverges beyond 2/λmax = {edge:.2g}", (edge, 1.12), fontsize=8,
                color="#d95f02", ha="right", xytext=(-4, 0), textcoords="offset points")
    best_rate = contraction_factor(lam, best)
    ax.plot([best], [best_rate], marker="*", ms=15, color="gold", mec="k", zorder=4,
            label=f"best η* = 2/(λmin+λmax) = {best:.3g}: {best_rate:.3g} per step")
    for label, lr in marked.items():
        rate = contraction_factor(lam, lr)
        ax.plot([lr], [rate], marker="o", ms=7, color="#7570b3", mec="k", zorder=4)
        ax.annotate(f"{label}: {rate:.2f}", (lr, rate), fontsize=8, xytext=(5, -12),
                    textcoords="offset points")
    ax.set(xlim=(0, eta_max), ylim=(0, 1.3), xlabel="learning rate η",
           ylabel="factor per step",
           title=f"κ = λmax/λmin = {condition_number(lam):g}: the best factor is (κ−1)/(κ+1)")
    ax.legend(loc="lower left", fontsize=8)
    return fig
