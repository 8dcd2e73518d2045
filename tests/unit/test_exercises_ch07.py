"""Chapter 07's exercises: the reference answers pass, the starters fail with a helpful report,
the recall numbers are torch's, and the checkers name the usual mistakes."""

import ast

import numpy as np
import pytest
import torch

from dlcourse.exercises import ch07
from dlcourse.exercises.checker import Case, check_function
from dlcourse.exercises.solutions import ch07 as reference
from dlcourse.nn.embedding import one_hot

NONE_LINE = "returned None — does your function end with `return ...`?"
NAN_HINT = "(inf or nan: an overflow, or 0 / 0?)"


def starter(*args):
    """The notebook's starters: ``return None  # your code here``."""
    return None


FUNCTION_CHECKERS = [  # (checker, the label of its first case, the shape expected there)
    (ch07.check_lookup, "6 ids in a table (10, 6)", "(6, 6)"),
    (ch07.check_lookup_backward, "3 distinct ids, V = 6, d = 3", "(6, 3)"),
    (ch07.check_cosine, "5 random rows of lengths 0.5 to 4, d = 4", "(5,)"),
    (ch07.check_analogy, "king : queen :: man : ? (5 words)", "()"),
    (ch07.check_skipgram_pairs, "ids [10, 11, 12], window 1", "(2, 4)"),
    (ch07.check_keep_probabilities, "counts [5000, 1200, 300, 40, 7, 1], t = 0.01", "(6,)"),
]
IDS = [row[0].__name__ for row in FUNCTION_CHECKERS]
REFERENCES = {e.check: e.answer for e in ch07.SHEET.exercises.values() if callable(e.answer)}


@pytest.mark.parametrize("number", sorted(ch07.SHEET.exercises))
def test_every_reference_answer_passes_its_checker(number, reference_report):
    exercise = ch07.SHEET[number]
    if exercise.check is None:
        assert exercise.rung == "discuss" and "coverage" in exercise.worked
        return
    report = reference_report(ch07, number)  # checked once, shared with test_exercise_sheets
    assert report.passed, repr(report)


@pytest.mark.parametrize("check, first, shape", FUNCTION_CHECKERS, ids=IDS)
def test_the_starters_fail_saying_they_return_none(check, first, shape):
    report = check(starter)
    assert not report.passed
    assert report.lines[0] == f"✗ {first}: {NONE_LINE}"
    assert all(line.startswith("✗") and NONE_LINE in line for line in report.lines)


@pytest.mark.parametrize("learner, said", [
    (lambda *a: "abc", "returned 'abc' (text), expected real numbers."),
    (lambda *a: 1 + 2j, "returned (1+2j) (complex numbers), expected real numbers."),
    (lambda *a: [[1.0], [1.0, 2.0]],
     "returned [[1.0], [1.0, 2.0]], a ragged list (rows of different lengths)."),
    (lambda *a: {"y": 1}, "returned a dict, expected a number or array."),
    (lambda *a: 1 / 0, "raised ZeroDivisionError: division by zero"),
], ids=["text", "complex", "ragged", "object", "raises"])
@pytest.mark.parametrize("check, first, shape", FUNCTION_CHECKERS, ids=IDS)
def test_the_checkers_report_what_came_back(check, first, shape, learner, said):
    report = check(learner)
    assert not report.passed and report.lines[0] == f"✗ {first}: {said}"


@pytest.mark.parametrize("check, first, shape", FUNCTION_CHECKERS, ids=IDS)
def test_the_checkers_report_a_wrong_shape_and_nan_without_a_false_diagnosis(check, first,
                                                                            shape):
    assert check(lambda *a: np.zeros(7)).lines[0] == f"✗ {first}: shape (7,), expected {shape}."
    line = check(lambda *a: np.full(np.shape(REFERENCES[check](*a)), np.nan)).lines[0]
    got = "[" * len(ast.literal_eval(shape)) + "nan"  # as many [ as dimensions
    assert line.startswith(f"✗ {first}: got {got}") and line.endswith(f". {NAN_HINT}")


