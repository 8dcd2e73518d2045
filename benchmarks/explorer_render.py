"""The kernel's share of an explorer's answer: milliseconds from a control's change to the new PNG.

    .venv/bin/python benchmarks/explorer_render.py [--changes 5] [--only 07]   # ~1 min on 2 cores

Builds every explorer of chapters 01-10 in this process (chapter 05's digit
explorer over an untrained FastCNN and the MNIST test digits, chapter 06's
temperature explorer over an untrained one-layer LSTM of 256 units, chapter 07's
projection explorer and analogy box over 100-d vectors of the 5,000 commonest words
of the books from a truncated SVD of their log co-occurrence counts, chapter 08's
search-tree explorer over an untrained fixed-vector date translator, chapter 09's date box
over an untrained additive-attention translator of the chapter's size: the figures
and the work are the same size as with trained models; chapter 10's over the service,
started in a thread as the chapter does), changes each control
``--changes`` times as widget_latency.py does in a browser (the next option or
suggested word, one slider step on, back at a slider's end: a state shown before
comes from the picture cache, in about 0 ms), and prints the median and maximum per
control. What it leaves out (the comm messages, the browser decoding and painting the
PNG) is widget_latency.py's difference.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import statistics
import time
from collections import Counter
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
import scipy.sparse
import torch
from sklearn.utils.extmath import randomized_svd

from dlcourse.data.books import load_books, tokenize
from dlcourse.data.dates import date_pairs
from dlcourse.data.mnist import load_mnist
from dlcourse.data.shakespeare import load_plays
from dlcourse.device import use_idle_cores
from dlcourse.models.charlm import CharLM, Vocabulary
from dlcourse.models.cnn import FastCNN
from dlcourse.models.seq2seq import DateTranslator
from dlcourse.serve.app import create_app
from dlcourse.serve.background import BackgroundServer
from dlcourse.widgets.activations import activation_explorer, neuron_explorer
from dlcourse.widgets.attention import DateBox
from dlcourse.widgets.beam import beam_explorer
from dlcourse.widgets.boundary_trainer import boundary_trainer
from dlcourse.widgets.conv import conv_explorer
from dlcourse.widgets.descent import descent_explorer
from dlcourse.widgets.digits import DigitExplorer
from dlcourse.widgets.embeddings import AnalogyBox, ProjectionExplorer
from dlcourse.widgets.gradient_flow import gradient_flow_explorer
from dlcourse.widgets.pooling import pooling_explorer
from dlcourse.widgets.sampling import temperature_explorer
from dlcourse.widgets.serving import service_explorer


def digit_explorer():
    test = load_mnist("test")
    images = torch.tensor(test.images[:, None] / 255.0, dtype=torch.float32)
    torch.manual_seed(0)
    return DigitExplorer(FastCNN().eval(), images, torch.tensor(test.labels))


def sampling_explorer():
    vocab = Vocabulary.of_plays(load_plays())
    torch.manual_seed(0)
    return temperature_explorer(CharLM(len(vocab), hidden_size=256, num_layers=1), vocab)


@lru_cache(maxsize=1)
def book_vectors(V: int = 5000, d: int = 100, window: int = 2) -> tuple[np.ndarray, list[str]]:
    """Vectors (V, d) of the V commonest words of the books, most frequent first: the top d
    singular directions of log(1 + co-occurrence counts) within ``window`` words (~5 s)."""
    tokens = [word for book in load_books() for word in tokenize(book.text)]
    words = [word for word, _ in Counter(tokens).most_common(V)]
    index = {word: i for i, word in enumerate(words)}
    ids = np.array([index.get(word, -1) for word in tokens])  # (T,), -1: a rarer word
    rows, cols = [], []
    for offset in range(1, window + 1):
        left, right = ids[:-offset], ids[offset:]  # (T - offset,) each
        both = (left >= 0) & (right >= 0)
        rows += [left[both], right[both]]
        cols += [right[both], left[both]]  # symmetric: each pair counts both ways
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    counts = scipy.sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(V, V))  # (V, V)
    counts.data = np.log1p(counts.data)
    U, S, _ = randomized_svd(counts, d, random_state=0)  # (V, d), (d,)
    return U * np.sqrt(S), words


def beam_search_explorer():
    pairs = [p for p in date_pairs("test", 12, seed=0) if p.text.isascii()][:5]
    torch.manual_seed(0)
    return beam_explorer(DateTranslator("none", hidden_size=128), [p.text for p in pairs])


def projection_explorer(**kwargs):
    vectors, words = book_vectors()
    return ProjectionExplorer(vectors, words, **kwargs)


def analogy_box():
    vectors, words = book_vectors()
    return AnalogyBox(vectors, words)


def date_box():
    torch.manual_seed(0)
    return DateBox(DateTranslator("additive", hidden_size=16).eval(), text="3 May 1979")


def service_explorer_running():
    server = BackgroundServer(create_app()).start()  # serves until the benchmark exits
    return service_explorer(server.url, index=0)


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
    "07 projection": projection_explorer,
    "07 custom axes": lambda: projection_explorer(mode="custom axes", y_pair=("night", "day")),
    "07 analogy": analogy_box,
    "08 beam tree": beam_search_explorer,
    "09 dates": date_box,
    "10 service": service_explorer_running,
}
TYPED = {  # what is typed into an explorer's text box, in turn (other text boxes are skipped)
    "09 dates": ["1979年5月3日星期四", "Thursday, May 3, 1979", "05/03/79", "", "3. Mai 1979",
                 "3 May 1979 ☃", "jeudi 3 mai 1979", "3 de mayo de 1979"],
}


def change(control, typed=None) -> bool:
    """Change ``control`` as a learner's next move would: the next option, one step on
    (back at the end), the next word a word box suggests, the next of ``typed`` (an
    iterator) in a text box. False for a text box without ``typed`` (typed kernels are timed
    in the browser)."""
    if isinstance(control, widgets.Text) and typed is not None \
            and not isinstance(control, widgets.Combobox):
        control.value = next(typed)
    elif isinstance(control, widgets.Combobox):
        options = list(control.options)
        now = options.index(control.value) if control.value in options else -1
        control.value = options[(now + 1) % len(options)]
    elif hasattr(control, "options"):
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
    parser.add_argument("--only", default="", help="only the explorers whose name starts so")
    args = parser.parse_args(argv)
    threads = use_idle_cores()  # torch on more threads than idle cores waits for the busy ones
    load_before, every = os.getloadavg()[0], []
    for name, build in EXPLORERS.items():
        if not name.startswith(args.only):
            continue
        explorer = build()
        typed = itertools.cycle(TYPED[name]) if name in TYPED else None
        for label, control in explorer.controls.items():
            times = []
            for _ in range(args.changes):
                started = time.perf_counter()
                if not change(control, typed):
                    break
                times.append((time.perf_counter() - started) * 1000)
            if times:
                every += times
                print(f"{name:<14} {label:<12} median {statistics.median(times):5.0f} ms  "
                      f"max {max(times):5.0f} ms", flush=True)
    every.sort()
    print(f"\n{len(every)} changes; load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after, {os.cpu_count()} cores, {threads} torch thread(s)")
    print(f"overall: median {statistics.median(every):.0f} ms, "
          f"p95 {every[int(0.95 * (len(every) - 1))]:.0f} ms, max {every[-1]:.0f} ms")


if __name__ == "__main__":
    main()
