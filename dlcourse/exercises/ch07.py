r"""Exercise checks of chapter 07 (word embeddings): recall an embedding's shapes and sizes,
implement the lookup and its backward, cosine similarity, the 3CosAdd analogy and skip-gram's
pairs, derive word2vec's subsampling, measure how the vocabulary's threshold sets the analogy
test's coverage, and discuss why analogies need a large corpus.

    check_recall(**answers)              # seed 001's output shape, seed 000's table size
    check_lookup(fn)                     # fn(ids (...), W (V, d)) -> (..., d)
    check_lookup_backward(fn)            # fn(ids (N,), grad_out (N, d), V) -> dW (V, d)
    check_cosine(fn)                     # fn(vectors (V, d), v (d,)) -> (V,)
    check_analogy(fn)                    # fn(vectors (V, d), a, b, c) -> the answer's id
    check_skipgram_pairs(fn)             # fn(ids (N,), window) -> (centres, contexts)
    check_keep_probabilities(fn)         # fn(counts (V,), t) -> keep (V,)
    check_keep_values(keep_at_f_equal_t=..., keep_at_f_100_t=...)
    check_coverage(min_count_5=..., min_count_50=...)   # covered Google questions, fractions

The lookup, its gradient, the cosine and the analogy are compared with the chapter's
from-scratch code (:mod:`dlcourse.nn.embedding`, :mod:`dlcourse.nn.similarity`), which the
chapter proves equal to PyTorch. The skip-gram pairs are those of a fixed window, in reading
order (by centre position, then context position), from the plain loop in
:func:`_skipgram_pairs`. Subsampling keeps each occurrence of a word w with the probability of
the word2vec C code (also gensim's), with f the word's frequency count / total:

.. math:: p_{\text{keep}}(w) = \min\left(1, \sqrt{t / f} + t / f\right)

The coverage is counted on the four books (:func:`dlcourse.models.word2vec.corpus_tokens`) and
Google's questions (:func:`dlcourse.data.books.load_analogies`), lower-cased as the chapter does.
``hint(n)`` and ``solution(n)`` reveal a hint and a reference or worked answer of exercises
1 to 9 (9 is a discussion with a worked answer and no checker).
"""

from __future__ import annotations

import functools

import numpy as np

from dlcourse.exercises.checker import Case, Question, Report, check_answers, check_function
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch07 as reference
from dlcourse.nn.embedding import Embedding, one_hot
from dlcourse.nn.similarity import analogy, cosine

SEED_001_IDS = [[1, 2, 4, 5], [4, 3, 2, 9]]  # seed 001's LongTensor, fed to Embedding(10, 3)


@functools.cache
def _recall() -> tuple[Question, ...]:
    """The recall questions, computed once (seed 000's table holds 2.56 M numbers)."""
    batch, steps, dim = Embedding(10, 3).forward(SEED_001_IDS).shape
    table = Embedding(20000, 128)
    n_params = sum(p.size for p in table.params.values())
    V, d = table.W.shape
    multiply_adds = one_hot(0, V).size * d  # a (V,) one-hot times W (V, d): V · d
    return (
        Question("batch", float(batch), "first number of Embedding(10, 3)'s output shape on "
                 "seed 001's ids [[1, 2, 4, 5], [4, 3, 2, 9]]"),
        Question("steps", float(steps), "second number of that output shape"),
        Question("dim", float(dim), "third number of that output shape"),
        Question("embedding_params", float(n_params),
                 "learned numbers of seed 000's Embedding(20000, 128)"),
        Question("one_hot_multiply_adds", float(multiply_adds),
                 "multiply-adds of one_hot(id) @ W for one id, V = 20000, d = 128"),
    )


def check_recall(**answers) -> Report:
    """Seed 001's output shape and seed 000's table, one keyword each (see :func:`_recall`)."""
    return check_answers("recall", _recall(), answers)


