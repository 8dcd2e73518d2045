"""dlcourse.nn.analogies: the batched 3CosAdd gives similarity.analogy's answers, coverage and
accuracy are counted exactly, and the course's own questions use words the books have."""

from collections import Counter

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from dlcourse.data.books import load_analogies, load_books, tokenize
from dlcourse.nn.analogies import (
    COURSE_ANALOGIES,
    AnalogyResult,
    Score,
    analogy_accuracy,
    answer_analogies,
)
from dlcourse.nn.similarity import analogy

RNG = np.random.default_rng(0)
VECTORS = RNG.normal(size=(40, 6))  # (V, d): no near ties between the best two answers
WORDS = [f"w{i}" for i in range(40)]


def reference_answer(a, b, c):
    return int(analogy(VECTORS, a, b, c, k=1)[0][0])


def random_questions(n, rng):
    return np.array([rng.choice(40, size=3, replace=False) for _ in range(n)])  # (n, 3)


@pytest.mark.parametrize("batch_size", [1, 7, 512])
def test_batched_answers_equal_similarity_analogy(batch_size):
    abc = random_questions(200, np.random.default_rng(1))
    answers = answer_analogies(VECTORS, *abc.T, batch_size=batch_size)
    assert answers.shape == (200,) and answers.dtype == np.int64
    assert_array_equal(answers, [reference_answer(*q) for q in abc])
    assert not (answers[:, None] == abc).any()  # never one of the query words
    float32 = answer_analogies(VECTORS.astype(np.float32), *abc.T)
    assert (float32 == answers).mean() > 0.95  # float32 rounding may swap a near tie


def test_a_question_whose_target_is_zero_has_no_answer():
    # unit rows, exact in binary: row 1 + row 2 = row 0, so b - a + c = 0 for (0, 1, 2)
    vectors = np.array([[1.0, 0.0, 0.0, 0.0], [0.5, 0.5, 0.5, 0.5], [0.5, -0.5, -0.5, -0.5],
                        [0.0, 1.0, 0.0, 0.0]])
    assert_array_equal(answer_analogies(vectors, [0, 3], [1, 0], [2, 1]), [-1, 2])


def test_accuracy_and_coverage_are_counted_exactly():
    rng = np.random.default_rng(2)
    abc = random_questions(30, rng)
    right = [reference_answer(*q) for q in abc]
    wrong = [next(x for x in range(40) if x != r and x not in q) for r, q in zip(right, abc)]

    def question(i, d):
        return tuple(WORDS[j] for j in abc[i]) + (WORDS[d],)

    questions = {
        # 10 questions: 6 covered (4 right, 2 wrong), 4 with a word not in the vocabulary
        "capital-common-countries": [question(i, right[i]) for i in range(4)]
        + [question(i, wrong[i]) for i in range(4, 6)]
        + [("paris", "france", "w1", "w2"), ("w1", "w2", "w3", "nowhere")] * 2,
        "family": [tuple(w.upper() for w in question(i, right[i]))
                   for i in range(6, 9)],  # upper case: lower-cased before the lookup
        "gram1-adjective-to-adverb": [question(i, right[i]) for i in range(9, 19)]
        + [question(i, wrong[i]) for i in range(19, 30)] + [("a", "b", "c", "d")],
        "gram2-empty": [],
    }
    result = analogy_accuracy(VECTORS, WORDS, questions, batch_size=4)
    assert isinstance(result, AnalogyResult)
    assert result.sections == (Score("capital-common-countries", 10, 6, 4),
                               Score("family", 3, 3, 3),
                               Score("gram1-adjective-to-adverb", 22, 21, 10),
                               Score("gram2-empty", 0, 0, 0))
    assert result.semantic == Score("semantic", 13, 9, 7)
    assert result.syntactic == Score("syntactic", 22, 21, 10)
    assert result.overall == Score("overall", 35, 30, 17)
    assert result["family"].accuracy == 1.0 and result["overall"].coverage == 30 / 35
    assert result["capital-common-countries"].coverage == 0.6
    assert result["capital-common-countries"].accuracy == 4 / 6
    assert np.isnan(result["gram2-empty"].coverage) and np.isnan(result["gram2-empty"].accuracy)
    # the same with the vocabulary as a dict word -> row
    assert analogy_accuracy(VECTORS, {w: i for i, w in enumerate(WORDS)}, questions) == result
    rows = result.to_rows()
    assert rows[0] == ("capital-common-countries", 10, 6, 0.6, 4, 4 / 6)
    assert [row[0] for row in rows[-3:]] == ["semantic", "syntactic", "overall"]
    table = str(result).splitlines()
    assert table[0].split() == ["section", "questions", "covered", "coverage", "correct",
                                "accuracy"]
    assert table[1].split() == ["capital-common-countries", "10", "6", "60.0", "%", "4",
                                "66.7", "%"]
    assert table[4].split() == ["gram2-empty", "0", "0", "-", "0", "-"]
    assert set(table[5]) == {"-"}
    assert table[-1].split() == ["overall", "35", "30", "85.7", "%", "17", "56.7", "%"]


def test_google_sections_split_into_five_semantic_and_nine_syntactic():
    google = load_analogies()
    result = analogy_accuracy(VECTORS, WORDS, google)
    assert result.semantic.questions == sum(len(q) for q in list(google.values())[:5]) == 8869
    assert result.syntactic.questions == sum(len(q) for q in list(google.values())[5:])
    assert result.overall == Score("overall", 19544, 0, 0)
    tiny = {"king": 0, "queen": 1, "man": 2, "woman": 3, "boy": 4, "girl": 5}
    family = analogy_accuracy(RNG.normal(size=(6, 3)), tiny, google)["family"]
    # boy girl, king queen, man woman: 3 * 2 ordered pairs of pairs, all in the file
    assert (family.questions, family.covered) == (506, 6)


def test_course_analogies_use_words_frequent_in_the_books():
    counts = Counter(word for book in load_books() for word in tokenize(book.text))
    words = {w for items in COURSE_ANALOGIES.values() for q in items for w in q}
    rare = sorted((counts[w], w) for w in words if counts[w] < 20)
    assert rare == []
    n = sum(map(len, COURSE_ANALOGIES.values()))
    assert 20 <= n <= 40
    for items in COURSE_ANALOGIES.values():
        for q in items:
            assert len(set(q)) == 4 and all(w == w.lower() for w in q)
    assert {"family", "gram-plural", "gram-past-tense"} <= set(COURSE_ANALOGIES)
    result = analogy_accuracy(RNG.normal(size=(len(words), 4)), sorted(words), COURSE_ANALOGIES)
    assert result.overall.coverage == 1.0
    assert result.semantic.questions + result.syntactic.questions == n
