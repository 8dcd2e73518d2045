"""dlcourse.nn.ppmi: window counts by hand and against the plain loop, PPMI against a dense
NumPy evaluation of its formula, the SVD against NumPy's (Eckart-Young), repeatability."""

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal

from dlcourse.nn.ppmi import cooccurrence, ppmi, ppmi_vectors, truncated_svd


def loop_counts(ids, V, window):
    """The docstring's reference loop."""
    counts = np.zeros((V, V))
    for i in range(len(ids)):
        for j in range(max(0, i - window), min(len(ids), i + window + 1)):
            if j != i:
                counts[ids[i], ids[j]] += 1
    return counts


@pytest.mark.parametrize(("window", "expected"), [
    # "a b c a b": pairs at distance 1 are ab, bc, ca, ab; each counts both ways
    (1, [[0, 2, 1], [2, 0, 1], [1, 1, 0]]),
    # distance 2 adds ac, ba, cb
    (2, [[0, 3, 2], [3, 0, 2], [2, 2, 0]]),
    # distance 3 adds aa, bb (twice each: i before j and j before i); 4 adds ab
    (3, [[2, 3, 2], [3, 2, 2], [2, 2, 0]]),
    (4, [[2, 4, 2], [4, 2, 2], [2, 2, 0]]),
    (10, [[2, 4, 2], [4, 2, 2], [2, 2, 0]]),  # a window longer than the text
])
def test_counts_of_a_tiny_sequence_by_hand(window, expected):
    counts = cooccurrence([0, 1, 2, 0, 1], 3, window=window)
    assert isinstance(counts, sp.csr_matrix) and counts.dtype == np.float64
    assert_array_equal(counts.toarray(), expected)
    assert_array_equal(counts.toarray(), loop_counts([0, 1, 2, 0, 1], 3, window))


def test_counts_equal_the_loop_and_leave_unseen_words_empty():
    ids = np.random.default_rng(0).integers(0, 9, size=300)  # word 9 never occurs
    for window in (1, 2, 5):
        counts = cooccurrence(ids, 10, window=window).toarray()
        assert_array_equal(counts, loop_counts(ids, 10, window))
        assert_array_equal(counts, counts.T)
        assert not counts[9].any()
        # every token has 2 * window neighbours, less at the ends: sum = 2 * sum_k (N - k)
        assert counts.sum() == 2 * sum(300 - k for k in range(1, window + 1))
    assert_array_equal(cooccurrence([0, 0], 1, window=1).toarray(), [[2]])  # "a a"
    assert cooccurrence([3], 4, window=2).nnz == 0  # one token has no context


def dense_ppmi(counts, alpha):
    """max(0, log(#(w,c) * sum_c' #(c')^alpha / (#(w) #(c)^alpha))), written out densely."""
    word = counts.sum(axis=1, keepdims=True)  # (V, 1)
    context = counts.sum(axis=0, keepdims=True) ** alpha  # (1, C)
    with np.errstate(divide="ignore"):
        pmi = np.log(counts * context.sum() / (word * context))  # log 0 = -inf
    return np.maximum(pmi, 0.0)


@pytest.mark.parametrize("alpha", [0.75, 1.0, 0.5])
def test_ppmi_equals_the_dense_formula(alpha):
    rng = np.random.default_rng(1)
    counts = rng.poisson(1.5, size=(7, 9)).astype(float)  # not symmetric, many zeros
    counts[2] = 0.0  # a word with no context: its row stays empty
    counts[:, 4] = 0.0
    word_rows = [0, 1, 3, 4, 5, 6]
    expected = dense_ppmi(counts[word_rows][:, [0, 1, 2, 3, 5, 6, 7, 8]], alpha)
    result = ppmi(sp.csr_matrix(counts), alpha=alpha)
    assert isinstance(result, sp.csr_matrix) and result.shape == (7, 9)
    assert_allclose(result.toarray()[word_rows][:, [0, 1, 2, 3, 5, 6, 7, 8]], expected,
                    rtol=1e-13, atol=0)
    assert not result.toarray()[2].any() and not result.toarray()[:, 4].any()
    assert (result.data > 0).all()  # only positive entries are stored
    assert_allclose(ppmi(counts, alpha).toarray(), result.toarray(), rtol=0)  # dense in too