def _lookup_case(V: int, d: int, ids, label: str, seed: int) -> Case:
    """``ids`` looked up in a random table W (V, d), by :class:`Embedding`."""
    layer = Embedding(V, d, seed=seed)
    expected = layer.forward(ids)  # (..., d)
    ids = np.asarray(ids)

    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        if got.ndim == 2 and np.allclose(got, expected.T):
            return ("the result is transposed: each row must be one id's vector, (..., d), as "
                    "W[ids] (or one_hot(ids) @ W) gives it.")
        return ""

    def diagnose_shape(got: np.ndarray) -> str:
        if got.shape == (V, *ids.shape) and ids.ndim == 1 and ids.max() < d \
                and np.allclose(got, layer.W[:, ids]):
            return ("W[:, ids] picks columns of W; row v of W (V, d) is the vector of id v, so "
                    "the lookup is W[ids].")
        if got.shape == (*ids.shape, V):
            return (f"(..., V) is the one-hot matrix of the ids, V == {V}: multiply it by W, "
                    f"or pick the rows W[ids] directly.")
        if got.shape in {(d, *ids.shape), (d, *ids.shape[::-1])}:
            return ("the d numbers of each vector come first; they come last, (..., d): W[ids] "
                    "picks rows, W[:, ids] or a transpose columns.")
        if got.shape == (ids.size, d) and ids.ndim != 1:
            return (f"the ids' shape {ids.shape} is lost: W[ids] keeps it and adds the "
                    f"vector's axis, (..., d).")
        return ""

    return Case((ids, layer.W), expected, label, diagnose=diagnose, diagnose_shape=diagnose_shape)


def check_lookup(fn) -> Report:
    """``fn(ids, W)`` must return the rows of W (V, d) picked by integer ``ids`` (...): (..., d).

    Compared with :meth:`dlcourse.nn.embedding.Embedding.forward`; in the first case (6 ids
    below d = 6) a transposed answer has the right shape and columns W[:, ids] can be picked,
    so both are named.
    """
    cases = [_lookup_case(10, 6, [1, 2, 4, 5, 4, 3], "6 ids in a table (10, 6)", seed=0),
             _lookup_case(10, 3, SEED_001_IDS, "seed 001: [[1, 2, 4, 5], [4, 3, 2, 9]] in "
                          "a table (10, 3)", seed=1),
             _lookup_case(10, 3, 7, "a single id 7 (a 0-D array)", seed=2)]
    return check_function("lookup", fn, cases, rtol=1e-12)


def _backward_case(V: int, d: int, ids: list[int], label: str, seed: int) -> Case:
    """dL/dW of looking ``ids`` up in a table (V, d), by :meth:`Embedding.backward`."""
    ids = np.array(ids)
    grad_out = np.random.default_rng(seed).normal(size=(len(ids), d))  # (N, d)
    layer = Embedding(V, d, seed=seed)
    layer.forward(ids)
    layer.backward(grad_out)
    repeated = sorted({int(i) for i in ids if (ids == i).sum() > 1})

    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        overwritten = np.zeros((V, d))
        overwritten[ids] = grad_out  # the last occurrence of each id wins
        if repeated and np.allclose(got, overwritten):
            return (f"ids {', '.join(map(str, repeated))} occur more than once and kept only "
                    f"one gradient each: dW[ids] = grad_out overwrites (and dW[ids] += grad_out "
                    f"adds once per distinct id); accumulate with np.add.at(dW, ids, grad_out).")
        return ""

    def diagnose_shape(got: np.ndarray) -> str:
        if got.shape == (d, V):
            return f"dW has the shape of W, (V, d) == ({V}, {d}), not its transpose."
        if got.shape == grad_out.shape:
            return (f"that is one row per looked-up id (N, d); dW has a row per id of the "
                    f"vocabulary, (V, d) == ({V}, {d}).")
        return ""

    return Case((ids, grad_out, V), layer.grads["W"], label, diagnose=diagnose,
                diagnose_shape=diagnose_shape)


