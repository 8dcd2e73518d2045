"""Chapter 02 exercises: recall, cross-entropy with a log base, a dense layer's backward,
softmax + CE, the learning rate at which descent diverges, the best MSE of a linear model with
and without a bias, and the gradient ratio of a shallow sigmoid network; hints and solutions
(``hint(n)``, ``solution(n)``).

The backward checks compare a learner's gradients with finite differences
(:mod:`dlcourse.nn.gradcheck`) and name the gradient that is wrong.
"""

from __future__ import annotations

import numpy as np

from dlcourse.data.toy import eight_points, sum_below_one
from dlcourse.exercises.checker import (
    Case,
    Question,
    Report,
    as_answer,
    check_answers,
    check_function,
    shorten,
)
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch02 as reference
from dlcourse.nn.gradcheck import TOLERANCE, numerical_gradient, relative_error
from dlcourse.nn.losses import cross_entropy, softmax_cross_entropy
from dlcourse.nn.mlp import MLP
from dlcourse.nn.optim import SGD, Momentum, descent_path
from dlcourse.nn.step_size import curvatures
from dlcourse.nn.surfaces import get_surface

RECALL = (
    Question("ce_of_a_perfect_prediction", 0.0, "cross-entropy when ŷ equals the one-hot y"),
    Question("ce_of_uniform_10_classes", float(np.log(10)),
             "cross-entropy in nats of ŷ = 1/10 for each of 10 classes"),
    Question("grad_at_score_0", -0.3,
             "∂L/∂z_0 of softmax + cross-entropy for ŷ = (0.7, 0.2, 0.1), y = (1, 0, 0)"),
    Question("divergence_lr_curvature_10", 0.2,
             "the learning rate above which gradient descent diverges at curvature 10"),
    Question("numbers_in_dLdW", 12.0, "how many numbers ∂L/∂W has for W of shape (3, 4)"),
)


def check_recall(**answers) -> Report:
    """Five facts of the chapter, one keyword each (see :data:`RECALL`)."""
    return check_answers("recall", RECALL, answers)


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
    elif not np.all(np.isfinite(got)):
        report.fail(f"{name}: got {shorten(got)}, which has inf or nan. {hint}")
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
        what = "None" if got is None else f"{shorten(got)} ({type(got).__name__})"
        report.fail(f"returned {what}, expected a tuple "
                    f"(dLdX, dLdW, dLdb) — does your function end with `return dLdX, dLdW, dLdb`?")
        return report
    for name, value in zip(expected, got, strict=True):
        _compare(report, name, value, expected[name], hints[name])
    return report


def _numeric_softmax_ce_grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    z = z.copy()  # nudged in place by the gradient check
    return numerical_gradient(lambda: softmax_cross_entropy(z, y), z)


def _missing_mean(n_rows: int):
    """A diagnosis for :class:`Case`: is the answer ``n_rows`` times the expected gradient?"""
    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        if np.allclose(got, n_rows * expected, rtol=1e-5, atol=1e-8):
            return (f"off by a factor of N = {n_rows}: divide by the number of rows "
                    f"(the loss is the mean over them).")
        return ""
    return diagnose


def check_softmax_cross_entropy_grad(fn) -> Report:
    """``fn(z, y)`` must return dL/dz for L = mean cross-entropy of softmax(z) against one-hot y."""
    z = np.random.default_rng(3).normal(scale=2.0, size=(4, 3))
    y = np.eye(3)[[0, 2, 1, 1]]  # (4, 3) one-hot
    one_z, one_y = np.array([[2.0, 1.0, 0.1]]), np.array([[1.0, 0.0, 0.0]])
    cases = [Case((z, y), _numeric_softmax_ce_grad(z, y), "4 examples, 3 classes",
                  diagnose=_missing_mean(len(z))),
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


def sigmoid_gradient_ratio(depth: int, seed: int = 0) -> float:
    """‖∂L/∂W^[1]‖ / ‖∂L/∂W^[last]‖ at initialisation: chapter 02 section 6's sigmoid network.

    ``depth`` hidden layers of 32 sigmoid units, Glorot initialisation, a linear output and
    squared error on the eight points with standardised inputs.
    """
    X, y = eight_points()
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)  # mean 0, std 1 per feature
    net = MLP((2, *[32] * depth, 1), activation="sigmoid", output_activation=None,
              init="xavier", seed=seed)
    net.loss_and_backward(Xs, y, "mse")
    norms = net.gradient_norms()
    return float(norms[0] / norms[-1])


def check_depth_experiment(ratio_depth_3=None, ratio_depth_10=None, seed: int = 0) -> Report:
    """The first- to last-layer gradient ratio of section 6's sigmoid network, 3 and 10 layers."""
    questions = [Question(f"ratio_depth_{d}", sigmoid_gradient_ratio(d, seed),
                          f"‖∂L/∂W^[1]‖ / ‖∂L/∂W^[last]‖ with {d} hidden layers, seed {seed}")
                 for d in (3, 10)]
    return check_answers("depth experiment", questions,
                         {"ratio_depth_3": ratio_depth_3, "ratio_depth_10": ratio_depth_10})


