"""Activation functions and their derivatives, in NumPy (chapter 01).

Each function takes the pre-activation ``z`` (any shape) and returns an array
of the same shape. ``*_grad(z)`` is the elementwise derivative dg/dz, checked
against torch autograd in ``tests/unit/test_activations.py``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlcourse.checks import as_float_array, one_of, positive_int, positive_number


def sigmoid(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, in (0, 1).

    Computed in a form that never overflows: for z < 0 it uses
    :math:`e^{z} / (1 + e^{z})`.
    """
    z = as_float_array(z, "z")
    e = np.exp(-np.abs(z))  # in (0, 1]: no overflow for large |z|
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z):
    r""":math:`\sigma'(z) = \sigma(z)(1 - \sigma(z))`; at most 0.25, at z = 0."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    r"""Hyperbolic tangent :math:`\tanh z = (e^{z} - e^{-z}) / (e^{z} + e^{-z})`, in (-1, 1)."""
    return np.tanh(as_float_array(z, "z"))


def tanh_grad(z):
    r""":math:`\tanh'(z) = 1 - \tanh^2 z`; at most 1, at z = 0."""
    return 1.0 - np.tanh(as_float_array(z, "z")) ** 2


def relu(z):
    r"""Rectified linear unit :math:`\max(0, z)`."""
    return np.maximum(as_float_array(z, "z"), 0.0)


def relu_grad(z):
    r""":math:`\mathrm{relu}'(z) = 1` for z > 0, else 0 (0 at z = 0, as PyTorch)."""
    return (as_float_array(z, "z") > 0).astype(np.float64)


def leaky_relu(z, alpha: float = 0.01):
    r"""Leaky ReLU: :math:`z` for z > 0, :math:`\alpha z` otherwise."""
    alpha = positive_number(alpha, "alpha", allow_zero=True)
    z = as_float_array(z, "z")
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z, alpha: float = 0.01):
    r"""1 for z > 0, :math:`\alpha` otherwise."""
    alpha = positive_number(alpha, "alpha", allow_zero=True)
    return np.where(as_float_array(z, "z") > 0, 1.0, alpha)


def elu(z, alpha: float = 1.0):
    r"""Exponential linear unit: :math:`z` for z > 0, :math:`\alpha (e^{z} - 1)` otherwise."""
    alpha = positive_number(alpha, "alpha")
    z = as_float_array(z, "z")
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def elu_grad(z, alpha: float = 1.0):
    r"""1 for z > 0, :math:`\alpha e^{z}` otherwise."""
    alpha = positive_number(alpha, "alpha")
    z = as_float_array(z, "z")
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))


def softmax(z, axis: int = -1):
    r"""Softmax along ``axis``: :math:`\mathrm{softmax}(z)_i = e^{z_i} / \sum_j e^{z_j}`.

    The maximum is subtracted first (the result is unchanged, overflow is
    avoided). Outputs are positive and sum to 1 along ``axis``.

    Parameters
    ----------
    z : ndarray of shape (..., K)
        Scores (logits) of K classes along ``axis``.
    axis : int, default -1
        The axis that holds the K scores of one distribution.
    """
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an int (the axis of the K scores, e.g. -1), got "
                        f"{axis!r}.")
    z = as_float_array(z, "z")
    if z.ndim == 0:
        raise ValueError("z is a single number; softmax needs a vector of scores, e.g. [2.0, 1.0].")
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis == {axis}, must be in [{-z.ndim}, {z.ndim - 1}] for z of shape "
                         f"{z.shape}.")
    if z.shape[axis] == 0:
        raise ValueError(f"z has shape {z.shape}: no scores along axis {axis}; softmax needs "
                         f"at least one.")
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_jacobian(z):
    r"""Jacobian of softmax of a vector: :math:`J_{ij} = s_i(\delta_{ij} - s_j)`.

    Parameters
    ----------
    z : ndarray of shape (K,)

    Returns
    -------
    J : ndarray of shape (K, K)
    """
    z = as_float_array(z, "z")
    if z.ndim != 1:
        raise ValueError(f"z has shape {z.shape}; the Jacobian is defined here for one vector "
                         f"of shape (K,).")
    s = softmax(z)
    return np.diag(s) - np.outer(s, s)  # (K, K)


@dataclass(frozen=True)
class Activation:
    """An activation function with its derivative and a one-line description."""

    name: str
    f: Callable
    grad: Callable
    formula: str  # LaTeX, for plot titles
    output_range: str
    max_slope: float  # the largest g'(z): saturation is measured against it


ACTIVATIONS: dict[str, Activation] = {
    a.name: a for a in (
        Activation("sigmoid", sigmoid, sigmoid_grad, r"$\sigma(z)=1/(1+e^{-z})$", "(0, 1)",
                   0.25),
        Activation("tanh", tanh, tanh_grad, r"$\tanh(z)$", "(-1, 1)", 1.0),
        Activation("relu", relu, relu_grad, r"$\max(0, z)$", "[0, ∞)", 1.0),
        Activation("leaky_relu", leaky_relu, leaky_relu_grad,
                   r"$z$ if $z>0$ else $0.01z$", "(-∞, ∞)", 1.0),
        Activation("elu", elu, elu_grad, r"$z$ if $z>0$ else $e^{z}-1$", "(-1, ∞)", 1.0),
    )
}


def get_activation(name: str) -> Activation:
    """Look up an activation by name; the error lists the names that exist."""
    return ACTIVATIONS[one_of(name, "activation", sorted(ACTIVATIONS))]


def saturated_fraction(name: str, z, share: float = 0.05) -> float:
    r"""Fraction of ``z`` where the slope is below ``share`` of the function's own largest slope.

    A unit is *saturated* where :math:`g'(z) < \text{share} \cdot \max_z g'(z)`: it
    learns at under that share of its best rate (sigmoid's largest slope is 0.25, the
    others' 1). Chapter 01's explorer shades the same region.
    """
    share = positive_number(share, "share")
    activation = get_activation(name)
    return float(np.mean(activation.grad(z) < share * activation.max_slope))


def path_gradient_factor(name: str, depth: int, scale: float = 2.0, n_paths: int = 1000,
                         seed: int = 0, active_only: bool = False,
                         statistic: str = "median") -> np.ndarray:
    r"""Median (or mean) of :math:`\prod_{l=1}^{L} g'(z^{[l]})` over random paths, L = 1..depth.

    Backpropagation multiplies the gradient by one derivative :math:`g'(z)` per
    layer it passes (and by the weights, which this leaves out). Pre-activations
    are drawn as :math:`z \sim N(0, \text{scale}^2)`; with ``active_only`` only
    z > 0 is drawn (the paths a ReLU lets through).

    Returns
    -------
    factor : ndarray of shape (depth,)
    """
    positive_int(depth, "depth")
    positive_number(scale, "scale")
    positive_int(n_paths, "n_paths")
    positive_int(seed, "seed", minimum=0)
    if statistic not in ("median", "mean"):
        raise ValueError(f"statistic == {statistic!r}, must be 'median' or 'mean'.")
    activation = get_activation(name)
    z = np.random.default_rng(seed).normal(0.0, scale, size=(n_paths, depth))
    if active_only:
        z = np.abs(z)
    products = np.cumprod(activation.grad(z), axis=1)  # (n_paths, depth)
    return np.median(products, axis=0) if statistic == "median" else products.mean(axis=0)