def check_lookup_backward(fn) -> Report:
    """``fn(ids, grad_out, V)`` must return dL/dW (V, d), for ids (N,) and grad_out (N, d).

    Compared with :meth:`dlcourse.nn.embedding.Embedding.backward` (the scatter-add); the
    second case repeats ids, whose gradients must add up.
    """
    cases = [_backward_case(6, 3, [0, 2, 5], "3 distinct ids, V = 6, d = 3", seed=3),
             _backward_case(5, 2, [1, 3, 1, 0, 3, 1], "ids [1, 3, 1, 0, 3, 1]: 1 three "
                            "times, 3 twice", seed=4)]
    return check_function("lookup_backward", fn, cases, rtol=1e-10)


def _cosine_mistake(vectors: np.ndarray, v: np.ndarray):
    """A diagnosis: is a length missing (the dot product), or the whole matrix's norm used?"""
    dots = vectors @ v  # (V,)
    rows, length = np.linalg.norm(vectors, axis=1), np.linalg.norm(v)  # (V,), ()

    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        if np.allclose(got, dots):
            return ("that is the dot product vectors @ v; the cosine divides it by both lengths, "
                    "‖row‖ ‖v‖.")
        if np.allclose(got, dots / length):
            return ("divided by ‖v‖ only: divide each row's dot product by its own length too "
                    "(np.linalg.norm(vectors, axis=1)).")
        if np.allclose(got, dots / rows):
            return "divided by the rows' lengths only: divide by ‖v‖ too."
        if np.allclose(got, dots / (np.linalg.norm(vectors) * length)):
            return ("np.linalg.norm(vectors) is the length of the whole matrix; each row needs "
                    "its own, np.linalg.norm(vectors, axis=1).")
        return ""
    return diagnose


def check_cosine(fn) -> Report:
    """``fn(vectors, v)`` must return the cosine of each row of vectors (V, d) with v (d,): (V,).

    Compared with :func:`dlcourse.nn.similarity.cosine`; the rows have different lengths, so
    a dot product without the lengths is wrong.
    """
    rng = np.random.default_rng(5)
    random_rows = rng.normal(size=(5, 4)) * np.array([[0.5], [1.0], [2.0], [3.0], [4.0]])
    random_v = rng.normal(size=4) * 2.0
    scaled = np.array([[1.0, 2.0, 2.0], [2.0, 4.0, 4.0], [-1.0, -2.0, -2.0], [2.0, -1.0, 0.0]])
    v = np.array([1.0, 2.0, 2.0])
    cases = [Case((random_rows, random_v), cosine(random_rows, random_v),
                  "5 random rows of lengths 0.5 to 4, d = 4",
                  diagnose=_cosine_mistake(random_rows, random_v)),
             Case((scaled, v), cosine(scaled, v), "rows v, 2v, −v and one orthogonal to "
                  "v = [1, 2, 2]", diagnose=_cosine_mistake(scaled, v))]
    return check_function("cosine", fn, cases, rtol=1e-10)


def _analogy_mistake(vectors: np.ndarray, a: int, b: int, c: int):
    """A diagnosis: a query word returned, raw (not unit) vectors added, or dots ranked."""
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)  # (V, d)
    excluded = np.zeros(len(vectors), dtype=bool)
    excluded[[a, b, c]] = True

    def best(scores: np.ndarray) -> int:
        return int(np.argmax(np.where(excluded, -np.inf, scores)))

    raw = best(cosine(vectors, vectors[b] - vectors[a] + vectors[c]))  # not normalised first
    dots = best(vectors @ (unit[b] - unit[a] + unit[c]))  # ranked by dot product

    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        got, expected = float(got), float(expected)
        for name, index in (("a", a), ("b", b), ("c", c)):
            if got == index:
                return (f"{index} is {name}, one of the question's words: exclude a, b and c "
                        f"from the answers (b − a + c is often closest to c itself).")
        if got == raw != expected:
            return ("3CosAdd adds unit vectors: normalise each row before b − a + c, or a long "
                    "vector outweighs the others.")
        if got == dots != expected:
            return ("that is the largest dot product with b − a + c; rank by the cosine, or long "
                    "vectors win.")
        return ""
    return diagnose