def test_the_recall_numbers_are_torchs_and_seed_001s():
    torch.manual_seed(0)
    out = torch.nn.Embedding(10, 3)(torch.LongTensor(ch07.SEED_001_IDS))
    table = torch.nn.Embedding(20000, 128)
    W = table.weight.detach().double()
    row = torch.nn.functional.one_hot(torch.tensor(7), 20000).double() @ W  # (V,) @ (V, d)
    assert torch.equal(row, W[7])  # one-hot times W is the lookup
    multiply_adds = 20000 * W.shape[1]  # d outputs, each a sum of V products
    answers = dict(batch=out.shape[0], steps=out.shape[1], dim=out.shape[2],
                   embedding_params=sum(p.numel() for p in table.parameters()),
                   one_hot_multiply_adds=multiply_adds)
    assert answers == ch07.SHEET[1].answer == dict(
        batch=2, steps=4, dim=3, embedding_params=2_560_000, one_hot_multiply_adds=2_560_000)
    assert ch07.check_recall(**answers).passed
    wrong = ch07.check_recall(**{**answers, "one_hot_multiply_adds": 128})  # counted the lookup
    assert wrong.lines[4] == ("✗ one_hot_multiply_adds: 128 is not right. (multiply-adds of "
                              "one_hot(id) @ W for one id, V = 20000, d = 128)")
    empty = ch07.check_recall(batch=None, steps=None, dim=None, embedding_params=None,
                              one_hot_multiply_adds=None)
    assert not empty.passed and empty.lines[3] == (
        "✗ embedding_params: no answer yet (learned numbers of seed 000's Embedding(20000, 128)).")


def test_the_lookup_checker_names_swapped_axes_the_one_hots_and_lost_shape():
    def columns(ids, W):
        return W[:, ids]

    def transposed(ids, W):
        return (one_hot(ids, len(W)) @ W).T

    def one_hots_only(ids, W):
        return one_hot(ids, len(W))

    def flattened(ids, W):
        return W[np.ravel(ids)]

    report = ch07.check_lookup(columns)
    assert report.lines[0] == (
        "✗ 6 ids in a table (10, 6): shape (10, 6), expected (6, 6): W[:, ids] picks columns of "
        "W; row v of W (V, d) is the vector of id v, so the lookup is W[ids].")
    assert report.lines[1].endswith("raised IndexError: index 4 is out of bounds for axis 1 "
                                    "with size 3")
    report = ch07.check_lookup(transposed)
    assert report.lines[0] == (
        "✗ 6 ids in a table (10, 6): the result is transposed: each row must be one id's "
        "vector, (..., d), as W[ids] (or one_hot(ids) @ W) gives it.")
    assert report.lines[1] == (
        "✗ seed 001: [[1, 2, 4, 5], [4, 3, 2, 9]] in a table (10, 3): shape (3, 4, 2), expected "
        "(2, 4, 3): the d numbers of each vector come first; they come last, (..., d): W[ids] "
        "picks rows, W[:, ids] or a transpose columns.")
    assert report.lines[2].startswith("✓ a single id 7")  # a 1-D row is its own transpose
    assert ch07.check_lookup(one_hots_only).lines[1].endswith(
        "shape (2, 4, 10), expected (2, 4, 3): (..., V) is the one-hot matrix of the ids, "
        "V == 10: multiply it by W, or pick the rows W[ids] directly.")
    report = ch07.check_lookup(flattened)
    assert report.lines[0].startswith("✓") and report.lines[1].endswith(
        "shape (8, 3), expected (2, 4, 3): the ids' shape (2, 4) is lost: W[ids] keeps it and "
        "adds the vector's axis, (..., d).")


def test_the_backward_checker_catches_overwriting_instead_of_adding():
    def overwrite(ids, grad_out, V):
        dW = np.zeros((V, grad_out.shape[1]))
        dW[ids] = grad_out
        return dW

    def plus_equals(ids, grad_out, V):
        dW = np.zeros((V, grad_out.shape[1]))
        dW[ids] += grad_out  # buffered: once per distinct id
        return dW

    said = ("✗ ids [1, 3, 1, 0, 3, 1]: 1 three times, 3 twice: ids 1, 3 occur more than once "
            "and kept only one gradient each: dW[ids] = grad_out overwrites (and dW[ids] += "
            "grad_out adds once per distinct id); accumulate with np.add.at(dW, ids, grad_out).")
    for learner in (overwrite, plus_equals):
        report = ch07.check_lookup_backward(learner)
        assert report.lines[0].startswith("✓ 3 distinct ids")  # no repeats: overwriting is right
        assert report.lines[1] == said
    transposed = ch07.check_lookup_backward(lambda *a: reference.my_lookup_backward(*a).T)
    assert transposed.lines[0].endswith(
        "shape (3, 6), expected (6, 3): dW has the shape of W, (V, d) == (6, 3), not its "
        "transpose.")
    per_id = ch07.check_lookup_backward(lambda ids, grad_out, V: grad_out)
    assert per_id.lines[1].endswith("expected (5, 2): that is one row per looked-up id (N, d); "
                                    "dW has a row per id of the vocabulary, (V, d) == (5, 2).")


