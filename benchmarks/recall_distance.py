"""Chapter 06: how far back each cell recalls, with a bigger training budget than the chapter's.

    .venv/bin/python benchmarks/recall_distance.py [--steps 500] [--seeds 0 1 2] [--threads 1]
        [--gate-bias 6 | --gate-bias none] [--lr 0.01]

Trains one model per cell, distance and seed with :func:`dlcourse.models.recall.recall_curve`
(the gated cells starting with ``--gate-bias``, see ``set_gate_bias``; ``none``: torch's
default initialisation) and prints held-out accuracy per cell and distance (mean and range
over the seeds), the seconds per seed and the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import torch

from dlcourse.models.recall import GATE_BIAS, LR, K, recall_curve


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=500, help="Adam steps per model")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--distances", type=int, nargs="+", default=[10, 30, 100, 300])
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--gate-bias", type=lambda v: None if v == "none" else float(v),
                        default=GATE_BIAS, help=f"starting keep-gate bias, or none (default "
                                                f"{GATE_BIAS:g})")
    parser.add_argument("--lr", type=float, default=LR, help=f"Adam's rate (default {LR:g})")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {os.cpu_count()} cores, {args.threads} thread(s), "
          f"load average before {os.getloadavg()[0]:.2f}; {args.steps} steps, hidden "
          f"{args.hidden}, gate bias {args.gate_bias}, lr {args.lr:g}, chance {100 / K:.1f} %")
    curves = []
    for seed in args.seeds:
        start = time.perf_counter()
        curves.append(recall_curve(distances=args.distances, steps=args.steps,
                                   hidden=args.hidden, seed=seed, device=args.device,
                                   gate_bias=args.gate_bias, lr=args.lr))
        print(f"seed {seed}: {time.perf_counter() - start:.1f} s, load average "
              f"{os.getloadavg()[0]:.2f}", flush=True)
    accuracy = 100 * np.stack([curve.accuracy for curve in curves])  # (seeds, cells, distances)
    print("\n| cell | " + " | ".join(f"T = {d}" for d in args.distances) + " |")
    print("|---|" + "---:|" * len(args.distances))
    for i, cell in enumerate(curves[0].cells):
        cells = [f"{a.mean():.1f} ({a.min():.0f}–{a.max():.0f})" for a in accuracy[:, i].T]
        print(f"| {cell.upper()} | " + " | ".join(cells) + " |")
    print(f"\nmean % (min–max over seeds {args.seeds}); load average after "
          f"{os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
