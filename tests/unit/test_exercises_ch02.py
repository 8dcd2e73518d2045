"""Chapter 02 checkers: right answers pass, each wrong answer is named, nothing raises."""

import numpy as np

from dlcourse.exercises.ch02 import (
    check_cross_entropy,
    check_dense_backward,
    check_softmax_cross_entropy_grad,
)


def good_ce(y_hat, y, base):
    return float(np.mean(-np.sum(y * np.log(y_hat), axis=-1))) / np.log(base)


def good_dense(X, W, b, dLdZ):
    return dLdZ @ W.T, X.T @ dLdZ, dLdZ.sum(axis=0)


def good_softmax_grad(z, y):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True) - y) / len(z)


def test_correct_answers_pass():
    assert check_cross_entropy(good_ce).passed
    assert check_dense_backward(good_dense).passed
    assert check_softmax_cross_entropy_grad(good_softmax_grad).passed


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
    assert "returned NoneType, expected a tuple" in report.lines[0]


def test_softmax_grad_without_the_batch_mean_fails_only_the_batch_case():
    report = check_softmax_cross_entropy_grad(lambda z, y: good_softmax_grad(z, y) * len(z))
    assert [line[0] for line in report.lines] == ["✗", "✓"]
