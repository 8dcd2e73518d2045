r"""Comparing word vectors (chapter 07): cosine similarity, nearest neighbours, analogies.

Two vectors point the same way when their cosine is 1, are unrelated (orthogonal) at 0 and
opposite at -1; their lengths do not count:

.. math:: \cos(a, b) = \frac{a \cdot b}{\lVert a \rVert \, \lVert b \rVert}

An analogy "a is to b as c is to ?" (king : queen :: man : ?) is answered with 3CosAdd: the
row x, other than a, b and c, closest in cosine to :math:`\hat b - \hat a + \hat c`, where
:math:`\hat v = v / \lVert v \rVert`. Its ranking is that of
:math:`\cos(x, b) - \cos(x, a) + \cos(x, c)`.

The functions work on row indices of ``vectors`` (V, d); :func:`nearest_words` and
:func:`analogy_words` are the same with words, through a vocabulary (a list of V words, or a
dict word -> index).
"""

from __future__ import annotations

import difflib
import numbers

import numpy as np

from dlcourse.checks import as_float_array, int_in_range, positive_int


def _no_zero_vectors(norms: np.ndarray, name: str) -> None:
    """ValueError naming the first zero vector of ``name``, whose cosine is undefined."""
    if (norms == 0).any():
        where = tuple(int(i) for i in np.argwhere(norms == 0)[0])
        at = f" at index {where}" if where else ""
        raise ValueError(f"{name} has a zero vector{at}: the cosine of a zero vector is "
                         f"undefined (it has no direction).")


def cosine(a, b) -> np.ndarray:
    """Cosine similarity along the last axis: a (..., d), b (..., d) -> (...), broadcast.

    Two vectors give a number; a matrix of rows (V, d) and one vector (d,) give the V cosines
    of each row with the vector; ``cosine(A[:, None], B[None])`` gives all pairs (n, m).
    Rounding is clipped to [-1, 1]; a zero vector is a ValueError.
    """
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    if a.ndim == 0 or b.ndim == 0 or a.shape[-1] != b.shape[-1]:
        raise ValueError(f"a has shape {a.shape} and b has shape {b.shape}: both must be "
                         f"vectors (..., d) with the same length d along the last axis.")
    try:
        np.broadcast_shapes(a.shape[:-1], b.shape[:-1])
    except ValueError as exc:
        raise ValueError(f"a has shape {a.shape} and b has shape {b.shape}: their leading axes "
                         f"do not broadcast (one vector against rows: a (V, d), b (d,)).") from exc
    norm_a, norm_b = np.linalg.norm(a, axis=-1), np.linalg.norm(b, axis=-1)  # (...)
    _no_zero_vectors(norm_a, "a")
    _no_zero_vectors(norm_b, "b")
    cos = np.sum(a * b, axis=-1) / (norm_a * norm_b)  # (..., d) -> (...)
    return np.clip(cos, -1.0, 1.0)


def _rows(vectors) -> np.ndarray:
    """``vectors`` as a float array (V, d) with V, d >= 1, else ValueError."""
    vectors = as_float_array(vectors, "vectors", ndim=2)
    if 0 in vectors.shape:
        raise ValueError(f"vectors has shape {vectors.shape}, expected (V, d) with at least one "
                         f"row and one column.")
    return vectors


def _index(value, name: str, V: int) -> int:
    """A row index of ``vectors`` (V, d): an int in 0..V-1."""
    return int_in_range(value, name, 0, V - 1, f" (a row of vectors, which has {V})")


def nearest(vectors, query, k: int, exclude=()) -> tuple[np.ndarray, np.ndarray]:
    """The k rows of ``vectors`` closest in cosine to ``query``, best first.

    Parameters
    ----------
    vectors : array_like of shape (V, d)
    query : array_like of shape (d,)
        For the neighbours of row i: ``nearest(vectors, vectors[i], k, exclude=[i])``.
    k : int
        How many; at most the number of rows not excluded.
    exclude : iterable of int
        Row indices not to return (the query's own row; a zero padding row).

    Returns
    -------
    indices : ndarray of int, shape (k,)
    scores : ndarray of float, shape (k,)
        Their cosines with ``query``, decreasing (ties: the lower index first).
    """
    vectors = _rows(vectors)
    V, d = vectors.shape
    query = as_float_array(query, "query", ndim=1)
    if query.shape != (d,):
        raise ValueError(f"query has shape {query.shape}, expected ({d},): one vector as long "
                         f"as the rows of vectors {vectors.shape}.")
    if isinstance(exclude, (numbers.Integral, str)):
        raise TypeError(f"exclude must be a list of row indices, got {exclude!r}; write "
                        f"exclude=[{exclude!r}].")
    keep = np.ones(V, dtype=bool)
    for i in exclude:
        keep[_index(i, "exclude", V)] = False
    k = int_in_range(positive_int(k, "k"), "k", 1, int(keep.sum()),
                     f" (the rows of vectors not excluded: {V} - {V - int(keep.sum())})")
    candidates = np.flatnonzero(keep)  # (C,)
    _no_zero_vectors(np.linalg.norm(query), "query")
    norms = np.linalg.norm(vectors[candidates], axis=1)  # (C,)
    if (norms == 0).any():
        row = int(candidates[np.argmax(norms == 0)])
        raise ValueError(f"vectors has a zero row at index {row}: the cosine of a zero vector is "
                         f"undefined; pass exclude=[{row}] to skip it (a padding row?).")
    scores = cosine(vectors[candidates], query)  # (C, d), (d,) -> (C,)
    order = np.argsort(-scores, kind="stable")[:k]  # best first, ties by index
    return candidates[order], scores[order]


