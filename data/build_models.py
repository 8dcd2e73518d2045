"""Build data/models/: the three trained models chapter 10 serves, from the course's own data.

Run once from the repository root (a few minutes on 2 cores; no download):

    .venv/bin/python data/build_models.py

- ``models/digits.pt``: chapter 05's :class:`~dlcourse.models.cnn.FastCNN`, trained 3 epochs
  on the 60,000 MNIST training digits with its recipe (seed 0);
- ``models/words.npz``: chapter 07's skip-gram vectors of the four books (seed 0), float16,
  with their words: arrays ``words`` (V,) str and ``vectors`` (V, d), no pickles;
- ``models/dates.pt``: chapters 08–09's :class:`~dlcourse.models.seq2seq.DateTranslator`
  with additive attention, hidden 128, trained 60 s on 20,000 pairs of the training dates.

The .pt files are written by :func:`dlcourse.models.io.save_model` (weights only, with their
sha256). Training on another machine gives other bytes, so the files are committed and
recorded in data/MANIFEST, whose other rows are kept; the printed scores say how good each is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

from dlcourse.atomic import atomic_write
from dlcourse.data.dates import date_pairs
from dlcourse.data.manifest import Entry, data_dir, read_manifest, sha256_of, write_manifest
from dlcourse.data.mnist import as_float_tensors, load_mnist
from dlcourse.models.cnn import FAST_RECIPE, FastCNN
from dlcourse.models.io import save_model
from dlcourse.models.seq2seq import DateTranslator, exact_match, train_translator
from dlcourse.models.word2vec import corpus_tokens, train_word2vec
from dlcourse.train import evaluate, fit

DIGITS, WORDS, DATES = "models/digits.pt", "models/words.npz", "models/dates.pt"
BUILT = "trained by data/build_models.py (seed 0)"
SOURCES = {
    DIGITS: (f"{BUILT}: FastCNN, 3 epochs on the MNIST training digits (data/mnist)",
             "CC BY-SA 3.0 (weights derived from MNIST)"),
    WORDS: (f"{BUILT}: skip-gram vectors of the four books (data/books)",
            "public domain texts; the vectors: MIT, as the course"),
    DATES: (f"{BUILT}: DateTranslator, additive attention, on generated dates",
            "MIT, as the course"),
}


def build_digits(root: Path) -> str:
    train, test = (as_float_tensors(load_mnist(split)) for split in ("train", "test"))
    torch.manual_seed(0)
    model = FastCNN()
    history = fit(model, train, test, epochs=3, seed=0, progress=False, **FAST_RECIPE.fit_kwargs())
    save_model(model, root / DIGITS)
    _, accuracy = evaluate(model, *test)
    return f"digits: {accuracy:.2%} of the 10,000 test digits right ({history.seconds[-1]:.0f} s)"


def build_words(root: Path) -> str:
    trained = train_word2vec(corpus_tokens(), seed=0, progress=False)
    with atomic_write(root / WORDS) as f:
        np.savez_compressed(f, words=np.array(trained.vocab.words),
                            vectors=trained.vectors.astype(np.float16))
    return f"words: {trained.vocab.size:,} words x {trained.vectors.shape[1]} numbers"


def build_dates(root: Path) -> str:
    train, test = date_pairs("train", 20_000), date_pairs("test", 2_000)
    torch.manual_seed(0)
    model = DateTranslator("additive")
    train_translator(model, train, test, steps=1_000_000, seconds=60, eval_every=200, seed=0,
                     progress=False)
    save_model(model, root / DATES)
    return f"dates: {exact_match(model, test):.2%} of 2,000 unseen test dates exactly right"


def main() -> None:
    torch.set_num_threads(2)
    root = data_dir()
    (root / "models").mkdir(exist_ok=True)
    kept = [e for name, e in read_manifest(root).items() if name not in SOURCES]
    for build in (build_digits, build_words, build_dates):
        print(build(root), flush=True)
    entries = [Entry(name, (root / name).stat().st_size, sha256_of(root / name), *SOURCES[name])
               for name in SOURCES]
    write_manifest(kept + entries, root)
    for e in entries:
        print(f"{e.file}: {e.size:,} bytes")


if __name__ == "__main__":
    sys.exit(main())