def _analogy_case(vectors: np.ndarray, label: str, a: int = 0, b: int = 1, c: int = 2) -> Case:
    """"a is to b as c is to ?" on ``vectors``, answered by :func:`similarity.analogy`."""
    expected = analogy(vectors, a, b, c, k=1)[0][0]
    return Case((vectors, a, b, c), float(expected), label,
                diagnose=_analogy_mistake(vectors, a, b, c))


def analogy_vectors() -> dict[str, np.ndarray]:
    """The three tables of :func:`check_analogy`, by name (a test checks what each one catches).

    ``"royal"``: king, queen, man, woman, apple on a gender and a royalty axis;
    ``"trap"``: 8 random rows (seed 0) with b close to a, so b − a + c is closest to c;
    ``"lengths"``: 8 random rows (seed 154) of lengths 0.2 to 5, where adding raw vectors or
    ranking dot products picks another row than 3CosAdd.
    """
    royal = np.array([[3.0, 1.0, 0.0], [3.0, -1.0, 0.0], [1.0, 1.0, 0.2], [1.0, -1.0, 0.2],
                      [0.0, 0.0, 1.0]])  # king, queen, man, woman, apple
    rng = np.random.default_rng(0)
    trap = rng.normal(size=(8, 4))
    trap[1] = trap[0] + 0.1 * rng.normal(size=4)  # b is a, nudged: b − a + c is nearly c
    rng = np.random.default_rng(154)
    lengths = rng.normal(size=(8, 4)) * rng.uniform(0.2, 5.0, size=(8, 1))
    return {"royal": royal, "trap": trap, "lengths": lengths}


def check_analogy(fn) -> Report:
    """``fn(vectors, a, b, c)`` must return the row id answering a : b :: c : ? by 3CosAdd.

    3CosAdd: the row x, not a, b or c, of the largest cosine with
    :math:`\\hat b - \\hat a + \\hat c` (unit vectors); compared with
    :func:`dlcourse.nn.similarity.analogy`. The trap case's nearest row is c itself.
    """
    tables = analogy_vectors()
    cases = [_analogy_case(tables["royal"], "king : queen :: man : ? (5 words)"),
             _analogy_case(tables["trap"], "8 random rows, b close to a"),
             _analogy_case(tables["lengths"], "8 random rows of lengths 0.2 to 5")]
    return check_function("analogy", fn, cases, rtol=1e-12, atol=0.0)


def _skipgram_pairs(ids, window: int, forward: bool = True, backward: bool = True,
                    itself: bool = False) -> np.ndarray:
    """The pairs (2, P) of a fixed window in reading order; the flags make the usual mistakes."""
    pairs = [(ids[i], ids[j]) for i in range(len(ids))
             for j in range(max(0, i - window), min(len(ids), i + window + 1))
             if (j < i and backward) or (j > i and forward) or (j == i and itself)]
    return np.array(pairs, dtype=float).reshape(-1, 2).T  # (P, 2) -> (2, P)


