"""Chapter 05: time to accuracy of the default CNN, and the Keras CNN's seconds per epoch.

    .venv/bin/python benchmarks/cnn_time_to_accuracy.py               # ~1.5 min on 2 cores
    .venv/bin/python benchmarks/cnn_time_to_accuracy.py --seeds --keras-epochs 12 \
        --keras-inits torch keras      # the Keras CNN's full run, both initialisations
    .venv/bin/python benchmarks/cnn_time_to_accuracy.py --epochs 10 --augment --keras-epochs 0
                                       # the stretch goal: 99.5 % with shifted, rotated digits
    python benchmarks/cnn_time_to_accuracy.py --device cuda --keras-epochs 12 \
        --keras-inits torch keras --keras-seeds 0 1 2    # everything, on a GPU

Trains FastCNN with its recipe (Adam + one-cycle, batch 256, 3 epochs; with
``--augment`` on randomly shifted and rotated digits) once per seed on the full
60k/10k MNIST and prints seconds of training (evaluation
excluded) and test accuracy per seed; then the Keras CNN of seed 000 for
``--keras-epochs`` epochs with each initialisation in ``--keras-inits``, once
per ``--keras-seeds`` (seconds per epoch, test accuracy after each epoch). The machine's core count,
torch's thread count and the load average are printed, because the seconds are
only comparable on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics

import torch

from dlcourse.augment import RandomShiftRotate
from dlcourse.data.mnist import as_float_tensors, load_mnist
from dlcourse.device import pick_device, use_idle_cores
from dlcourse.models.cnn import FAST_RECIPE, KERAS_RECIPE, FastCNN, KerasCNN
from dlcourse.train import fit


def machine(device: str) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    gpu = f", GPU {torch.cuda.get_device_name(device)}" if device.startswith("cuda") else ""
    return (f"{os.cpu_count()} cores, torch {torch.__version__} with {torch.get_num_threads()} "
            f"threads, {platform.processor() or platform.machine()}, load average {load}{gpu}")


def print_last_epoch(history) -> None:
    """A table row for the evaluation just made (``fit``'s ``on_eval``)."""
    print(f"| {history.epoch[-1]:g} | {history.seconds[-1]:.1f} | {history.test_acc[-1]:.2%} |",
          flush=True)


def time_to_accuracy(seeds, epochs, train, test, device, augment) -> None:
    """Train FastCNN once per seed; print a table of seconds and test accuracy."""
    print(f"## FastCNN, {epochs} epochs, {FAST_RECIPE}, augment={augment}\n")
    print("| seed | seconds of training | test accuracy |\n|---:|---:|---:|")
    seconds, accuracies = [], []
    for seed in seeds:
        torch.manual_seed(seed)
        history = fit(FastCNN(), train, test, epochs=epochs, seed=seed, device=device,
                      augment=augment, progress=False, **FAST_RECIPE.fit_kwargs())
        seconds.append(history.seconds[-1])
        accuracies.append(history.test_acc[-1])
        print(f"| {seed} | {seconds[-1]:.1f} | {accuracies[-1]:.2%} |", flush=True)
    print(f"| mean | {statistics.mean(seconds):.1f} | {statistics.mean(accuracies):.2%} |\n")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2],
                        help="FastCNN seeds (none: skip FastCNN)")
    parser.add_argument("--epochs", type=int, default=3, help="FastCNN epochs")
    parser.add_argument("--augment", action="store_true",
                        help="train FastCNN on randomly shifted (2 px) and rotated (10 deg) digits")
    parser.add_argument("--keras-epochs", type=int, default=1, help="0 skips the Keras CNN")
    parser.add_argument("--keras-inits", nargs="+", default=["torch"],
                        choices=KerasCNN.INITS)
    parser.add_argument("--keras-seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--device", default="cpu", help="cpu, cuda, auto, ... (default: cpu)")
    parser.add_argument("--threads", type=int, default=0,
                        help="torch threads (default: one per core; 1 on a shared machine)")
    args = parser.parse_args(argv)

    if args.threads:
        torch.set_num_threads(args.threads)
    else:
        use_idle_cores()
    device = pick_device(args.device)
    train = as_float_tensors(load_mnist("train"))
    test = as_float_tensors(load_mnist("test"))
    print(f"# machine: {machine(device)}\n")
    if args.seeds:
        augment = RandomShiftRotate(max_shift=2, max_degrees=10) if args.augment else None
        time_to_accuracy(args.seeds, args.epochs, train, test, device, augment)

    runs = itertools.product(args.keras_inits, args.keras_seeds) if args.keras_epochs else []
    for init, seed in runs:
        print(f"## KerasCNN(init={init!r}), seed {seed}, {KERAS_RECIPE}\n")
        print("| epoch | seconds of training | test accuracy |\n|---:|---:|---:|")
        torch.manual_seed(seed)
        history = fit(KerasCNN(init=init), train, test, epochs=args.keras_epochs, seed=seed,
                      device=device, progress=False, on_eval=print_last_epoch,
                      **KERAS_RECIPE.fit_kwargs())
        print(f"\n{history.seconds[-1] / args.keras_epochs:.1f} s per epoch; "
              f"best {max(history.test_acc):.2%}, last {history.test_acc[-1]:.2%}\n", flush=True)
    print(f"# machine at the end: {machine(device)}")


if __name__ == "__main__":
    main()
