"""Chapter 05: torch threads on a machine another program keeps busy.

    .venv/bin/python benchmarks/threads_under_load.py [--steps 100]   # ~1 min on 2 cores

Times training steps (forward, backward, Adam step; batch 100 of random
28 x 28 images, as in Görner's ladder) of the ladder's CNN and its five-layer
ReLU net with 1, 2, ... torch threads, first on the idle machine, then with
one busy-looping process per core in ``--busy``. Prints milliseconds per step
and the thread count :func:`dlcourse.device.use_idle_cores` chooses under the
same load.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time

import torch
import torch.nn.functional as F
from torch import nn

from dlcourse.device import use_idle_cores
from dlcourse.models.ladder import BATCH_SIZE, gorner_cnn, mlp

NETS = {"ladder cnn": gorner_cnn, "ladder relu5": lambda: mlp(nn.ReLU)}


def spin(seconds: float) -> None:
    """Keep one core busy for ``seconds``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def ms_per_step(build, threads: int, steps: int) -> float:
    """Milliseconds per training step of ``build()`` with ``threads`` torch threads."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = build()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
    images, labels = torch.rand(BATCH_SIZE, 1, 28, 28), torch.randint(0, 10, (BATCH_SIZE,))

    def step():
        optimizer.zero_grad()
        F.cross_entropy(model(images), labels).backward()
        optimizer.step()

    for _ in range(5):  # warm-up
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return 1000 * (time.perf_counter() - start) / steps


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100, help="timed steps per net (default 100)")
    parser.add_argument("--busy", type=int, nargs="+", default=[1],
                        help="numbers of busy-looping processes to try (default: 1)")
    args = parser.parse_args(argv)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"torch {torch.__version__}, {cores} cores, load average {os.getloadavg()[0]:.2f}")
    for busy in [0, *args.busy]:
        hogs = [multiprocessing.Process(target=spin, args=(3600,), daemon=True)
                for _ in range(busy)]
        for hog in hogs:
            hog.start()
        try:
            time.sleep(0.5 if busy else 0)
            chosen = use_idle_cores()
            for name, build in NETS.items():
                times = ", ".join(
                    f"{threads} threads {ms_per_step(build, threads, args.steps):6.1f} ms"
                    for threads in range(1, cores + 1))
                print(f"{busy} busy processes, {name:12}: {times}  (use_idle_cores: {chosen})",
                      flush=True)
        finally:
            for hog in hogs:
                hog.terminate()
                hog.join()


if __name__ == "__main__":
    main()
