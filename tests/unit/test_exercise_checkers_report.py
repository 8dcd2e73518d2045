"""Every checker reports a bad answer in a ✗ line saying what came back, and never raises.

One table per kind of checker: those that call a learner's function, the dense layer's
backward (three gradients in a tuple), and those that take answers as keywords.
"""

import ast

import numpy as np
import pytest

from dlcourse.exercises import ch01, ch02, ch03, ch04, ch05, ch06

NAN_HINT = "(inf or nan: an overflow, or 0 / 0?)"


def crashing(*args):
    raise ZeroDivisionError("division by zero")


BAD = {  # kind -> (the learner's function, what the report says came back)
    "text": (lambda *a: "abc", "returned 'abc' (text), expected real numbers."),
    "complex": (lambda *a: 1 + 2j, "returned (1+2j) (complex numbers), expected real numbers."),
    "ragged": (lambda *a: [[1.0], [1.0, 2.0]],
               "returned [[1.0], [1.0, 2.0]], a ragged list (rows of different lengths)."),
    "object": (lambda *a: {"y": 1}, "returned a dict, expected a number or array."),
    "none": (lambda *a: None, "returned None — does your function end with `return ...`?"),
    "raises": (crashing, "raised ZeroDivisionError: division by zero"),
}

FUNCTION_CHECKERS = [  # (checker, the label of its first case, the shape expected there)
    (ch01.check_sigmoid, "z = 0", "()"),
    (ch01.check_relu_grad, "z = [-5, -1, 0, 0.5, 3]", "(5,)"),
    (ch01.check_softmax, "z = [2, 1, 0.1]", "(3,)"),
    (ch01.check_neuron, "x=[0.35, 0.82, 0.33], w=[-1.3, 0.91, 0.45], b=-0.54", "()"),
    (ch01.check_softmax_jacobian, "z = [2, 1, 0.1]", "(3, 3)"),
    (ch02.check_cross_entropy, "seed 003: H((1,0),(0.6,0.4)), base 10", "()"),
    (ch02.check_softmax_cross_entropy_grad, "4 examples, 3 classes", "(4, 3)"),
    (ch02.check_divergence_lr, "valley, plain gradient descent (curvature 10, β = 0)", "()"),
    (ch02.check_least_squares_mse, "x = 0, 1, 2 and y = 1, 1, 2, no bias", "()"),
    (ch03.check_output_size, "n=5, f=3, s=1, p=0", "()"),
    (ch03.check_conv1d_valid, "seed 003: X=[1,2,3,0,1,0], H=[1,2,1]", "(4,)"),
    (ch03.check_conv2d, "1 channel, 1 kernel, stride 1, padding 0", "(1, 3, 3)"),
    (ch03.check_same_padding, "f=3, dilation 1", "()"),
    (ch03.check_unseen_columns, "n=8, f=3, stride 3", "(2,)"),
    (ch04.check_max_pool, "4×4 map", "(2, 2)"),
    (ch04.check_max_pool_backward, "4×4 map, dLdY = 1, 2, 3, ...", "(4, 4)"),
    (ch04.check_avg_pool_backward, "4×4 map, dLdY = 1, 2, 3, ...", "(4, 4)"),
    (ch05.check_conv_params, "Keras conv1: 1 -> 32, 3x3", "()"),
    (ch05.check_conv_output_size, "Keras conv1 on 28: k 3, no padding", "()"),
    (ch06.check_rnn_step, "one example, 3 inputs, 4 hidden units", "(1, 4)"),
    (ch06.check_lstm_step, "one example, 3 inputs, 4 hidden units", "(2, 1, 4)"),
    (ch06.check_bptt_two_steps, "x = (0.5, −1), w_ih = 0.8, w_hh = 1.2, h0 = 0.3", "(2,)"),
    (ch06.check_temperature, "logits [2, 1, 0.1], T = 1", "(3,)"),
    (ch06.check_entropy, "uniform over 4: ln 4", "()"),
]
REFERENCES = {e.check: e.answer for m in (ch01, ch02, ch03, ch04, ch05, ch06)
              for e in m.SHEET.exercises.values() if callable(e.answer)}
REFERENCES[ch05.check_conv_output_size] = REFERENCES[ch03.check_output_size]


@pytest.mark.parametrize("kind", sorted(BAD))
@pytest.mark.parametrize("check, what, shape", FUNCTION_CHECKERS,
                         ids=[row[0].__name__ for row in FUNCTION_CHECKERS])
def test_function_checkers_report_what_came_back(check, what, shape, kind):
    learner, said = BAD[kind]
    report = check(learner)
    assert not report.passed
    assert report.lines[0] == f"✗ {what}: {said}"


@pytest.mark.parametrize("check, what, shape", FUNCTION_CHECKERS,
                         ids=[row[0].__name__ for row in FUNCTION_CHECKERS])
def test_function_checkers_report_the_wrong_shape_and_nan(check, what, shape):
    assert check(lambda *a: np.zeros(7)).lines[0] == f"✗ {what}: shape (7,), expected {shape}."
    reference = REFERENCES[check]
    line = check(lambda *a: np.full(np.shape(reference(*a)), np.nan)).lines[0]
    got = "[" * len(ast.literal_eval(shape)) + "nan"  # as many [ as dimensions
    assert line.startswith(f"✗ {what}: got {got}") and "\n" not in line
    assert line.endswith(f". {NAN_HINT}")


