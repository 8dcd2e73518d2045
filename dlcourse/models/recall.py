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

Gated cells start with a chosen gate bias (``gate_bias``), as is common practice
(Jozefowicz, Zaremba and Sutskever 2015 add 1 to the LSTM's forget gate; Tallec and
Ollivier's 2018 "chrono" initialisation sets the forget bias b_f > 0 and the input
bias to -b_f). With torch's default initialisation every gate starts near
sigma(0) = 0.5: the LSTM's cell halves a stored symbol at every step and writes half of
every distractor over it before training has learnt to keep it. A positive bias makes
"keep" the starting point: the LSTM's forget gate f (row block 1 of i, f, g, o) starts at
sigma(gate_bias) and its input gate i (block 0) at sigma(-gate_bias); the GRU's update
gate z (block 1 of r, z, n; torch's GRU computes h_t = (1 - z) n + z h_(t-1), so z near 1
keeps the state and writes little) starts at sigma(gate_bias). The plain RNN has no gate
and is untouched.

A gate at sigma(b) keeps sigma(b)^T of the state after T steps: its starting time scale
is 1 / (1 - sigma(b)) = 1 + e^b steps (b = 1: 3.7, b = 4: 56, b = 6: 404), which is why
chrono initialisation sets b_f from the longest dependency expected. The chapter's
default, 6, starts both gated cells beyond its longest distance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dlcourse.checks import number_in_range, one_of, positive_int, positive_number
from dlcourse.device import pick_device

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
K = 8  # class symbols: chance is 1/8
DISTANCES = (10, 30, 100)  # the chapter's default: the whole curve takes 13-19 s on 2 cores
STEPS, GATE_BIAS = 150, 6.0  # the chapter's budget; keep-gate bias (time scale ~400 steps)
GATE_BIAS_RANGE = (-10.0, 10.0)  # sigma(10) = 1 - 4.5e-5: a gate there hardly learns
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

    tokens (N, L) int64 in 0..2k-1 -> logits (N, k). ``gate_bias``: see :func:`set_gate_bias`
    (``None`` keeps torch's default initialisation).
    """

    def __init__(self, cell: str = "lstm", hidden: int = 32, k: int = K,
                 gate_bias: float | None = None):
        super().__init__()
        self.cell = one_of(cell, "cell", tuple(CELLS))
        self.k = positive_int(k, "k")
        self.rnn = CELLS[cell](2 * self.k, positive_int(hidden, "hidden"), batch_first=True)
        self.readout = nn.Linear(hidden, self.k)
        if gate_bias is not None:
            set_gate_bias(self.rnn, gate_bias)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        x = F.one_hot(tokens, 2 * self.k).float()  # (N, L) -> (N, L, 2k)
        output, _ = self.rnn(x)  # (N, L, hidden)
        return self.readout(output[:, -1])  # (N, hidden) -> (N, k)


def set_gate_bias(rnn: nn.Module, gate_bias: float) -> None:
    """Start a one-layer cell keeping its state: an ``nn.LSTM``'s forget gate f at
    sigma(gate_bias) and its input gate i at sigma(-gate_bias) (chrono-style), an ``nn.GRU``'s
    update gate z at sigma(gate_bias); an ``nn.RNN`` has no gate and is left as it is.

    The gates are row blocks (``hidden`` rows each) of torch's biases: f is block 1 and i
    block 0 of i, f, g, o; z is block 1 of r, z, n. The block of ``bias_ih_l0`` is set to the
    bias and the same block of ``bias_hh_l0`` to 0, so the gate's total bias is exactly that;
    the other blocks and all weights keep torch's default.
    """
    gate_bias = number_in_range(gate_bias, "gate_bias", *GATE_BIAS_RANGE)
    if isinstance(rnn, nn.RNN):
        return
    if not isinstance(rnn, nn.LSTM | nn.GRU):
        raise TypeError(f"rnn must be an nn.RNN, nn.LSTM or nn.GRU, got {type(rnn).__name__}.")
    hidden = rnn.hidden_size
    with torch.no_grad():
        rnn.bias_ih_l0[hidden:2 * hidden] = gate_bias
        rnn.bias_hh_l0[hidden:2 * hidden] = 0.0
        if isinstance(rnn, nn.LSTM):  # input gate i: -gate_bias, as chrono init does
            rnn.bias_ih_l0[:hidden] = -gate_bias
            rnn.bias_hh_l0[:hidden] = 0.0


def train_recall(cell: str, distance: int, steps: int = STEPS, hidden: int = 32, seed: int = 0,
                 device: str = "cpu", k: int = K, gate_bias: float | None = GATE_BIAS,
                 lr: float = LR) -> float:
    """Train a :class:`Recaller` on distance ``distance`` for ``steps`` Adam steps; return
    its accuracy on a fresh held-out batch of ``TEST_BATCH`` sequences.

    Batches of ``BATCH`` sequences, Adam's learning rate ``lr``, gradient norm clipped to
    ``CLIP``; gated cells start with ``gate_bias`` (:func:`set_gate_bias`; ``None``: torch's
    default initialisation). Weights and data both come from ``seed``.
    """
    steps, seed = positive_int(steps, "steps"), positive_int(seed, "seed", minimum=0)
    device = pick_device(device)
    generator = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng(devices=[]):  # the weights draw from torch's global generator
        torch.manual_seed(seed)
        model = Recaller(cell, hidden, k, gate_bias).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=positive_number(lr, "lr"))
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
    gate_bias: float | None  # the gated cells' starting gate bias; None: torch's default


def recall_curve(cells=("rnn", "lstm", "gru"), distances=DISTANCES, steps: int = STEPS,
                 hidden: int = 32, seed: int = 0, device: str = "cpu", k: int = K,
                 gate_bias: float | None = GATE_BIAS, lr: float = LR) -> RecallCurve:
    """Train one model per (cell, distance) with :func:`train_recall`, gated cells starting
    with ``gate_bias`` (``None``: torch's default initialisation, gates near sigma(0) = 0.5).

    Returns a :class:`RecallCurve` of held-out accuracies, shape (len(cells), len(distances)).
    """
    cells = tuple(one_of(cell, "cells", tuple(CELLS)) for cell in cells)
    distances = np.array([positive_int(d, "distances") for d in distances], dtype=int)
    if gate_bias is not None:
        gate_bias = number_in_range(gate_bias, "gate_bias", *GATE_BIAS_RANGE)
    lr = positive_number(lr, "lr")
    if len(cells) == 0 or len(distances) == 0:
        raise ValueError(f"cells and distances must not be empty, got cells={cells}, "
                         f"distances={distances.tolist()}.")
    accuracy = np.array([[train_recall(cell, int(d), steps, hidden, seed, device, k, gate_bias, lr)
                          for d in distances] for cell in cells])
    return RecallCurve(cells, distances, accuracy, 1.0 / positive_number(k, "k"), steps,
                       gate_bias)
