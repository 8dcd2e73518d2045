r"""Exercise checks of chapter 08 (beam search): recall d2l's example, implement one beam step,
the length-normalised score and greedy search, measure the short-output bias on d2l's table
with exhaustive search, and discuss why a wider beam barely helps the date translator.

    check_recall(**answers)          # d2l's 0.048 and 0.054, candidates per level
    check_beam_step(fn)              # fn(log_p (B,), next_log_probs (B, V), k) -> (k, 2)
    check_score(fn)                  # fn(log_prob, length, alpha) -> log_prob / length ** alpha
    check_greedy(fn)                 # fn(step, start, max_len, eos) -> list of tokens
    check_short_outputs(**answers)   # exhaustive search on d2l's table at alpha 0 and 0.75

Each is compared with :mod:`dlcourse.decoding` (greedy, beam and exhaustive search, tested
there against each other and against d2l's numbers). ``hint(n)`` and ``solution(n)`` reveal
a hint and a reference or worked answer of exercises 1 to 6 (6 is a discussion).
"""

from __future__ import annotations

import math

import numpy as np

from dlcourse.decoding import (
    D2L_DEFAULT,
    D2L_TABLE,
    beam_search,
    exhaustive_search,
    greedy_search,
    table_step,
)
from dlcourse.exercises.checker import Case, Question, Report, check_answers, check_function
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch08 as reference

START = 99  # the toy tables' start token
EOS = 3  # d2l's <eos>


def _d2l():
    return table_step(D2L_TABLE, D2L_DEFAULT)


def check_recall(**answers) -> Report:
    """d2l's example: the probability greedy's and a beam of 2's outputs get, and how many
    candidates beam search scores at one level with k = 3 kept nodes and V = 13 tokens."""
    greedy = greedy_search(_d2l(), START, 4, EOS)
    best = beam_search(_d2l(), START, 2, 4, EOS)[0]
    questions = (
        Question("greedy_probability", math.exp(greedy.log_prob),
                 "P of greedy's output on d2l's table, A B C <eos>"),
        Question("beam_probability", math.exp(best.log_prob),
                 "P of the best output of a beam of width 2 on it"),
        Question("candidates_per_level", 3.0 * 13, "candidates at one level, k = 3, V = 13"),
    )
    return check_answers("recall", questions, answers)