def _skipgram_case(ids: list[int], window: int, label: str) -> Case:
    expected = _skipgram_pairs(ids, window)
    one_way = {"after": _skipgram_pairs(ids, window, backward=False),
               "before": _skipgram_pairs(ids, window, forward=False)}

    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        if np.array_equal(got, expected[::-1]):
            return "centres and contexts are swapped: return (centres, contexts)."
        if sorted(map(tuple, got.T)) == sorted(map(tuple, expected.T)):
            return ("the right pairs in another order: list them by centre position, then by "
                    "context position (for i ...: for j ...).")
        return ""

    def diagnose_shape(got: np.ndarray) -> str:
        for side, pairs in one_way.items():
            if np.array_equal(got, pairs):
                return (f"only the contexts {side} each centre: the window looks both ways, "
                        f"positions i − window .. i + window (except i).")
        if np.array_equal(got, _skipgram_pairs(ids, window, itself=True)):
            return "each centre is also paired with itself: skip j == i."
        if got.shape == expected.shape[::-1]:
            return ("that is one (centre, context) row per pair (P, 2); return two arrays, "
                    "centres and contexts.")
        return ""

    return Case((np.array(ids), window), expected, label, diagnose=diagnose,
                diagnose_shape=diagnose_shape)


def check_skipgram_pairs(fn) -> Report:
    """``fn(ids, window)`` must return ``(centres, contexts)``, the pairs of a fixed window.

    Every position i is the centre of the pairs (ids[i], ids[j]) for j != i with
    |j − i| <= window inside the text, ordered by i, then j; the pair is compared as one
    array (2, P): centres first.
    """
    cases = [_skipgram_case([10, 11, 12], 1, "ids [10, 11, 12], window 1"),
             _skipgram_case([4, 8, 15, 16, 23, 42, 8, 4], 2, "8 ids, window 2"),
             _skipgram_case([7, 3, 7], 5, "3 ids, window 5 (longer than the text)")]
    return check_function("skipgram_pairs", fn, cases, rtol=1e-12, atol=0.0)


def _keep_of_ratio(ratio):
    """min(1, sqrt(t/f) + t/f) of ``ratio`` = t/f (a number or an array)."""
    return np.minimum(1.0, np.sqrt(ratio) + ratio)


def _keep(counts: np.ndarray, t: float) -> np.ndarray:
    """The C code's keep (V,) of each word, with f = counts / counts.sum()."""
    return _keep_of_ratio(t * counts.sum() / counts)  # t / f, (V,)


def _keep_mistake(counts: np.ndarray, t: float):
    """A diagnosis: the paper's sqrt(t/f), its drop probability, no min(1, ...), or counts for f."""
    ratio = t * counts.sum() / counts  # t / f, (V,)

    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        if np.allclose(got, np.sqrt(ratio) + ratio):
            return "some probabilities are above 1: keep = min(1, sqrt(t/f) + t/f)."
        if np.allclose(got, np.minimum(1.0, np.sqrt(ratio))):
            return ("sqrt(t/f) is the paper's keep probability; word2vec's C code, which this "
                    "chapter follows, adds t/f: min(1, sqrt(t/f) + t/f).")
        if np.allclose(got, np.maximum(0.0, 1.0 - np.sqrt(ratio))):
            return ("1 − sqrt(t/f) is the paper's probability of dropping a word; keep is "
                    "min(1, sqrt(t/f) + t/f).")
        if np.allclose(got, _keep_of_ratio(t / counts)):
            return "f is the word's frequency, count / counts.sum(), not its count."
        return ""
    return diagnose


def check_keep_probabilities(fn) -> Report:
    """``fn(counts, t)`` must return min(1, sqrt(t/f) + t/f) (V,), f = counts / counts.sum().

    The probability that subsampling keeps an occurrence of each word, as word2vec's C code
    (and gensim) compute it; the expected values are that formula.
    """
    small = np.array([5000, 1200, 300, 40, 7, 1])
    zipf = 1000 // np.arange(1, 21)  # counts 1000, 500, 333, ..., 50: Zipf's law
    cases = [Case((small, 0.01), _keep(small, 0.01), "counts [5000, 1200, 300, 40, 7, 1], "
                  "t = 0.01", diagnose=_keep_mistake(small, 0.01)),
             Case((zipf, 0.001), _keep(zipf, 0.001), "20 Zipf counts 1000 / rank, t = 0.001",
                  diagnose=_keep_mistake(zipf, 0.001))]
    return check_function("keep_probabilities", fn, cases, rtol=1e-10)




