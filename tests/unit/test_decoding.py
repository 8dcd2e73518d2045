"""dlcourse.decoding: beam search as wide as the tree equals exhaustive search exactly (tokens,
log-probability and score, alpha 0 and 0.7, on random models), beam width 1 equals greedy search,
d2l's example (0.048 greedy, 0.054 by beam width 2), length normalisation, the exact early stop,
the search tree's levels, and the messages for what ``step`` returns."""

import math
import re

import numpy as np
import pytest

from dlcourse.decoding import (
    FINISHED,
    KEPT,
    PRUNED,
    Hypothesis,
    beam_search,
    exhaustive_search,
    greedy_search,
)

START = 99  # the start token: outside the output vocabulary, which step never predicts


def random_model(seed: int, V: int):
    """A step whose next-token log-probabilities are a random log-softmax row seeded by the prefix.

    It also checks the contract beam search keeps: every prefix starts with START and all
    prefixes of one call have the same length.
    """
    def step(prefixes):
        assert all(prefix[0] == START for prefix in prefixes)
        assert len({len(prefix) for prefix in prefixes}) == 1
        rows = []
        for prefix in prefixes:  # seeded by the length too: SeedSequence([0, 1]) == ([0, 1, 0])
            z = np.random.default_rng([seed, len(prefix), *prefix]).normal(0.0, 1.0, V)
            rows.append(z - np.logaddexp.reduce(z))  # log-softmax: (V,)
        return np.array(rows)  # (B, V)
    return step


def table_model(table: dict, default):
    """A step reading next-token probabilities from ``table`` (output so far -> row), ``default``
    for outputs not in it."""
    def step(prefixes):
        return np.log([table.get(prefix[1:], default) for prefix in prefixes])
    return step


# (seed, V, max_len, eos): 20 models for each of three sizes, eos moving through the vocabulary.
MODELS = [(seed, V, max_len, seed % V) for V, max_len in ((4, 3), (4, 4), (5, 3))
          for seed in range(20)]


@pytest.mark.parametrize("alpha", [0.0, 0.7])
def test_a_beam_as_wide_as_the_tree_finds_exhaustive_searchs_best(alpha):
    narrower = stopped = 0
    for seed, V, max_len, eos in MODELS:
        step = random_model(seed, V)
        every = exhaustive_search(step, START, max_len, eos, alpha)
        by_tokens = {h.tokens: h for h in every}
        wide, tree = beam_search(step, START, V ** max_len, max_len, eos, alpha, trace=True)
        assert wide[0] == every[0]  # tokens, log_prob and score: the same sums in the same order
        stopped += len(tree.levels) < max_len
        assert all(by_tokens[h.tokens] == h for h in wide)
        narrow = beam_search(step, START, 2, max_len, eos, alpha)
        assert all(by_tokens[h.tokens] == h for h in narrow)
        assert narrow[0].score <= every[0].score
        narrower += narrow[0].score < every[0].score
    assert narrower >= 5  # the models are hard enough for a beam of 2 to miss the best
    assert stopped >= 20  # and the early stop is exercised: it lost nothing


def test_every_output_is_scored_once_by_exhaustive_search():
    step = random_model(0, 4)
    every = exhaustive_search(step, START, 3, 3)
    # eos after 0, 1 or 2 of the 3 other tokens, or 3 of them cut at max_len: 1 + 3 + 9 + 27.
    assert len(every) == len({h.tokens for h in every}) == 40
    assert math.isclose(sum(math.exp(h.log_prob) for h in every), 1.0, rel_tol=1e-12)
    assert [h.score for h in every] == sorted((h.score for h in every), reverse=True)


@pytest.mark.parametrize("alpha", [0.0, 0.7])
def test_beam_width_one_is_greedy_search(alpha):
    for seed, V, max_len, eos in MODELS:
        step = random_model(seed, V)
        greedy = greedy_search(step, START, max_len, eos)
        (only,) = beam_search(step, START, 1, max_len, eos, alpha)
        assert only.tokens == greedy.tokens and only.log_prob == greedy.log_prob
        assert greedy.score == greedy.log_prob
        assert len(greedy.tokens) == max_len or greedy.tokens[-1] == eos


