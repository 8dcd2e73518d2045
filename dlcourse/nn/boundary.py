"""Train a small NumPy network on a toy 2-D dataset (chapter 02's decision-boundary trainer).

:func:`train_classifier` fits a 2-H-1 network with :func:`dlcourse.nn.mlp.fit`
(full-batch gradient descent on binary cross-entropy) and returns a
:class:`TrainedClassifier` that predicts in the data's original units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcourse.checks import as_float_array, one_of
from dlcourse.data.toy import eight_points, sum_below_one, xor_clusters
from dlcourse.nn.mlp import MLP, fit
from dlcourse.nn.optim import SGD

DATASETS = {
    "seed 003: eight points": eight_points,
    "seed 003: x1 + x2 < 1": lambda: sum_below_one(32),
    "XOR (four clusters)": xor_clusters,
}


@dataclass
class TrainedClassifier:
    """A trained network with the data and the standardisation it was trained with."""

    net: MLP
    X: np.ndarray  # (N, 2), original units
    y: np.ndarray  # (N,), labels 0/1
    mean: np.ndarray  # (2,)
    std: np.ndarray  # (2,)
    history: np.ndarray  # (epochs,)

    def predict_proba(self, points) -> np.ndarray:
        """P(class 1) at ``points`` (m, 2) in the original units, shape (m,)."""
        points = as_float_array(points, "points", ndim=2)
        return self.net.predict_proba((points - self.mean) / self.std)

    @property
    def accuracy(self) -> float:
        """Fraction of the training points on the right side of the 0.5 contour."""
        return float(np.mean((self.predict_proba(self.X) > 0.5) == self.y))


def train_classifier(dataset: str = "seed 003: eight points", hidden: int = 4,
                     activation: str = "sigmoid", lr: float = 0.5, epochs: int = 1000,
                     seed: int = 0) -> TrainedClassifier:
    """Train a 2-``hidden``-1 network with a sigmoid output on standardised inputs.

    Inputs are shifted and scaled to mean 0, standard deviation 1 per feature
    (so one learning rate suits every dataset); plots use the original units.

    Parameters
    ----------
    dataset : str
        A key of :data:`DATASETS`.
    hidden : int
        Hidden units H.
    activation : str
        The hidden layer's activation (a key of ``dlcourse.nn.activations.ACTIVATIONS``).
    lr : float > 0
        The learning rate of plain gradient descent.
    epochs : int
        Full-batch steps.
    seed : int
        Seed of the weight initialisation.

    Raises
    ------
    ValueError
        For an unknown dataset, and when training diverges (the loss becomes
        nan or inf): lower the learning rate.
    """
    X, y = DATASETS[one_of(dataset, "dataset", DATASETS)]()
    y = np.asarray(y).ravel()  # (N,) or (N, 1) -> (N,)
    mean, std = X.mean(axis=0), X.std(axis=0)
    net = MLP((2, hidden, 1), activation=activation, output_activation="sigmoid", seed=seed)
    with np.errstate(over="ignore", invalid="ignore"):
        history = fit(net, (X - mean) / std, y, "bce", SGD(lr), epochs=epochs)
    if not np.all(np.isfinite(history)):
        bad = int(np.argmin(np.isfinite(history)))
        raise ValueError(f"training diverged: the loss became {history[bad]} at epoch "
                         f"{bad + 1} with learning rate {lr:g}; lower the learning rate.")
    return TrainedClassifier(net, X, y, mean, std, history)