def test_a_function_that_changes_its_input_does_not_change_the_next_case():
    def softmax_in_place(z):
        z -= z.max()  # the learner's input, edited in place
        np.exp(z, out=z)
        return z / z.sum()

    assert ch01.check_softmax(softmax_in_place).passed


DENSE_HINT = "Each X[n, i] reaches Z[n, :] through the row W[i, :]: dLdZ @ W.T."


@pytest.mark.parametrize("kind", ["text", "complex", "ragged", "object", "none"])
def test_dense_backward_reports_each_bad_gradient(kind):
    bad, said = BAD[kind]
    good = ch02.SHEET[3].answer

    def learner(X, W, b, dLdZ):
        return bad(), *good(X, W, b, dLdZ)[1:]

    report = ch02.check_dense_backward(learner)
    assert report.lines[0] == f"✗ dLdX: {said} {DENSE_HINT}"
    assert report.lines[1:] == ["✓ dLdW: matches finite differences (relative error < 1e-06)",
                                "✓ dLdb: matches finite differences (relative error < 1e-06)"]


def test_dense_backward_reports_shape_nan_raising_and_a_lone_value():
    good = ch02.SHEET[3].answer
    report = ch02.check_dense_backward(lambda X, W, b, G: (np.zeros(7), *good(X, W, b, G)[1:]))
    assert report.lines[0] == f"✗ dLdX: shape (7,), expected (5, 3). {DENSE_HINT}"
    report = ch02.check_dense_backward(
        lambda X, W, b, G: (np.full((5, 3), np.nan), *good(X, W, b, G)[1:]))
    assert report.lines[0].startswith("✗ dLdX: got [[nan, nan, nan],")
    assert report.lines[0].endswith(f"which has inf or nan. {DENSE_HINT}")
    assert ch02.check_dense_backward(crashing).lines == [
        "✗ dense_backward(X, W, b, dLdZ) raised ZeroDivisionError: division by zero"]
    assert ch02.check_dense_backward(lambda *a: "abc").lines == [
        "✗ returned 'abc' (str), expected a tuple (dLdX, dLdW, dLdb) — does your function end "
        "with `return dLdX, dLdW, dLdb`?"]


ANSWERED = {  # kind -> (an answer given as a keyword, what the report says of it)
    "text": ("abc", "answered 'abc' (text), expected real numbers."),
    "complex": (1 + 2j, "answered (1+2j) (complex numbers), expected real numbers."),
    "ragged": ([[1.0], [1.0, 2.0]],
               "answered [[1.0], [1.0, 2.0]], a ragged list (rows of different lengths)."),
    "shape": (np.zeros(3), "answered [0., 0., 0.], expected one number."),
    "nan": (float("nan"), "nan is not right."),
    "object": ({"y": 1}, "answered a dict, expected a number or array."),
}

KEYWORD_CHECKERS = [  # (checker, the keyword that gets the bad answer, the question's text)
    (ch01.check_recall, "sigmoid_at_0", "σ(0)"),
    (ch01.check_saturation, "orders_of_magnitude", "log10 of its fall"),
    (ch02.check_recall, "ce_of_a_perfect_prediction",
     "cross-entropy when ŷ equals the one-hot y"),
    (ch02.check_depth_experiment, "ratio_depth_3",
     "‖∂L/∂W^[1]‖ / ‖∂L/∂W^[last]‖ with 3 hidden layers, seed 0"),
    (ch03.check_recall, "valid_length", "outputs of a valid 1-D convolution, n = 6, m = 3"),
    (ch04.check_recall, "parameters_of_a_pooling_layer",
     "learned parameters of 2 × 2 max pooling"),
    (ch04.check_overlapping_pooling, "change_2x2", "1-px shift, 2 × 2 max pooling, 500 digits"),
]


@pytest.mark.parametrize("kind", sorted(ANSWERED))
@pytest.mark.parametrize("check, keyword, text", KEYWORD_CHECKERS,
                         ids=[f"{row[0].__module__[-4:]}-{row[0].__name__}"
                              for row in KEYWORD_CHECKERS])
def test_keyword_checkers_report_what_was_answered(check, keyword, text, kind):
    answer, said = ANSWERED[kind]
    report = check(**{keyword: answer})
    assert not report.passed
    assert f"✗ {keyword}: {said} ({text})" in report.lines


def test_keyword_checkers_name_missing_unknown_and_wrong_words():
    report = ch01.check_saturation(most_hurt=3, orders_of_magnitude=None)
    assert report.lines == [
        "✗ most_hurt: answered 3 (int), expected a word in quotes. (sigmoid, tanh or elu)",
        "✗ orders_of_magnitude: no answer yet (log10 of its fall)."]
    assert ch01.check_saturation(most_hurt="ELU").lines[0] == (
        "✗ most_hurt: 'ELU' is not right. (sigmoid, tanh or elu)")
    assert ch01.check_recall(sigma_at_0=0.5).lines[0] == (
        "✗ sigma_at_0: no such question; the answers are named sigmoid_at_0, "
        "largest_sigmoid_slope, tanh_slope_at_0, relu_slope_at_minus_2, softmax_of_4_equal_scores.")


@pytest.mark.parametrize("answer", ["abc", 1 + 2j, [[1.0], [1.0, 2.0]], np.zeros(3), float("nan"),
                                    True, {"y": 1}])
def test_bias_interval_reports_ends_that_are_not_numbers(answer):
    report = ch01.check_bias_interval(low=answer, high=2)
    assert report.lines == [f"✗ low == {answer!r}, expected a number such as -1.5."]
