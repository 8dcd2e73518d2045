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

from dlcourse.checks import as_float_array, one_of, same_shape
from dlcourse.nn.activations import softmax

# ln 0 = -inf would make a confident wrong prediction cost inf (and 0 * ln 0 NaN), so the
# logarithm of a probability is floored at LOG_FLOOR, as torch's binary_cross_entropy does:
# exact for every probability above e^-100 = 3.7e-44, at most 100 nats per entry below it.
LOG_FLOOR = -100.0
# The gradients divide by the probability; as torch's binary_cross_entropy backward, the
# divisor is floored at GRAD_FLOOR so that a prediction of exactly 0 or 1 gets a large finite
# gradient instead of inf. Where such predictions happen, compute the loss from the scores
# (logits) instead: softmax_cross_entropy needs no floor, its gradient is softmax(z) - y.
GRAD_FLOOR = 1e-12


def _pair(y_hat, y) -> tuple[np.ndarray, np.ndarray]:
    y_hat, y = as_float_array(y_hat, "y_hat"), as_float_array(y, "y")
    same_shape(y_hat, y, "y_hat", "y")
    if y_hat.size == 0:
        raise ValueError("y_hat is empty; a loss needs at least one prediction.")
    return y_hat, y


def _probabilities(p: np.ndarray, name: str) -> None:
    if not (p.min() >= 0 and p.max() <= 1):  # a nan fails both comparisons
        raise ValueError(f"{name} must hold probabilities in [0, 1], got values from "
                         f"{np.nanmin(p):.4g} to {np.nanmax(p):.4g}. Pass probabilities "
                         f"(e.g. sigmoid or softmax outputs), not raw scores.")


def _log(p: np.ndarray) -> np.ndarray:
    """ln p, floored at LOG_FLOOR (so ln 0 is -100, not -inf), in the dtype of ``p``."""
    with np.errstate(divide="ignore"):
        return np.maximum(np.log(p), LOG_FLOOR)


def _log_one_minus(p: np.ndarray) -> np.ndarray:
    """ln(1 - p), floored at LOG_FLOOR; ``log1p`` keeps it exact for tiny p."""
    with np.errstate(divide="ignore"):
        return np.maximum(np.log1p(-p), LOG_FLOOR)


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
        Predicted probabilities of class 1, in [0, 1]. Each logarithm is floored at
        ``LOG_FLOOR`` = -100 (ln 0 = -inf otherwise), as torch does, so ``y_hat`` = 0 or 1
        costs at most 100 per entry; every other value is exact, in float32 as in float64.
    y : array_like of the same shape
        Targets in [0, 1] (usually the labels 0 and 1).

    Equals ``torch.nn.functional.binary_cross_entropy``. Float32 rounds 1 - 1e-8 to 1, so
    probabilities squashed by a sigmoid lose their distance from 1; from the score z
    itself, ``softmax_cross_entropy([[0, z]], y)`` keeps it.
    """
    y_hat, y = _pair(y_hat, y)
    _probabilities(y_hat, "y_hat")
    _probabilities(y, "y")
    return float(-np.mean(y * _log(y_hat) + (1 - y) * _log_one_minus(y_hat)))


def binary_cross_entropy_grad(y_hat, y) -> np.ndarray:
    r""":math:`\partial L / \partial \hat y = \frac{1}{n}\,\frac{\hat y - y}{\hat y(1 - \hat y)}`.

    Times the sigmoid's derivative :math:`\hat y(1-\hat y)` this becomes
    :math:`(\hat y - y)/n`: a sigmoid output with cross-entropy has no
    saturating factor in its gradient. The divisor is floored at ``GRAD_FLOOR`` = 1e-12,
    as in torch's backward, so ``y_hat`` = 0 or 1 gives a finite gradient.
    """
    y_hat, y = _pair(y_hat, y)
    _probabilities(y_hat, "y_hat")
    _probabilities(y, "y")
    return (y_hat - y) / np.maximum(y_hat * (1 - y_hat), GRAD_FLOOR) / y.size


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
        Predicted distribution(s), probabilities in [0, 1]. The natural logarithm is
        floored at ``LOG_FLOOR`` = -100 (so ln 0 costs 100 nats, not inf); every
        probability above 3.7e-44 is exact. From scores, use :func:`softmax_cross_entropy`.
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
    per_row = -np.sum(y * _log(y_hat), axis=-1) / np.log(base)  # (N,) or ()
    return float(np.mean(per_row))


def cross_entropy_grad(y_hat, y, base: float = math.e) -> np.ndarray:
    r""":math:`\partial H / \partial \hat y_k = -y_k / (\hat y_k \ln b)`, over N for a batch.

    :math:`\hat y_k` is floored at ``GRAD_FLOOR`` = 1e-12 in the divisor, so a zero
    probability gives a large finite gradient instead of inf.
    """
    y_hat, y = _pair(y_hat, y)
    base = _check_base(base)
    _probabilities(y_hat, "y_hat")
    n_rows = y.shape[0] if y.ndim == 2 else 1
    return -y / (np.maximum(y_hat, GRAD_FLOOR) * np.log(base)) / n_rows


def _logits_and_targets(z, y) -> tuple[np.ndarray, np.ndarray]:
    z = as_float_array(z, "z", ndim=2)
    if z.size == 0:
        raise ValueError(f"z has shape {z.shape}; a loss needs at least one example with at "
                         f"least one score.")
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

    :math:`L = -\frac{1}{N}\sum_n \sum_k y_{nk} \log \mathrm{softmax}(z_n)_k`, with
    :math:`\log \mathrm{softmax}(z)_k = z_k - \log\sum_j e^{z_j}` computed with the
    log-sum-exp trick so that large scores do not overflow. No probability is rounded
    or floored, so this is the precise way to a cross-entropy. Equals
    ``torch.nn.functional.cross_entropy``.

    Parameters
    ----------
    z : array_like of shape (N, K)
        Scores (logits), real numbers; ``-inf`` masks a class out (its probability is 0,
        and a target of 0 there costs nothing).
    y : array_like of shape (N, K) or int array of shape (N,)
        Target distributions (one-hot rows) or class indices. Rows that do not sum to 1
        are allowed (as in torch); :func:`softmax_cross_entropy_grad` accounts for them.
    """
    z, y = _logits_and_targets(z, y)
    m = z.max(axis=1, keepdims=True)  # (N, 1)
    log_softmax = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))  # (N, K)
    log_softmax = np.where(y == 0, 0.0, log_softmax)  # 0 * log 0 = 0 at masked (-inf) scores
    return float(-np.mean(np.sum(y * log_softmax, axis=1)))


def softmax_cross_entropy_grad(z, y) -> np.ndarray:
    r""":math:`\partial L / \partial z_{nj} = (s_{nj} \sum_k y_{nk} - y_{nj}) / N`, shape (N, K).

    The softmax Jacobian :math:`s_i(\delta_{ij} - s_j)` times
    :math:`\partial H/\partial s_i = -y_i/s_i` sums to :math:`s_j \sum_i y_i - y_j`;
    when the row of ``y`` sums to 1 (one-hot or a distribution) this is
    :math:`s_j - y_j`, the famous "prediction minus target".
    """
    z, y = _logits_and_targets(z, y)
    s = softmax(z, axis=1)  # (N, K)
    return (s * y.sum(axis=1, keepdims=True) - y) / z.shape[0]


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
    return LOSSES[one_of(name, "loss", sorted(LOSSES))]
