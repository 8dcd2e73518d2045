r"""Loss functions and their gradients with respect to the prediction (chapter 02).

Every loss takes ``(y_hat, y)`` — prediction first, target second, as
``torch.nn.functional`` does — and returns a Python float; its ``*_grad``
returns :math:`\partial L / \partial \hat y` of the shape of ``y_hat``. Batch
losses are means over the examples, so the gradients carry a factor ``1/N``.
Checked against torch in ``tests/unit/test_losses.py``.

Shape symbols: N = examples in the batch, K = classes (or outputs).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlcourse.nn.activations import softmax
from dlcourse.checks import as_float_array, same_shape

EPS = 1e-12  # probabilities are clipped to [EPS, 1 - EPS] before a log, like seed 003's clip


def _pair(y_hat, y) -> tuple[np.ndarray, np.ndarray]:
    y_hat, y = as_float_array(y_hat, "y_hat"), as_float_array(y, "y")
    same_shape(y_hat, y, "y_hat", "y")
    if y_hat.size == 0:
        raise ValueError("y_hat is empty; a loss needs at least one prediction.")
    return y_hat, y


def _probabilities(p: np.ndarray, name: str) -> None:
    if np.any(p < 0) or np.any(p > 1) or np.any(np.isnan(p)):
        raise ValueError(f"{name} must hold probabilities in [0, 1], got values from "
                         f"{np.nanmin(p):.4g} to {np.nanmax(p):.4g}. Pass probabilities "
                         f"(e.g. sigmoid or softmax outputs), not raw scores.")


def mse(y_hat, y) -> float:
    r"""Mean squared error :math:`L = \frac{1}{n}\sum_i (\hat y_i - y_i)^2` over all n entries.

    Seed 003's regression loss ``tf.reduce_mean(tf.square(y_ - y))``; equals
    ``torch.nn.functional.mse_loss``.

    Parameters
    ----------
    y_hat : array_like of shape (N, K) or any shape
    y : array_like of the same shape
    """
    y_hat, y = _pair(y_hat, y)
    return float(np.mean((y_hat - y) ** 2))


def mse_grad(y_hat, y) -> np.ndarray:
    r""":math:`\partial L / \partial \hat y = \frac{2}{n}(\hat y - y)`, shape of ``y_hat``."""
    y_hat, y = _pair(y_hat, y)
    return 2.0 * (y_hat - y) / y.size


def binary_cross_entropy(y_hat, y) -> float:
    r"""Binary cross-entropy, the mean over all n entries of ``y_hat``.

    .. math:: L = -\frac{1}{n}\sum_i [y_i \ln \hat y_i + (1-y_i)\ln(1-\hat y_i)]

    Parameters
    ----------
    y_hat : array_like of shape (N, 1) or (N,)
        Predicted probabilities of class 1, in [0, 1] (clipped to [EPS, 1 - EPS]).
    y : array_like of the same shape
        Targets in [0, 1] (usually the labels 0 and 1).
    """
    y_hat, y = _pair(y_hat, y)
    _probabilities(y_hat, "y_hat")
    _probabilities(y, "y")
    p = np.clip(y_hat, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def binary_cross_entropy_grad(y_hat, y) -> np.ndarray:
    r""":math:`\partial L / \partial \hat y = \frac{1}{n}\,\frac{\hat y - y}{\hat y(1 - \hat y)}`.

    Times the sigmoid's derivative :math:`\hat y(1-\hat y)` this becomes
    :math:`(\hat y - y)/n`: a sigmoid output with cross-entropy has no
    saturating factor in its gradient.
    """
    y_hat, y = _pair(y_hat, y)
    _probabilities(y_hat, "y_hat")
    _probabilities(y, "y")
    p = np.clip(y_hat, EPS, 1 - EPS)
    return (p - y) / (p * (1 - p)) / y.size


def _check_base(base) -> float:
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(f"base must be a number such as math.e or 10, got {type(base).__name__}.")
    if base <= 0 or base == 1:
        raise ValueError(f"base == {base}, must be > 0 and != 1 (math.e for nats, 2 for bits, "
                         f"10 as seed 003's worked example).")
    return float(base)


def cross_entropy(y_hat, y, base: float = math.e) -> float:
    r"""Cross-entropy :math:`H(y, \hat y) = -\sum_k y_k \log_b \hat y_k` of distributions.

    For a batch the mean over the N rows is returned. ``base`` is the base
    :math:`b` of the logarithm: the default ``math.e`` gives nats (what
    ``tf.log``/``torch.log`` compute); ``base=10`` gives the numbers printed
    in seed 003, H((1,0),(0.6,0.4)) = 0.222.

    Parameters
    ----------
    y_hat : array_like of shape (K,) or (N, K)
        Predicted distribution(s), probabilities in [0, 1].
    y : array_like of the same shape
        True distribution(s), e.g. one-hot rows.
    base : float, default math.e

    Examples
    --------
    >>> round(cross_entropy([0.6, 0.4], [1, 0], base=10), 3)
    0.222
    >>> round(cross_entropy([0.6, 0.4], [1, 0]), 3)
    0.511
    """
    y_hat, y = _pair(y_hat, y)
    base = _check_base(base)
    _probabilities(y_hat, "y_hat")
    _probabilities(y, "y")
    per_row = -np.sum(y * np.log(np.clip(y_hat, EPS, 1.0)), axis=-1) / np.log(base)  # (N,) or ()
    return float(np.mean(per_row))


def cross_entropy_grad(y_hat, y, base: float = math.e) -> np.ndarray:
    r""":math:`\partial H / \partial \hat y_k = -y_k / (\hat y_k \ln b)`, over N for a batch."""
    y_hat, y = _pair(y_hat, y)
    base = _check_base(base)
    _probabilities(y_hat, "y_hat")
    n_rows = y.shape[0] if y.ndim == 2 else 1
    return -y / (np.clip(y_hat, EPS, 1.0) * np.log(base)) / n_rows


def _logits_and_targets(z, y) -> tuple[np.ndarray, np.ndarray]:
    z = as_float_array(z, "z", ndim=2)
    y = np.asarray(y)
    if y.ndim == 1 and y.dtype.kind in "iu":  # class indices (N,) -> one-hot (N, K)
        if y.shape[0] != z.shape[0]:
            raise ValueError(f"y holds {y.shape[0]} class indices but z has {z.shape[0]} rows.")
        if y.size and (y.min() < 0 or y.max() >= z.shape[1]):
            raise ValueError(f"y holds class indices from {y.min()} to {y.max()}, must be in "
                             f"[0, {z.shape[1] - 1}] for z with {z.shape[1]} columns.")
        y = np.eye(z.shape[1])[y]  # (N, K)
    y = as_float_array(y, "y")
    same_shape(z, y, "z", "y")
    _probabilities(y, "y")
    return z, y


def softmax_cross_entropy(z, y) -> float:
    r"""Cross-entropy of ``softmax(z)`` against ``y``, from the scores (logits) ``z``.

    :math:`L = \frac{1}{N}\sum_n \big(\log\sum_k e^{z_{nk}} - \sum_k y_{nk} z_{nk}\big)`
    (for rows of ``y`` summing to 1), computed with the log-sum-exp trick so
    that large scores do not overflow. Equals ``torch.nn.functional.cross_entropy``.

    Parameters
    ----------
    z : array_like of shape (N, K)
        Scores (logits), any real numbers.
    y : array_like of shape (N, K) or int array of shape (N,)
        Target distributions (one-hot rows) or class indices.
    """
    z, y = _logits_and_targets(z, y)
    m = z.max(axis=1, keepdims=True)  # (N, 1)
    log_softmax = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))  # (N, K)
    return float(-np.mean(np.sum(y * log_softmax, axis=1)))


def softmax_cross_entropy_grad(z, y) -> np.ndarray:
    r""":math:`\partial L / \partial z = (\mathrm{softmax}(z) - y) / N`, shape (N, K).

    The softmax Jacobian :math:`s_i(\delta_{ij} - s_j)` times
    :math:`\partial H/\partial s_i = -y_i/s_i` sums to :math:`s_j - y_j`
    when the row of ``y`` sums to 1: the famous "prediction minus target".
    """
    z, y = _logits_and_targets(z, y)
    return (softmax(z, axis=1) - y) / z.shape[0]


@dataclass(frozen=True)
class Loss:
    """A loss ``f(y_hat, y) -> float`` with its gradient ``grad(y_hat, y) -> dL/dy_hat``."""

    name: str
    f: Callable
    grad: Callable


LOSSES: dict[str, Loss] = {
    loss.name: loss for loss in (
        Loss("mse", mse, mse_grad),
        Loss("bce", binary_cross_entropy, binary_cross_entropy_grad),
        Loss("cross_entropy", cross_entropy, cross_entropy_grad),
        Loss("softmax_cross_entropy", softmax_cross_entropy, softmax_cross_entropy_grad),
    )
}


def get_loss(name: str) -> Loss:
    """Look up a loss by name; the error lists the names that exist."""
    if name not in LOSSES:
        raise ValueError(f"loss == {name!r}, must be one of {sorted(LOSSES)}.")
    return LOSSES[name]