def check_keep_values(**answers) -> Report:
    """The keep probability of a word of frequency f = t and of one of f = 100 t.

    Keywords ``keep_at_f_equal_t`` and ``keep_at_f_100_t``; any other is reported.
    """
    questions = [Question("keep_at_f_equal_t", float(_keep_of_ratio(1.0)),  # t/f = 1
                          "keep of a word with f = t"),
                 Question("keep_at_f_100_t", float(_keep_of_ratio(1 / 100)),  # t/f = 0.01
                          "keep of a word with f = 100 t")]
    return check_answers("keep values", questions, answers)


COVERAGE_THRESHOLDS = (5, 50)


@functools.cache
def coverage(min_count: int) -> float:
    """The fraction of Google's 19,544 questions whose four words (lower-cased) each occur at
    least ``min_count`` times in the four books."""
    from collections import Counter

    from dlcourse.data.books import load_analogies
    from dlcourse.models.word2vec import corpus_tokens

    counts = Counter(corpus_tokens())
    questions = [q for section in load_analogies().values() for q in section]
    covered = sum(all(counts[w.lower()] >= min_count for w in q) for q in questions)
    return covered / len(questions)


def check_coverage(min_count_5=None, min_count_50=None) -> Report:
    """The share of Google's questions a vocabulary of min_count 5 and of 50 can ask."""
    questions = [Question(f"min_count_{n}", coverage(n), f"the fraction (0 to 1) of the 19,544 "
                          f"questions whose four words occur >= {n} times in the books")
                 for n in COVERAGE_THRESHOLDS]
    return check_answers("coverage", questions,
                         {"min_count_5": min_count_5, "min_count_50": min_count_50})