def test_the_backward_expectation_is_torch_autograd():
    ids, grad_out = np.array([1, 3, 1, 0, 3, 1]), np.random.default_rng(4).normal(size=(6, 2))
    table = torch.nn.Embedding(5, 2).double()
    table(torch.from_numpy(ids)).backward(torch.from_numpy(grad_out))
    expected = table.weight.grad.numpy()
    assert np.allclose(reference.my_lookup_backward(ids, grad_out, 5), expected, rtol=1e-12)
    assert np.allclose(expected[1], grad_out[[0, 2, 5]].sum(axis=0), rtol=1e-12)  # 3 added


def test_the_cosine_checker_names_each_missing_length():
    mistakes = {
        "that is the dot product vectors @ v; the cosine divides it by both lengths, ‖row‖ ‖v‖.":
            lambda M, v: M @ v,
        "divided by ‖v‖ only: divide each row's dot product by its own length too "
        "(np.linalg.norm(vectors, axis=1)).": lambda M, v: M @ v / np.linalg.norm(v),
        "divided by the rows' lengths only: divide by ‖v‖ too.":
            lambda M, v: M @ v / np.linalg.norm(M, axis=1),
        "np.linalg.norm(vectors) is the length of the whole matrix; each row needs its own, "
        "np.linalg.norm(vectors, axis=1).":
            lambda M, v: M @ v / (np.linalg.norm(M) * np.linalg.norm(v)),
    }
    for said, learner in mistakes.items():
        report = ch07.check_cosine(learner)
        assert report.lines[0] == f"✗ 5 random rows of lengths 0.5 to 4, d = 4: {said}"


def test_the_cosine_expectation_is_torchs():
    M = np.array([[1.0, 2.0, 2.0], [2.0, 4.0, 4.0], [-1.0, -2.0, -2.0], [2.0, -1.0, 0.0]])
    v = np.array([1.0, 2.0, 2.0])
    expected = torch.nn.functional.cosine_similarity(torch.from_numpy(M),
                                                     torch.from_numpy(v)[None], dim=1)
    assert np.allclose(reference.my_cosine(M, v), expected.numpy(), rtol=1e-12)
    assert np.allclose(expected.numpy(), [1.0, 1.0, -1.0, 0.0], atol=1e-12)


def _three_cos_add(vectors, a, b, c, exclude=True, normalise=True, by_cosine=True):
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    rows = unit if normalise else vectors
    target = rows[b] - rows[a] + rows[c]
    scores = (unit @ target) if by_cosine else (vectors @ target)
    if exclude:
        scores[[a, b, c]] = -np.inf
    return int(np.argmax(scores))


def test_the_analogy_tables_hold_the_traps_they_are_named_for():
    tables = ch07.analogy_vectors()
    assert _three_cos_add(tables["royal"], 0, 1, 2) == 3  # king : queen :: man : woman
    assert _three_cos_add(tables["trap"], 0, 1, 2, exclude=False) == 2  # nearest is c itself
    lengths = tables["lengths"]
    right = _three_cos_add(lengths, 0, 1, 2)
    assert right != _three_cos_add(lengths, 0, 1, 2, normalise=False)
    assert right != _three_cos_add(lengths, 0, 1, 2, by_cosine=False)
    assert _three_cos_add(lengths, 0, 1, 2, exclude=False) == right  # catches only the others


