r"""Count-based word vectors (chapter 07): co-occurrence counts, PPMI, truncated SVD.

The baseline that word2vec is measured against (Levy, Goldberg & Dagan 2015, "Improving
distributional similarity with lessons learned from word embeddings"). Three steps:

1. **Counts.** :math:`\#(w, c)` is the number of times word c stands within ``window``
   positions of word w (either side; every distance counts 1). The matrix is symmetric.
   Row sums :math:`\#(w) = \sum_c \#(w, c)`, column sums :math:`\#(c) = \sum_w \#(w, c)`.
2. **PPMI** with context-distribution smoothing :math:`\alpha`:

   .. math::

      \mathrm{PPMI}(w, c) = \max\Bigl(0,\;
          \log \frac{\#(w, c)\, \sum_{c'} \#(c')^{\alpha}}{\#(w)\; \#(c)^{\alpha}}\Bigr)

   i.e. :math:`\log P(w, c) / (P(w)\, P_\alpha(c))` with
   :math:`P_\alpha(c) = \#(c)^\alpha / \sum_{c'} \#(c')^\alpha`. With :math:`\alpha = 1` it is
   the plain PPMI; :math:`\alpha = 0.75` (word2vec's noise exponent) raises rare contexts'
   probability, which tempers PMI's bias towards rare words. A pair never seen has PMI
   :math:`-\infty` and PPMI 0, so the matrix stays sparse.
3. **Truncated SVD.** :math:`M \approx U_d \Sigma_d V_d^\top`, the best rank-d approximation
   of the PPMI matrix (Eckart-Young), and the word vectors :math:`W = U_d \Sigma_d^{\,p}`.
   :math:`p = 1` gives rows whose dot products reproduce :math:`M M^\top`; Levy et al.
   found :math:`p = 0.5` (and 0) better than 1 on similarity and analogy tasks, so 0.5 is
   the default here. On the four books (``benchmarks/ppmi_corpus_size.py``) p = 1 answers
   1.2 points more of the covered Google questions (11.9 % against 10.7 %) and p = 0.5 three
   more of the 39 :data:`~dlcourse.nn.analogies.COURSE_ANALOGIES`; the neighbour lists are
   alike, p = 1's cosines higher and less telling (its rows lean on the first singular
   vectors).

Out-of-vocabulary words are dropped from the token ids beforehand, as word2vec does, so the
window spans the words that remain. Sparse matrices are ``scipy.sparse``; SciPy and
threadpoolctl come with scikit-learn, a runtime dependency of the course.

Shape symbols: N tokens, V ``vocab_size``, d ``dim``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds
from threadpoolctl import threadpool_limits

from dlcourse.checks import int_in_range, positive_int, positive_number
from dlcourse.nn.embedding import _check_ids


def _token_ids(ids, vocab_size: int) -> np.ndarray:
    """``ids`` as a 1-D int64 array of ids in 0..vocab_size-1, else TypeError/ValueError."""
    ids = _check_ids(ids, vocab_size, "vocab_size")
    if ids.ndim != 1:
        raise ValueError(f"ids has shape {ids.shape}, expected a 1-D sequence of token ids "
                         f"(concatenate the texts: np.concatenate(list_of_ids)).")
    return ids.astype(np.int64, copy=False)


def cooccurrence(ids, vocab_size: int, window: int = 5) -> sp.csr_matrix:
    """Co-occurrence counts within a symmetric window: ids (N,) -> counts (V, V), sparse.

    ``counts[w, c]`` is the number of positions i, j with ``ids[i] == w``, ``ids[j] == c`` and
    ``0 < |i - j| <= window``. The loop it is equal to::

        for i in range(N):
            for j in range(max(0, i - window), min(N, i + window + 1)):
                if j != i:
                    counts[ids[i], ids[j]] += 1

    Parameters
    ----------
    ids : array_like of int, shape (N,)
        Token ids in 0..V-1 (out-of-vocabulary words dropped).
    vocab_size : int
        V.
    window : int, default 5
        How many positions either side count as context.

    Returns
    -------
    counts : scipy.sparse.csr_matrix of shape (V, V), float64
        Symmetric; a word that never occurs has an all-zero row.
    """
    vocab_size = positive_int(vocab_size, "vocab_size")
    ids = _token_ids(ids, vocab_size)
    window = positive_int(window, "window")
    N = len(ids)
    offsets = range(1, min(window, N - 1) + 1)  # a distance k pairs ids[:-k] with ids[k:]
    rows = np.concatenate([ids[:N - k] for k in offsets] or [np.zeros(0, np.int64)])
    cols = np.concatenate([ids[k:] for k in offsets] or [np.zeros(0, np.int64)])
    forward = sp.coo_matrix((np.ones(len(rows)), (rows, cols)),
                            shape=(vocab_size, vocab_size)).tocsr()  # sums repeated pairs
    return (forward + forward.T).tocsr()  # c after w, plus c before w


def ppmi(counts, alpha: float = 0.75) -> sp.csr_matrix:
    r"""Positive PMI with context-distribution smoothing: counts (V, V) -> PPMI (V, V), sparse.

    .. math::

       \mathrm{PPMI}(w, c) = \max\Bigl(0,\;
           \log \frac{\#(w, c)\, \sum_{c'} \#(c')^{\alpha}}{\#(w)\; \#(c)^{\alpha}}\Bigr)

    with :math:`\#(w)` the row sums and :math:`\#(c)` the column sums of ``counts``. Entries
    with a zero count are 0 (stored as absent).

    Parameters
    ----------
    counts : scipy.sparse matrix or array_like of shape (V, C)
        Non-negative co-occurrence counts (:func:`cooccurrence`).
    alpha : float, default 0.75
        The smoothing exponent, in (0, 1]; 1 is no smoothing.

    Returns
    -------
    ppmi : scipy.sparse.csr_matrix of shape (V, C), float64
    """
    alpha = positive_number(alpha, "alpha")
    if alpha > 1:
        raise ValueError(f"alpha == {alpha}, must be in (0, 1]: 1 is no smoothing, Levy et al. "
                         f"use 0.75.")
    counts = sp.csr_matrix(counts, dtype=np.float64)
    if counts.ndim != 2 or 0 in counts.shape:
        raise ValueError(f"counts has shape {counts.shape}, expected a non-empty (V, C) matrix.")
    if counts.nnz and counts.data.min() < 0:
        raise ValueError(f"counts holds {counts.data.min():g}: co-occurrence counts must be "
                         f">= 0.")
    if not np.isfinite(counts.data).all():
        raise ValueError("counts holds inf or nan: co-occurrence counts must be finite.")
    counts.eliminate_zeros()
    if counts.nnz == 0:
        raise ValueError("counts is all zeros: no word has a context (too short a text?).")
    word_totals = np.asarray(counts.sum(axis=1)).ravel()  # #(w): (V,)
    context_smoothed = np.asarray(counts.sum(axis=0)).ravel() ** alpha  # #(c)^alpha: (C,)
    coo = counts.tocoo()
    pmi = np.log(coo.data * context_smoothed.sum()
                 / (word_totals[coo.row] * context_smoothed[coo.col]))  # (nnz,)
    keep = pmi > 0
    return sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=counts.shape)


def truncated_svd(matrix, dim: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The d largest singular triplets of ``matrix`` (V, C): U (V, d), s (d,), Vt (d, C).

    :math:`U \operatorname{diag}(s) V^\top` is the best rank-d approximation of the matrix in
    the Frobenius and spectral norms (Eckart-Young). Computed by ARPACK
    (:func:`scipy.sparse.linalg.svds`) from a start vector drawn with ``seed``, so a run is
    repeatable; each singular vector's sign is fixed so that the largest-magnitude entry of its
    column of U is positive (singular vectors are unique only up to sign). ARPACK's dense steps
    are vector operations too small to share between cores: it runs with one BLAS thread,
    which on two busy cores was 4 to 6 times faster than two (``benchmarks/ppmi_corpus_size.py``).

    Parameters
    ----------
    matrix : scipy.sparse matrix or array_like of shape (V, C)
    dim : int
        d, at most min(V, C) - 1 (ARPACK's limit).
    seed : int, default 0

    Returns
    -------
    U : ndarray of shape (V, d)
    s : ndarray of shape (d,)
        Decreasing.
    Vt : ndarray of shape (d, C)
    """
    matrix = sp.csr_matrix(matrix, dtype=np.float64)
    most = min(matrix.shape) - 1
    if most < 1:
        raise ValueError(f"matrix has shape {matrix.shape}: a truncated SVD needs at least two "
                         f"rows and two columns.")
    dim = int_in_range(positive_int(dim, "dim"), "dim", 1, most,
                       f" (min(V, C) - 1 for a matrix of shape {matrix.shape})")
    rng = np.random.default_rng(positive_int(seed, "seed", minimum=0))
    v0 = rng.uniform(-1.0, 1.0, size=min(matrix.shape))  # ARPACK works on the smaller side
    with threadpool_limits(limits=1, user_api="blas"):
        U, s, Vt = svds(matrix, k=dim, v0=v0)  # ascending singular values
    order = np.argsort(-s, kind="stable")
    U, s, Vt = U[:, order], s[order], Vt[order]  # (V, d), (d,), (d, C): decreasing
    signs = np.sign(U[np.argmax(np.abs(U), axis=0), np.arange(dim)])  # (d,)
    signs[signs == 0] = 1.0
    return U * signs, s, Vt * signs[:, None]


def ppmi_vectors(ids, vocab_size: int, window: int = 5, dim: int = 100, alpha: float = 0.75,
                 power: float = 0.5, seed: int = 0) -> np.ndarray:
    r"""Word vectors from counts: PPMI of the window co-occurrences, reduced by truncated SVD.

    :math:`W = U_d\, \Sigma_d^{\,p}` of the PPMI matrix (module docstring for the formulas).

    Parameters
    ----------
    ids : array_like of int, shape (N,)
        The corpus as token ids in 0..V-1, out-of-vocabulary words dropped.
    vocab_size : int
        V.
    window : int, default 5
        Context positions either side (:func:`cooccurrence`).
    dim : int, default 100
        d, the length of the vectors.
    alpha : float, default 0.75
        Context-distribution smoothing (:func:`ppmi`).
    power : float, default 0.5
        p, the weight of the singular values (``>= 0``; Levy et al. found 0.5 and 0 better
        than the textbook 1).
    seed : int, default 0
        Seeds the SVD's start vector (:func:`truncated_svd`).

    Returns
    -------
    vectors : ndarray of shape (V, d), float32
        One row per word; a word without a single positive-PMI context (one that never occurs
        in ``ids``, say) gets a zero row.

    Examples
    --------
    >>> ids = np.tile([0, 1, 2, 3, 4, 5], 50)
    >>> ppmi_vectors(ids, 6, window=1, dim=2).shape
    (6, 2)
    """
    power = positive_number(power, "power", allow_zero=True)
    M = ppmi(cooccurrence(ids, vocab_size, window), alpha)  # (V, V)
    U, s, _ = truncated_svd(M, dim, seed)
    vectors = U * s**power  # (V, d) * (d,) -> (V, d)
    vectors[np.diff(M.indptr) == 0] = 0.0  # empty PPMI rows: exactly 0, not ARPACK's 1e-17
    return vectors.astype(np.float32)
