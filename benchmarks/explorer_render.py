"""The kernel's share of an explorer's answer: milliseconds from a control's change to the new PNG.

    .venv/bin/python benchmarks/explorer_render.py [--changes 5]   # ~1 min on 2 cores

Builds every explorer of chapters 01-06 in this process (chapter 05's digit
explorer over an untrained FastCNN and the MNIST test digits, chapter 06's
temperature explorer over an untrained one-layer LSTM of 256 units: the figures
and the work are the same size as with trained models), changes each control ``--changes`` times as
widget_latency.py does in a browser (the next option, one slider step on, back at
a slider's end: a state shown before comes from the picture cache, in about 0 ms),
and prints the median and maximum per control. What it leaves out (the comm messages, the
browser decoding and painting the PNG) is widget_latency.py's difference.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import time

import torch

from dlcourse.data.mnist import load_mnist
from dlcourse.data.shakespeare import load_plays
from dlcourse.models.charlm import CharLM, Vocabulary
from dlcourse.models.cnn import FastCNN
from dlcourse.widgets.activations import activation_explorer, neuron_explorer
from dlcourse.widgets.boundary_trainer import boundary_trainer
from dlcourse.widgets.conv import conv_explorer
from dlcourse.widgets.descent import descent_explorer
from dlcourse.widgets.digits import DigitExplorer
from dlcourse.widgets.gradient_flow import gradient_flow_explorer
from dlcourse.widgets.pooling import pooling_explorer
from dlcourse.widgets.sampling import temperature_explorer


def digit_explorer():
    test = load_mnist("test")
    images = torch.tensor(test.images[:, None] / 255.0, dtype=torch.float32)
    torch.manual_seed(0)
    return DigitExplorer(FastCNN().eval(), images, torch.tensor(test.labels))


def sampling_explorer():
    vocab = Vocabulary.of_plays(load_plays())
    torch.manual_seed(0)
    return temperature_explorer(CharLM(len(vocab), hidden_size=256, num_layers=1), vocab)


EXPLORERS = {  # the starting states of the chapters' explorer cells
    "01 neuron": neuron_explorer,
    "01 activation": activation_explorer,
    "02 descent": descent_explorer,
    "02 boundary": boundary_trainer,
    "03 conv": lambda: conv_explorer(padding=2, dilation=2, row=1, col=1),
    "04 pooling": lambda: pooling_explorer(size=3, stride=2, row=7, col=8),
    "05 digits": digit_explorer,
    "06 grad flow": gradient_flow_explorer,
    "06 temperature": sampling_explorer,
}


def change(control) -> bool:
    """Change ``control`` as a learner's next move would: the next option, one step on
    (back at the end). False for the kernel text (typed kernels are timed in the browser)."""
    if hasattr(control, "options"):
        control.index = (control.index + 1) % len(control.options)
    elif type(control).__name__ == "FloatLogSlider":
        up = math.log10(control.value) + control.step
        control.value = 10 ** (up if up <= control.max else up - 2 * control.step)
    elif hasattr(control, "step"):
        up = control.value + control.step
        control.value = up if up <= control.max else control.value - control.step
    else:
        return False
    return True


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=5, help="changes per control")
    args = parser.parse_args(argv)
    load_before, every = os.getloadavg()[0], []
    for name, build in EXPLORERS.items():
        explorer = build()
        for label, control in explorer.controls.items():
            times = []
            for _ in range(args.changes):
                started = time.perf_counter()
                if not change(control):
                    break
                times.append((time.perf_counter() - started) * 1000)
            if times:
                every += times
                print(f"{name:<14} {label:<12} median {statistics.median(times):5.0f} ms  "
                      f"max {max(times):5.0f} ms", flush=True)
    every.sort()
    print(f"\n{len(every)} changes; load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after, {os.cpu_count()} cores")
    print(f"overall: median {statistics.median(every):.0f} ms, "
          f"p95 {every[int(0.95 * (len(every) - 1))]:.0f} ms, max {every[-1]:.0f} ms")


if __name__ == "__main__":
    main()