SHEET = Sheet("07", [
    Exercise(1, "recall", """
        An embedding maps every id to a row of d numbers, so the output has the ids' shape
        with d added at the end. Its only parameters are the table W (V, d). one_hot(id) is a
        row of V numbers; multiplying it by W (V, d) computes d sums of V products.""",
        answer=dict(batch=2, steps=4, dim=3, embedding_params=2560000,
                    one_hot_multiply_adds=2560000),
        worked="""
        The ids are (2, 4): 2 sequences of 4 steps, and each id becomes 3 numbers, so the
        output is (2, 4, 3), as seed 001 says. Embedding(20000, 128) holds W (20000, 128):
        20,000 × 128 = 2,560,000 numbers, its only parameters. one_hot(id) @ W takes
        20,000 × 128 = 2,560,000 multiply-adds to produce one row, all but 128 of them
        products with 0; the lookup W[id] copies the same 128 numbers with no arithmetic at
        all. That is why an embedding is a lookup, not a matrix product.""",
        check=check_recall),
    Exercise(2, "implement", """
        W is (V, d): row v is the vector of id v. NumPy indexing with an integer array picks
        rows and keeps the index array's shape: W[ids] is (..., d) for ids (...). It equals
        one_hot(ids, V) @ W.""",
        answer=reference.my_lookup, check=check_lookup),
    Exercise(3, "implement", """
        Output n is row ids[n] of W, so that row receives grad_out[n]; rows never looked up
        get 0. An id that occurs twice receives both gradients, added. Beware: dW[ids] =
        grad_out and even dW[ids] += grad_out keep one gradient per distinct id;
        np.add.at(dW, ids, grad_out) adds every one.""",
        answer=reference.my_lookup_backward, check=check_lookup_backward),
    Exercise(4, "implement", """
        cos(x, v) = x · v / (‖x‖ ‖v‖). vectors @ v gives the V dot products at once;
        np.linalg.norm(vectors, axis=1) gives the V lengths of the rows and np.linalg.norm(v)
        the length of v.""",
        answer=reference.my_cosine, check=check_cosine),
    Exercise(5, "implement", """
        Normalise the rows to length 1, form target = b̂ − â + ĉ, score every row by its
        cosine with target, set the scores of a, b and c to −inf (the nearest row to the
        target is often c itself) and return np.argmax of the scores as an int.""",
        answer=reference.my_analogy, check=check_analogy),
    Exercise(6, "implement", """
        Two loops: for each centre position i, for each j from max(0, i − window) to
        min(N − 1, i + window), skipping j == i, append ids[i] to the centres and ids[j] to
        the contexts. The window looks both ways.""",
        answer=reference.my_skipgram_pairs, check=check_skipgram_pairs),
    Exercise(7, "derive", """
        f = counts / counts.sum() is each word's frequency; then keep = min(1, sqrt(t/f) +
        t/f) elementwise (np.sqrt, np.minimum). For the two values, put f = t (t/f = 1) and
        f = 100 t (t/f = 0.01) into the formula.""",
        answer=reference.my_keep_probabilities,
        worked="""
        At f = t, t/f = 1: sqrt(1) + 1 = 2, and min(1, 2) = 1: a word as frequent as the
        threshold is always kept. At f = 100 t, t/f = 0.01: sqrt(0.01) + 0.01 = 0.1 + 0.01 =
        0.11, so 89 % of its occurrences are dropped. Hence
        check_keep_values(keep_at_f_equal_t=1, keep_at_f_100_t=0.11). The formula keeps
        every word with sqrt(t/f) + t/f >= 1, that is f <= t (3 + sqrt 5) / 2 ≈ 2.6 t, and
        for frequent words it falls like sqrt(t/f): "the" is thinned out most, which spends
        training on rarer words and widens the window in effect.""",
        check=check_keep_probabilities),
    Exercise(8, "experiment", """
        Count every word of corpus_tokens() with collections.Counter; a question (a, b, c, d)
        of load_analogies() is covered when all four words, lower-cased, have a count of at
        least min_count. Divide the covered questions by all 19,544.""",
        answer=dict(min_count_5=0.214081, min_count_50=0.0422636),
        worked="""
        counts = Counter(corpus_tokens()); questions = [q for section in
        load_analogies().values() for q in section]; then the share of questions with
        all(counts[w.lower()] >= min_count for w in q). It is about 0.214 at min_count 5 (the
        chapter's 21.4 %, 4,184 questions) and about 0.042 at min_count 50 (826). Raising
        the threshold keeps only words with enough windows to train a good vector, but four
        fifths of the questions that could be asked drop out: a higher accuracy at a higher
        threshold would be measured on fewer, easier questions. That is why an analogy score
        means nothing without its coverage.""",
        check=check_coverage),
    Exercise(9, "discuss", """
        Compare what a neighbour list and an analogy need: how many words must be well
        trained, how often each occurs in 1 M tokens, and how many of the Google questions
        can even be asked with this vocabulary. Look at the chapter's coverage and its curve
        of accuracy against corpus size.""",
        worked="""
        A word's vector is estimated from the windows around its occurrences. A frequent word
        ("she", "man", "house") occurs hundreds or thousands of times in 1 M tokens, so its
        vector, and its cosine with a few similar words, is well estimated: its neighbour list
        is good. An analogy needs four words, each well trained, and more: the offset b − a
        must point the same way as d − c, a regularity that only appears when each word's
        contexts have been sampled enough for the noise to average out (the difference of two
        noisy vectors carries the noise of both), and the answer must beat every one of
        thousands of other rows. Many Google questions (capitals, currencies, US states)
        use words that these four books (two novels, a history, a surgery manual) hardly
        contain: the chapter's coverage figure says how
        few questions can even be asked, and its curve of accuracy against corpus size shows
        the score still rising where the corpus ends. Mikolov et al. (2013) report 13.4 % at
        their smallest setting, 24 M words, over 20 times these books; the chapter's numbers
        are far from it for that reason, not because the training is wrong.""")
])
hint, solution = SHEET.hint, SHEET.solution