def test_ppmi_without_smoothing_is_log_p_wc_over_p_w_p_c():
    counts = np.array([[4.0, 1.0, 0.0], [1.0, 2.0, 3.0], [0.0, 3.0, 6.0]])
    P = counts / counts.sum()  # P(w, c)
    with np.errstate(divide="ignore"):
        pmi = np.log(P / (P.sum(axis=1, keepdims=True) * P.sum(axis=0, keepdims=True)))
    assert_allclose(ppmi(counts, alpha=1.0).toarray(), np.maximum(pmi, 0), rtol=1e-14)
    # smoothing raises rare contexts' P_alpha(c), lowering their PMI: the rare column 0 here
    assert ppmi(counts, 0.75)[0, 0] < ppmi(counts, 1.0)[0, 0]


def test_truncated_svd_is_the_best_rank_d_approximation():
    rng = np.random.default_rng(2)
    M = ppmi(rng.poisson(2.0, size=(30, 25)).astype(float)).toarray()  # (30, 25)
    U_np, s_np, Vt_np = np.linalg.svd(M, full_matrices=False)
    for d in (1, 4, 10):
        U, s, Vt = truncated_svd(sp.csr_matrix(M), d)
        assert U.shape == (30, d) and s.shape == (d,) and Vt.shape == (d, 25)
        assert_allclose(s, s_np[:d], rtol=1e-10)
        best = (U_np[:, :d] * s_np[:d]) @ Vt_np[:d]  # Eckart-Young: the best rank-d matrix
        assert_allclose((U * s) @ Vt, best, rtol=0, atol=1e-10)
        # its error is the discarded singular values: ||M - M_d||_F^2 = sum_{i > d} s_i^2
        assert_allclose(np.linalg.norm(M - (U * s) @ Vt) ** 2, (s_np[d:] ** 2).sum(),
                        rtol=1e-9)
        assert_allclose(U.T @ U, np.eye(d), atol=1e-12)
        # signs: the largest-magnitude entry of every column of U is positive
        assert (U[np.abs(U).argmax(axis=0), np.arange(d)] > 0).all()


def test_ppmi_vectors_are_u_times_s_to_the_power_p():
    rng = np.random.default_rng(3)
    ids = rng.integers(0, 20, size=2000)
    M = ppmi(cooccurrence(ids, 20, window=3)).toarray()  # (20, 20)
    U, s, _ = np.linalg.svd(M)
    for power in (0.0, 0.5, 1.0):
        W = ppmi_vectors(ids, 20, window=3, dim=5, power=power)
        assert W.dtype == np.float32 and W.shape == (20, 5)
        # W W^T = U_d S_d^(2p) U_d^T does not depend on the signs of the singular vectors
        expected = (U[:, :5] * s[:5] ** (2 * power)) @ U[:, :5].T
        assert_allclose(W.astype(float) @ W.T, expected, rtol=0,
                        atol=1e-5 * np.abs(expected).max())


def test_ppmi_vectors_are_repeatable_and_unseen_words_get_zero_rows():
    ids = np.random.default_rng(4).integers(0, 50, size=5000)
    ids = ids[ids != 7]  # word 7 never occurs
    first = ppmi_vectors(ids, 50, window=2, dim=8, seed=0)
    assert_array_equal(ppmi_vectors(ids, 50, window=2, dim=8, seed=0), first)
    assert_array_equal(first[7], 0.0)
    assert np.linalg.norm(np.delete(first, 7, axis=0), axis=1).min() > 0
    # another start vector converges to the same vectors (signs fixed by the convention)
    assert_allclose(ppmi_vectors(ids, 50, window=2, dim=8, seed=1), first, atol=1e-5)