SHEET = Sheet("02", [
    Exercise(1, "recall", """
        Section 2 has cross-entropy and its gradient ŷ − y at the scores; section 5 the
        learning rate 2 / curvature; a gradient has the shape of what it differentiates.""",
        answer=dict(ce_of_a_perfect_prediction=0.0, ce_of_uniform_10_classes=2.302585,
                    grad_at_score_0=-0.3, divergence_lr_curvature_10=0.2, numbers_in_dLdW=12),
        worked="""
        −Σ y log ŷ is −log 1 = 0 when ŷ = y. With ŷ_k = 1/10 the true class gets
        −ln(1/10) = ln 10 ≈ 2.3026 nats. Softmax + cross-entropy has the gradient ŷ − y:
        0.7 − 1 = −0.3. On curvature h each step multiplies the error by 1 − ηh, which
        leaves [−1, 1] for η > 2/h = 0.2. ∂L/∂W has W's shape, 3 × 4 = 12 numbers.""",
        check=check_recall),
    Exercise(2, "implement", """
        log_b(q) = ln(q) / ln(b). Sum y * log(y_hat) over the last axis (axis=-1 works for a
        vector and for a batch of rows), negate, and take the mean: a vector's mean is itself.""",
        answer=reference.my_cross_entropy, check=check_cross_entropy),
    Exercise(3, "derive", """
        Write one entry: Z[n, j] = Σ_i X[n, i] W[i, j] + b[j]. Differentiate L with respect to
        W[i, j] by the chain rule, summing over every Z[n, j] it touches; then write the sum
        as a matrix product and check the shapes: dLdW must have W's shape (n_in, n_out).""",
        answer=reference.my_dense_backward, check=check_dense_backward),
    Exercise(4, "derive", """
        For one example the gradient is softmax(z) − y (section 2). The loss of a batch is the
        mean over its N rows, so each row's gradient is divided by N.""",
        answer=reference.my_softmax_cross_entropy_grad, check=check_softmax_cross_entropy_grad),
    Exercise(5, "derive", """
        (a) Compare the size of 1 + β − 10η with 2√β. (b) At the edge of divergence one root
        of λ² − (1 + β − ηh)λ + β = 0 is λ = −1: put λ = −1 in and solve for η.""",
        answer=reference.my_divergence_lr,
        worked="""
        (a) With β = 0.9 and η = 0.05, 1 + β − 10η = 1.4, and 1.4² = 1.96 < 4β = 3.6: the
        roots are complex, so w_2 oscillates (the zig-zag) with the modulus |λ| = √β ≈ 0.95 < 1,
        so each swing is smaller than the one before and the path converges. Plain SGD
        multiplies w_2 by a single positive number, 0.5, and so never changes sign: the
        velocity of momentum is what carries the path across the valley floor.
        (b) λ = −1 gives 1 + (1 + β − ηh) + β = 0, so η = 2(1 + β)/h; with β = 0 that is
        gradient descent's 2/h.""",
        check=check_divergence_lr),
    Exercise(6, "experiment", """
        Append a column of ones for the bias, solve with np.linalg.lstsq, and take the mean
        of the squared residuals. For the discussion: put x = 0 into the bias-free network,
        then a point c·x near the origin.""",
        answer=reference.my_least_squares_mse,
        worked="""
        Discussion: no. Without biases, ReLU(c x W1) W2 = c ReLU(x W1) W2 for every c > 0, so
        the network's output is 0 at the origin and grows in proportion to the distance from
        it along every ray. Seed 003 labels the points with x0 + x1 < 1 as 1: the points next
        to the origin want an output near 1 but the network must give them outputs near 0.
        The ReLU lets the slope differ from one direction to another (a better fit far out),
        but it cannot lift the output near the origin; only a bias can.""",
        check=check_least_squares_mse),
    Exercise(7, "experiment", """
        Build section 6's sigmoid network with 3 hidden layers:
        MLP((2, 32, 32, 32, 1), activation="sigmoid", output_activation=None, init="xavier",
        seed=SEED), call loss_and_backward(Xs, y, "mse") and divide the first of
        gradient_norms() by the last. Do the same with 10 hidden layers.""",
        answer=dict(ratio_depth_3=0.0207439, ratio_depth_10=4.32991e-06),
        worked="""
        With 3 hidden layers the first layer's gradient is about 1/50 of the last one's
        (0.021); with 10 it is a few millionths (4.3e-6). The gradient shrinks by a factor
        of 3 to 4 per sigmoid layer either way, but 3 layers compound it only three times, a
        loss that a learning rate can make up for; that is why shallow sigmoid networks such
        as seed 003's train fine and deep ones stall.""",
        check=check_depth_experiment),
])
hint, solution = SHEET.hint, SHEET.solution
