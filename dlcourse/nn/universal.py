r"""One hidden layer can draw any continuous curve: a staircase of sigmoids (chapter 02).

The universal approximation theorem (Cybenko 1989; Hornik 1991) says a network with one
hidden layer of enough sigmoid (or ReLU, or any non-polynomial) units approximates any
continuous function on a closed interval as closely as we like. :func:`staircase_network`
builds such a network by hand, with no training: hidden unit k is a soft step
:math:`\sigma(s(x - m_k))` at the midpoint :math:`m_k` between two sample points, and its
output weight is the rise :math:`f(t_k) - f(t_{k-1})` of the curve there,

.. math:: \hat f(x) = f(t_0) + \sum_{k=1}^{H} \big(f(t_k) - f(t_{k-1})\big)\,
          \sigma\big(s\,(x - m_k)\big).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcourse.checks import positive_int, positive_number
from dlcourse.nn.mlp import MLP


def staircase_network(f: Callable, lo: float, hi: float, n_hidden: int,
                      sharpness: float = 4.0) -> MLP:
    """A 1-``n_hidden``-1 sigmoid network (linear output) whose output follows ``f`` on [lo, hi].

    Parameters
    ----------
    f : callable
        Maps an array of shape (H + 1,) of sample points to their values.
    lo, hi : float
        The interval, lo < hi.
    n_hidden : int
        H, the hidden units: one step per gap between the H + 1 evenly spaced sample points.
    sharpness : float, default 4.0
        The slope s of each step in units of the gap h: s = sharpness / h.

    Returns
    -------
    net : MLP of sizes (1, H, 1)
    """
    n_hidden = positive_int(n_hidden, "n_hidden")
    sharpness = positive_number(sharpness, "sharpness")
    lo, hi = float(lo), float(hi)
    if not lo < hi:
        raise ValueError(f"lo == {lo} and hi == {hi}: need lo < hi.")
    t = np.linspace(lo, hi, n_hidden + 1)  # (H + 1,) sample points
    values = np.asarray(f(t), dtype=float)
    if values.shape != t.shape:
        raise ValueError(f"f returned shape {values.shape} for {t.shape[0]} points, expected "
                         f"{t.shape}.")
    s = sharpness / (t[1] - t[0])
    midpoints = (t[1:] + t[:-1]) / 2  # (H,)
    net = MLP((1, n_hidden, 1), activation="sigmoid", output_activation=None)
    P = net.params
    P["W1"][:] = s                           # (1, H)
    P["b1"][:] = -s * midpoints              # (H,): unit k steps up at m_k
    P["W2"][:, 0] = np.diff(values)          # (H, 1): the rise of f over gap k
    P["b2"][:] = values[0]                   # (1,)
    return net