def test_the_analogy_checker_names_a_query_word_raw_vectors_and_dot_products():
    report = ch07.check_analogy(lambda V, a, b, c: _three_cos_add(V, a, b, c, exclude=False))
    assert report.lines[1] == (
        "✗ 8 random rows, b close to a: 2 is c, one of the question's words: exclude a, b and c "
        "from the answers (b − a + c is often closest to c itself).")
    assert report.lines[0].startswith("✗ king : queen :: man : ? (5 words): 0 is a,")
    raw = ch07.check_analogy(lambda V, a, b, c: _three_cos_add(V, a, b, c, normalise=False))
    assert raw.lines[2] == (
        "✗ 8 random rows of lengths 0.2 to 5: 3CosAdd adds unit vectors: normalise each row "
        "before b − a + c, or a long vector outweighs the others.")
    dots = ch07.check_analogy(lambda V, a, b, c: _three_cos_add(V, a, b, c, by_cosine=False))
    assert dots.lines[2] == (
        "✗ 8 random rows of lengths 0.2 to 5: that is the largest dot product with b − a + c; "
        "rank by the cosine, or long vectors win.")


def test_the_skipgram_checker_names_one_way_windows_self_pairs_and_order():
    def one_way(ids, window):
        pairs = [(ids[i], ids[j]) for i in range(len(ids))
                 for j in range(i + 1, min(len(ids), i + window + 1))]
        return np.array(pairs).T

    def with_itself(ids, window):
        pairs = [(ids[i], ids[j]) for i in range(len(ids))
                 for j in range(max(0, i - window), min(len(ids), i + window + 1))]
        return np.array(pairs).T

    def by_offset(ids, window):  # every pair, grouped by offset: a common vectorised version
        centres, contexts = [], []
        for k in [*range(-window, 0), *range(1, window + 1)]:
            i = np.arange(max(0, -k), min(len(ids), len(ids) - k))
            centres.append(ids[i])
            contexts.append(ids[i + k])
        return np.concatenate(centres), np.concatenate(contexts)

    def rows(ids, window):
        return list(zip(*reference.my_skipgram_pairs(ids, window)))

    assert ch07.check_skipgram_pairs(one_way).lines[0] == (
        "✗ ids [10, 11, 12], window 1: shape (2, 2), expected (2, 4): only the contexts after "
        "each centre: the window looks both ways, positions i − window .. i + window (except i).")
    assert ch07.check_skipgram_pairs(with_itself).lines[1] == (
        "✗ 8 ids, window 2: shape (2, 34), expected (2, 26): each centre is also paired with "
        "itself: skip j == i.")
    assert ch07.check_skipgram_pairs(by_offset).lines[1] == (
        "✗ 8 ids, window 2: the right pairs in another order: list them by centre position, then "
        "by context position (for i ...: for j ...).")
    swapped = ch07.check_skipgram_pairs(lambda *a: reference.my_skipgram_pairs(*a)[::-1])
    assert swapped.lines[0].endswith("centres and contexts are swapped: return (centres, "
                                     "contexts).")
    assert ch07.check_skipgram_pairs(rows).lines[0].endswith(
        "shape (4, 2), expected (2, 4): that is one (centre, context) row per pair (P, 2); "
        "return two arrays, centres and contexts.")


def test_the_skipgram_pairs_of_a_sentence():
    centres, contexts = reference.my_skipgram_pairs(np.array([10, 11, 12]), 1)
    assert list(zip(centres.tolist(), contexts.tolist())) == [(10, 11), (11, 10), (11, 12),
                                                              (12, 11)]
    centres, contexts = reference.my_skipgram_pairs(np.array([7, 3, 7]), 5)
    assert len(centres) == 3 * 2  # a window longer than the text pairs every two positions


def test_the_keep_checker_names_the_papers_formulas_a_missing_min_and_counts():
    def frequency(counts, t):
        return t * counts.sum() / counts  # t / f

    mistakes = {
        "some probabilities are above 1: keep = min(1, sqrt(t/f) + t/f).":
            lambda counts, t: np.sqrt(frequency(counts, t)) + frequency(counts, t),
        "sqrt(t/f) is the paper's keep probability; word2vec's C code, which this chapter "
        "follows, adds t/f: min(1, sqrt(t/f) + t/f).":
            lambda counts, t: np.minimum(1, np.sqrt(frequency(counts, t))),
        "1 − sqrt(t/f) is the paper's probability of dropping a word; keep is min(1, sqrt(t/f) "
        "+ t/f).": lambda counts, t: np.maximum(0, 1 - np.sqrt(frequency(counts, t))),
        "f is the word's frequency, count / counts.sum(), not its count.":
            lambda counts, t: np.minimum(1, np.sqrt(t / counts) + t / counts),
    }
    for said, learner in mistakes.items():
        assert ch07.check_keep_probabilities(learner).lines[0] == (
            f"✗ counts [5000, 1200, 300, 40, 7, 1], t = 0.01: {said}")


