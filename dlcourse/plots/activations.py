"""Figures of chapter 01: activation functions, their derivatives, softmax, depth."""

from __future__ import annotations

import numpy as np

from dlcourse.checks import positive_number
from dlcourse.nn.activations import ACTIVATIONS, get_activation, softmax
from dlcourse.plots.base import figure_and_axes, new_figure


def plot_activation(name: str, z_max: float = 6.0, share: float = 0.05, ax=None):
    """Draw g(z) and g'(z) on [-z_max, z_max]; shade where g' < ``share`` of its largest slope.

    The shaded region is what ``saturated_fraction(name, z, share)`` counts.
    """
    if z_max <= 0:
        raise ValueError(f"z_max == {z_max}, must be > 0.")
    share = positive_number(share, "share")
    act = get_activation(name)
    fig, ax = figure_and_axes(ax, figsize=(6.0, 3.8))
    z = np.linspace(-z_max, z_max, 801)
    f, g = act.f(z), act.grad(z)
    ax.plot(z, f, lw=2.5, label=f"g(z) = {act.formula}")
    ax.plot(z, g, lw=2, ls="--", label="g′(z)")
    threshold = share * act.max_slope
    ax.fill_between(z, 0, 1, where=g < threshold, transform=ax.get_xaxis_transform(),
                    color="#999", alpha=0.25,
                    label=f"saturated: g′ < {share:.0%} of max g′ = {threshold:.3g}")
    ax.axhline(0, color="k", lw=0.6)
    ax.axvline(0, color="k", lw=0.6)
    ax.set(xlabel="z", title=f"{name}: output range {act.output_range}, "
                              f"max g′ = {act.max_slope:g}", xlim=(-z_max, z_max))
    ax.legend(loc="upper left", fontsize=8)
    return fig


def plot_activation_gallery(z_max: float = 5.0):
    """All activations side by side, each with its derivative."""
    fig, axes = new_figure(1, len(ACTIVATIONS), figsize=(3.0 * len(ACTIVATIONS), 2.8),
                           sharey=True)
    z = np.linspace(-z_max, z_max, 401)
    for ax, act in zip(axes, ACTIVATIONS.values()):
        ax.plot(z, act.f(z), lw=2.2, label="g")
        ax.plot(z, act.grad(z), lw=1.8, ls="--", label="g′")
        ax.axhline(0, color="k", lw=0.5)
        ax.axvline(0, color="k", lw=0.5)
        ax.set(title=act.name, xlabel="z", ylim=(-1.5, 3.0))
    axes[0].legend(loc="upper left")
    return fig


def plot_softmax(z, labels=None):
    """Bars of the scores z next to bars of softmax(z), with the probabilities written on top."""
    z = np.asarray(z, dtype=float)
    p = softmax(z)
    labels = list(labels) if labels is not None else [f"class {i}" for i in range(len(z))]
    fig, axes = new_figure(1, 2, figsize=(7.0, 2.8))
    axes[0].bar(labels, z, color="#7570b3")
    axes[0].set(title="scores z (logits)")
    bars = axes[1].bar(labels, p, color="#1b9e77")
    axes[1].bar_label(bars, labels=[f"{v:.3f}" for v in p])
    axes[1].set(title="softmax(z): positive, sums to 1", ylim=(0, 1.1))
    return fig


def plot_gradient_through_depth(factors: dict, ax=None):
    """Log-scale line per activation: the product of derivatives after 1..L layers.

    ``factors`` maps an activation name to an array (L,) of the running product.
    """
    fig, ax = figure_and_axes(ax, figsize=(6.0, 3.5))
    for name, values in factors.items():
        depth = np.arange(1, len(values) + 1)
        ax.semilogy(depth, values, marker="o", label=name)
    ax.set(xlabel="layers the gradient has passed through",
           ylabel="size of the gradient factor", title="Why deep sigmoid nets learn slowly")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    return fig
