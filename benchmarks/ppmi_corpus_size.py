"""Chapter 07: PPMI + SVD word vectors on the four books: analogies, neighbours, corpus size.

    .venv/bin/python benchmarks/ppmi_corpus_size.py [--window 5] [--dim 100] [--alpha 0.75]
        [--power 0.5] [--powers 0 0.5 1] [--fractions 0.1 0.25 0.5 1] [--min-count 5]
        [--no-thread-check]

Tokens from :func:`dlcourse.data.books.load_books` and ``tokenize``; a throw-away vocabulary
of the words with at least ``--min-count`` occurrences (other words are dropped from the
token stream) and :func:`dlcourse.nn.ppmi.ppmi_vectors`. Prints, on all the tokens:

- the seconds of each step (counts, PPMI, SVD) and of ``ppmi_vectors`` in one call, and of
  the same SVD with BLAS's default thread count (``truncated_svd`` uses one thread);
- the Google analogy questions' accuracy on the covered questions, with the coverage, per
  section and for the semantic / syntactic / overall groups, and :data:`COURSE_ANALOGIES`;
- the 8 nearest neighbours (cosine) of a few words;
- the weight p of the singular values (W = U S^p) against both analogy sets (one SVD).

Then the same vectors from 10 %, 25 %, 50 % of the tokens (each with its own vocabulary),
taken as the chapter takes them (:func:`dlcourse.data.books.spread_part`: chunks of 10,000
words spread over all four books, so a smaller corpus is not also a narrower one): coverage
and accuracy, and the accuracy on a fixed question set, the Google questions covered by the
smallest corpus's vocabulary (covered by every larger one too).
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter

import numpy as np
import scipy
from scipy.sparse.linalg import svds
from threadpoolctl import threadpool_info

from dlcourse.data.books import load_analogies, load_books, spread_part, tokenize
from dlcourse.nn.analogies import COURSE_ANALOGIES, analogy_accuracy
from dlcourse.nn.ppmi import cooccurrence, ppmi, ppmi_vectors, truncated_svd
from dlcourse.nn.similarity import nearest_words

NEIGHBOURS = ("king", "queen", "war", "peace", "doctor", "wound", "france", "money", "said",
              "london", "holmes")


def vocabulary(tokens: list[str], min_count: int) -> tuple[list[str], np.ndarray]:
    """Words with >= min_count occurrences, most frequent first, and the ids of the tokens."""
    counts = Counter(tokens)
    words = [w for w, n in counts.most_common() if n >= min_count]
    index = {w: i for i, w in enumerate(words)}
    return words, np.array([index[w] for w in tokens if w in index])


def pct(x: float) -> str:
    return f"{100 * x:.1f}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window", type=int, default=5)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--alpha", type=float, default=0.75)
    parser.add_argument("--power", type=float, default=0.5, help="p of W = U S^p")
    parser.add_argument("--powers", type=float, nargs="+", default=[0.0, 0.5, 1.0])
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.1, 0.25, 0.5, 1.0])
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--no-thread-check", dest="thread_check", action="store_false",
                        help="skip timing the SVD with BLAS's default thread count")
    args = parser.parse_args(argv)
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, {os.cpu_count()} cores, load "
          f"average {os.getloadavg()[0]:.2f}; window {args.window}, dim {args.dim}, alpha "
          f"{args.alpha:g}, power {args.power:g}, min count {args.min_count}")
    tokens = [w for book in load_books() for w in tokenize(book.text)]
    google = load_analogies()
    words, ids = vocabulary(tokens, args.min_count)
    print(f"{len(tokens):,} tokens, {len(words):,} words with count >= {args.min_count} "
          f"({len(ids):,} tokens kept)\n")

    start = time.perf_counter()
    counts = cooccurrence(ids, len(words), args.window)
    t_counts = time.perf_counter()
    M = ppmi(counts, args.alpha)
    t_ppmi = time.perf_counter()
    U, s, _ = truncated_svd(M, args.dim)
    t_svd = time.perf_counter()
    start_one = time.perf_counter()
    vectors = ppmi_vectors(ids, len(words), args.window, args.dim, args.alpha, args.power)
    t_one = time.perf_counter() - start_one
    print(f"counts {t_counts - start:.1f} s ({counts.nnz:,} pairs of words), PPMI "
          f"{t_ppmi - t_counts:.2f} s ({M.nnz:,} positive), SVD {t_svd - t_ppmi:.1f} s; "
          f"ppmi_vectors in one call {t_one:.1f} s")
    if args.thread_check:  # truncated_svd runs ARPACK with one BLAS thread: is that right here?
        v0 = np.random.default_rng(0).uniform(-1.0, 1.0, size=M.shape[0])
        start = time.perf_counter()
        svds(M, k=args.dim, v0=v0)  # with BLAS's own thread count
        print(f"the same SVD with {threadpool_info()[0]['num_threads']} BLAS threads: "
              f"{time.perf_counter() - start:.1f} s (load average {os.getloadavg()[0]:.2f})")
    print()

    print("Google analogies (accuracy on the covered questions):")
    print(analogy_accuracy(vectors, words, google))
    print("\nCOURSE_ANALOGIES:")
    print(analogy_accuracy(vectors, words, COURSE_ANALOGIES))

    print("\nNearest neighbours (cosine):")
    for word in NEIGHBOURS:
        near = nearest_words(vectors, words, word, 8)
        print(f"  {word}: " + ", ".join(f"{w} {c:.2f}" for w, c in near))

    print("\n| p | Google semantic % | syntactic % | overall % | COURSE % |")
    print("|---:|---:|---:|---:|---:|")
    for power in args.powers:
        W = (U * s**power).astype(np.float32)  # (V, d)
        g, c = analogy_accuracy(W, words, google), analogy_accuracy(W, words, COURSE_ANALOGIES)
        print(f"| {power:g} | {pct(g.semantic.accuracy)} | {pct(g.syntactic.accuracy)} | "
              f"{pct(g.overall.accuracy)} | {pct(c.overall.accuracy)} "
              f"({c.overall.correct}/{c.overall.covered}) |")

    print("\nAgainst corpus size (spread_part of the tokens, its own vocabulary):")
    print("| tokens | words | seconds | Google coverage % | accuracy % | semantic % | "
          "syntactic % | fixed set % | COURSE coverage % | COURSE % |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    fixed = None
    for fraction in sorted(args.fractions):
        part = spread_part(tokens, fraction)
        part_words, part_ids = vocabulary(part, args.min_count)
        start = time.perf_counter()
        W = ppmi_vectors(part_ids, len(part_words), args.window, args.dim, args.alpha,
                         args.power)
        seconds = time.perf_counter() - start
        if fixed is None:  # the questions the smallest vocabulary covers
            known = set(part_words)
            fixed = {section: [q for q in items if all(w.lower() in known for w in q)]
                     for section, items in google.items()}
            n_fixed = sum(map(len, fixed.values()))
        g = analogy_accuracy(W, part_words, google)
        f = analogy_accuracy(W, part_words, fixed)
        c = analogy_accuracy(W, part_words, COURSE_ANALOGIES)
        print(f"| {len(part):,} | {len(part_words):,} | {seconds:.1f} | "
              f"{pct(g.overall.coverage)} | {pct(g.overall.accuracy)} | "
              f"{pct(g.semantic.accuracy)} | {pct(g.syntactic.accuracy)} | "
              f"{pct(f.overall.accuracy)} | {pct(c.overall.coverage)} | "
              f"{pct(c.overall.accuracy)} |", flush=True)
    print(f"\nfixed set: the {n_fixed:,} Google questions covered by the smallest corpus's "
          f"vocabulary; load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
