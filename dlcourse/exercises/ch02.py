"""Chapter 02 exercises: cross-entropy with a log base, a dense layer's backward, softmax + CE,
the learning rate at which descent diverges, and the best MSE of a linear model with and
without a bias.

The backward checks compare a learner's gradients with finite differences
(:mod:`dlcourse.nn.gradcheck`) and name the gradient that is wrong.
"""

from __future__ import annotations

import numpy as np

from dlcourse.data.toy import sum_below_one
from dlcourse.exercises.checker import Case, Report, as_answer, check_function
from dlcourse.nn.gradcheck import TOLERANCE, numerical_gradient, relative_error
from dlcourse.nn.losses import cross_entropy, softmax_cross_entropy
from dlcourse.nn.optim import SGD, Momentum, descent_path
from dlcourse.nn.step_size import curvatures
from dlcourse.nn.surfaces import get_surface


def check_cross_entropy(fn) -> Report:
    """``fn(y_hat, y, base)`` must return -sum(y * log_base(y_hat)), a batch's mean over rows."""
    p = np.array([1.0, 0.0])  # the true distribution of seed 003's example
    q1, q2 = np.array([0.6, 0.4]), np.array([0.8, 0.2])
    batch_hat, batch = np.stack([q1, q2]), np.stack([p, p])  # (2, 2)
    cases = [
        Case((q1, p, 10), cross_entropy(q1, p, 10), "seed 003: H((1,0),(0.6,0.4)), base 10"),
        Case((q2, p, 10), cross_entropy(q2, p, 10), "seed 003: H((1,0),(0.8,0.2)), base 10"),
        Case((q1, p, np.e), cross_entropy(q1, p), "natural log: H((1,0),(0.6,0.4)), base e"),
        Case((batch_hat, batch, np.e), cross_entropy(batch_hat, batch),
             "a batch of 2 rows: the mean of the rows' cross-entropies"),
    ]
    return check_function("cross_entropy", fn, cases, rtol=1e-6)


def _compare(report: Report, name: str, got, expected: np.ndarray, hint: str) -> None:
    """One report line: is ``got`` the gradient ``expected`` (shape and relative error)?"""
    got, problem = as_answer(got)
    if got is None:
        report.fail(f"{name}: {problem} {hint}")
        return
    if got.shape != expected.shape:
        report.fail(f"{name}: shape {got.shape}, expected {expected.shape}. {hint}")
    else:
        err = relative_error(got, expected)
        if err < TOLERANCE:
            report.ok(f"{name}: matches finite differences (relative error < {TOLERANCE:.0e})")
        else:
            report.fail(f"{name}: relative error {err:.2f} against finite differences. {hint}")


def check_dense_backward(fn) -> Report:
    """``fn(X, W, b, dLdZ)`` must return ``(dLdX, dLdW, dLdb)`` for Z = X @ W + b.

    The check builds L = sum(Z * dLdZ), whose gradient with respect to Z is
    exactly dLdZ, and compares each returned gradient with a finite-difference
    gradient check; the report names each gradient that is wrong.
    """
    report = Report("dense_backward")
    rng = np.random.default_rng(2)
    X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    G = rng.normal(size=(5, 4))  # dL/dZ

    def loss() -> float:
        return float(np.sum((X @ W + b) * G))

    expected = {"dLdX": numerical_gradient(loss, X), "dLdW": numerical_gradient(loss, W),
                "dLdb": numerical_gradient(loss, b)}
    hints = {"dLdX": "Each X[n, i] reaches Z[n, :] through the row W[i, :]: dLdZ @ W.T.",
             "dLdW": "W[i, j] multiplies X[n, i] in every example n: X.T @ dLdZ.",
             "dLdb": "b[j] is added to Z[n, j] for every example n: sum dLdZ over the rows."}
    try:
        with np.errstate(all="ignore"):
            got = fn(X.copy(), W.copy(), b.copy(), G.copy())
    except Exception as exc:  # a learner's bug is reported, not raised
        report.fail(f"dense_backward(X, W, b, dLdZ) raised {type(exc).__name__}: {exc}")
        return report
    if not isinstance(got, tuple) or len(got) != 3:
        report.fail(f"returned {type(got).__name__}, expected a tuple (dLdX, dLdW, dLdb) — "
                    f"does your function end with `return dLdX, dLdW, dLdb`?")
        return report
    for name, value in zip(expected, got, strict=True):
        _compare(report, name, value, expected[name], hints[name])
    return report


def _numeric_softmax_ce_grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    z = z.copy()  # nudged in place by the gradient check
    return numerical_gradient(lambda: softmax_cross_entropy(z, y), z)


