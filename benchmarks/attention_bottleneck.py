"""Chapters 08–09: the fixed-vector bottleneck, measured on the date translator.

    .venv/bin/python benchmarks/attention_bottleneck.py [--seeds 0 1 2] [--seconds 60]
        [--attention none additive dot] [--train 20000] [--test 2000] [--threads 2]
        [--hidden 128] [--lr 0.003]

Trains :class:`dlcourse.models.seq2seq.DateTranslator` (``--hidden`` numbers in the fixed
vector and every state, Adam at ``--lr``) with each ``--attention`` for the
same training time (``--seconds``, evaluations not counted) on ``--train`` pairs of the
training dates and measures the exact match on ``--test`` pairs of the unseen test dates.
Prints, per model, the parameter count, the exact match (mean and min-max over the
seeds), the first evaluation at which it reached 99 % and when (seconds of training),
and the exact match against the input's length (texts of up to 10, 11–16, 17–22 and 23+
characters) for the first seed.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from dlcourse.data.dates import date_pairs
from dlcourse.models.seq2seq import ATTENTIONS, DateTranslator, exact_match, train_translator

LENGTH_BINS = ((1, 10), (11, 16), (17, 22), (23, 40))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--attention", nargs="+", choices=ATTENTIONS, default=list(ATTENTIONS))
    parser.add_argument("--train", type=int, default=20_000)
    parser.add_argument("--test", type=int, default=2_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--lr", type=float, default=3e-3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    train, test = date_pairs("train", args.train), date_pairs("test", args.test)
    print(f"{args.train:,} training pairs, {args.test:,} test pairs (unseen dates), "
          f"{args.seconds:g} s of training each, hidden size {args.hidden}, lr {args.lr:g}, "
          f"{args.threads} threads")
    for attention in args.attention:
        scores, reached, by_length = [], [], None
        for seed in args.seeds:
            torch.manual_seed(seed)
            model = DateTranslator(attention, hidden_size=args.hidden)
            started = time.perf_counter()
            history = train_translator(model, train, test, steps=1_000_000, seconds=args.seconds,
                                       lr=args.lr, eval_every=100, seed=seed, progress=False)
            wall = time.perf_counter() - started
            scores.append(history.test_acc[-1])
            first = next((i for i, acc in enumerate(history.test_acc) if acc >= 0.99), None)
            reached.append("never" if first is None else f"{history.seconds[first]:.0f} s")
            print(f"  {attention:>8} seed {seed}: exact match {100 * scores[-1]:.1f} % after "
                  f"{history.seconds[-1]:.0f} s of training ({wall:.0f} s with evaluations), "
                  f"99 % reached: {reached[-1]}")
            if by_length is None:
                by_length = [exact_match(model, [p for p in test if lo <= len(p.text) <= hi])
                             for lo, hi in LENGTH_BINS]
        params = sum(p.numel() for p in model.parameters())
        print(f"{attention:>8}: {params:,} parameters, exact match {100 * np.mean(scores):.1f} % "
              f"({100 * min(scores):.1f}-{100 * max(scores):.1f}); by input length "
              + ", ".join(f"{lo}-{hi}: {100 * acc:.1f} %"
                          for (lo, hi), acc in zip(LENGTH_BINS, by_length)))


if __name__ == "__main__":
    main()
