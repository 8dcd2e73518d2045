"""How far back can each cell remember? A synthetic recall task for chapter 06.

The task is Hochreiter and Schmidhuber's (1997, experiment 2) long-time-lag
problem: a sequence of ``T + 1`` symbols starts with one of ``K`` class symbols
and goes on with ``T`` distractors drawn from ``K`` other symbols; after the
last one the model must name the class symbol, seen ``T`` steps before the
end. Distractors come from their own alphabet so that the first symbol is
recognisable as the one to keep: the only difficulty is carrying it across
``T`` updates of the state. Chance is ``1 / K``.

Each (cell, T) pair is trained from scratch for a fixed number of Adam steps
(no time budget: a seed gives the same numbers on every run) and scored on a
fresh held-out batch, so the curve says how far back a cell learns to
remember *within that budget*, not what it could reach with unlimited training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dlcourse.checks import one_of, positive_int, positive_number
from dlcourse.device import pick_device

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
K = 8  # class symbols: chance is 1/8
DISTANCES = (5, 10, 20, 50, 100)  # the chapter's default: 150 steps each take ~25 s on 2 cores
LR, CLIP, BATCH = 0.01, 1.0, 64  # Adam's rate, gradient-norm clip, sequences per step
TEST_BATCH = 1000  # held-out sequences per (cell, T)


def recall_batch(n: int, distance: int, k: int = K, generator: torch.Generator | None = None):
    """``n`` sequences of the task: tokens (n, distance + 1) int64 and labels (n,) int64.

    ``tokens[:, 0] == labels`` is a class symbol in 0..k-1, the symbol ``distance``
    steps before the last one; ``tokens[:, 1:]`` are distractors in k..2k-1.
    """
    n, distance, k = positive_int(n, "n"), positive_int(distance, "distance"), positive_int(k, "k")
    tokens = torch.randint(k, 2 * k, (n, distance + 1), generator=generator)  # (n, T + 1)
    labels = torch.randint(0, k, (n,), generator=generator)  # (n,)
    tokens[:, 0] = labels
    return tokens, labels


class Recaller(nn.Module):
    """One-hot tokens -> ``nn.RNN``/``LSTM``/``GRU`` -> Linear on the last output.

    tokens (N, L) int64 in 0..2k-1 -> logits (N, k).
    """

    def __init__(self, cell: str = "lstm", hidden: int = 32, k: int = K):
        super().__init__()
        self.cell = one_of(cell, "cell", tuple(CELLS))
        self.k = positive_int(k, "k")
        self.rnn = CELLS[cell](2 * self.k, positive_int(hidden, "hidden"), batch_first=True)
        self.readout = nn.Linear(hidden, self.k)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        x = F.one_hot(tokens, 2 * self.k).float()  # (N, L) -> (N, L, 2k)
        output, _ = self.rnn(x)  # (N, L, hidden)
        return self.readout(output[:, -1])  # (N, hidden) -> (N, k)


def train_recall(cell: str, distance: int, steps: int = 150, hidden: int = 32, seed: int = 0,
                 device: str = "cpu", k: int = K) -> float:
    """Train a :class:`Recaller` on distance ``distance`` for ``steps`` Adam steps; return
    its accuracy on a fresh held-out batch of ``TEST_BATCH`` sequences.

    Batches of ``BATCH`` sequences, learning rate ``LR``, gradient norm clipped to ``CLIP``.
    Weights and data both come from ``seed``.
    """
    steps, seed = positive_int(steps, "steps"), positive_int(seed, "seed", minimum=0)
    device = pick_device(device)
    generator = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng(devices=[]):  # the weights draw from torch's global generator
        torch.manual_seed(seed)
        model = Recaller(cell, hidden, k).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(steps):
        tokens, labels = recall_batch(BATCH, distance, k, generator)
        loss = F.cross_entropy(model(tokens.to(device)), labels.to(device))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        optimizer.step()
    tokens, labels = recall_batch(TEST_BATCH, distance, k, generator)  # never trained on
    with torch.no_grad():
        predicted = model(tokens.to(device)).argmax(dim=1).cpu()
    return float((predicted == labels).float().mean())


@dataclass(frozen=True)
class RecallCurve:
    """Held-out accuracy per cell and distance.

    ``accuracy[i, j]`` belongs to ``cells[i]`` at ``distances[j]``.
    """

    cells: tuple[str, ...]
    distances: np.ndarray  # (n_distances,) int
    accuracy: np.ndarray  # (n_cells, n_distances) in [0, 1]
    chance: float  # 1 / k
    steps: int  # Adam steps per (cell, distance)


def recall_curve(cells=("rnn", "lstm", "gru"), distances=DISTANCES, steps: int = 150,
                 hidden: int = 32, seed: int = 0, device: str = "cpu", k: int = K) -> RecallCurve:
    """Train one model per (cell, distance) with :func:`train_recall`.

    Returns a :class:`RecallCurve` of held-out accuracies, shape (len(cells), len(distances)).
    """
    cells = tuple(one_of(cell, "cells", tuple(CELLS)) for cell in cells)
    distances = np.array([positive_int(d, "distances") for d in distances], dtype=int)
    if len(cells) == 0 or len(distances) == 0:
        raise ValueError(f"cells and distances must not be empty, got cells={cells}, "
                         f"distances={distances.tolist()}.")
    accuracy = np.array([[train_recall(cell, int(d), steps, hidden, seed, device, k)
                          for d in distances] for cell in cells])
    return RecallCurve(cells, distances, accuracy, 1.0 / positive_number(k, "k"), steps)
