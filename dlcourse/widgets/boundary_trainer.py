"""Chapter 02 decision-boundary trainer, in the spirit of TensorFlow Playground.

Pick a dataset, the hidden units and activation of a 2-H-1 network, the
learning rate and the epochs; the network is trained from scratch with
:func:`dlcourse.nn.mlp.fit` (full-batch gradient descent on binary
cross-entropy) and the decision regions and loss curve are redrawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcourse.data.toy import eight_points, sum_below_one, xor_clusters
from dlcourse.nn.activations import ACTIVATIONS
from dlcourse.nn.mlp import MLP, fit
from dlcourse.nn.optim import SGD
from dlcourse.plots.boundary import plot_boundary_and_loss
from dlcourse.widgets.explorer import Explorer, dropdown, log_slider, slider

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
        return self.net.predict_proba((np.asarray(points) - self.mean) / self.std)

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

    Raises
    ------
    ValueError
        For an unknown dataset, and when training diverges (the loss becomes
        nan or inf): lower the learning rate.
    """
    if dataset not in DATASETS:
        raise ValueError(f"dataset == {dataset!r}, must be one of {list(DATASETS)}.")
    X, y = DATASETS[dataset]()
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


def boundary_figure(dataset: str = "seed 003: eight points", hidden: int = 4,
                    activation: str = "sigmoid", lr: float = 0.5, epochs: int = 1000):
    """Decision regions and loss curve of :func:`train_classifier` with these settings."""
    model = train_classifier(dataset, hidden, activation, lr, epochs)
    title = (f"2-{hidden}-1 {activation}, η = {lr:g}: accuracy {model.accuracy:.0%}, "
             f"loss {model.history[-1]:.3g}")
    return plot_boundary_and_loss(model.X, model.y, model.predict_proba, model.history, title)


def boundary_trainer(dataset: str = "seed 003: eight points", hidden: int = 4,
                     activation: str = "sigmoid", lr: float = 0.5,
                     epochs: int = 1000) -> Explorer:
    """Dataset, hidden units, activation, learning rate (log slider), epochs -> the boundary."""
    controls = {
        "dataset": dropdown("dataset", list(DATASETS), dataset),
        "hidden": slider("hidden units", hidden, 1, 16, 1),
        "activation": dropdown("activation", list(ACTIVATIONS), activation),
        "lr": log_slider("learning rate η", lr, -3, 1.5, 0.1),
        "epochs": slider("epochs", epochs, 50, 3000, 50),
    }
    return Explorer(controls, boundary_figure, height="420px")