A, B, C, EOS = 0, 1, 2, 3
# d2l's "Beam Search", fig. 10.8.1 and 10.8.2: P(A | ), P(B | A), ... Every row sums to 1 (the
# search checks it), so after A B C it is A .1, B .1, C .2, <eos> .6.
D2L = table_model({(): [0.5, 0.2, 0.2, 0.1],
                   (A,): [0.1, 0.4, 0.3, 0.2],
                   (A, B): [0.2, 0.2, 0.4, 0.2], (A, B, C): [0.1, 0.1, 0.2, 0.6],
                   (A, C): [0.1, 0.6, 0.2, 0.1], (A, C, B): [0.1, 0.2, 0.1, 0.6]},
                  default=[0.25] * 4)


def test_d2ls_example_greedy_0_048_and_beam_width_2_0_054():
    greedy = greedy_search(D2L, START, 4, EOS)
    assert greedy.tokens == (A, B, C, EOS)
    assert math.isclose(math.exp(greedy.log_prob), 0.5 * 0.4 * 0.4 * 0.6, rel_tol=1e-12)
    best, second = beam_search(D2L, START, 2, 4, EOS)
    assert best.tokens == (A, C, B, EOS) and second == greedy
    assert math.isclose(math.exp(best.log_prob), 0.5 * 0.3 * 0.6 * 0.6, rel_tol=1e-12)


def test_d2ls_example_without_length_normalisation_prefers_a_short_output():
    best = exhaustive_search(D2L, START, 4, EOS)[0]  # <eos> at once, or A <eos>: both 0.1
    assert len(best.tokens) <= 2 and math.isclose(math.exp(best.log_prob), 0.1, rel_tol=1e-12)
    assert exhaustive_search(D2L, START, 4, EOS, alpha=0.75)[0].tokens == (A, C, B, EOS)


a, eos = 0, 1  # two tokens: 'a' and eos
SHORT_OR_LONG = table_model({(): [0.6, 0.4]}, default=[0.4, 0.6])


def test_length_normalisation_turns_the_choice_from_eos_to_a_longer_output():
    # (eos): 0.4; (a, eos): 0.6 * 0.6 = 0.36, a score of log(0.36) / 2 with alpha = 1.
    for search in (lambda alpha: beam_search(SHORT_OR_LONG, START, 2, 5, eos, alpha),
                   lambda alpha: exhaustive_search(SHORT_OR_LONG, START, 5, eos, alpha)):
        assert search(0.0)[0] == Hypothesis((eos,), math.log(0.4), math.log(0.4))
        best = search(1.0)[0]
        assert best.tokens == (a, eos) and math.isclose(best.score, math.log(0.36) / 2)


def test_the_search_stops_when_nothing_left_can_beat_the_best_finished_output():
    # alpha = 0, level 2: (eos) scores log 0.4 > log 0.24 of the kept (a, a); 3 levels unexpanded.
    hypotheses, tree = beam_search(SHORT_OR_LONG, START, 2, 5, eos, trace=True)
    assert len(tree.levels) == 2 and hypotheses[0].tokens == (eos,)


def test_with_length_normalisation_a_worse_node_now_can_still_win():
    # Level 1: (eos) scores log 0.6 = -0.51 above (a)'s log 0.4 = -0.92, but (a,) * 6, cut at
    # max_len, scores (log 0.4 + 5 log 0.95) / 6 = -0.20: a stop at level 1 would be wrong.
    step = table_model({(): [0.4, 0.6]}, default=[0.95, 0.05])
    hypotheses, tree = beam_search(step, START, 2, 6, eos, alpha=1.0, trace=True)
    first = {node.token: node for node in tree.levels[0]}
    assert first[eos].status == FINISHED and first[a].status == KEPT
    assert first[eos].score > first[a].score
    assert hypotheses[0] == exhaustive_search(step, START, 6, eos, alpha=1.0)[0]
    assert hypotheses[0].tokens == (a,) * 6
    assert math.isclose(hypotheses[0].score, (math.log(0.4) + 5 * math.log(0.95)) / 6)


