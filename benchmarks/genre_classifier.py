"""Chapter 07: seed 000's LSTM against TF-IDF + logistic regression on comedy vs tragedy.

    .venv/bin/python benchmarks/genre_classifier.py [--seeds 0 1 2] [--epochs 2]
        [--long-epochs 6] [--threads 2] [--vectors file.npz] [--save-vectors file.npz]

Settles the Keras IMDB script's remark that its data set "is actually too small for
LSTM to be of any advantage compared to simpler, much faster methods such as TF-IDF +
LogReg", on :func:`dlcourse.data.passages.genre_passages` (80-word passages, the test
plays unseen), and asks whether starting the LSTM's embedding from word vectors helps.
Prints test accuracy overall and per class (mean and min-max over the seeds) and the
training seconds of:

- the majority class (always "tragedy") and TF-IDF + logistic regression
  (:mod:`dlcourse.models.tfidf`; deterministic, the seeds change nothing);
- the LSTM of :func:`dlcourse.models.genre.train_genre` with the seed's settings
  (``--epochs``, default 2), and again trained ``--long-epochs`` epochs (0: skip);
- the LSTM with its embedding started from word vectors, fine-tuned and frozen.

The word vectors are ``--vectors file.npz`` (arrays ``vectors`` (V, d) and ``words``
(V,)), e.g. the chapter's word2vec or PPMI-SVD vectors; without it the script makes a
stand-in: PPMI (context counts smoothed to the power 0.75, Levy, Goldberg and Dagan
2015) of a +-2-word window over the four books and every play but the test plays, words
seen >= 5 times, reduced by scikit-learn's ``TruncatedSVD`` to 128 columns (U sqrt(S)).
``--save-vectors`` writes them to an npz of the same layout. Either way the vectors are
scaled to standard deviation 1 per entry, the scale of torch's N(0, 1) start that the
words without a vector keep.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter

import numpy as np
import scipy.sparse as sp
import torch
from sklearn.decomposition import TruncatedSVD

from dlcourse.data.books import load_books, tokenize
from dlcourse.data.passages import TEST_PLAYS, class_counts, genre_passages, play_words
from dlcourse.data.shakespeare import load_plays
from dlcourse.models.genre import PassageVocabulary, predict_proba, train_genre
from dlcourse.models.tfidf import tfidf_genre


def ppmi_svd(documents: list[list[str]], dim: int = 128, window: int = 2, min_count: int = 5,
             alpha: float = 0.75, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """Word vectors (V, dim) and their V words: truncated SVD of the PPMI matrix of
    ``window``-word contexts (not across documents), context counts smoothed by ``alpha``."""
    counts = Counter(word for doc in documents for word in doc)
    words = sorted(w for w, n in counts.items() if n >= min_count)
    index = {w: i for i, w in enumerate(words)}
    rows, cols = [], []
    for doc in documents:
        ids = np.array([index.get(w, -1) for w in doc])  # (T,), -1 for rare words
        for d in range(1, window + 1):
            a, b = ids[:-d], ids[d:]
            keep = (a >= 0) & (b >= 0)
            rows += [a[keep], b[keep]]  # both directions: a symmetric window
            cols += [b[keep], a[keep]]
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    V = len(words)
    C = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(V, V)).tocsr()  # (V, V) counts
    C.sum_duplicates()
    total = C.sum()
    p_word = np.asarray(C.sum(axis=1)).ravel() / total  # (V,)
    context = np.asarray(C.sum(axis=0)).ravel() ** alpha
    p_context = context / context.sum()  # (V,), smoothed
    C = C.tocoo()
    pmi = np.log(C.data / total / (p_word[C.row] * p_context[C.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (C.row[keep], C.col[keep])), shape=(V, V))
    svd = TruncatedSVD(dim, algorithm="randomized", n_iter=5, random_state=seed)
    U_S = svd.fit_transform(ppmi)  # (V, dim) = U S
    return U_S / np.sqrt(svd.singular_values_), words  # U sqrt(S)


def per_class(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, float, float]:
    """Accuracy overall, on comedies (label 0) and on tragedies (label 1), in %."""
    right = predicted == labels
    return 100 * right.mean(), 100 * right[labels == 0].mean(), 100 * right[labels == 1].mean()


def lstm_row(train, test, labels, seeds, **options) -> tuple[np.ndarray, list[float], int]:
    """(seeds, 3) accuracies in %, the training seconds per seed, the embedding rows found."""
    accuracy, seconds, found = [], [], 0
    for seed in seeds:
        run = train_genre(train, test, seed=seed, progress=False, **options)
        predicted = (predict_proba(run.model, run.vocab.encode(test)) > 0.5).astype(int)
        accuracy.append(per_class(predicted, labels))
        seconds.append(run.seconds)
        found = run.model.vectors_found
        assert abs(accuracy[-1][0] - 100 * run.test_acc) < 1e-3  # the same predictions
        print(f"  seed {seed}: {accuracy[-1][0]:.1f} % in {run.seconds:.1f} s, load average "
              f"{os.getloadavg()[0]:.2f}", flush=True)
    return np.array(accuracy), seconds, found


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--epochs", type=int, default=2, help="the seed's epochs (default 2)")
    parser.add_argument("--long-epochs", type=int, default=6,
                        help="a longer LSTM run, or 0 to skip (default 6)")
    parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    parser.add_argument("--vectors", help="an npz with arrays vectors (V, d) and words (V,)")
    parser.add_argument("--save-vectors", help="write the stand-in vectors to this npz")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {os.cpu_count()} cores, {args.threads} thread(s), "
          f"load average before {os.getloadavg()[0]:.2f}")
    plays = load_plays()
    train, test = genre_passages(plays)
    labels = np.array([p.label for p in test])
    print(f"training passages {class_counts(train)}, test passages {class_counts(test)} "
          f"(test plays {', '.join(TEST_PLAYS)})")

    rows = []  # (name, accuracies (seeds, 3), seconds)
    majority = np.ones_like(labels)  # the training set's majority class: tragedy
    rows.append(("majority class (tragedy)", np.array([per_class(majority, labels)]), [0.0]))
    tfidf = tfidf_genre(train, test)
    predicted = tfidf.pipeline.predict([p.text for p in test])
    rows.append((f"TF-IDF + LR ({tfidf.features} words)",
                 np.array([per_class(predicted, labels)]), [tfidf.seconds]))
    print(f"TF-IDF + LR: {rows[-1][1][0, 0]:.1f} % in {tfidf.seconds:.1f} s", flush=True)

    runs = [(f"LSTM, {args.epochs} epochs (seed 000)", {"epochs": args.epochs})]
    if args.long_epochs:
        runs.append((f"LSTM, {args.long_epochs} epochs", {"epochs": args.long_epochs}))
    for name, options in runs:
        print(name, flush=True)
        accuracy, seconds, _ = lstm_row(train, test, labels, args.seeds, device=args.device,
                                        **options)
        rows.append((name, accuracy, seconds))

    started = time.perf_counter()
    if args.vectors:
        with np.load(args.vectors, allow_pickle=False) as npz:
            vectors, words = npz["vectors"].astype(np.float64), [str(w) for w in npz["words"]]
        source = f"vectors of {args.vectors}"
    else:
        documents = [tokenize(book.text) for book in load_books()]
        documents += [play_words(play) for play in plays if play.name not in TEST_PLAYS]
        vectors, words = ppmi_svd(documents)
        source = (f"stand-in PPMI-SVD vectors of the books and {len(plays) - len(TEST_PLAYS)} "
                  f"non-test plays ({sum(map(len, documents)):,} tokens)")
        if args.save_vectors:
            np.savez(args.save_vectors, vectors=vectors, words=np.array(words))
    vectors = vectors / vectors.std()  # entries of standard deviation 1, as N(0, 1)
    print(f"{source}: {vectors.shape[0]:,} words x {vectors.shape[1]} in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    train_words = Counter(w for p in train for w in p.words)
    known = set(words)
    coverage = sum(n for w, n in train_words.items() if w in known) / sum(train_words.values())
    for freeze in (False, True):
        name = f"LSTM + vectors {'frozen' if freeze else 'fine-tuned'}, {args.epochs} epochs"
        print(name, flush=True)
        accuracy, seconds, found = lstm_row(train, test, labels, args.seeds, device=args.device,
                                            epochs=args.epochs, vectors=vectors, words=words,
                                            freeze=freeze)
        rows.append((name, accuracy, seconds))
    print(f"vectors for {found:,} of the {PassageVocabulary.of_passages(train).size:,} vocabulary "
          f"ids, "
          f"{100 * coverage:.1f} % of the training tokens")

    print("\n| model | test accuracy % | comedies % | tragedies % | training s |")
    print("|---|---:|---:|---:|---:|")
    for name, accuracy, seconds in rows:
        cells = [f"{a.mean():.1f}" + (f" ({a.min():.1f}–{a.max():.1f})" if len(a) > 1 else "")
                 for a in accuracy.T]
        print(f"| {name} | " + " | ".join(cells) + f" | {np.mean(seconds):.1f} |")
    print(f"\nmean (min–max over seeds {args.seeds}); test: {class_counts(test)}; load average "
          f"after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