def test_the_keep_values_and_the_numbers_of_the_worked_answer():
    t, counts = 0.01, np.array([5000, 1200, 300, 40, 7, 1])
    f = counts / counts.sum()
    assert np.allclose(reference.my_keep_probabilities(counts, t),
                       [min(1.0, np.sqrt(t / x) + t / x) for x in f], rtol=1e-12)
    assert round(float(reference.my_keep_probabilities(counts, t)[0]), 4) == 0.1275
    edge = t * (3 + np.sqrt(5)) / 2  # "keeps every word with f <= t (3 + sqrt 5) / 2"
    assert round(edge / t, 1) == 2.6
    assert np.isclose(np.sqrt(t / edge) + t / edge, 1.0, rtol=1e-12)
    keep = reference.my_keep_probabilities(np.array([0.99 * edge, 1.01 * edge, 1 - 2 * edge]), t)
    assert keep[0] == 1.0 and keep[1] < 1.0  # counts of total 1: f is the count
    assert ch07.check_keep_values(keep_at_f_equal_t=1, keep_at_f_100_t=0.11).passed
    wrong = ch07.check_keep_values(keep_at_f_equal_t=2, keep_at_f_100_t=0.1)  # no min, paper's
    assert wrong.lines == [
        "✗ keep_at_f_equal_t: 2 is not right. (keep of a word with f = t)",
        "✗ keep_at_f_100_t: 0.1 is not right. (keep of a word with f = 100 t)"]
    assert not ch07.check_keep_values().passed


def test_a_shape_diagnosis_is_asked_only_when_the_shapes_differ():
    asked = []

    def diagnose_shape(got):
        asked.append(got.shape)
        return ""

    case = Case((), np.zeros(2), "two zeros", diagnose_shape=diagnose_shape)
    assert check_function("f", lambda: np.ones(2), [case]).lines == [
        "✗ two zeros: got [1., 1.], expected [0., 0.]."]
    assert check_function("f", lambda: np.ones(3), [case]).lines == [
        "✗ two zeros: shape (3,), expected (2,)."]
    assert asked == [(3,)]


def test_the_ladder_and_the_revealed_text():
    rungs = [e.rung for e in ch07.SHEET.exercises.values()]
    assert rungs == ["recall", "implement", "implement", "implement", "implement", "implement",
                     "derive", "experiment", "discuss"]
    shown = repr(ch07.solution(3))
    assert shown.startswith("Chapter 07, exercise 3: a reference answer\n\n"
                            "def my_lookup_backward(ids, grad_out, V):\n")
    assert "np.add.at(dW, ids, grad_out)" in shown
    assert "check_recall(\n    batch=2,\n    steps=4,\n    dim=3," in repr(ch07.solution(1))
    assert "keep_at_f_100_t=0.11" in repr(ch07.solution(7))
    assert "13.4 %" in repr(ch07.solution(9)) and "chapter's numbers" in repr(ch07.solution(9))
    assert repr(ch07.hint(9)).startswith("Chapter 07, exercise 9: a hint\n\nCompare what")
    assert "min_count_5=0.214081" in repr(ch07.solution(8))
    for number in ch07.SHEET.exercises:
        assert repr(ch07.hint(number)).startswith(f"Chapter 07, exercise {number}: a hint\n\n")


def test_the_coverage_experiment_counts_the_books_and_google_questions():
    assert round(ch07.coverage(5), 4) == 0.2141  # the chapter's 21.4 % (4,184 of 19,544)
    assert round(ch07.coverage(50) * 19_544) == 826
    wrong = ch07.check_coverage(min_count_5=0.5, min_count_50=None)
    assert not wrong.passed and wrong.lines[0].startswith("✗ min_count_5: 0.5 is not right.")
    assert wrong.lines[1].startswith("✗ min_count_50: no answer yet")
