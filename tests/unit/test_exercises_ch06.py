"""Chapter 06's exercises: the reference answers pass, the starters fail with a helpful report,
the recall counts are torch's, and the checkers name the usual mistakes."""

import numpy as np
import pytest
import torch

from dlcourse.exercises import ch06
from dlcourse.exercises.solutions import ch06 as reference

NONE_LINE = "returned None — does your function end with `return ...`?"


def starter(*args):
    """The notebook's starters: ``return None  # your code here``."""
    return None


def bptt_starter(x1, x2, w_ih, w_hh, h0):
    dL_dw_hh = None  # your code here
    dL_dh0 = None  # your code here
    return dL_dw_hh, dL_dh0


@pytest.mark.parametrize("number", sorted(ch06.SHEET.exercises))
def test_every_reference_answer_passes_its_checker(number, reference_report):
    exercise = ch06.SHEET[number]
    if exercise.check is None:
        assert exercise.rung == "discuss" and "forget gate" in exercise.worked
        return
    report = reference_report(ch06, number)  # checked once, shared with test_exercise_sheets
    assert report.passed, repr(report)


@pytest.mark.parametrize("check, first", [
    (ch06.check_rnn_step, "one example, 3 inputs, 4 hidden units"),
    (ch06.check_lstm_step, "one example, 3 inputs, 4 hidden units"),
    (ch06.check_temperature, "logits [2, 1, 0.1], T = 1"),
    (ch06.check_entropy, "uniform over 4: ln 4"),
])
def test_the_starters_fail_saying_they_return_none(check, first):
    report = check(starter)
    assert not report.passed
    assert report.lines[0] == f"✗ {first}: {NONE_LINE}"
    assert all(line.startswith("✗") and NONE_LINE in line for line in report.lines)


def test_the_unfinished_bptt_and_the_empty_answers_fail():
    report = ch06.check_bptt_two_steps(bptt_starter)
    assert not report.passed
    assert report.lines[0] == ("✗ x = (0.5, −1), w_ih = 0.8, w_hh = 1.2, h0 = 0.3: returned "
                               "[None, None] (not only numbers), expected real numbers.")
    recall = ch06.check_recall(rnn_params=None, lstm_params=None, gru_params=None)
    assert not recall.passed and recall.lines[1] == (
        "✗ lstm_params: no answer yet (parameters of LSTM(10, 20, 2), both biases included).")
    decay = ch06.check_gradient_decay(ratio_radius_0_5=None, ratio_radius_2_0=None)
    assert not decay.passed and len(decay.lines) == 2


def test_the_recall_counts_are_torchs():
    counts = {name: sum(p.numel() for p in layer(10, 20, 2).parameters())
              for name, layer in (("rnn_params", torch.nn.RNN), ("lstm_params", torch.nn.LSTM),
                                  ("gru_params", torch.nn.GRU))}
    assert counts == {"rnn_params": 1480, "lstm_params": 5920, "gru_params": 4440}
    assert ch06.SHEET[1].answer == counts
    assert ch06.check_recall(**counts).passed
    wrong = ch06.check_recall(**{**counts, "gru_params": 5920})  # counted 4 blocks, not 3
    assert wrong.lines[2].startswith("✗ gru_params: 5920 is not right.")


def test_the_lstm_checker_names_swapped_states_and_a_wrong_gate_order():
    def swapped(*args):
        h, c = reference.my_lstm_step(*args)
        return c, h

    def ifog(x, h, c, W_ih, W_hh, b_ih, b_hh):
        a_i, a_f, a_o, a_g = np.split(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh, 4, axis=-1)
        i, f, o = (1 / (1 + np.exp(-z)) for z in (a_i, a_f, a_o))
        c_new = f * c + i * np.tanh(a_g)
        return o * np.tanh(c_new), c_new

    assert ch06.check_lstm_step(swapped).lines[0] == (
        "✗ one example, 3 inputs, 4 hidden units: h' and c' are swapped: return (h_new, c_new).")
    assert "torch stacks them as i, f, g, o" in ch06.check_lstm_step(ifog).lines[0]