@pytest.mark.parametrize("seed, V, max_len, eos", MODELS[::7])
def test_the_search_tree_holds_every_candidate_and_keeps_the_best(seed, V, max_len, eos):
    width, alpha = 3, 0.7
    hypotheses, tree = beam_search(random_model(seed, V), START, width, max_len, eos, alpha,
                                   trace=True)
    parents = [None]  # the nodes kept at the previous level: the start token at first
    for level, nodes in enumerate(tree.levels):
        assert len(nodes) == len(parents) * V
        assert [(node.parent, node.token) for node in nodes] == [
            (parent, token) for parent in parents for token in range(V)]
        chosen = [node for node in nodes if node.status != PRUNED]
        pruned = [node for node in nodes if node.status == PRUNED]
        assert len(chosen) == min(width, len(nodes))
        assert not pruned or min(n.score for n in chosen) >= max(n.score for n in pruned)
        assert all((node.status == FINISHED) == (node.token == eos or level == max_len - 1)
                   for node in chosen)
        parents = [i for i, node in enumerate(nodes) if node.status == KEPT]
    finished = {tree.tokens(level, i): node for level, nodes in enumerate(tree.levels)
                for i, node in enumerate(nodes) if node.status == FINISHED}
    assert {h.tokens: (h.log_prob, h.score) for h in hypotheses} == {
        tokens: (node.log_prob, node.score) for tokens, node in finished.items()}


def test_tokens_of_probability_zero_are_never_chosen():
    def step(prefixes):  # token 0 impossible: -inf, the rest uniform
        return np.tile([-np.inf, *np.log([0.5, 0.3, 0.2])], (len(prefixes), 1))
    assert greedy_search(step, START, 3, 3).tokens == (1, 1, 1)
    assert all(0 not in h.tokens for h in beam_search(step, START, 4, 3, 3))
    every = exhaustive_search(step, START, 3, 3)
    assert every[-1].log_prob == -np.inf and 0 in every[-1].tokens


def raises(exc, message):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


def returns(value):
    """A step that returns ``value`` whatever the prefixes."""
    return lambda prefixes: value


def test_what_step_returns_is_checked_with_a_clear_message():
    row = np.log([0.5, 0.2, 0.2, 0.1])
    with raises(ValueError, "step returned shape (4,) for 1 prefixes, expected (B, V) = (1, V): "
                            "one row of next-token log-probabilities per prefix."):
        greedy_search(returns(row), START, 3, EOS)
    with raises(ValueError, f"step returned a row with log-sum-exp "
                            f"{np.log(np.exp([0.5, 0.2, 0.2, 0.1]).sum()):.6g} after prefix "
                            f"({START},), expected 0: each row must be log-probabilities "
                            f"(apply log_softmax to the scores)."):
        beam_search(returns([[0.5, 0.2, 0.2, 0.1]]), START, 2, 3, EOS)
    with raises(ValueError, f"step returned nan for token 1 after prefix ({START},); "
                            f"log-probabilities must be finite or -inf."):
        exhaustive_search(returns([[0.0, np.nan, -np.inf, -np.inf]]), START, 3, EOS)
    with raises(ValueError, "eos == 7, must be a token id in 0..3 (step returns 4 "
                            "log-probabilities per prefix)."):
        beam_search(returns([row]), START, 2, 3, 7)
    with raises(TypeError, "step(prefixes) must hold real numbers (bool, int or float), got "
                           "dtype <U1."):
        greedy_search(returns([["a"]]), START, 3, EOS)
