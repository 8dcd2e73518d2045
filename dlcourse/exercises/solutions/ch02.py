"""Reference solutions of chapter 02's exercises (shown by ``dlcourse.exercises.ch02.solution``)."""

import numpy as np


def my_cross_entropy(y_hat, y, base):
    per_row = -np.sum(y * np.log(y_hat), axis=-1) / np.log(base)  # log_b(q) = ln(q) / ln(b)
    return float(np.mean(per_row))  # one row: itself; a batch: the mean over its rows


def my_dense_backward(X, W, b, dLdZ):
    dLdX = dLdZ @ W.T  # (N, n_out) @ (n_out, n_in) -> (N, n_in)
    dLdW = X.T @ dLdZ  # (n_in, N) @ (N, n_out) -> (n_in, n_out): a sum over the examples
    dLdb = dLdZ.sum(axis=0)  # (n_out,): b is added to every row of Z
    return dLdX, dLdW, dLdb


def my_softmax_cross_entropy_grad(z, y):
    e = np.exp(z - z.max(axis=1, keepdims=True))  # (N, K), stable
    s = e / e.sum(axis=1, keepdims=True)  # softmax of each row
    return (s - y) / len(z)  # the loss is a mean over the N rows, so is its gradient


def my_divergence_lr(curvature, beta):
    # w_{t+1} = (1 + β - ηh) w_t - β w_{t-1}: a root of λ² - (1 + β - ηh)λ + β reaches -1
    # when 1 + (1 + β - ηh) + β = 0, that is at η = 2(1 + β) / h (β = 0: gradient descent)
    return 2 * (1 + beta) / curvature


def my_least_squares_mse(X, y, bias):
    A = np.column_stack([X, np.ones(len(X))]) if bias else X  # (n, d + 1) or (n, d)
    w = np.linalg.lstsq(A, y, rcond=None)[0]  # (d + 1, 1) or (d, 1): the best weights
    return float(np.mean((A @ w - y) ** 2))
