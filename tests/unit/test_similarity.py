"""dlcourse.nn.similarity: cosine against hand-computed values and torch, nearest neighbours
and 3CosAdd analogies on small constructed vector sets whose answers are known exactly."""

import math

import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose, assert_array_equal

from dlcourse.nn.similarity import analogy, analogy_words, cosine, nearest, nearest_words

# Four orthonormal directions: royal, common, male, female. Every word has norm sqrt(2), and
# queen - king + man = (royal + female) - (royal + male) + (common + male) = woman exactly.
ROYAL, COMMON, MALE, FEMALE = np.eye(4)
WORDS = {"king": ROYAL + MALE, "queen": ROYAL + FEMALE, "man": COMMON + MALE,
         "woman": COMMON + FEMALE, "prince": ROYAL + 0.5 * MALE, "crown": 2 * ROYAL,
         "table": np.array([0.1, 0.2, 0.0, 0.3])}
VOCAB = list(WORDS)
VECTORS = np.stack(list(WORDS.values()))  # (7, 4)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ([1.0, 0.0], [1.0, 1.0], 1 / math.sqrt(2)),
    ([1.0, 2.0, 2.0], [2.0, 0.0, 1.0], 4 / (3 * math.sqrt(5))),  # 4 / (|a| 3 · |b| sqrt 5)
    ([3.0, 4.0], [-4.0, 3.0], 0.0),
    ([1.0, 1.0], [-2.0, -2.0], -1.0),
    ([5.0, 0.0], [0.1, 0.0], 1.0),  # lengths do not count
])
def test_cosine_of_hand_computed_pairs(a, b, expected):
    assert_allclose(cosine(a, b), expected, rtol=1e-15, atol=1e-16)


def test_cosine_equals_torch_on_rows_and_broadcasts():
    rng = np.random.default_rng(0)
    A, B, q = rng.normal(size=(6, 8)), rng.normal(size=(6, 8)), rng.normal(size=8)
    F = torch.nn.functional.cosine_similarity
    tA, tB, tq = (torch.from_numpy(x) for x in (A, B, q))
    assert_allclose(cosine(A, B), F(tA, tB, dim=-1).numpy(), rtol=1e-12)  # row by row: (6,)
    assert_allclose(cosine(A, q), F(tA, tq[None], dim=-1).numpy(), rtol=1e-12)  # (6,)
    pairs = cosine(A[:, None], B[None])  # (6, 1, 8), (1, 6, 8) -> (6, 6)
    assert pairs.shape == (6, 6)
    assert_allclose(pairs, F(tA[:, None], tB[None], dim=-1).numpy(), rtol=1e-12)
    assert_allclose(np.diag(pairs), cosine(A, B), rtol=1e-15)
    assert_allclose(cosine(A, A), 1.0, rtol=1e-15)
    # unclipped, a · a / (|a| |a|) rounds to 1 + 2.2e-16 for these two
    rounds_up = np.array([[1.0, 1.0, 1.0], [0.1, 0.7, 0.0]])
    assert_array_equal(cosine(rounds_up, rounds_up), 1.0)
    assert_array_equal(cosine([1.0, 1.0, 1.0], [-1.0, -1.0, -1.0]), -1.0)


def test_nearest_sorts_best_first_and_excludes():
    vectors = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.0], [2.0, 0.1]]
    rows, scores = nearest(vectors, [1.0, 0.0], k=5)
    assert_array_equal(rows, [0, 4, 2, 1, 3])
    assert_allclose(scores, [1.0, 2 / math.sqrt(4.01), 1 / math.sqrt(2), 0.0, -1.0],
                    rtol=1e-15, atol=1e-16)
    rows, scores = nearest(vectors, [1.0, 0.0], k=2, exclude=[0, 2])
    assert_array_equal(rows, [4, 1])
    assert_allclose(scores, [2 / math.sqrt(4.01), 0.0], rtol=1e-15, atol=1e-16)
    rows, _ = nearest([[0.0, 3.0], [1.0, 0.0], [2.0, 0.0]], [5.0, 0.0], k=2)
    assert_array_equal(rows, [1, 2])  # a tie: the lower index first


def test_nearest_skips_an_excluded_zero_row():
    vectors = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])  # row 0: a padding row
    rows, scores = nearest(vectors, [1.0, 0.2], k=2, exclude=[0])
    assert_array_equal(rows, [1, 2])
    assert_allclose(scores, [1 / math.sqrt(1.04), 0.2 / math.sqrt(1.04)], rtol=1e-15)


def test_king_is_to_queen_as_man_is_to_woman_exactly():
    rows, scores = analogy(VECTORS, VOCAB.index("king"), VOCAB.index("queen"),
                           VOCAB.index("man"), k=4)
    assert VOCAB[rows[0]] == "woman"
    assert_allclose(scores[0], 1.0, rtol=1e-15)
    assert {"king", "queen", "man"}.isdisjoint(VOCAB[r] for r in rows)
    # the target is (common + female) / sqrt 2; crown = 2 royal is orthogonal to it, prince
    # = royal + male / 2 too, table = (0.1, 0.2, 0, 0.3) has cosine 0.5 / (sqrt 2 · sqrt 0.14)
    assert [VOCAB[r] for r in rows] == ["woman", "table", "prince", "crown"]
    assert_allclose(scores[1:], [0.5 / (math.sqrt(2) * math.sqrt(0.14)), 0.0, 0.0],
                    rtol=1e-14, atol=1e-16)