def _beam_step(log_p: np.ndarray, next_log_probs: np.ndarray, k: int) -> np.ndarray:
    """One level of beam search: (parent, token) of the k best of the B * V candidates."""
    V = next_log_probs.shape[1]
    candidates = (log_p[:, None] + next_log_probs).ravel()  # (B * V,)
    order = sorted(range(len(candidates)), key=lambda i: (-candidates[i], i))[:k]
    return np.array([[i // V, i % V] for i in order])  # (k, 2)


def _step_case(seed: int, B: int, V: int, k: int, label: str) -> Case:
    rng = np.random.default_rng(seed)
    log_p = np.sort(np.log(rng.dirichlet(np.ones(8))[:B]))[::-1]
    logits = rng.normal(size=(B, V))
    next_log_probs = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)

    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        per_node = np.argmax(next_log_probs, axis=1)  # (B,): each node's likeliest token
        parents = got[:, 0].astype(int)
        if (got.ndim == 2 and parents.min() >= 0 and parents.max() < B
                and np.array_equal(got[:, 1], per_node[parents])):
            return ("you kept each node's best token; beam search sorts all B × V candidates "
                    "together, by log P of the whole output (the node's log P plus the token's).")
        return ""

    return Case((log_p, next_log_probs, k), _beam_step(log_p, next_log_probs, k), label,
                diagnose=diagnose)


def check_beam_step(fn) -> Report:
    """``fn(log_p (B,), next_log_probs (B, V), beam_width)`` -> (k, 2): (parent, token) pairs."""
    cases = [_step_case(0, 2, 4, 2, "B = 2 nodes, V = 4 tokens, k = 2"),
             _step_case(1, 3, 5, 3, "B = 3, V = 5, k = 3"),
             _step_case(2, 1, 6, 4, "B = 1 (the first level), V = 6, k = 4")]
    return check_function("one beam step", fn, cases, rtol=1e-12, atol=0)


def check_score(fn) -> Report:
    """``fn(log_prob, length, alpha)``: the length-normalised score log P / L ** alpha."""
    cases = []
    for log_prob, length, alpha in ((math.log(0.4), 1, 1.0), (math.log(0.36), 2, 1.0),
                                    (-6.0, 4, 0.0), (-6.0, 4, 0.75)):
        def diagnose(got, expected, length=length, alpha=alpha, log_prob=log_prob):
            if np.isclose(got, log_prob * length ** alpha):
                return "you multiplied by L ** alpha; the score divides log P by it."
            return ""
        cases.append(Case((log_prob, length, alpha), log_prob / length ** alpha,
                          f"log P = {log_prob:.3f}, L = {length}, alpha = {alpha:g}",
                          diagnose=diagnose))
    return check_function("length-normalised score", fn, cases)


def check_greedy(fn) -> Report:
    """``fn(step, start, max_len, eos)``: greedy's tokens, compared with ``greedy_search``."""
    rng = np.random.default_rng(8)
    random_table = {(): rng.dirichlet(np.ones(5))}
    for a in range(5):
        random_table[(a,)] = rng.dirichlet(np.ones(5))
    cases = [(_d2l(), 4, EOS, "d2l's table, max_len 4"),
             (table_step(random_table, [0.1, 0.1, 0.1, 0.1, 0.6]), 6, 4,
              "a random table over 5 tokens, eos 4, max_len 6"),
             (table_step({}, [0.5, 0.3, 0.2]), 3, 2, "no eos ever likelier: cut at max_len 3")]
    return check_function("greedy search", fn, [
        Case((step, START, max_len, eos),
             np.array(greedy_search(step, START, max_len, eos).tokens), label)
        for step, max_len, eos, label in cases], rtol=1e-12, atol=0)


def check_short_outputs(**answers) -> Report:
    """Exhaustive search on d2l's table (max_len 4): the best output at alpha 0 and 0.75."""
    raw = exhaustive_search(_d2l(), START, 4, EOS)[0]
    normalised = exhaustive_search(_d2l(), START, 4, EOS, alpha=0.75)[0]
    questions = (
        Question("best_probability_alpha_0", math.exp(raw.log_prob),
                 "P of the best output when alpha = 0"),
        Question("best_length_alpha_0", float(len(raw.tokens)),
                 "its length in tokens, <eos> included (ties go to the smaller token ids)"),
        Question("best_length_alpha_075", float(len(normalised.tokens)),
                 "the best output's length when alpha = 0.75"),
    )
    return check_answers("short outputs", questions, answers)


SHEET = Sheet("08", [
    Exercise(1, "recall", """
        Greedy takes the likeliest token at each step: A (0.5), then B (0.4), C (0.4),
        <eos> (0.6); multiply. The beam of 2 keeps A and C at level 2 and ends with A C B
        <eos>: 0.5 · 0.3 · 0.6 · 0.6. Each kept node is expanded by every token.""",
        answer=dict(greedy_probability=0.048, beam_probability=0.054, candidates_per_level=39),
        worked="""
        0.5 × 0.4 × 0.4 × 0.6 = 0.048 and 0.5 × 0.3 × 0.6 × 0.6 = 0.054: the beam finds an
        output 12 % more likely by keeping C (0.3 after A) alive at level 2, although B
        (0.4) was better there. A level expands k nodes by V tokens: 3 × 13 = 39 candidates,
        of which 3 are kept and 36 pruned.""",
        check=check_recall),
    Exercise(2, "implement", """
        candidates = log_p[:, None] + next_log_probs is (B, V); ravel it, sort in decreasing
        order (np.argsort(-flat, kind="stable") keeps equal scores in order) and keep the
        first k indices. Index i is node i // V extended by token i % V.""",
        answer=reference.my_beam_step, check=check_beam_step),
    Exercise(3, "implement", """
        score = log P / L ** alpha, L the number of output tokens (eos included). log P is
        negative, so dividing by a larger L ** alpha brings a long output's score up towards
        0.""",
        answer=reference.my_score, check=check_score),
    Exercise(4, "implement", """
        Start with no tokens; while fewer than max_len and the last is not eos, call
        step([(start, *tokens)]), take np.argmax of its single row and append it.""",
        answer=reference.my_greedy, check=check_greedy),
    Exercise(5, "experiment", """
        exhaustive_search(table_step(D2L_TABLE, D2L_DEFAULT), 99, 4, 3) lists every output
        best first (from dlcourse.decoding); look at the first one's log_prob and tokens,
        then run it again with alpha=0.75.""",
        answer=dict(best_probability_alpha_0=0.1, best_length_alpha_0=2,
                    best_length_alpha_075=4),
        worked="""
        At alpha = 0 two outputs tie at P = 0.1: <eos> at once (0.1) and A <eos>
        (0.5 × 0.2); the tie goes to A <eos>, 2 tokens. Every output of 4 tokens, the
        beam's 0.054 included, is less likely: each token multiplies P by a number below 1,
        so the raw probability favours stopping early, Stahlberg and Byrne's short-output
        bias on a table of six rows. With alpha = 0.75 the scores are log P / L^0.75:
        log 0.1 / 2^0.75 = −1.37 against log 0.054 / 4^0.75 = −1.03, and the best output is
        A C B <eos> again, 4 tokens.""",
        check=check_short_outputs),
    Exercise(6, "discuss", """
        Compare, on the test dates, how often the right date scores higher than greedy's
        output (a search error) with how often greedy is wrong. Which of the two can a
        wider beam fix?""",
        worked="""
        A wider beam can only find outputs the model scores higher. The chapter counts the
        test dates where the right date's log P is above greedy's output's: those are
        search errors, a few percent, and width 2 already removes all of them. Every other
        wrong date is a model error: the model itself prefers the wrong output, and no
        search, however wide, will write the right one. So beam search raises the mean
        log P of the outputs a little and exact match by about a point; training longer
        (or attention, chapter 09) removes model errors, which are most of them. And when
        the model does prefer a wrong output, a wider beam can even make exact match worse
        while raising log P: search and accuracy are not the same goal.""")
])
hint, solution = SHEET.hint, SHEET.solution