def test_the_rnn_checker_names_a_missing_bias_or_tanh():
    def no_bias(x, h, W_ih, W_hh, b_ih, b_hh):
        return np.tanh(x @ W_ih.T + h @ W_hh.T)

    def no_tanh(x, h, W_ih, W_hh, b_ih, b_hh):
        return x @ W_ih.T + b_ih + h @ W_hh.T + b_hh

    assert ch06.check_rnn_step(no_bias).lines[1] == (
        "✗ a batch of 5 examples: the biases b_ih and b_hh are missing.")
    assert ch06.check_rnn_step(no_tanh).lines[1] == (
        "✗ a batch of 5 examples: tanh is missing: h' = tanh(...).")


def test_the_bptt_checker_names_the_forgotten_path_through_h1():
    def last_step_only(x1, x2, w_ih, w_hh, h0):
        h1 = np.tanh(w_ih * x1 + w_hh * h0)
        h2 = np.tanh(w_ih * x2 + w_hh * h1)
        return (1 - h2**2) * h1, reference.my_bptt_two_steps(x1, x2, w_ih, w_hh, h0)[1]

    assert "add the path through h_1" in ch06.check_bptt_two_steps(last_step_only).lines[0]


def test_the_bptt_expectation_is_torch_autograd():
    x = torch.tensor([0.5, -1.0], dtype=torch.float64)
    w_ih, w_hh, h0 = (torch.tensor(v, dtype=torch.float64, requires_grad=True)
                      for v in (0.8, 1.2, 0.3))
    h2 = torch.tanh(w_ih * x[1] + w_hh * torch.tanh(w_ih * x[0] + w_hh * h0))
    h2.backward()
    expected = [w_hh.grad.item(), h0.grad.item()]
    assert np.allclose(reference.my_bptt_two_steps(0.5, -1.0, 0.8, 1.2, 0.3), expected,
                       rtol=1e-12)


def test_the_temperature_checker_catches_an_unstable_softmax():
    def unstable(logits, temperature):
        e = np.exp(np.asarray(logits) / temperature)
        return e / e.sum(axis=-1, keepdims=True)

    report = ch06.check_temperature(unstable)
    assert not report.passed
    assert report.lines[-1].startswith("✗ logits [1000, 999, 990], T = 1: got [nan")
    assert all(line.startswith("✓") for line in report.lines[:-1])


def test_the_numbers_of_the_gradient_decay_worked_answer():
    assert ch06.SHEET[7].answer == {"ratio_radius_0_5": 6.4968e-08, "ratio_radius_2_0": 4.95448}
    assert ch06.gradient_ratio(0.5) < 1e-7  # "about 6e-8"
    assert 4.9 < ch06.gradient_ratio(2.0) < 5.0 < 2.0**19  # "about 5 times", "far less than 2^19"
    assert round(ch06.gradient_ratio(1.5), 2) == 0.76  # "at radius 1.5 ... still 0.76"
    assert ch06.check_gradient_decay(ratio_radius_0_5=ch06.gradient_ratio(0.5, seed=3),
                                     ratio_radius_2_0=ch06.gradient_ratio(2.0, seed=3),
                                     seed=3).passed


def test_the_ladder_and_the_revealed_text():
    rungs = [e.rung for e in ch06.SHEET.exercises.values()]
    assert rungs == ["recall", "implement", "implement", "derive", "implement", "implement",
                     "experiment", "discuss"]
    shown = repr(ch06.solution(2))
    assert shown.startswith("Chapter 06, exercise 2: a reference answer\n\n"
                            "def my_rnn_step(x, h, W_ih, W_hh, b_ih, b_hh):\n")
    assert "check_recall(\n    rnn_params=1480,\n    lstm_params=5920," in repr(ch06.solution(1))
    assert repr(ch06.hint(8)).startswith("Chapter 06, exercise 8: a hint\n\nSeed 000 says")
