"""Chapter 02 checkers: right answers pass, each wrong answer is named, nothing raises."""

import numpy as np

from dlcourse.data.toy import sum_below_one
from dlcourse.exercises.ch02 import (
    check_cross_entropy,
    check_dense_backward,
    check_divergence_lr,
    check_least_squares_mse,
    check_softmax_cross_entropy_grad,
)
from dlcourse.nn.optim import SGD, Momentum, descent_path
from dlcourse.nn.step_size import curvatures
from dlcourse.nn.surfaces import get_surface


def good_ce(y_hat, y, base):
    return float(np.mean(-np.sum(y * np.log(y_hat), axis=-1))) / np.log(base)


def good_dense(X, W, b, dLdZ):
    return dLdZ @ W.T, X.T @ dLdZ, dLdZ.sum(axis=0)


def good_softmax_grad(z, y):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True) - y) / len(z)


def good_divergence_lr(curvature, beta):
    return 2 * (1 + beta) / curvature


def good_least_squares_mse(X, y, bias):
    A = np.column_stack([X, np.ones(len(X))]) if bias else X
    w = np.linalg.lstsq(A, y, rcond=None)[0]
    return float(np.mean((A @ w - y) ** 2))


def test_correct_answers_pass():
    assert check_cross_entropy(good_ce).passed
    assert check_dense_backward(good_dense).passed
    assert check_softmax_cross_entropy_grad(good_softmax_grad).passed
    assert check_divergence_lr(good_divergence_lr).passed
    assert check_least_squares_mse(good_least_squares_mse).passed


def test_cross_entropy_with_natural_log_only_fails_the_base_10_cases():
    report = check_cross_entropy(lambda y_hat, y, base: good_ce(y_hat, y, np.e))
    assert not report.passed
    assert [line[0] for line in report.lines] == ["✗", "✗", "✓", "✓"]
    assert "expected 0.2218" in report.lines[0]


def test_dense_backward_names_the_wrong_gradient():
    report = check_dense_backward(lambda X, W, b, G: (G @ W.T, X.T @ G, G.mean(axis=0)))
    assert not report.passed
    assert report.lines[0].startswith("✓ dLdX") and report.lines[1].startswith("✓ dLdW")
    assert report.lines[2].startswith("✗ dLdb: relative error")
    report = check_dense_backward(lambda X, W, b, G: (G @ W, X.T @ G, G.sum(axis=0)))
    assert "✗ dLdX: shape (5, 3)" not in repr(report)  # W is (3, 4): G @ W fails to multiply
    assert "raised ValueError" in report.lines[0]


def test_dense_backward_reports_shapes_and_missing_returns():
    report = check_dense_backward(lambda X, W, b, G: (G @ W.T, G.T @ X, G.sum(axis=0)))
    assert "✗ dLdW: shape (4, 3), expected (3, 4)" in report.lines[1]
    report = check_dense_backward(lambda X, W, b, G: None)
    assert "returned None, expected a tuple" in report.lines[0]


def test_softmax_grad_without_the_batch_mean_fails_only_the_batch_case():
    report = check_softmax_cross_entropy_grad(lambda z, y: good_softmax_grad(z, y) * len(z))
    assert [line[0] for line in report.lines] == ["✗", "✓"]
    assert report.lines[0] == ("✗ 4 examples, 3 classes: off by a factor of N = 4: divide by the "
                               "number of rows (the loss is the mean over them).")


def test_softmax_grad_wrong_otherwise_shows_what_came_back():
    report = check_softmax_cross_entropy_grad(lambda z, y: good_softmax_grad(z, y) * 2)
    assert report.lines[0].startswith("✗ 4 examples, 3 classes: got [[")
    assert "factor of N" not in str(report)


def test_valley_curvatures_and_the_divergence_thresholds_they_give():
    np.testing.assert_allclose(curvatures(get_surface("valley")), [1.0, 10.0], rtol=1e-8)
    valley = get_surface("valley")
    for optimizer_class, threshold in ((SGD, 0.2), (Momentum, 0.38)):
        below = descent_path(valley.grad, valley.start, optimizer_class(0.99 * threshold), 300)
        above = descent_path(valley.grad, valley.start, optimizer_class(1.01 * threshold), 300)
        assert np.linalg.norm(below[-1]) < 1e-2 < 1e2 < np.linalg.norm(above[-1])


def test_divergence_lr_without_momentum_fails_the_momentum_cases_and_shows_why():
    report = check_divergence_lr(lambda h, beta: 2 / h)
    assert not report.passed
    assert [line[0] for line in report.lines[:4]] == ["✓", "✗", "✗", "✗"]
    assert "got 0.2, expected 0.38" in report.lines[1]
    assert report.lines[4].strip() == (
        "↳ on the valley, momentum (β = 0.9) at η = 0.29 still converges.")
    report = check_divergence_lr(lambda h, beta: 2.6 * (1 + beta) / h)
    assert "gradient descent at η = 0.257 already diverges" in report.lines[4]


def test_divergence_lr_reports_bad_returns_without_raising():
    report = check_divergence_lr(lambda h, beta: None)
    assert not report.passed and len(report.lines) == 4
    report = check_divergence_lr(lambda h, beta: -1.0)
    assert not report.passed and len(report.lines) == 4  # no descent run at η <= 0


def test_least_squares_mse_without_the_bias_fails_only_the_bias_cases():
    report = check_least_squares_mse(lambda X, y, bias: good_least_squares_mse(X, y, False))
    assert [line[0] for line in report.lines] == ["✓", "✗", "✓", "✗"]
    assert "expected 0.0839" in report.lines[3]
    X32, y32 = sum_below_one(32, seed=23455)
    np.testing.assert_allclose(good_least_squares_mse(X32, y32, False), 0.38356, atol=1e-5)


def test_odd_gradients_and_answers_are_reported_not_raised():
    report = check_dense_backward(lambda X, W, b, G: ("abc", 1j, [[1.0], [1.0, 2.0]]))
    assert not report.passed
    assert report.lines[0].startswith("✗ dLdX: returned 'abc' (text), expected real numbers.")
    assert report.lines[1].startswith("✗ dLdW: returned 1j (complex numbers)")
    assert report.lines[2].startswith("✗ dLdb: returned [[1.0], [1.0, 2.0]], a ragged list")
    for answer in ("0.2", 1j, [0.1, [0.2]]):
        assert not check_divergence_lr(lambda h, beta, answer=answer: answer).passed
    not_a_function = check_divergence_lr("0.2")
    assert not_a_function.lines == ["✗ expected a function, got str."]
    assert not check_cross_entropy(lambda y_hat, y, base: "0.22").passed
