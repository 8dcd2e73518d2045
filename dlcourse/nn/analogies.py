r"""Analogy accuracy of word vectors (chapter 07), measured honestly: with its coverage.

A question (a, b, c, d) reads "a is to b as c is to d" (man : woman :: king : queen). It is
answered with 3CosAdd, as :func:`dlcourse.nn.similarity.analogy` does: the word x, other
than a, b and c, with the largest cosine to :math:`\hat b - \hat a + \hat c`
(:math:`\hat v = v / \lVert v \rVert`). The answer is right when x is d.

A vocabulary learned from a million tokens lacks most of the Google questions' words (their
capitals, currencies and US states), so only the questions whose four words are all in the
vocabulary are asked. Each score comes with its **coverage**, covered / total, and its
**accuracy** counts the covered questions only:

.. math:: \text{coverage} = \frac{\text{covered}}{\text{questions}}, \qquad
          \text{accuracy} = \frac{\text{correct}}{\text{covered}}

Sections whose name starts with "gram" are *syntactic* (plurals, tenses, comparatives), the
others *semantic* (capitals, family); in Google's file (Mikolov et al. 2013,
:func:`dlcourse.data.books.load_analogies`) these are its last nine and first five sections.
:data:`COURSE_ANALOGIES` is a small set the course's four books can support.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dlcourse.checks import positive_int
from dlcourse.nn.similarity import _rows, _vocabulary


def _chain(pairs: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """Questions from word pairs, each with the next (the last with the first): a, b, c, d."""
    return [pairs[i] + pairs[(i + 1) % len(pairs)] for i in range(len(pairs))]


# Pairs of words that each occur at least 20 times in the four books (a test checks it), so a
# vector learned from them has had some chance. queen (18) and duchess (2) are too rare.
COURSE_ANALOGIES: dict[str, list[tuple[str, str, str, str]]] = {
    "family": _chain([("man", "woman"), ("he", "she"), ("husband", "wife"),
                      ("father", "mother"), ("son", "daughter"), ("brother", "sister"),
                      ("prince", "princess"), ("count", "countess"), ("boy", "girl"),
                      ("uncle", "aunt"), ("gentleman", "lady"), ("emperor", "empress")]),
    "capital-country": _chain([("paris", "france"), ("moscow", "russia"),
                               ("london", "england")]),
    "gram-nationality-adjective": _chain([("france", "french"), ("russia", "russian"),
                                          ("england", "english"), ("germany", "german")]),
    "gram-past-tense": _chain([("go", "went"), ("say", "said"), ("see", "saw"),
                               ("take", "took"), ("come", "came"), ("know", "knew"),
                               ("give", "gave"), ("think", "thought"), ("tell", "told"),
                               ("find", "found")]),
    "gram-plural": _chain([("soldier", "soldiers"), ("officer", "officers"), ("man", "men"),
                           ("horse", "horses"), ("day", "days"), ("hand", "hands"),
                           ("eye", "eyes"), ("year", "years"), ("child", "children"),
                           ("word", "words")]),
}


@dataclass(frozen=True)
class Score:
    """The tally of one section (or group of sections): questions, covered, correct."""

    name: str
    questions: int  # all of them, asked or not
    covered: int  # those whose four words are in the vocabulary: the ones asked
    correct: int  # covered questions answered with d

    @property
    def coverage(self) -> float:
        """covered / questions (nan for a section without questions)."""
        return self.covered / self.questions if self.questions else math.nan

    @property
    def accuracy(self) -> float:
        """correct / covered (nan when no question is covered)."""
        return self.correct / self.covered if self.covered else math.nan


def _percent(x: float) -> str:
    return "-" if math.isnan(x) else f"{100 * x:.1f} %"


@dataclass(frozen=True)
class AnalogyResult:
    """Scores per section and for the semantic, syntactic and overall groups.

    ``result["family"].accuracy``, ``result["overall"].coverage``; ``print(result)`` shows
    the table, :meth:`to_rows` gives it as tuples.
    """

    sections: tuple[Score, ...]
    semantic: Score
    syntactic: Score
    overall: Score

    def __getitem__(self, name: str) -> Score:
        scores = {s.name: s for s in (*self.sections, self.semantic, self.syntactic,
                                      self.overall)}
        if name not in scores:
            raise KeyError(f"no score named {name!r}; there are {list(scores)}.")
        return scores[name]

    def to_rows(self) -> list[tuple[str, int, int, float, int, float]]:
        """(name, questions, covered, coverage, correct, accuracy): sections, then groups."""
        return [(s.name, s.questions, s.covered, s.coverage, s.correct, s.accuracy)
                for s in (*self.sections, self.semantic, self.syntactic, self.overall)]

    def __str__(self) -> str:
        rows = self.to_rows()
        width = max(len("section"), *(len(row[0]) for row in rows))
        lines = [f"{'section':<{width}}  questions  covered  coverage  correct  accuracy"]
        for i, (name, questions, covered, coverage, correct, accuracy) in enumerate(rows):
            if i == len(self.sections):
                lines.append("-" * len(lines[0]))
            lines.append(f"{name:<{width}}  {questions:>9}  {covered:>7}  "
                         f"{_percent(coverage):>8}  {correct:>7}  {_percent(accuracy):>8}")
        return "\n".join(lines)


def answer_analogies(vectors, a, b, c, batch_size: int = 512) -> np.ndarray:
    r"""3CosAdd's answer to many questions at once: the row x (not a, b, c) closest to b - a + c.

    The same answers as :func:`dlcourse.nn.similarity.analogy` (its top row), computed with
    one matrix product per batch: unit rows :math:`\hat V` (V, d), targets
    :math:`T = \hat V_b - \hat V_a + \hat V_c` (B, d), scores :math:`T \hat V^\top` (B, V),
    whose argmax per row ranks as the cosine does (dividing a row by
    :math:`\lVert T_i \rVert` does not change it). Ties go to the lower index. A question whose
    target is the zero vector gets -1 (no answer).

    Parameters
    ----------
    vectors : array_like of shape (V, d)
        No zero rows (their cosine is undefined).
    a, b, c : array_like of int, shape (Q,)
        Row indices of the questions' words.
    batch_size : int, default 512
        Questions per matrix product (the scores take batch_size * V floats).

    Returns
    -------
    answers : ndarray of int, shape (Q,)
    """
    vectors = _rows(vectors)
    V = len(vectors)
    batch_size = positive_int(batch_size, "batch_size")
    abc = []
    for value, name in [(a, "a"), (b, "b"), (c, "c")]:
        arr = np.asarray(value)
        if arr.ndim != 1 or arr.dtype.kind not in "iu":
            raise TypeError(f"{name} must be a 1-D array of integer row indices, got shape "
                            f"{arr.shape} and dtype {arr.dtype}.")
        if arr.size and (arr.min() < 0 or arr.max() >= V):
            bad = int(arr[(arr < 0) | (arr >= V)][0])
            raise ValueError(f"{name} holds {bad}, must be in 0..{V - 1} (a row of vectors, "
                             f"which has {V}).")
        abc.append(arr.astype(np.int64))
    a, b, c = abc
    if not len(a) == len(b) == len(c):
        raise ValueError(f"a, b and c hold {len(a)}, {len(b)} and {len(c)} indices: one each "
                         f"per question.")
    norms = np.linalg.norm(vectors, axis=1)  # (V,)
    if (norms == 0).any():
        row = int(np.argmax(norms == 0))
        raise ValueError(f"vectors has a zero row at index {row}: the cosine of a zero vector "
                         f"is undefined; leave that word out of the vocabulary.")
    unit = vectors / norms[:, None]  # (V, d)
    answers = np.empty(len(a), dtype=np.int64)
    for start in range(0, len(a), batch_size):
        qa, qb, qc = (x[start:start + batch_size] for x in (a, b, c))  # (B,) each
        targets = unit[qb] - unit[qa] + unit[qc]  # (B, d)
        scores = targets @ unit.T  # (B, d) @ (d, V) -> (B, V)
        rows = np.arange(len(qa))
        for q in (qa, qb, qc):
            scores[rows, q] = -np.inf  # the query words are never the answer
        best = np.argmax(scores, axis=1)  # (B,): the first of equal scores
        best[~targets.any(axis=1)] = -1
        answers[start:start + batch_size] = best
    return answers


def _questions(questions) -> dict[str, list[tuple[str, ...]]]:
    """``questions`` as {section: [(a, b, c, d), ...]} of lower-cased str, else an error."""
    if not isinstance(questions, dict):
        raise TypeError(f"questions must be a dict section -> list of (a, b, c, d), as "
                        f"load_analogies() returns, got {type(questions).__name__}.")
    if not questions:
        raise ValueError("questions is empty: give at least one section.")
    checked = {}
    for section, items in questions.items():
        if isinstance(items, (str, tuple)) or not hasattr(items, "__iter__"):
            raise TypeError(f"questions[{section!r}] must be a list of (a, b, c, d) tuples, "
                            f"got {type(items).__name__}.")
        checked[section] = []
        for i, question in enumerate(items):
            if (isinstance(question, str) or not hasattr(question, "__len__")
                    or len(question) != 4 or not all(isinstance(w, str) for w in question)):
                raise ValueError(f"questions[{section!r}][{i}] == {question!r}, expected four "
                                 f"words (a, b, c, d): 'a is to b as c is to d'.")
            checked[section].append(tuple(w.lower() for w in question))
    return checked


def _total(name: str, scores: list[Score]) -> Score:
    return Score(name, sum(s.questions for s in scores), sum(s.covered for s in scores),
                 sum(s.correct for s in scores))


def analogy_accuracy(vectors, vocab, questions, batch_size: int = 512) -> AnalogyResult:
    """Accuracy of 3CosAdd on the covered questions, with the coverage, per section and group.

    Parameters
    ----------
    vectors : array_like of shape (V, d)
        Word vectors, no zero rows.
    vocab : list of V words, or dict word -> row
        The word of each row, lower-case (as :func:`dlcourse.data.books.tokenize` makes them).
    questions : dict section -> list of (a, b, c, d)
        As :func:`dlcourse.data.books.load_analogies` returns them, or
        :data:`COURSE_ANALOGIES`; the words are lower-cased before the lookup.
    batch_size : int, default 512
        Questions per matrix product (:func:`answer_analogies`).

    Returns
    -------
    AnalogyResult
        ``result.overall.accuracy``, ``result["family"].coverage``, ``print(result)``.

    Examples
    --------
    >>> vectors = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0],
    ...                     [0.0, 1.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0]])
    >>> words = ["king", "queen", "man", "woman"]
    >>> result = analogy_accuracy(vectors, words, {"family": [("king", "queen", "man", "woman"),
    ...                                                        ("boy", "girl", "man", "woman")]})
    >>> result["family"].coverage, result["family"].accuracy
    (0.5, 1.0)
    """
    vectors = _rows(vectors)
    index, _ = _vocabulary(vocab, len(vectors))
    questions = _questions(questions)
    names, covered = [], []  # section of each covered question, its four rows
    for section, items in questions.items():
        for words in items:
            if all(w in index for w in words):
                names.append(section)
                covered.append([index[w] for w in words])
    rows = np.array(covered, dtype=np.int64).reshape(-1, 4)  # (K, 4): a, b, c, d
    right = answer_analogies(vectors, rows[:, 0], rows[:, 1], rows[:, 2],
                             batch_size) == rows[:, 3]  # (K,)
    names = np.array(names, dtype=object)
    sections = [Score(section, len(items), int((names == section).sum()),
                      int(right[names == section].sum()))
                for section, items in questions.items()]
    semantic = [s for s in sections if not s.name.startswith("gram")]
    syntactic = [s for s in sections if s.name.startswith("gram")]
    return AnalogyResult(tuple(sections), _total("semantic", semantic),
                         _total("syntactic", syntactic), _total("overall", sections))
