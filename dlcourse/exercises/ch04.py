"""Chapter 04 exercises: write 2 × 2 max pooling and its backward pass."""

from __future__ import annotations

import numpy as np

from dlcourse.exercises.checker import Case, Report, check_function
from dlcourse.nn.pooling import MaxPool2d

SEED_MAP = np.array([[1.0, 1.0, 2.0, 4.0],
                     [5.0, 6.0, 7.0, 8.0],
                     [3.0, 2.0, 1.0, 0.0],
                     [1.0, 2.0, 3.0, 4.0]])


def _maps() -> list[np.ndarray]:
    """A 4 × 4 map with a known answer and a random 6 × 6 one."""
    return [SEED_MAP, np.random.default_rng(4).normal(size=(6, 6)).round(2)]


def check_max_pool(fn) -> Report:
    """``fn(X)`` must max-pool a 2-D map X (H, W) with 2 × 2 windows, stride 2: (H/2, W/2)."""
    cases = [Case((X,), MaxPool2d(2).forward(X[None, None])[0, 0], f"{X.shape[0]}×{X.shape[1]} map")
             for X in _maps()]
    return check_function("max_pool", fn, cases)


def check_max_pool_backward(fn) -> Report:
    """``fn(X, dLdY)`` must return dL/dX (H, W): each dL/dY value at its window's maximum."""
    cases = []
    for X in _maps():
        layer = MaxPool2d(2)
        layer.forward(X[None, None])
        dLdY = np.arange(1.0, X.size // 4 + 1).reshape(X.shape[0] // 2, X.shape[1] // 2)
        cases.append(Case((X, dLdY), layer.backward(dLdY[None, None])[0, 0],
                          f"{X.shape[0]}×{X.shape[1]} map, dLdY = 1, 2, 3, ..."))
    return check_function("max_pool_backward", fn, cases)
