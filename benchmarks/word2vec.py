"""Chapter 07: our skip-gram with negative sampling vs gensim's Word2Vec, same corpus, settings.

    .venv/bin/python benchmarks/word2vec.py [--epochs 4] [--lr 0.05] [--seed 0] [--threads N]
        [--gensim-workers 2] [--plays]

Both train on :func:`dlcourse.models.word2vec.corpus_tokens` (the four books; ``--plays`` adds
the genre classifier's training plays) with the same settings: skip-gram (gensim ``sg=1``),
5 negatives (``negative=5``, ``hs=0``), window 5, 100 dimensions, min_count 5, sample 1e-3,
rate ``--lr`` (0.05) falling linearly to 1e-4 of it (gensim's ``min_alpha`` is the end rate
itself), and ``--epochs``. gensim reads sentences of at most 10,000 words, so it gets the
token stream cut into chunks of 10,000 (107 cuts in 1.07 M words, where a window cannot
reach across); ours reads it as one stream. Printed:

- seconds of each (the vocabulary, subsampling tables and training; ours with the torch
  threads ``dlcourse.device.use_idle_cores`` chooses, or ``--threads``) and their ratio;
- accuracy on the Google analogy questions whose four words are all in the vocabulary (the
  same questions for both: the vocabularies are the same words), answered for both with
  :func:`dlcourse.nn.similarity.analogy` (3CosAdd on unit vectors, a, b and c excluded):
  semantic (the first 5 sections), syntactic (the other 9) and overall, with the coverage;
  and gensim's own ``evaluate_word_analogies`` on its model as a check of that scoring;
- the overlap of the 10 nearest neighbours (cosine) of 20 frequent words (ranks 100-119 of
  the vocabulary by count: like, same, know, ... princess in the books): shared / 10 and the
  Jaccard index, averaged; and the same between two gensim runs with seeds ``seed`` and
  ``seed + 1``, the overlap that training noise alone leaves;
- our 8 nearest neighbours, with cosines, of the chapter's words.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import torch

from dlcourse.data.books import ANALOGIES_FILE, load_analogies
from dlcourse.data.manifest import verified_path
from dlcourse.data.shakespeare import load_plays, split_by_play
from dlcourse.device import use_idle_cores
from dlcourse.models.word2vec import (
    DIM,
    EPOCHS,
    LR,
    MIN_COUNT,
    NEGATIVES,
    SAMPLE,
    WINDOW,
    corpus_tokens,
    train_word2vec,
)
from dlcourse.nn.similarity import analogy, nearest, nearest_words

CHAPTER_WORDS = ("king", "queen", "war", "peace", "doctor", "wound", "france", "money", "said",
                 "london", "holmes")
OVERLAP_RANKS = range(100, 120)  # the words of these ranks (by count) for the overlap: frequent
#                                 (about 900-1,070 times in the books), past the function words
SEMANTIC_SECTIONS = 5  # the first five sections of questions-words.txt are semantic
CHUNK = 10_000  # gensim's longest sentence (MAX_WORDS_IN_BATCH)


def covered_questions(sections, index):
    """{section: (n, 4) int rows} of the questions whose four lower-cased words are in index."""
    return {name: np.array([[index[w.lower()] for w in q] for q in questions
                            if all(w.lower() in index for w in q)], dtype=np.int64).reshape(-1, 4)
            for name, questions in sections.items()}


def analogy_correct(vectors, questions) -> dict[str, int]:
    """{section: questions whose 3CosAdd answer (dlcourse.nn.similarity.analogy) is d}."""
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)  # (V, d)
    return {name: sum(int(analogy(unit, a, b, c, k=1)[0][0] == d) for a, b, c, d in rows)
            for name, rows in questions.items()}


def groups(correct, questions, totals):
    """(label, correct, covered, all questions) for semantic, syntactic and overall."""
    names = list(questions)
    rows = []
    for label, part in (("semantic", names[:SEMANTIC_SECTIONS]),
                        ("syntactic", names[SEMANTIC_SECTIONS:]), ("overall", names)):
        rows.append((label, sum(correct[n] for n in part), sum(len(questions[n]) for n in part),
                     sum(totals[n] for n in part)))
    return rows


def neighbour_sets(vectors, index, words, k=10):
    return {w: set(nearest(vectors, vectors[index[w]], k, exclude=[index[w]])[0].tolist())
            for w in words}


def overlap(a, b, k=10):
    """Mean shared / k and mean Jaccard |A & B| / |A | B| of two {word: neighbour set}."""
    shared = [len(a[w] & b[w]) for w in a]
    return np.mean(shared) / k, np.mean([s / len(a[w] | b[w]) for s, w in zip(shared, a)])


def train_gensim(tokens, args, seed):
    from gensim.models import Word2Vec

    started = time.perf_counter()
    model = Word2Vec(vector_size=DIM, window=WINDOW, min_count=MIN_COUNT, sg=1, hs=0,
                     negative=NEGATIVES, ns_exponent=0.75, sample=SAMPLE, alpha=args.lr,
                     min_alpha=args.lr * 1e-4, epochs=args.epochs, workers=args.gensim_workers,
                     seed=seed)
    sentences = [tokens[i:i + CHUNK] for i in range(0, len(tokens), CHUNK)]
    model.build_vocab(sentences)
    model.train(sentences, total_examples=len(sentences), epochs=args.epochs)
    return model, time.perf_counter() - started


def main(argv=None) -> None:
    import gensim

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--lr", type=float, default=LR,
                        help=f"starting rate of both (default {LR:g}; word2vec's is 0.025)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads for ours (default: use_idle_cores)")
    parser.add_argument("--gensim-workers", type=int, default=2)
    parser.add_argument("--plays", action="store_true",
                        help="add the genre classifier's training plays to the books")
    args = parser.parse_args(argv)
    threads = use_idle_cores() if args.threads is None else args.threads
    torch.set_num_threads(threads)
    print(f"Python {platform.python_version()}, torch {torch.__version__}, gensim "
          f"{gensim.__version__}, {os.cpu_count()} cores, torch threads {threads}, gensim "
          f"workers {args.gensim_workers}, load average before {os.getloadavg()[0]:.2f}")
    plays = split_by_play(load_plays())[0] if args.plays else ()
    tokens = corpus_tokens(plays)
    print(f"{len(tokens):,} tokens; epochs {args.epochs}, lr {args.lr:g}, seed {args.seed}",
          flush=True)

    started = time.perf_counter()
    ours = train_word2vec(tokens, epochs=args.epochs, lr=args.lr, seed=args.seed,
                          progress=False)
    ours_s = time.perf_counter() - started
    print(f"ours: {ours_s:.1f} s, {ours.history}", flush=True)
    model, gensim_s = train_gensim(tokens, args, args.seed)
    print(f"gensim: {gensim_s:.1f} s", flush=True)

    vocab = ours.vocab
    if set(model.wv.index_to_key) != set(vocab.words):
        raise SystemExit("gensim's vocabulary differs from ours: the comparison needs the same "
                         "words")
    theirs = model.wv.vectors[[model.wv.key_to_index[w] for w in vocab.words]]  # our row order

    sections = load_analogies()
    totals = {name: len(q) for name, q in sections.items()}
    questions = covered_questions(sections, vocab.index)
    ours_correct = analogy_correct(ours.vectors, questions)
    gensim_correct = analogy_correct(theirs, questions)
    score, gensim_sections = model.wv.evaluate_word_analogies(
        str(verified_path(ANALOGIES_FILE)), restrict_vocab=len(vocab))
    gensim_own = gensim_sections[-1]

    other, _ = train_gensim(tokens, args, args.seed + 1)
    other_vectors = other.wv.vectors[[other.wv.key_to_index[w] for w in vocab.words]]
    words = [vocab.words[i] for i in OVERLAP_RANKS]
    ours_sets = neighbour_sets(ours.vectors, vocab.index, words)
    gensim_sets = neighbour_sets(theirs, vocab.index, words)
    shared, jaccard = overlap(ours_sets, gensim_sets)
    shared_gg, jaccard_gg = overlap(gensim_sets,
                                    neighbour_sets(other_vectors, vocab.index, words))

    print(f"\nCovered Google analogy questions (all four words among the {len(vocab):,} "
          f"words), 3CosAdd by dlcourse.nn.similarity.analogy for both:\n")
    print("| group | covered | ours | gensim | ours / gensim |")
    print("|---|---:|---:|---:|---:|")
    for (label, ok, n, total), (_, ok_g, _, _) in zip(groups(ours_correct, questions, totals),
                                                        groups(gensim_correct, questions, totals)):
        ratio = f"{ok / ok_g:.2f}" if ok_g else "–"
        print(f"| {label} | {n:,} of {total:,} ({100 * n / total:.1f} %) | {100 * ok / n:.1f} % "
              f"({ok}) | {100 * ok_g / n:.1f} % ({ok_g}) | {ratio} |")
    own_n = len(gensim_own["correct"]) + len(gensim_own["incorrect"])
    print(f"\ngensim's evaluate_word_analogies on its own model: "
          f"{len(gensim_own['correct'])}/{own_n} = {100 * score:.1f} % (check of the scoring)")
    print(f"\n| | ours | gensim | ratio |\n|---|---:|---:|---:|\n"
          f"| seconds | {ours_s:.1f} | {gensim_s:.1f} | {ours_s / gensim_s:.1f} |")
    print(f"\n10 nearest neighbours of {len(words)} frequent words ({', '.join(words)}): "
          f"ours vs gensim shared {shared:.2f} of 10, Jaccard {jaccard:.2f}; gensim seed "
          f"{args.seed} vs seed {args.seed + 1}: shared {shared_gg:.2f}, Jaccard {jaccard_gg:.2f}")
    print("\nOur 8 nearest neighbours (cosine):")
    for word in CHAPTER_WORDS:
        if word in vocab.index:
            near = nearest_words(ours.vectors, vocab.words, word, 8)
            print(f"- {word}: " + ", ".join(f"{w} {s:.2f}" for w, s in near))
    print(f"\nload average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
