"""Chapter 08's exercises: the reference answers pass, starters and usual mistakes fail."""

import numpy as np
import pytest

from dlcourse.decoding import beam_search, table_step
from dlcourse.exercises import ch08
from dlcourse.exercises.solutions import ch08 as reference

NONE_LINE = "returned None — does your function end with `return ...`?"


def starter(*args):
    return None


@pytest.mark.parametrize("number", sorted(ch08.SHEET.exercises))
def test_every_reference_answer_passes_its_checker(number, reference_report):
    exercise = ch08.SHEET[number]
    if exercise.check is None:
        assert exercise.rung == "discuss" and "search error" in exercise.worked
        return
    report = reference_report(ch08, number)  # checked once, shared with test_exercise_sheets
    assert report.passed, repr(report)


@pytest.mark.parametrize("check", [ch08.check_beam_step, ch08.check_score, ch08.check_greedy])
def test_the_starters_fail_saying_they_return_none(check):
    report = check(starter)
    assert not report.passed and all(NONE_LINE in line for line in report.lines)


def test_keeping_each_nodes_best_token_is_named():
    def per_node(log_p, next_log_probs, k):
        best = np.argmax(next_log_probs, axis=1)
        order = np.argsort(-(log_p + next_log_probs.max(axis=1)))[:k]
        return np.stack([order, best[order]], axis=1)

    report = ch08.check_beam_step(per_node)
    assert not report.passed
    assert any("sorts all B × V candidates together" in line for line in report.lines)


def test_the_reference_beam_step_is_beam_searchs_level_two():
    # A table whose level 1 holds nodes 0 and 1 (P 0.6 and 0.4): beam_search's second level
    # keeps the same (parent, token) pairs as one step of my_beam_step from there.
    rows = {(0,): [0.1, 0.5, 0.3, 0.1], (1,): [0.7, 0.1, 0.1, 0.1]}
    step = table_step({(): [0.6, 0.4, 0.0, 0.0], **rows}, [0.25] * 4)
    _, tree = beam_search(step, 99, 2, 2, None, trace=True)
    kept = [(n.parent, n.token) for n in tree.levels[1] if n.status != "pruned"]
    got = reference.my_beam_step(np.log([0.6, 0.4]), np.log([rows[(0,)], rows[(1,)]]), 2)
    assert sorted(kept) == sorted(map(tuple, got.tolist())) == [(0, 1), (1, 0)]


def test_a_multiplied_score_and_a_wrong_experiment_answer_fail():
    report = ch08.check_score(lambda log_prob, length, alpha: log_prob * length ** alpha)
    assert not report.passed
    assert any("you multiplied by L ** alpha" in line for line in report.lines)
    report = ch08.check_short_outputs(best_probability_alpha_0=0.054, best_length_alpha_0=4,
                                      best_length_alpha_075=4)
    assert not report.passed and report.lines[0].startswith("✗ best_probability_alpha_0")
    assert report.lines[-1].startswith("✓ best_length_alpha_075")


def test_greedy_that_never_stops_at_eos_fails():
    def no_eos(step, start, max_len, eos):
        tokens = []
        while len(tokens) < max_len:
            tokens.append(int(np.argmax(step([(start, *tokens)])[0])))
        return tokens

    report = ch08.check_greedy(no_eos)
    assert not report.passed and report.lines[-1].startswith("✓")  # no eos: cut at max_len
    assert ch08.check_recall(greedy_probability=0.048, beam_probability=0.054,
                             candidates_per_level=39).passed
    assert not ch08.check_recall(greedy_probability=0.054).passed
