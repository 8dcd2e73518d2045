r"""Exercise checks of chapter 09 (attention): recall attention's shapes and scale, implement a
masked softmax and scaled dot-product attention, derive the weights of a tiny case, measure
why the scores are scaled, and discuss the fixed vector's bottleneck.

    check_recall(**answers)              # the shapes of q, k, v -> weights and output, the scale
    check_masked_softmax(fn)             # fn(scores (L, S), mask (L, S) bool) -> weights (L, S)
    check_attention(fn)                  # fn(q (..., L, E), k (..., S, E), v (..., S, Ev))
    check_tiny_weights(**answers)        # one query, three keys, by hand
    check_score_spread(**answers)        # the spread of q · k and the softmax's peak, measured

The masked softmax and the attention are compared with the chapter's from-scratch
:func:`dlcourse.nn.attention.scaled_dot_product_attention`, which the chapter proves equal
to ``torch.nn.functional.scaled_dot_product_attention``; a row whose keys are all masked
must come back as zeros, as torch 2.13 returns it. The measured spreads are compared with
their theory (the standard deviation of q · k is √E for entries drawn from N(0, 1)) and
with a large simulation, within 5 %: any seed passes.

``hint(n)`` and ``solution(n)`` reveal a hint and a reference or worked answer of exercises
1 to 6 (6 is a discussion with a worked answer and no checker).
"""

from __future__ import annotations

import functools

import numpy as np

from dlcourse.exercises.checker import Case, Question, Report, check_answers, check_function
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch09 as reference
from dlcourse.nn.activations import softmax
from dlcourse.nn.attention import scaled_dot_product_attention

RECALL_SHAPES = {"q": (2, 5, 8), "k": (2, 7, 8), "v": (2, 7, 3)}  # exercise 1's arrays
TINY_Q = np.array([[1.0, 1.0, 0.0, 0.0]])  # exercise 4: one query (E = 4, scale 1/2) ...
TINY_K = np.array([[1.0, 1.0, 0.0, 0.0], [1.0, -1.0, 0.0, 0.0], [-1.0, -1.0, 0.0, 0.0]])
TINY_V = np.array([[10.0], [20.0], [30.0]])  # ... three keys and their values
SPREAD_E = (4, 64, 1024)  # exercise 5's key lengths
SPREAD_KEYS = 10  # keys per query for the softmax's peak
SPREAD_RTOL = 0.05


@functools.cache
def _recall() -> tuple[Question, ...]:
    """The recall questions, from the chapter's own function."""
    q, k, v = (np.zeros(shape) for shape in RECALL_SHAPES.values())
    Y, weights = scaled_dot_product_attention(q, k, v, need_weights=True)
    return (
        Question("weights_rows", float(weights.shape[-2]), "the weights' second-to-last size "
                 "(per batch item) for q (2, 5, 8), k (2, 7, 8), v (2, 7, 3)"),
        Question("weights_columns", float(weights.shape[-1]), "the weights' last size"),
        Question("output_features", float(Y.shape[-1]), "the output's last size"),
        Question("default_scale_E_64", 1 / np.sqrt(64), "the scale torch uses by default "
                 "when queries and keys have E = 64 numbers"),
    )


def check_recall(**answers) -> Report:
    """Attention's shapes and default scale, one keyword each (see :func:`_recall`)."""
    return check_answers("recall", _recall(), answers)


