"""One artificial neuron: weighted sum, bias (a threshold moved to the left), activation.

Chapter 01. The McCulloch-Pitts neuron fires when the weighted sum of its
inputs exceeds a threshold θ; writing ``b = -θ`` gives the modern form
``a = g(w·x + b)``.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array, positive_int, positive_number
from dlcourse.nn.activations import get_activation


def _check_inputs(X, w, b) -> tuple[np.ndarray, np.ndarray, float]:
    X, w, b = as_float_array(X, "X"), as_float_array(w, "w"), as_float_array(b, "b")
    if X.ndim != 2:
        raise ValueError(f"X has shape {X.shape}; expected 2-D (n_ex, n_in). For one example "
                         f"use X.reshape(1, -1).")
    if w.shape != (X.shape[1],):
        raise ValueError(f"w has shape {w.shape}, expected ({X.shape[1]},): one weight per "
                         f"input feature of X (shape {X.shape}).")
    if b.ndim != 0:
        raise ValueError(f"b must be a single number (one bias per neuron), got shape "
                         f"{b.shape}.")
    return X, w, float(b)


def _check_labels(y, X: np.ndarray) -> np.ndarray:
    """``y`` as a 1-D array with one label per row of ``X`` (n_ex, n_in)."""
    y = np.asarray(y).ravel()
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y has {y.shape[0]} labels but X has {X.shape[0]} rows; give one "
                         f"label per example.")
    return y


def weighted_sum(X, w, b) -> np.ndarray:
    r"""Pre-activation :math:`z = Xw + b`.

    Parameters
    ----------
    X : ndarray of shape (n_ex, n_in)
    w : ndarray of shape (n_in,)
    b : float

    Returns
    -------
    z : ndarray of shape (n_ex,)
    """
    X, w, b = _check_inputs(X, w, b)
    return X @ w + b  # (n_ex, n_in) @ (n_in,) -> (n_ex,)


def neuron(X, w, b, activation: str = "sigmoid") -> np.ndarray:
    r"""Activation :math:`a = g(Xw + b)` of one neuron for each row of ``X`` (shape (n_ex,))."""
    return get_activation(activation).f(weighted_sum(X, w, b))


def fires(X, w, b) -> np.ndarray:
    """The threshold (step) neuron: 1 where ``Xw + b > 0``, else 0 (int array of shape (n_ex,))."""
    return (weighted_sum(X, w, b) > 0).astype(np.int64)


def count_correct(X, y, w, b) -> int:
    """How many examples the threshold neuron ``(w, b)`` classifies as their label ``y``."""
    X, w, b = _check_inputs(X, w, b)
    return int(np.sum(fires(X, w, b) == _check_labels(y, X)))


def perceptron(X, y, epochs: int = 20, lr: float = 1.0, w0=None, b0: float = 0.0):
    r"""Rosenblatt's perceptron rule: per example, :math:`w \leftarrow w + \eta (y - \hat y) x`.

    :math:`\hat y` is the threshold neuron's output, so the weights move only
    when an example is misclassified. On linearly separable data it stops
    changing after finitely many mistakes.

    Parameters
    ----------
    X : ndarray of shape (n_ex, n_in)
    y : ndarray of shape (n_ex,), labels 0/1
    epochs : int, passes over the data (stops early after a pass with no mistake)
    lr : float > 0, the step :math:`\eta`

    Returns
    -------
    w : ndarray of shape (n_in,)
    b : float
    mistakes : list of int, mistakes made in each pass
    """
    positive_int(epochs, "epochs")
    lr = positive_number(lr, "lr")
    X, w, b = _check_inputs(X, np.zeros(np.shape(X)[-1:]) if w0 is None else w0, b0)
    y = _check_labels(y, X)
    w = w.copy()  # trained in place; the caller's w0 stays as it was
    if set(np.unique(y)) - {0, 1}:
        raise ValueError(f"y must hold labels 0 and 1, got values {np.unique(y).tolist()}.")
    mistakes = []
    for _ in range(epochs):
        errors = 0
        for x_i, y_i in zip(X, y, strict=True):
            update = lr * (y_i - int(x_i @ w + b > 0))
            w += update * x_i
            b += update
            errors += update != 0
        mistakes.append(int(errors))
        if errors == 0:
            break
    return w, b, mistakes
