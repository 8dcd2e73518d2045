"""Chapter 06: held-out nats/char of the character language model after a fixed number of steps.

    .venv/bin/python benchmarks/charlm.py                     # the goal recipe, seeds 0 1 2
    .venv/bin/python benchmarks/charlm.py --preset chapter    # the chapter's default run
    .venv/bin/python benchmarks/charlm.py --preset smoke --seeds 0
    python benchmarks/charlm.py --device cuda

Trains :class:`dlcourse.models.charlm.CharLM` on the training plays for a
fixed number of steps (the run is the same for a seed on any machine; only
its seconds change) and scores all validation plays (plays never trained
on). The issue's goal: held-out <= 1.55 nats/char after <= 90 s of training
on 2 CPU cores. Seconds are of training only (evaluations excluded) and are
only comparable on an otherwise idle machine, so the load average at the end
of each run is printed beside them; ``ms/step`` lets a loaded run be converted
to a quiet machine's seconds (steps x a quiet machine's ms/step).
"""

from __future__ import annotations

import argparse
import math
import os

import torch

from dlcourse.data.shakespeare import load_plays, split_by_play
from dlcourse.models.charlm import CharLM, Vocabulary, evaluate, text_of, train_charlm

PRESETS = {  # model and training settings; steps fix the run, seconds follow the machine
    # small batches: a step costs about in proportion to B x T characters, and more, smaller
    # steps learn more per second (B 16: 1.81 nats/char after 800 steps where B 64 needed
    # 450 steps of four times the characters for 2.07)
    "goal": {"hidden_size": 256, "num_layers": 1, "cell": "lstm", "batch_size": 16,
             "seq_len": 100, "steps": 2000, "lr": 5e-3, "schedule": "constant"},
    "chapter": {"hidden_size": 256, "num_layers": 1, "cell": "lstm", "batch_size": 16,
                "seq_len": 100, "steps": 800, "lr": 5e-3, "schedule": "constant"},
    "smoke": {"hidden_size": 64, "num_layers": 1, "cell": "lstm", "batch_size": 16,
              "seq_len": 50, "steps": 30, "lr": 5e-3, "schedule": "constant"},
}
ANCHORS = (  # (what, held-out nats/char, how long) from the issue
    ("1-layer 256-unit LSTM here", 1.62, "45 s, 2 CPU cores"),
    ("nanoGPT small char model", 1.88, "~3 min laptop CPU"),
    ("nanoGPT small char model", 1.47, "3 min A100"),
    ("char-rnn example checkpoint", 1.395, "hours of GPU"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=PRESETS, default="goal")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--steps", type=int, help="override the preset's steps")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    settings = dict(PRESETS[args.preset], **({"steps": args.steps} if args.steps else {}))
    plays = load_plays()
    vocab = Vocabulary.of_plays(plays)
    train_ids, heldout_ids = (vocab.encode(text_of(p)) for p in split_by_play(plays))
    print(f"preset {args.preset}: {settings}; {torch.get_num_threads()} threads, "
          f"{os.cpu_count()} cores, device {args.device}; {len(train_ids):,} training and "
          f"{len(heldout_ids):,} held-out characters")
    print(f"{'seed':>4} {'steps':>6} {'seconds':>8} {'ms/step':>8} {'held-out':>9} "
          f"{'perplexity':>10}  load average")
    model_keys = ("hidden_size", "num_layers", "cell")
    for seed in args.seeds:
        torch.manual_seed(seed)
        model = CharLM(vocab.size, **{k: settings[k] for k in model_keys})
        history = train_charlm(model, train_ids, heldout_ids, seed=seed, device=args.device,
                               evals=1, eval_chars=64_000, progress=False,
                               **{k: v for k, v in settings.items() if k not in model_keys})
        nats = evaluate(model, heldout_ids)
        seconds = history.seconds[-1]
        load = " ".join(open("/proc/loadavg").read().split()[:3])
        print(f"{seed:>4} {history.step[-1]:>6} {seconds:>8.1f} "
              f"{1000 * seconds / history.step[-1]:>8.0f} {nats:>9.3f} {math.exp(nats):>10.2f}"
              f"  {load}", flush=True)
    print("anchors:")
    for what, anchor, how_long in ANCHORS:
        print(f"  {what:<30} {anchor:.3f} nats/char ({how_long})")


if __name__ == "__main__":
    main()