def check_softmax_cross_entropy_grad(fn) -> Report:
    """``fn(z, y)`` must return dL/dz for L = mean cross-entropy of softmax(z) against one-hot y."""
    z = np.random.default_rng(3).normal(scale=2.0, size=(4, 3))
    y = np.eye(3)[[0, 2, 1, 1]]  # (4, 3) one-hot
    one_z, one_y = np.array([[2.0, 1.0, 0.1]]), np.array([[1.0, 0.0, 0.0]])
    cases = [Case((z, y), _numeric_softmax_ce_grad(z, y), "4 examples, 3 classes"),
             Case((one_z, one_y), _numeric_softmax_ce_grad(one_z, one_y),
                  "one example z = [2, 1, 0.1], class 0")]
    return check_function("softmax_cross_entropy_grad", fn, cases, rtol=1e-5, atol=1e-8)


def _settles(lr: float, beta: float, steps: int = 300) -> bool:
    """Does descent (momentum when ``beta`` > 0) from the valley's start get nearer the minimum?"""
    valley = get_surface("valley")
    optimizer = SGD(lr) if beta == 0 else Momentum(lr, beta=beta)
    path = descent_path(valley.grad, valley.start, optimizer, steps)
    return len(path) == steps + 1 and np.linalg.norm(path[-1]) < np.linalg.norm(path[0])


def check_divergence_lr(fn) -> Report:
    r"""``fn(curvature, beta)`` must return the learning rate above which descent diverges.

    On :math:`f(w) = \tfrac12 h w^2` plain gradient descent (``beta = 0``) multiplies w by
    :math:`1 - \eta h` per step and diverges for :math:`\eta > 2/h`. Momentum
    (:math:`v \leftarrow \beta v + g`, :math:`w \leftarrow w - \eta v`) follows
    :math:`w_{t+1} = (1 + \beta - \eta h) w_t - \beta w_{t-1}` and diverges for
    :math:`\eta > 2(1 + \beta)/h`. The valley's curvatures come from its Hessian; for a wrong
    answer on the valley the report runs descent just below it or just above the true one.
    """
    along, across = curvatures(get_surface("valley"))  # 1 and 10
    cases = [
        Case((across, 0.0), 2 / across, "valley, plain gradient descent (curvature 10, β = 0)"),
        Case((across, 0.9), 2 * 1.9 / across, "valley, momentum β = 0.9 (curvature 10)"),
        Case((along, 0.9), 2 * 1.9 / along, "along the valley, momentum β = 0.9 (curvature 1)"),
        Case((4.0, 0.5), 2 * 1.5 / 4.0, "curvature 4, momentum β = 0.5"),
    ]
    report = check_function("divergence_lr", fn, cases, rtol=1e-3)
    if not callable(fn):  # the report says so in its only line
        return report
    for case, line in zip(cases[:2], report.lines[:2], strict=True):
        if line.startswith("✓"):
            continue
        beta = case.args[1]
        name = "gradient descent" if beta == 0 else f"momentum (β = {beta:g})"
        try:
            with np.errstate(all="ignore"):
                got, _ = as_answer(fn(*case.args))
        except Exception:  # already reported by check_function
            continue
        if got is None or got.shape != () or not np.isfinite(got) or got <= 0:
            continue
        got = float(got)
        if got < case.expected:
            lr = (got + case.expected) / 2
            verdict = "still converges" if _settles(lr, beta) else "diverges"
        else:
            lr = 0.99 * got
            verdict = "converges" if _settles(lr, beta) else "already diverges"
        report.lines.append(f"  ↳ on the valley, {name} at η = {lr:.3g} {verdict}.")
    return report


def check_least_squares_mse(fn) -> Report:
    """``fn(X, y, bias)`` must return the lowest mean squared error of ``X @ w`` (+ ``b`` if bias).

    ``X`` has shape (n, d), ``y`` shape (n, 1). The cases include seed 003's 32 points, where
    a model without a bias cannot get below about 0.38 whatever its training.
    """
    X32, y32 = sum_below_one(32, seed=23455)
    X3, y3 = np.array([[0.0], [1.0], [2.0]]), np.array([[1.0], [1.0], [2.0]])

    def best(X, y, bias):
        A = np.column_stack([X, np.ones(len(X))]) if bias else X  # (n, d + 1) or (n, d)
        w = np.linalg.lstsq(A, y, rcond=None)[0]
        return float(np.mean((A @ w - y) ** 2))

    cases = [
        Case((X3, y3, False), best(X3, y3, False), "x = 0, 1, 2 and y = 1, 1, 2, no bias"),
        Case((X3, y3, True), best(X3, y3, True), "x = 0, 1, 2 and y = 1, 1, 2, with a bias"),
        Case((X32, y32, False), best(X32, y32, False), "seed 003's 32 points, no bias"),
        Case((X32, y32, True), best(X32, y32, True), "seed 003's 32 points, with a bias"),
    ]
    return check_function("least_squares_mse", fn, cases, rtol=1e-6, atol=1e-9)
