"""Seed 003's 2-3-1 linear network in PyTorch, and the mini-batches it trains on (chapter 02).

The network is ``x @ w1 @ w2``: two layers, no activation and, as in the seed, no biases
unless ``bias=True``. :func:`in_order_batches` walks the data as the seed does (batch i
is rows ``8i mod 32`` onwards); :func:`shuffled_batches` draws a fresh order every epoch,
as PyTorch's ``DataLoader(shuffle=True)`` does.
"""

from __future__ import annotations

from collections.abc import Iterator

import torch
from torch import nn

from dlcourse.checks import positive_int


class Linear231(nn.Module):
    """Seed 003's network: x (N, 2) -> x @ w1 (+ b1) -> (N, 3) -> @ w2 (+ b2) -> (N, 1).

    The weights are drawn from N(0, 1) by ``torch.Generator().manual_seed(seed)`` (the seed's
    ``tf.random_normal(seed=1)`` cannot be reproduced outside TensorFlow 1); biases start at 0.
    """

    def __init__(self, bias: bool = False, seed: int = 1):
        super().__init__()
        gen = torch.Generator().manual_seed(positive_int(seed, "seed", minimum=0))
        self.w1 = nn.Parameter(torch.randn(2, 3, generator=gen))  # (2, 3)
        self.w2 = nn.Parameter(torch.randn(3, 1, generator=gen))  # (3, 1)
        self.b1 = nn.Parameter(torch.zeros(3)) if bias else None
        self.b2 = nn.Parameter(torch.zeros(1)) if bias else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        hidden = x @ self.w1 + (0.0 if self.b1 is None else self.b1)  # (N, 3)
        return hidden @ self.w2 + (0.0 if self.b2 is None else self.b2)  # (N, 1)

    def combined_weights(self) -> torch.Tensor:
        """w1 @ w2 of shape (2, 1): without biases the network is the single map x @ (w1 @ w2)."""
        return (self.w1 @ self.w2).detach()


def _check_pair(X, Y) -> int:
    if not (isinstance(X, torch.Tensor) and isinstance(Y, torch.Tensor)):
        raise TypeError(f"X and Y must be torch tensors, got {type(X).__name__} and "
                        f"{type(Y).__name__}.")
    if X.shape[0] != Y.shape[0] or X.shape[0] == 0:
        raise ValueError(f"X has {X.shape[0]} rows and Y has {Y.shape[0]}: they must have the "
                         f"same number of rows, at least 1.")
    return X.shape[0]


def in_order_batches(X: torch.Tensor, Y: torch.Tensor, batch_size: int,
                     steps: int) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """``steps`` batches in seed 003's order: step i takes rows ``i * batch_size mod n`` onwards.

    With n = 32 and ``batch_size = 8`` the batches cycle through the data; 4 steps are one epoch.
    """
    n = _check_pair(X, Y)
    batch_size, steps = positive_int(batch_size, "batch_size"), positive_int(steps, "steps")
    for i in range(steps):
        start = (i * batch_size) % n
        yield X[start:start + batch_size], Y[start:start + batch_size]


def shuffled_batches(X: torch.Tensor, Y: torch.Tensor, batch_size: int, epochs: int,
                     seed: int = 0) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Every epoch a new random order of the n rows, cut into ceil(n / batch_size) batches.

    One epoch is one pass over the data; the last batch of an epoch may be smaller.
    """
    n = _check_pair(X, Y)
    batch_size, epochs = positive_int(batch_size, "batch_size"), positive_int(epochs, "epochs")
    gen = torch.Generator().manual_seed(positive_int(seed, "seed", minimum=0))
    for _ in range(epochs):
        order = torch.randperm(n, generator=gen).to(X.device)
        for start in range(0, n, batch_size):
            rows = order[start:start + batch_size]
            yield X[rows], Y[rows]
