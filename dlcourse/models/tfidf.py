"""The baseline seed 000's authors name: TF-IDF features and logistic regression (chapter 07).

The Keras IMDB script says its data set "is actually too small for LSTM to be
of any advantage compared to simpler, much faster methods such as TF-IDF +
LogReg". This is that method, with scikit-learn, on the same passages and the
same words (:func:`dlcourse.data.books.tokenize`) as the LSTM of
:mod:`dlcourse.models.genre`::

    train, test = genre_passages()
    tfidf_genre(train, test).test_acc

The settings are fixed here, not tuned on the test plays:

- ``TfidfVectorizer(tokenizer=tokenize, lowercase=False, ngram_range=(1, 1),
  min_df=2, sublinear_tf=True)``: single words seen in at least two training
  passages (a word of one passage only cannot generalise), term frequency
  1 + log(tf) so that a word said ten times does not outweigh ten words, the
  default smoothed idf and unit-length (l2) rows;
- ``LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)``:
  scikit-learn's default L2 strength and solver (lbfgs), each class weighted
  by N / (2 N_class), as the LSTM's loss weighs its classes (the training
  plays hold more tragedy than comedy), and enough iterations to converge.

The fit is deterministic: no seed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from dlcourse.checks import int_labels, positive_int, positive_number
from dlcourse.data.books import tokenize
from dlcourse.data.passages import Passage

NGRAM_RANGE = (1, 1)  # single words
MIN_DF = 2  # a word must occur in >= 2 training passages
C = 1.0  # inverse L2 strength: scikit-learn's default
MAX_ITER = 1000  # lbfgs iterations: enough to converge here


def make_tfidf(min_df: int = MIN_DF, c: float = C) -> Pipeline:
    """The unfitted pipeline: TF-IDF of :func:`~dlcourse.data.books.tokenize`'s words ->
    balanced logistic regression (the module docstring gives every setting)."""
    vectorizer = TfidfVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None,
                                 ngram_range=NGRAM_RANGE, min_df=positive_int(min_df, "min_df"),
                                 sublinear_tf=True)
    classifier = LogisticRegression(C=positive_number(c, "c"), class_weight="balanced",
                                    max_iter=MAX_ITER)
    return Pipeline([("tfidf", vectorizer), ("logreg", classifier)])


@dataclass
class TfidfRun:
    """The fitted ``pipeline``, its ``test_acc``, the number of TF-IDF ``features`` (words
    kept) and the ``seconds`` the fit took."""

    pipeline: Pipeline
    test_acc: float
    features: int
    seconds: float


def _texts(texts, name: str) -> list[str]:
    if isinstance(texts, str) or not (isinstance(texts, (list, tuple)) and texts
                                      and all(isinstance(t, str) for t in texts)):
        raise TypeError(f"{name} must be a non-empty list of texts (str), got "
                        f"{type(texts).__name__} {texts!r:.40}.")
    return list(texts)


def train_tfidf(train_texts: Sequence[str], train_labels, test_texts: Sequence[str],
                test_labels, min_df: int = MIN_DF, c: float = C) -> TfidfRun:
    """Fit :func:`make_tfidf` on ``train_texts`` and their 0/1 ``train_labels``; score it on
    the test texts: the fraction of ``test_labels`` it predicts."""
    train_texts, test_texts = _texts(train_texts, "train_texts"), _texts(test_texts, "test_texts")
    y_train = int_labels(train_labels, "train_labels", len(train_texts))
    y_test = int_labels(test_labels, "test_labels", len(test_texts))
    for name, y in (("train_labels", y_train), ("test_labels", y_test)):
        if not np.isin(y, (0, 1)).all():
            raise ValueError(f"{name} holds {sorted(set(y.tolist()) - {0, 1})[:5]}, must be 0 "
                             f"or 1 (a binary task).")
    if len(set(y_train.tolist())) < 2:
        raise ValueError(f"train_labels are all {y_train[0]}: the training set needs both "
                         f"classes.")
    started = time.perf_counter()
    pipeline = make_tfidf(min_df, c).fit(train_texts, y_train)
    seconds = time.perf_counter() - started
    test_acc = float((pipeline.predict(test_texts) == y_test).mean())
    return TfidfRun(pipeline, test_acc, len(pipeline.named_steps["tfidf"].vocabulary_), seconds)


def tfidf_genre(train: Sequence[Passage], test: Sequence[Passage], min_df: int = MIN_DF,
                c: float = C) -> TfidfRun:
    """:func:`train_tfidf` on the passages of :func:`dlcourse.data.passages.genre_passages`."""
    for name, passages in (("train", train), ("test", test)):
        if not (isinstance(passages, (list, tuple)) and passages
                and all(isinstance(p, Passage) for p in passages)):
            raise TypeError(f"{name} must be a non-empty list of Passage, as genre_passages() "
                            f"returns, got {type(passages).__name__}.")
    return train_tfidf([p.text for p in train], [p.label for p in train],
                       [p.text for p in test], [p.label for p in test], min_df, c)
