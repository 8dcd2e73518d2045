"""The small datasets of the study notes (seed 003), exactly as printed there.

Used by chapter 01 (a single neuron) and chapter 02 (a 2-4-1 network, a 2-3-1
linear network, and an XOR set that no single line separates).
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import positive_int


def eight_points() -> tuple[np.ndarray, np.ndarray]:
    """The 8-point, two-feature dataset of seed 003.

    Returns
    -------
    X : ndarray of shape (8, 2), float64
    y : ndarray of shape (8,), int64 with values 0 and 1
    """
    X = np.array([[3, 1], [2, 5], [1, 8], [6, 4], [5, 2], [3, 5], [4, 7], [4, -1]],
                 dtype=np.float64)
    y = np.array([0, 1, 1, 0, 0, 1, 1, 0], dtype=np.int64)
    return X, y


def sum_below_one(n: int = 32, seed: int = 23455) -> tuple[np.ndarray, np.ndarray]:
    """Seed 003's second dataset: ``X = RandomState(seed).rand(n, 2)``, ``y = [x0 + x1 < 1]``.

    Returns
    -------
    X : ndarray of shape (n, 2), float64 in [0, 1)
    y : ndarray of shape (n, 1), float64 with values 0.0 and 1.0
    """
    positive_int(n, "n")
    positive_int(seed, "seed", minimum=0)
    X = np.random.RandomState(seed).rand(n, 2)
    y = (X.sum(axis=1) < 1).astype(np.float64).reshape(-1, 1)  # (n,) -> (n, 1)
    return X, y


def xor_clusters(n_per_cluster: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Playground's XOR: four Gaussian clusters at (±2, ±2), class 1 where x1·x2 < 0.

    No straight line separates the classes, so a network needs a hidden layer.

    Returns
    -------
    X : ndarray of shape (4 * n_per_cluster, 2)
    y : ndarray of shape (4 * n_per_cluster,), int64 labels 0/1
    """
    positive_int(n_per_cluster, "n_per_cluster")
    rng = np.random.default_rng(positive_int(seed, "seed", minimum=0))
    centres = np.array([[2, 2], [-2, -2], [2, -2], [-2, 2]], dtype=float)  # (4, 2)
    X = (centres[:, None, :] + 0.7 * rng.normal(size=(4, n_per_cluster, 2))).reshape(-1, 2)
    y = np.repeat([0, 0, 1, 1], n_per_cluster)  # (4 * n_per_cluster,)
    return X, y
