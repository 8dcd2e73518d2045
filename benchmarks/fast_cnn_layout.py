"""Chapter 05: what makes FastCNN fast on a CPU -- padding, block order, memory layout.

    .venv/bin/python benchmarks/fast_cnn_layout.py            # ~1 min on 2 cores

Times training steps (forward, backward, Adam step; batch 256 of random
28 x 28 images) of FastCNN's network built eight ways: with or without
padding ('same' 28 -> 28 or 'valid' 28 -> 24 maps), in the textbook block
order (conv, batch-norm, ReLU, pool) or pooling first (conv, pool,
batch-norm, ReLU), and in the default (N, C, H, W) or the channels-last
(N, H, W, C) memory layout. Prints seconds per epoch of 60,000 images. The
last row is :class:`dlcourse.models.cnn.FastCNN` itself, which should match
"valid, pool first, channels last".
"""

from __future__ import annotations

import argparse
import itertools
import os
import time

import torch
import torch.nn.functional as F
from torch import nn

from dlcourse.device import use_idle_cores
from dlcourse.models.cnn import FastCNN

BATCH = 256
STEPS_PER_EPOCH = 60_000 / BATCH


def block(c_in: int, c_out: int, kernel: int, padded: bool, pool_first: bool) -> list[nn.Module]:
    """One of FastCNN's conv blocks in the textbook order or pooling first."""
    conv = nn.Conv2d(c_in, c_out, kernel, padding=kernel // 2 if padded else 0, bias=False)
    if pool_first:
        return [conv, nn.MaxPool2d(2), nn.BatchNorm2d(c_out), nn.ReLU()]
    return [conv, nn.BatchNorm2d(c_out), nn.ReLU(), nn.MaxPool2d(2)]


def variant(padded: bool, pool_first: bool) -> nn.Sequential:
    """FastCNN's layers (conv 5x5 24, conv 3x3 32, dense 256) with the given choices."""
    side = 7 if padded else 5  # 28 -> 14 -> 7, or 28 -> 24 -> 12 -> 10 -> 5
    return nn.Sequential(
        *block(1, 24, 5, padded, pool_first), *block(24, 32, 3, padded, pool_first),
        nn.Flatten(), nn.Linear(32 * side * side, 256), nn.ReLU(), nn.Dropout(0.25),
        nn.Linear(256, 10))


def seconds_per_epoch(model: nn.Module, channels_last: bool, steps: int) -> float:
    """Time ``steps`` training steps after 5 warm-up steps; scale to one epoch."""
    torch.manual_seed(0)
    x, y = torch.rand(BATCH, 1, 28, 28), torch.randint(0, 10, (BATCH,))
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    for _ in range(5):
        step()
    started = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - started) / steps * STEPS_PER_EPOCH


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30, help="timed steps per variant")
    args = parser.parse_args(argv)
    use_idle_cores()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# {os.cpu_count()} cores, torch {torch.__version__} with {torch.get_num_threads()} "
          f"threads, load average {load}\n")
    print("| padding | block order | layout | seconds per epoch |\n|---|---|---|---:|")
    # from the textbook network (padded, conv-BN-ReLU-pool, N, C, H, W) to FastCNN's choices
    for padded, pool_first, channels_last in itertools.product((True, False), (False, True),
                                                               (False, True)):
        seconds = seconds_per_epoch(variant(padded, pool_first), channels_last, args.steps)
        print(f"| {'same' if padded else 'valid'} | "
              f"{'pool first' if pool_first else 'conv, BN, ReLU, pool'} | "
              f"{'channels last' if channels_last else 'N, C, H, W'} | {seconds:.1f} |", flush=True)
    seconds = seconds_per_epoch(FastCNN(), False, args.steps)  # FastCNN converts its input itself
    print(f"| FastCNN | | | {seconds:.1f} |")


if __name__ == "__main__":
    main()
