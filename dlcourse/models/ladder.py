"""Görner's ladder (seed 002, chapter 05): from 92 % softmax regression to > 99 % with a CNN.

Each rung changes one thing about the one before it:

1. ``softmax``: one dense layer, 784 pixels -> 10 classes (7,850 parameters).
2. ``sigmoid5``: five dense layers 200-100-60-30-10 with sigmoid activations.
3. ``relu5``: the same with ReLU (sigmoid squashes activations and gradients).
4. ``relu5_decay``: the learning rate decays exponentially from 0.003 to 0.0001.
5. ``relu5_dropout``: dropout after each hidden layer (keep 75 %) against overfitting.
6. ``cnn``: Görner's convolutional net (6, 12, 24 channels, strides 1, 2, 2,
   dense 200 with dropout), which keeps the 2-D shape the dense nets flatten away.

All rungs train with Adam at lr 0.003 on batches of 100, the talk's settings from the
five-layer net on (its softmax rung used plain gradient descent at 0.005), so that each
rung changes one thing only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from dlcourse.checks import fraction, positive_int
from dlcourse.train import History, fit

LR, LR_MIN, BATCH_SIZE = 0.003, 0.0001, 100  # Görner's values
WIDTHS = (784, 200, 100, 60, 30, 10)  # Görner's five dense layers


def mlp(activation: type[nn.Module], dropout: float = 0.0) -> nn.Sequential:
    """Five dense layers 784-200-100-60-30-10: images (N, 1, 28, 28) -> logits (N, 10)."""
    if not (isinstance(activation, type) and issubclass(activation, nn.Module)):
        raise TypeError(f"activation must be a torch.nn.Module class such as nn.ReLU, got "
                        f"{activation!r}.")
    dropout = fraction(dropout, "dropout")
    layers: list[nn.Module] = [nn.Flatten()]  # (N, 1, 28, 28) -> (N, 784)
    for n_in, n_out in zip(WIDTHS[:-2], WIDTHS[1:-1], strict=True):
        layers += [nn.Linear(n_in, n_out), activation()]
        if dropout:
            layers.append(nn.Dropout(dropout))
    layers.append(nn.Linear(WIDTHS[-2], WIDTHS[-1]))
    return nn.Sequential(*layers)


def softmax_regression() -> nn.Sequential:
    """One dense layer: images (N, 1, 28, 28) -> logits (N, 10); softmax is in the loss."""
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 10))  # (N, 784) -> (N, 10)


def gorner_cnn(dropout: float = 0.25) -> nn.Sequential:
    """Görner's CNN: images (N, 1, 28, 28) -> logits (N, 10).

    ::

        conv 6 @ 6x6 stride 1 'same' -> (N, 6, 28, 28)
        conv 12 @ 5x5 stride 2       -> (N, 12, 14, 14)
        conv 24 @ 4x4 stride 2       -> (N, 24, 7, 7)
        flatten (N, 1176) -> dense 200 -> dropout -> dense 10
    """
    dropout = fraction(dropout, "dropout")
    return nn.Sequential(
        nn.ZeroPad2d((2, 3, 2, 3)),  # TF 'SAME' for 6x6: 5 more pixels, 2 before, 3 after
        nn.Conv2d(1, 6, 6), nn.ReLU(),                            # (N, 6, 28, 28)
        nn.Conv2d(6, 12, 5, stride=2, padding=2), nn.ReLU(),      # (N, 12, 14, 14)
        nn.Conv2d(12, 24, 4, stride=2, padding=1), nn.ReLU(),     # (N, 24, 7, 7)
        nn.Flatten(),                                             # (N, 1176)
        nn.Linear(24 * 7 * 7, 200), nn.ReLU(), nn.Dropout(dropout), nn.Linear(200, 10))


@dataclass(frozen=True)
class Rung:
    """One step of the ladder: how to build the model and how its learning rate moves."""

    name: str
    build: Callable[[], nn.Module]
    schedule: str  # "constant" or "exponential" (0.003 -> 0.0001)


RUNGS = (  # each changes one thing about the one before it (the module docstring says what)
    Rung("softmax", softmax_regression, "constant"),
    Rung("sigmoid5", lambda: mlp(nn.Sigmoid), "constant"),
    Rung("relu5", lambda: mlp(nn.ReLU), "constant"),
    Rung("relu5_decay", lambda: mlp(nn.ReLU), "exponential"),
    Rung("relu5_dropout", lambda: mlp(nn.ReLU, dropout=0.25), "exponential"),
    Rung("cnn", gorner_cnn, "exponential"),
)


def climb(train, test, epochs: int, seed: int = 0, device: str = "cpu",
          rungs: tuple[Rung, ...] = RUNGS, evals_per_epoch: int = 1,
          progress: bool = True, evaluated_on: str = "test") -> dict[str, History]:
    """Train every rung for ``epochs`` epochs; return {rung name: History}.

    ``train`` and ``test`` are (images (N, 1, 28, 28), labels (N,)) tensors.
    Each rung is built and trained inside :func:`torch.random.fork_rng` seeded
    with ``seed``: every rung starts from the same random state, the run is
    repeatable, and the caller's global random state is left as it was.
    ``evaluated_on`` names the ``test`` set in the progress bars (see :func:`dlcourse.train.fit`).
    """
    positive_int(seed, "seed", minimum=0)
    if not all(isinstance(rung, Rung) for rung in rungs):
        raise TypeError(f"rungs must be Rung objects such as RUNGS[:2], got "
                        f"{[type(rung).__name__ for rung in rungs]}.")
    histories = {}
    for rung in rungs:
        with torch.random.fork_rng():  # weights and dropout draw from torch's global generator
            torch.manual_seed(seed)
            histories[rung.name] = fit(
                rung.build(), train, test, epochs=epochs, batch_size=BATCH_SIZE, lr=LR,
                schedule=rung.schedule, lr_min=LR_MIN, seed=seed, device=device,
                evals_per_epoch=evals_per_epoch, progress=progress,
                evaluated_on=evaluated_on)
    return histories