def test_analogy_ranks_as_the_sum_of_three_cosines():
    vectors = np.random.default_rng(1).normal(size=(30, 5))
    a, b, c = 3, 17, 8
    rows, scores = analogy(vectors, a, b, c, k=27)
    three = cosine(vectors, vectors[b]) - cosine(vectors, vectors[a]) + cosine(vectors, vectors[c])
    others = np.setdiff1d(np.arange(30), [a, b, c])
    assert_array_equal(rows, others[np.argsort(-three[others], kind="stable")])
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    target = unit[b] - unit[a] + unit[c]
    assert_allclose(scores, three[rows] / np.linalg.norm(target), rtol=1e-12)


def test_word_level_wrappers_with_a_list_or_a_dict():
    by_index = {word: i for i, word in enumerate(VOCAB)}
    for vocab in (VOCAB, by_index):
        answers = analogy_words(VECTORS, vocab, "king", "queen", "man", k=2)
        assert [w for w, _ in answers] == ["woman", "table"]
        assert_allclose(answers[0][1], 1.0, rtol=1e-15)
        neighbours = nearest_words(VECTORS, vocab, "king", k=3)
        # king = royal + male: prince (royal + male / 2) 1.5 / (sqrt 2 · sqrt 1.25), crown
        # 2 / (sqrt 2 · 2), then queen and man tie at 1 / 2 (queen first: the lower index)
        assert [w for w, _ in neighbours] == ["prince", "crown", "queen"]
        assert_allclose([s for _, s in neighbours], [3 / math.sqrt(10), 0.5**0.5, 0.5],
                        rtol=1e-15)
        assert all(isinstance(s, float) for _, s in neighbours)


@pytest.mark.parametrize(("call", "exc", "message"), [
    (lambda: cosine([1.0, 2.0], [0.0, 0.0]), ValueError,
     "b has a zero vector: the cosine of a zero vector is undefined (it has no direction)."),
    (lambda: cosine([[1.0, 2.0], [0.0, 0.0]], [1.0, 1.0]), ValueError,
     "a has a zero vector at index (1,)"),
    (lambda: cosine([1.0, 2.0], [1.0, 2.0, 3.0]), ValueError,
     "a has shape (2,) and b has shape (3,): both must be vectors (..., d) with the same length"),
    (lambda: cosine(np.ones((3, 2)), np.ones((4, 2))), ValueError,
     "a has shape (3, 2) and b has shape (4, 2): their leading axes do not broadcast"),
    (lambda: nearest(VECTORS, np.ones(4), k=8), ValueError,
     "k == 8, must be in 1..7 (the rows of vectors not excluded: 7 - 0)."),
    (lambda: nearest(VECTORS, np.ones(4), k=7, exclude=[0]), ValueError,
     "k == 7, must be in 1..6 (the rows of vectors not excluded: 7 - 1)."),
    (lambda: nearest(VECTORS, np.ones(4), k=0), ValueError, "k == 0, must be >= 1."),
    (lambda: nearest(VECTORS, np.ones(4), k=1, exclude=3), TypeError,
     "exclude must be a list of row indices, got 3; write exclude=[3]."),
    (lambda: nearest(VECTORS, np.ones(4), k=1, exclude=[7]), ValueError,
     "exclude == 7, must be in 0..6 (a row of vectors, which has 7)."),
    (lambda: nearest(VECTORS, np.ones(3), k=1), ValueError,
     "query has shape (3,), expected (4,): one vector as long as the rows of vectors (7, 4)."),
    (lambda: nearest(VECTORS, np.zeros(4), k=1), ValueError, "query has a zero vector"),
    (lambda: nearest([[0.0, 0.0], [1.0, 0.0]], [1.0, 0.0], k=1), ValueError,
     "vectors has a zero row at index 0: the cosine of a zero vector is undefined; pass "
     "exclude=[0] to skip it (a padding row?)."),
    (lambda: nearest(np.ones(3), np.ones(3), k=1), ValueError,
     "vectors has shape (3,) (1-D), expected a 2-D array."),
    (lambda: analogy(VECTORS, 0, 1, 9), ValueError,
     "c == 9, must be in 0..6 (a row of vectors, which has 7)."),
    (lambda: analogy([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], 1, 0, 2), ValueError,
     "b == 0 is a zero row of vectors: the cosine of a zero vector is undefined."),
    (lambda: analogy([[0.0, 0.0, 0.0, 1.0], [0.5, 0.5, 0.5, 0.5], [-0.5, -0.5, -0.5, 0.5],
                      [1.0, 0.0, 0.0, 0.0]], 0, 1, 2, k=1), ValueError,
     "b - a + c is the zero vector for a == 0, b == 1, c == 2: it points nowhere"),
    (lambda: nearest_words(VECTORS, VOCAB, "kng", k=2), KeyError,
     "word == 'kng' is not in the vocabulary (7 words); did you mean 'king'?"),
    (lambda: analogy_words(VECTORS, VOCAB, "king", "queen", "boy"), KeyError,
     "c == 'boy' is not in the vocabulary (7 words)."),
    (lambda: nearest_words(VECTORS, VOCAB[:6], "king", k=2), ValueError,
     "vocab has 6 words (6 distinct) for the 7 rows of vectors: it must give every row exactly "
     "one word."),
    (lambda: nearest_words(VECTORS, {"king": 0, "queen": 7}, "king", k=2), ValueError,
     "vocab['queen'] == 7, must be in 0..6 (a row of vectors, which has 7)."),
    (lambda: nearest_words(VECTORS, {"king": 0, "queen": 1}, "king", k=2), ValueError,
     "vocab has 2 words for the 7 rows of vectors: it must give every row 0..6 exactly one word."),
    (lambda: nearest_words(VECTORS, "king queen", "king", k=2), TypeError,
     "vocab must be a list of words or a dict word -> index, got str."),
])
def test_bad_input_is_named(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    text = info.value.args[0]
    assert message in text, text