def analogy(vectors, a: int, b: int, c: int, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
    r"""3CosAdd: the k rows x (not a, b, c) closest in cosine to :math:`\hat b - \hat a + \hat c`.

    "a is to b as c is to x": with a = king, b = queen, c = man the answer should be woman.

    Parameters
    ----------
    vectors : array_like of shape (V, d)
    a, b, c : int
        Row indices.
    k : int, default 5

    Returns
    -------
    indices : ndarray of int, shape (k,)
    scores : ndarray of float, shape (k,)
        :math:`\cos(x, \hat b - \hat a + \hat c)`, decreasing; the same order as
        :math:`\cos(x, b) - \cos(x, a) + \cos(x, c)`.
    """
    vectors = _rows(vectors)
    V = len(vectors)
    a, b, c = (_index(value, name, V) for value, name in [(a, "a"), (b, "b"), (c, "c")])
    norms = np.linalg.norm(vectors[[a, b, c]], axis=1)  # (3,)
    for value, name, norm in zip((a, b, c), "abc", norms):
        if norm == 0:
            raise ValueError(f"{name} == {value} is a zero row of vectors: the cosine of a zero "
                             f"vector is undefined.")
    unit_a, unit_b, unit_c = vectors[[a, b, c]] / norms[:, None]  # (3, d) -> three (d,)
    target = unit_b - unit_a + unit_c  # (d,)
    if not target.any():
        raise ValueError(f"b - a + c is the zero vector for a == {a}, b == {b}, c == {c}: it "
                         f"points nowhere, so no row is closest.")
    return nearest(vectors, target, k, exclude=sorted({a, b, c}))


def _vocabulary(vocab, V: int) -> tuple[dict, list]:
    """(word -> index, index -> word) of a list of V words or a dict word -> index over 0..V-1."""
    if isinstance(vocab, dict):
        words = [None] * V
        for word, i in vocab.items():
            words[int_in_range(i, f"vocab[{word!r}]", 0, V - 1,
                               f" (a row of vectors, which has {V})")] = word
        if len(vocab) != V or None in words:
            raise ValueError(f"vocab has {len(vocab)} words for the {V} rows of vectors: it "
                             f"must give every row 0..{V - 1} exactly one word.")
        return dict(vocab), words
    if isinstance(vocab, str) or not hasattr(vocab, "__len__"):
        raise TypeError(f"vocab must be a list of words or a dict word -> index, got "
                        f"{type(vocab).__name__}.")
    words = list(vocab)
    if len(words) != V or len(set(words)) != V:
        raise ValueError(f"vocab has {len(words)} words ({len(set(words))} distinct) for the {V} "
                         f"rows of vectors: it must give every row exactly one word.")
    return {word: i for i, word in enumerate(words)}, words


def _lookup(index: dict, word, name: str) -> int:
    """The row of ``word``, or KeyError naming it (and the closest spellings, if any)."""
    if word not in index:
        close = difflib.get_close_matches(str(word), [str(w) for w in index], n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else "."
        raise KeyError(f"{name} == {word!r} is not in the vocabulary ({len(index)} words){hint}")
    return index[word]


def nearest_words(vectors, vocab, word, k: int) -> list[tuple[str, float]]:
    """The k words whose vectors are closest in cosine to that of ``word`` (itself excluded).

    Returns
    -------
    neighbours : list of (word, cosine), best first
    """
    vectors = _rows(vectors)
    index, words = _vocabulary(vocab, len(vectors))
    i = _lookup(index, word, "word")
    rows, scores = nearest(vectors, vectors[i], k, exclude=[i])
    return [(words[r], float(s)) for r, s in zip(rows, scores)]


def analogy_words(vectors, vocab, a, b, c, k: int = 5) -> list[tuple[str, float]]:
    """:func:`analogy` with words: "a is to b as c is to ?", e.g. ("king", "queen", "man").

    Returns
    -------
    answers : list of (word, cosine), best first
    """
    vectors = _rows(vectors)
    index, words = _vocabulary(vocab, len(vectors))
    rows, scores = analogy(vectors, *(_lookup(index, w, name) for w, name in
                                      [(a, "a"), (b, "b"), (c, "c")]), k)
    return [(words[r], float(s)) for r, s in zip(rows, scores)]
