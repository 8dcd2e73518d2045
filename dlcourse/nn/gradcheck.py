r"""Finite-difference gradient checks: is a hand-written backward right? (chapter 02)

The central difference

.. math::

    \frac{\partial L}{\partial \theta_i} \approx
    \frac{L(\theta + \epsilon e_i) - L(\theta - \epsilon e_i)}{2\epsilon}

has error :math:`O(\epsilon^2)`; in float64 with :math:`\epsilon = 10^{-6}` a
correct analytic gradient agrees to a relative error of about
:math:`10^{-8}` or better, a wrong one (a missing transpose, a forgotten
factor) is off by :math:`10^{-1}` or more.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcourse.checks import as_float_array, positive_number, same_shape
from dlcourse.nn.layer import Layer

TOLERANCE = 1e-6  # relative errors below this count as "correct" in float64


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of ``f()`` with respect to the array ``x``.

    Parameters
    ----------
    f : callable with no arguments
        Returns the loss as a float; it must read ``x`` (the same array object),
        which is nudged in place entry by entry and restored afterwards.
    x : ndarray of float, any shape
    eps : float > 0

    Returns
    -------
    grad : ndarray of the shape of ``x``
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        got = f"an array of dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(f"x must be a float64 ndarray (nudged in place), got {got}.")
    eps = positive_number(eps, "eps")
    grad = np.zeros_like(x)
    flat, flat_grad = x.reshape(-1), grad.reshape(-1)  # views: (size,)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f()
        flat[i] = old - eps
        down = f()
        flat[i] = old
        flat_grad[i] = (up - down) / (2 * eps)
    return grad


def relative_error(analytic, numeric) -> float:
    r"""Relative error :math:`\|a - n\| / \max(\|a\| + \|n\|, 10^{-12})` of two gradients.

    0 when equal; 1 when one of them is zero or they point in opposite directions.
    """
    a, n = as_float_array(analytic, "analytic"), as_float_array(numeric, "numeric")
    same_shape(a, n, "analytic", "numeric")
    return float(np.linalg.norm(a - n) / max(np.linalg.norm(a) + np.linalg.norm(n), 1e-12))


def check_layer(layer, X, seed: int = 0, eps: float = 1e-6) -> dict[str, float]:
    r"""Gradient-check a layer's ``backward`` for its input and every parameter.

    Uses the scalar :math:`L = \sum Y \odot G` with a fixed random G, so that
    :math:`\partial L / \partial Y = G` is known exactly.

    Parameters
    ----------
    layer : Layer
        Any layer of the :class:`~dlcourse.nn.layer.Layer` protocol (Dense, an
        activation, Conv2d, a pooling layer, ...); its ``params`` should be float64.
    X : array_like
        An input the layer accepts, e.g. (N, n_in) for Dense, (N, C, H, W) for Conv2d,
        integer ids (N, L) for Embedding.
    seed : int
        Seeds G.

    Returns
    -------
    errors : dict
        ``{"dLdX": err, "dLdW": err, ...}``: relative error of each gradient;
        only ``"dLdX"`` for a layer without parameters; no ``"dLdX"`` for a layer whose
        backward returns None (Embedding: integer ids have no gradient).
    """
    if not isinstance(layer, Layer):
        raise TypeError(f"layer must be a dlcourse.nn.layer.Layer (forward, backward, params, "
                        f"grads), got {type(layer).__name__}.")
    as_float_array(X, "X")  # ragged lists and text get their errors here
    X = np.array(X)  # a copy: nudged in place below, or integer ids passed as they are
    if X.dtype.kind not in "iu":
        X = X.astype(np.float64)
    G = np.random.default_rng(seed).normal(size=np.shape(layer.forward(X)))  # like Y
    dLdX = layer.backward(G)  # forward(X) above left the cache backward needs

    def loss() -> float:
        return float(np.sum(layer.forward(X) * G))

    analytic = {name: g.copy() for name, g in layer.grads.items()}
    arrays = dict(layer.params)
    if dLdX is not None:
        X = X.astype(np.float64, copy=False)  # integers a layer treats as numbers are nudged too
        analytic, arrays = {"X": dLdX, **analytic}, {"X": X, **arrays}
    return {f"dLd{name}": relative_error(analytic[name], numerical_gradient(loss, arr, eps))
            for name, arr in arrays.items()}


def check_network(net, X, y, loss: str = "bce", eps: float = 1e-6) -> dict[str, float]:
    """Gradient-check every parameter of an :class:`~dlcourse.nn.mlp.MLP` on ``(X, y)``.

    Returns
    -------
    errors : dict
        ``{"W1": err, "b1": err, ...}``: relative error of each parameter's gradient.
    """
    net.loss_and_backward(X, y, loss)
    analytic = {name: g.copy() for name, g in net.grads.items()}

    def value() -> float:
        return net.loss(X, y, loss)

    return {name: relative_error(analytic[name], numerical_gradient(value, p, eps))
            for name, p in net.params.items()}
