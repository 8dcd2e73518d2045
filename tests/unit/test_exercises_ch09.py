"""Chapter 09's exercises: the reference answers pass, the starters fail with a helpful report,
the checkers name the usual mistakes, and the numbers behind them are torch's."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlcourse.exercises import ch09
from dlcourse.exercises.solutions import ch09 as reference

NONE_LINE = "returned None — does your function end with `return ...`?"


def starter(*args):
    """The notebook's starters: ``return None  # your code here``."""
    return None


@pytest.mark.parametrize("number", sorted(ch09.SHEET.exercises))
def test_every_reference_answer_passes_its_checker(number, reference_report):
    exercise = ch09.SHEET[number]
    if exercise.check is None:
        assert exercise.rung == "discuss" and "fixed" in exercise.worked
        return
    report = reference_report(ch09, number)  # checked once, shared with test_exercise_sheets
    assert report.passed, repr(report)


def test_the_ladder_has_every_rung():
    rungs = [e.rung for e in ch09.SHEET.exercises.values()]
    assert rungs == ["recall", "implement", "implement", "derive", "experiment", "discuss"]


@pytest.mark.parametrize("check, cases", [(ch09.check_masked_softmax, 4),
                                          (ch09.check_attention, 2)])
def test_the_starters_fail_saying_they_return_none(check, cases):
    report = check(starter)
    assert not report.passed and len(report.lines) == cases
    assert all(line.startswith("✗") and line.endswith(NONE_LINE) for line in report.lines)


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def test_the_masked_softmax_checker_names_the_mistakes():
    lines = ch09.check_masked_softmax(lambda s, m: softmax(s)).lines
    assert lines[0].startswith("✓ random scores (3, 5), nothing masked")
    assert lines[1] == ("✗ random scores (3, 5), some keys masked: the mask is ignored: a key with "
                        "mask False must get weight 0; set its score to -inf before the softmax "
                        "(np.where(mask, scores, -np.inf)).")
    axis0 = ch09.check_masked_softmax(lambda s, m: softmax(np.where(m, s, -np.inf), axis=0)).lines
    assert "the softmax runs down the columns (axis 0)" in axis0[0]
    # the plain recipe without the fully-masked-row guard: nan in that row (0 / 0)
    naive = ch09.check_masked_softmax(lambda s, m: softmax(np.where(m, s, -np.inf))).lines
    assert all(line.startswith("✓") for line in naive[:3])
    assert naive[3].startswith("✗ row 0 fully masked")
    assert "(inf or nan: an overflow, or 0 / 0?)" in naive[3]
    def no_max(s, m):
        e = np.where(m, np.exp(s), 0)
        return e / e.sum(-1, keepdims=True)

    no_max = ch09.check_masked_softmax(no_max).lines
    assert no_max[2].startswith("✗ scores near 1000, the causal mask (4, 4): got [[nan")


def test_the_masked_softmax_reference_equals_torch():
    rng = np.random.default_rng(0)
    scores, mask = rng.normal(size=(4, 6)), rng.random((4, 6)) > 0.4
    mask[2] = False
    eye = torch.eye(6, dtype=torch.float64)
    weights = F.scaled_dot_product_attention(torch.from_numpy(scores), eye, eye, scale=1.0,
                                             attn_mask=torch.from_numpy(mask))  # A @ I = A
    assert np.allclose(reference.my_masked_softmax(scores, mask), weights.numpy(), rtol=1e-12,
                       atol=1e-15)
    assert not reference.my_masked_softmax(scores, mask)[2].any()


def test_the_attention_checker_names_the_mistakes():
    unscaled = ch09.check_attention(lambda q, k, v: softmax(q @ np.swapaxes(k, -1, -2)) @ v).lines
    assert unscaled[0] == ("✗ q (3, 8), k (4, 8), v (4, 2): the scores are not scaled: divide q kᵀ "
                           "by √E (√E == 2.82843 here).")
    by_E = ch09.check_attention(
        lambda q, k, v: softmax(q @ np.swapaxes(k, -1, -2) / q.shape[-1]) @ v)
    assert "the scores are divided by E == 8; the scale is 1/√E" in by_E.lines[0]
    wrong_axis = ch09.check_attention(
        lambda q, k, v: softmax(q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]), axis=-2) @ v)
    assert "the softmax runs over the queries (axis -2)" in wrong_axis.lines[0]
    transposed = ch09.check_attention(lambda q, k, v: softmax(q @ k.T / np.sqrt(q.shape[-1])) @ v)
    assert transposed.lines[0].startswith("✓") and transposed.lines[1].startswith("✗ a batch of 2")


def test_the_reference_attention_equals_torch():
    rng = np.random.default_rng(1)
    q, k, v = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 3))
    expected = F.scaled_dot_product_attention(*(torch.from_numpy(a) for a in (q, k, v))).numpy()
    assert np.allclose(reference.my_attention(q, k, v), expected, rtol=1e-12)


def test_the_tiny_case_by_hand():
    e = np.e
    w = np.array([e, 1, 1 / e]) / (e + 1 + 1 / e)
    answers = dict(weight_1=w[0], weight_2=w[1], weight_3=w[2], output=w @ [10, 20, 30],
                   weight_1_key_3_masked=e / (e + 1))
    assert ch09.check_tiny_weights(**answers).passed
    assert np.allclose([ch09.SHEET[4].answer[k] for k in answers], list(answers.values()),
                       rtol=1e-5)
    unscaled = np.exp([2, 0, -2]) / np.exp([2, 0, -2]).sum()  # forgot the scale 1/2
    report = ch09.check_tiny_weights(**{**answers, "weight_1": float(unscaled[0])})
    assert not report.passed
    assert report.lines[0].startswith("✗ weight_1: 0.8668133321973349 is not right.")


def test_the_score_spread_passes_for_any_seed_and_fails_without_the_square_root():
    for seed in (1, 2):
        rng = np.random.default_rng(seed)
        std = {f"std_E_{E}": (rng.normal(size=(10_000, E))
                              * rng.normal(size=(10_000, E))).sum(1).std() for E in (4, 64, 1024)}
        q, k = rng.normal(size=(10_000, 1, 64)), rng.normal(size=(10_000, 10, 64))
        scores = (q @ np.swapaxes(k, -1, -2))[:, 0]  # (n, 10)
        peaks = {"max_weight_unscaled": softmax(scores).max(-1).mean(),
                 "max_weight_scaled": softmax(scores / 8).max(-1).mean()}
        assert ch09.check_score_spread(**std, **peaks).passed, seed
    answers = dict(ch09.SHEET[5].answer)
    report = ch09.check_score_spread(**{**answers, "std_E_64": 64.0})  # the variance, not the std
    assert not report.passed and "✗ std_E_64: 64.0 is not right." in report.lines[1]


def test_the_recall_numbers_are_torchs():
    q, k, v = (torch.zeros(s) for s in ch09.RECALL_SHAPES.values())
    out = F.scaled_dot_product_attention(q, k, v)
    weights = torch.softmax(q @ k.transpose(-1, -2) / 8 ** 0.5, dim=-1)
    answer = ch09.SHEET[1].answer
    assert (answer["weights_rows"], answer["weights_columns"]) == tuple(weights.shape[-2:])
    assert answer["output_features"] == out.shape[-1] and answer["default_scale_E_64"] == 64 ** -0.5