def _masked_reference(scores: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The weights of scaled_dot_product_attention whose scores (scale 1) are ``scores``."""
    S = scores.shape[1]
    # softmax(1 · q kᵀ + mask) with q = scores and k = I gives exactly ``scores`` as the scores
    _, weights = scaled_dot_product_attention(scores, np.eye(S), np.zeros((S, 1)), mask=mask,
                                              scale=1.0, need_weights=True)
    return weights


def _softmax_mistake(scores: np.ndarray, mask: np.ndarray):
    """A diagnosis: the mask ignored, the softmax taken over the wrong axis."""
    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        if np.allclose(got, softmax(scores, -1)):
            return ("the mask is ignored: a key with mask False must get weight 0; set its "
                    "score to -inf before the softmax (np.where(mask, scores, -np.inf)).")
        if np.allclose(got, softmax(np.where(mask, scores, -np.inf), 0)):
            return ("the softmax runs down the columns (axis 0); each query's row sums to 1 "
                    "over its keys: axis=-1.")
        if np.allclose(got * mask, expected):
            return ("the keys left in are right, but a masked key (mask False) must get weight "
                    "0 exactly.")
        return ""
    return diagnose


def _softmax_case(scores, mask, label: str) -> Case:
    scores, mask = np.asarray(scores, dtype=float), np.asarray(mask, dtype=bool)
    return Case((scores, mask), _masked_reference(scores, mask), label,
                diagnose=_softmax_mistake(scores, mask))


def check_masked_softmax(fn) -> Report:
    """``fn(scores, mask)`` must return the softmax over each row of scores (L, S), where a
    key with mask False gets weight 0 and a row with every key masked is all zeros.

    Compared with :func:`~dlcourse.nn.attention.scaled_dot_product_attention`'s weights (scores
    given as q with k = I and scale 1); the third case has scores near 1000, where exp
    overflows unless the row's maximum is subtracted first.
    """
    rng = np.random.default_rng(9)
    random = rng.normal(size=(3, 5))
    some = np.array([[True, True, False, True, False], [True, False, False, False, False],
                     [True, True, True, True, True]])
    causal = np.tril(np.ones((4, 4), dtype=bool))
    cases = [_softmax_case(random, np.ones((3, 5), dtype=bool), "random scores (3, 5), "
                           "nothing masked"),
             _softmax_case(random, some, "random scores (3, 5), some keys masked"),
             _softmax_case(1000 + 10 * rng.normal(size=(4, 4)), causal, "scores near 1000, "
                           "the causal mask (4, 4)"),
             _softmax_case(rng.normal(size=(2, 3)), [[False] * 3, [True, False, True]],
                           "row 0 fully masked: zeros there, as torch's "
                           "scaled_dot_product_attention")]
    return check_function("masked_softmax", fn, cases, rtol=1e-10, atol=1e-12)


def _attention_mistake(q: np.ndarray, k: np.ndarray, v: np.ndarray):
    """A diagnosis: the scale left out or wrong, the softmax over the wrong axis."""
    E = q.shape[-1]

    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        for scale, why in ((1.0, "the scores are not scaled: divide q kᵀ by √E"),
                           (1 / E, f"the scores are divided by E == {E}; the scale is 1/√E")):
            if np.allclose(got, scaled_dot_product_attention(q, k, v, scale=scale)):
                return f"{why} (√E == {np.sqrt(E):g} here)."
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(E)
        e = np.exp(scores - scores.max(axis=-2, keepdims=True))
        if np.allclose(got, e / e.sum(axis=-2, keepdims=True) @ v):
            return ("the softmax runs over the queries (axis -2); each query's weights sum to "
                    "1 over the keys: axis=-1.")
        return ""
    return diagnose


def _attention_case(shapes, label: str, seed: int) -> Case:
    rng = np.random.default_rng(seed)
    q, k, v = (rng.normal(size=shape) for shape in shapes)
    return Case((q, k, v), scaled_dot_product_attention(q, k, v), label,
                diagnose=_attention_mistake(q, k, v))


def check_attention(fn) -> Report:
    """``fn(q, k, v)`` must return softmax(q kᵀ / √E) v: (..., L, Ev), batch axes first.

    Compared with :func:`~dlcourse.nn.attention.scaled_dot_product_attention` (equal to
    torch's); the second case has a batch axis, so k must be transposed on its last two axes.
    """
    cases = [_attention_case(((3, 8), (4, 8), (4, 2)), "q (3, 8), k (4, 8), v (4, 2)", seed=10),
             _attention_case(((2, 3, 4), (2, 5, 4), (2, 5, 3)), "a batch of 2: q (2, 3, 4), "
                             "k (2, 5, 4), v (2, 5, 3)", seed=11)]
    return check_function("attention", fn, cases, rtol=1e-10)


@functools.cache
def _tiny() -> tuple[Question, ...]:
    """Exercise 4's weights and output, and the first weight with key 3 masked."""
    Y, weights = scaled_dot_product_attention(TINY_Q, TINY_K, TINY_V, need_weights=True)
    _, masked = scaled_dot_product_attention(TINY_Q, TINY_K, TINY_V, mask=[[True, True, False]],
                                             need_weights=True)
    return tuple(Question(f"weight_{j + 1}", float(weights[0, j]), f"the weight of key {j + 1}")
                 for j in range(3)) + (
        Question("output", float(Y[0, 0]), "the output: the weighted mean of the values"),
        Question("weight_1_key_3_masked", float(masked[0, 0]),
                 "the weight of key 1 when key 3 is masked out"))


def check_tiny_weights(**answers) -> Report:
    """The weights of one query over three keys, the output, and a weight with a mask."""
    return check_answers("tiny attention", _tiny(), answers)


@functools.cache
def score_spread(samples: int = 100_000, seed: int = 2_024) -> dict[str, float]:
    """The standard deviation of q · k for each E of :data:`SPREAD_E` (theory: √E) and the
    mean largest softmax weight over 10 keys at E = 64, unscaled and scaled by 1/√E
    (a simulation of ``samples`` queries)."""
    rng = np.random.default_rng(seed)
    spread = {f"std_E_{E}": float(np.sqrt(E)) for E in SPREAD_E}
    q = rng.normal(size=(samples // 10, 1, 64))  # (n, 1, E)
    k = rng.normal(size=(samples // 10, SPREAD_KEYS, 64))  # (n, 10, E)
    v = np.zeros((samples // 10, SPREAD_KEYS, 1))
    for name, scale in (("max_weight_unscaled", 1.0), ("max_weight_scaled", None)):
        _, weights = scaled_dot_product_attention(q, k, v, scale=scale, need_weights=True)
        spread[name] = float(weights.max(axis=-1).mean())
    return spread


def check_score_spread(**answers) -> Report:
    """Measured spreads of q · k (E = 4, 64, 1024) and the softmax's mean peak at E = 64,
    each within 5 % of theory or a large simulation (:func:`score_spread`)."""
    spread = score_spread()
    texts = {f"std_E_{E}": f"the standard deviation of q · k for E = {E}, entries N(0, 1)"
             for E in SPREAD_E}
    texts["max_weight_unscaled"] = ("the mean largest softmax weight over 10 keys, E = 64, "
                                    "scores q · k")
    texts["max_weight_scaled"] = "the same with the scores q · k / √64"
    questions = [Question(name, spread[name], text, rtol=SPREAD_RTOL)
                 for name, text in texts.items()]
    return check_answers("score spread", questions, answers)


SHEET = Sheet("09", [
    Exercise(1, "recall", """
        q is (batch, L, E), k (batch, S, E), v (batch, S, Ev). Each of the L queries gets one
        weight per key, and the output is a weighted mean of the values. torch's default
        scale is 1 / √E.""",
        answer=dict(weights_rows=5, weights_columns=7, output_features=3,
                    default_scale_E_64=0.125),
        worked="""
        The weights are (2, 5, 7): for each of the 2 batch items, 5 queries × 7 keys, each row
        summing to 1. The output is weights @ v: (2, 5, 7) @ (2, 7, 3) = (2, 5, 3), one
        value-sized vector (Ev = 3) per query; the queries' and keys' length E = 8 is used up
        by the dot products. With E = 64 the default scale is 1/√64 = 0.125.""",
        check=check_recall),
    Exercise(2, "implement", """
        Replace the scores of masked keys by -inf (np.where(mask, scores, -np.inf)): exp(-inf)
        is 0. Subtract each row's maximum before np.exp (scores near 1000 overflow otherwise).
        A fully masked row has maximum -inf and sum 0: subtract 0 there instead, and divide
        by 1 instead of 0, so the row stays zeros.""",
        answer=reference.my_masked_softmax, check=check_masked_softmax),
    Exercise(3, "implement", """
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(E), with E = q.shape[-1]: (..., L, S).
        Softmax over the last axis (the keys), then weights @ v. k.T would reverse every axis
        of a batched k; swap only the last two.""",
        answer=reference.my_attention, check=check_attention),
    Exercise(4, "derive", """
        E = 4, so the scale is 1/2. The dot products of q = [1, 1, 0, 0] with the keys
        [1, 1, 0, 0], [1, -1, 0, 0], [-1, -1, 0, 0] are 2, 0, -2: the scores 1, 0, -1. The
        weights are e^1, e^0, e^-1 divided by their sum; the output is their weighted mean
        of the values 10, 20, 30. A masked key drops out of the sum.""",
        answer=dict(weight_1=0.665241, weight_2=0.244728, weight_3=0.090031,
                    output=14.247896, weight_1_key_3_masked=0.731059),
        worked="""
        The scores are 1, 0, -1 and e + 1 + 1/e = 2.7183 + 1 + 0.3679 = 4.0862, so the weights
        are 2.7183 / 4.0862 = 0.665, 1 / 4.0862 = 0.245 and 0.3679 / 4.0862 = 0.090. The
        output is 0.665 · 10 + 0.245 · 20 + 0.090 · 30 = 14.25: pulled towards the value of
        the key most like the query. With key 3 masked its score is -inf, and the weights
        become e / (e + 1) = 0.731 and 1 / (e + 1) = 0.269. The weights depend only on the
        differences of the scores: adding the same number to every score changes nothing.""",
        check=check_tiny_weights),
    Exercise(5, "experiment", """
        rng = np.random.default_rng(0); for each E draw q and k of shape (10_000, E) from
        rng.normal and take ((q * k).sum(axis=1)).std(). For the peak, draw q (10_000, 1, 64)
        and k (10_000, 10, 64), get the weights from scaled_dot_product_attention(q, k, v,
        scale=1.0, need_weights=True) (v any (10_000, 10, 1) array), take
        weights.max(axis=-1).mean(), and again with the default scale.""",
        answer=dict(std_E_4=1.9985, std_E_64=8.0792, std_E_1024=31.9707,
                    max_weight_unscaled=0.8655, max_weight_scaled=0.3186),  # the hint's draws
        worked="""
        q · k is a sum of E products q_i k_i, each of mean 0 and variance 1, so its variance
        is E and its standard deviation √E: about 2, 8 and 32. Unscaled, the scores of 10
        keys at E = 64 differ by several units, and the softmax turns that into a near
        one-hot choice: the largest weight averages about 0.86, so the other keys get
        almost no weight and almost no gradient (the softmax saturates). Dividing by √E
        brings the scores back to standard deviation 1 whatever E is: the largest weight
        averages about 0.32, every key still takes part and learning can move the weights.
        That is why Vaswani et al. (2017) scale by 1/√E.""",
        check=check_score_spread),
    Exercise(6, "discuss", """
        Compare what the decoder can read in each model: without attention one vector of H
        numbers for the whole text, with attention all S encoder states at every step.
        Look at the chapter's two sizes (16 and 128 numbers), its accuracy against length,
        and what each step of attention computes.""",
        worked="""
        Without attention everything the decoder ever learns of the input must pass through
        the encoder's final states: at hidden size 16 that is 16 numbers for a text of up
        to 29 characters in 16 formats, and the model must also have learnt to pack day,
        month and year into them in a form the decoder can unpack, at every step. At 16
        numbers that is slow to learn (15 % to a third of the unseen dates right after the
        chapter's 15 s of training, depending on how many steps a machine fits in them; 62 %
        after 2,000 steps), at every input length: the longer texts are not harder because
        the date itself, the same three numbers in every format, is what must fit. At 128
        numbers (benchmarks/README.md) a date fits easily, and the model without attention
        also reaches 100 %, only later than with attention. Seed 000's claim is about long inputs
        (sentences): there the information grows with the length and no fixed size is
        enough. Attention removes the bottleneck by letting step t read c_t = Σ α_tj h_j, a
        fresh mix of all S states, chosen by the decoder's own state; the cost is S scores
        and a weighted sum per output step (S·T work instead of T), and the reward beyond
        accuracy is the alignment: the weights show which input characters each output
        character came from.""",
    ),
])
hint, solution = SHEET.hint, SHEET.solution
