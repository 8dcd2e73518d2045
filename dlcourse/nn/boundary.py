"""Train a small NumPy network on a toy 2-D dataset (chapter 02's decision-boundary trainer).

:func:`train_classifier` fits a 2-H-1 network with :func:`dlcourse.nn.mlp.fit`
(full-batch gradient descent on binary cross-entropy) and returns a
:class:`TrainedClassifier` that predicts in the data's original units. The
training of each setting is a :class:`TrainingRun` kept for a while, so asking
for more or fewer epochs of the same setting (the explorer's epochs slider)
continues or rewinds it instead of training again from the start.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dlcourse.checks import as_float_array, one_of, positive_int, positive_number
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
    epochs = positive_int(epochs, "epochs")
    setting = (one_of(dataset, "dataset", DATASETS), positive_int(hidden, "hidden"),
               activation, positive_number(lr, "lr"), seed)  # checked before they are a key
    model = training_run(*setting).at(epochs)
    if not np.all(np.isfinite(model.history)):
        bad = int(np.argmin(np.isfinite(model.history)))
        raise ValueError(f"training diverged: the loss became {model.history[bad]} at epoch "
                         f"{bad + 1} with learning rate {lr:g}; lower the learning rate.")
    return model


class TrainingRun:
    """One setting's full-batch training, with the network kept every ``every`` epochs.

    ``at(epochs)`` trains on from the last kept network at or before ``epochs``;
    plain gradient descent keeps no state between steps, so the result equals
    one uninterrupted :func:`dlcourse.nn.mlp.fit` of that many epochs.
    """

    def __init__(self, dataset: str, hidden: int, activation: str, lr: float, seed: int = 0,
                 every: int = 50):
        X, y = DATASETS[one_of(dataset, "dataset", DATASETS)]()
        self.X, self.y = X, np.asarray(y).ravel()  # (N,) or (N, 1) -> (N,)
        self.mean, self.std = X.mean(axis=0), X.std(axis=0)
        self.optimizer, self.every = SGD(lr), positive_int(every, "every")
        net = MLP((2, hidden, 1), activation=activation, output_activation="sigmoid", seed=seed)
        self.kept = [net]  # kept[k]: the network after k * every epochs
        self.history = np.empty(0)  # the loss of each epoch trained so far

    def _train(self, net: MLP, epochs: int) -> tuple[MLP, np.ndarray]:
        net = copy.deepcopy(net)
        with np.errstate(over="ignore", invalid="ignore"):
            losses = fit(net, (self.X - self.mean) / self.std, self.y, "bce", self.optimizer,
                         epochs=epochs)
        return net, losses

    def at(self, epochs: int) -> TrainedClassifier:
        """The classifier after ``epochs`` epochs, with the loss of each of them."""
        epochs = positive_int(epochs, "epochs")
        while len(self.kept) <= epochs // self.every:
            net, losses = self._train(self.kept[-1], self.every)
            self.kept.append(net)
            self.history = np.concatenate([self.history, losses])
        net, rest = self.kept[epochs // self.every], epochs % self.every
        if rest:
            net, losses = self._train(net, rest)
            history = np.concatenate([self.history[:epochs - rest], losses])
        else:
            net, history = copy.deepcopy(net), self.history[:epochs]
        return TrainedClassifier(net, self.X, self.y, self.mean, self.std, history)


@lru_cache(maxsize=16)
def training_run(dataset: str, hidden: int, activation: str, lr: float,
                 seed: int = 0) -> TrainingRun:
    """The :class:`TrainingRun` of this setting, kept for the 16 settings used last."""
    return TrainingRun(dataset, hidden, activation, lr, seed)
