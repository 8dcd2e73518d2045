"""Chapter 01 exercises: recall, an activation, a derivative, softmax, a neuron, softmax's
Jacobian, the neuron's bias interval and the saturation experiment; their hints and solutions.

    hint(2)        # where to look
    solution(2)    # the reference answer (source of a function, or a worked answer)
"""

from __future__ import annotations

import numbers

import numpy as np

from dlcourse.data.toy import eight_points
from dlcourse.exercises.checker import Case, Question, Report, check_answers, check_function
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch01 as reference
from dlcourse.nn.activations import (
    path_gradient_factor,
    relu_grad,
    sigmoid,
    softmax,
    softmax_jacobian,
)
from dlcourse.nn.neuron import count_correct

Z = np.array([-5.0, -1.0, 0.0, 0.5, 3.0])

RECALL = (
    Question("sigmoid_at_0", 0.5, "σ(0)"),
    Question("largest_sigmoid_slope", 0.25, "the largest value of σ'(z)"),
    Question("tanh_slope_at_0", 1.0, "tanh'(0)"),
    Question("relu_slope_at_minus_2", 0.0, "ReLU'(−2)"),
    Question("softmax_of_4_equal_scores", 0.25, "each entry of softmax(z) for 4 equal scores"),
)


def check_recall(**answers) -> Report:
    """Five facts of the chapter, one keyword each (see :data:`RECALL`)."""
    return check_answers("recall", RECALL, answers)


def check_sigmoid(fn) -> Report:
    """``fn(z)`` must return 1 / (1 + exp(-z)) elementwise, also for large |z|."""
    cases = [Case((0.0,), 0.5, "z = 0"), Case((Z,), sigmoid(Z), "z = [-5, -1, 0, 0.5, 3]"),
             Case((np.array([-800.0, 800.0]),), np.array([0.0, 1.0]), "very large |z|")]
    return check_function("sigmoid", fn, cases)


def check_relu_grad(fn) -> Report:
    """``fn(z)`` must return ReLU's derivative: 1 where z > 0, else 0 (0 at z = 0)."""
    cases = [Case((Z,), relu_grad(Z), "z = [-5, -1, 0, 0.5, 3]"),
             Case((np.array([0.0]),), np.array([0.0]), "z = 0")]
    return check_function("relu_grad", fn, cases)


def check_softmax(fn) -> Report:
    """``fn(z)`` must return softmax of a 1-D score vector, stable for large scores."""
    cases = [Case((np.array([2.0, 1.0, 0.1]),), softmax(np.array([2.0, 1.0, 0.1])),
                  "z = [2, 1, 0.1]"),
             Case((np.array([1000.0, 1001.0]),), softmax(np.array([1000.0, 1001.0])),
                  "large scores [1000, 1001]")]
    return check_function("softmax", fn, cases)


def check_neuron(fn) -> Report:
    """``fn(x, w, b)`` must return sigmoid(w·x + b) for one example x."""
    rng = np.random.default_rng(1)
    cases = []
    for _ in range(3):
        x, w, b = rng.normal(size=3), rng.normal(size=3), float(rng.normal())
        cases.append(Case((x, w, b), sigmoid(x @ w + b),
                          f"x={np.round(x, 2).tolist()}, w={np.round(w, 2).tolist()}, "
                          f"b={b:.2f}"))
    return check_function("neuron", fn, cases)


def check_softmax_jacobian(fn) -> Report:
    """``fn(z)`` must return the (K, K) Jacobian of softmax: J[i, j] = ∂s_i/∂z_j."""
    cases = [Case((np.array([2.0, 1.0, 0.1]),), softmax_jacobian(np.array([2.0, 1.0, 0.1])),
                  "z = [2, 1, 0.1]"),
             Case((np.zeros(4),), softmax_jacobian(np.zeros(4)), "4 equal scores"),
             Case((np.array([1000.0, 1001.0]),), softmax_jacobian(np.array([1000.0, 1001.0])),
                  "large scores [1000, 1001]")]
    return check_function("softmax_jacobian", fn, cases)


def check_bias_interval(low, high) -> Report:
    """For w = (-1, 1) on the 8 points, ``(low, high]`` must be every bias that gets all 8 right.

    The checker tries biases just inside and just outside each end.
    """
    report = Report("bias interval")
    if low is None or high is None:
        report.fail("give both ends: check_bias_interval(low=..., high=...).")
        return report
    for name, end in (("low", low), ("high", high)):
        if isinstance(end, bool) or not isinstance(end, numbers.Real) or not np.isfinite(end):
            report.fail(f"{name} == {end!r}, expected a number such as -1.5.")
    if not report.passed:
        return report
    X, y = eight_points()
    w, eps = np.array([-1.0, 1.0]), 1e-6
    for b, inside in ((low + eps, True), (high, True), (low, False), (high + eps, False)):
        right = count_correct(X, y, w, b) == len(y)
        where = "inside" if inside else "outside"
        if right == inside:
            report.ok(f"b = {b:g} ({where} your interval): "
                      f"{'all 8 right' if right else 'some wrong'}, as it should be")
        else:
            report.fail(f"b = {b:g} is {where} your interval but "
                        f"{'all 8 points are right' if right else 'not all 8 are right'}.")
    return report


SATURATION_DEPTH, SATURATION_SCALES = 10, (0.5, 5.0)


def saturation_drops(n_paths: int = 20_000, seed: int = 0) -> dict[str, float]:
    """log10 of how much the 10-layer gradient factor falls from scale 0.5 to scale 5.

    For sigmoid, tanh and ELU: log10(factor(scale 0.5) / factor(scale 5)) with the
    medians of :func:`dlcourse.nn.activations.path_gradient_factor`.
    """
    small, large = SATURATION_SCALES
    return {name: float(np.log10(
        path_gradient_factor(name, SATURATION_DEPTH, small, n_paths, seed)[-1]
        / path_gradient_factor(name, SATURATION_DEPTH, large, n_paths, seed)[-1]))
        for name in ("sigmoid", "tanh", "elu")}


def check_saturation(most_hurt=None, orders_of_magnitude=None) -> Report:
    """The activation whose 10-layer gradient factor falls most from scale 0.5 to 5, and how far.

    ``orders_of_magnitude`` is log10 of that fall; it passes within 5 % (any ``n_paths``
    and seed of a few thousand paths or more give that).
    """
    drops = saturation_drops()
    worst = max(drops, key=drops.get)
    questions = (Question("most_hurt", worst, "sigmoid, tanh or elu"),
                 Question("orders_of_magnitude", drops[worst], "log10 of its fall", rtol=0.05))
    return check_answers("saturation", questions,
                         {"most_hurt": most_hurt, "orders_of_magnitude": orders_of_magnitude})


SHEET = Sheet("01", [
    Exercise(1, "recall", """
        Section 3 draws each activation and its slope; section 4 starts with equal scores.
        σ'(z) = σ(z)(1 − σ(z)) is largest where σ(z) = 1/2.""",
        answer=dict(sigmoid_at_0=0.5, largest_sigmoid_slope=0.25, tanh_slope_at_0=1.0,
                    relu_slope_at_minus_2=0.0, softmax_of_4_equal_scores=0.25),
        worked="""
        σ(0) = 1/(1 + e⁰) = 1/2. σ' = σ(1 − σ) is a parabola in σ, largest at σ = 1/2: 1/4.
        tanh' = 1 − tanh², which is 1 at 0. ReLU is flat (slope 0) for every z < 0. Equal
        scores give equal exponentials, so each of the 4 probabilities is 1/4.""",
        check=check_recall),
    Exercise(2, "implement", """
        1 / (1 + exp(-z)) overflows for z = -800, because exp(800) is too large for a float.
        With e = exp(-|z|), which is at most 1: σ(z) = 1/(1 + e) for z >= 0 and e/(1 + e)
        for z < 0 (multiply the top and bottom of 1/(1 + exp(-z)) by exp(z)); np.where picks.""",
        answer=reference.my_sigmoid, check=check_sigmoid),
    Exercise(3, "implement", """
        A comparison gives booleans: (z > 0) is True exactly where the slope is 1.
        Turn it into numbers with .astype(float); use > rather than >=, so that z = 0 gives 0.""",
        answer=reference.my_relu_grad, check=check_relu_grad),
    Exercise(4, "implement", """
        softmax(z) = softmax(z - c) for any number c (the factor exp(-c) cancels between top and
        bottom). Take c = max(z): the largest exponent is then 0, and nothing overflows.""",
        answer=reference.my_softmax, check=check_softmax),
    Exercise(5, "implement", """
        The weighted sum is w @ x (one number for vectors of the same length); add b and apply
        the sigmoid of exercise 2 (or 1 / (1 + np.exp(-...)))).""",
        answer=reference.my_neuron, check=check_neuron),
    Exercise(6, "derive", """
        Write s_i = exp(z_i) / S with S = Σ_k exp(z_k) and differentiate with the quotient rule:
        for i = j you get s_i − s_i², for i ≠ j you get −s_i s_j. In matrix form that is
        diag(s) − s sᵀ: np.diag and np.outer build the two parts.""",
        answer=reference.my_softmax_jacobian, check=check_softmax_jacobian),
    Exercise(7, "experiment", """
        A point (x1, x2) is classed 1 when -x1 + x2 + b > 0. So class-1 points need
        b > x1 - x2 and class-0 points need b <= x1 - x2: compute x1 - x2 for the
        eight points and read off the largest value over class 1 and the smallest over class 0.""",
        answer=dict(low=-2.0, high=2.0),
        worked="""
        x1 − x2 is −3, −7, −2, −3 at the four class-1 points and 2, 2, 3, 5 at the four
        class-0 points. Class 1 needs b > x1 − x2 at each of its points: b > −2.
        Class 0 needs b ≤ x1 − x2 (the neuron fires only for a positive sum): b ≤ 2.
        So b ∈ (−2, 2].""",
        check=check_bias_interval),
    Exercise(8, "discuss", """
        Multiplying w and b by 3 multiplies z = w·x + b by 3 at every point. Where is z = 0
        (the line), and what does σ(3z) look like next to σ(z)? Then compute σ'(z) at z = 2
        and at z = 6.""",
        worked="""
        The line w·x + b = 0 stays, but z triples everywhere, so σ goes from 0 to 1 three
        times faster across the line: the shaded band between the colours narrows to a third,
        and the neuron is more confident about every point. At the training points |z| is
        already at least 2 (for w = (-1, 1), b = 0), and σ'(z) = σ(z)(1 − σ(z)) falls quickly
        with |z|: σ'(2) ≈ 0.105, σ'(6) ≈ 0.0025, about 40 times less. Larger weights mean
        a saturated neuron: the gradient that would correct it has almost vanished, which
        is why weights must not start large (and why weight decay keeps them small).""",
        ),
    Exercise(9, "experiment", """
        path_gradient_factor(name, 10, scale=0.5)[-1] and the same with scale=5 give the
        median factor after 10 layers; np.log10 of their ratio is the number of orders of
        magnitude it falls. Compare sigmoid, tanh and elu.""",
        answer=dict(most_hurt="tanh", orders_of_magnitude=27.9),
        worked="""
        After 10 layers tanh falls by about 28 orders of magnitude, sigmoid by about 12 and
        ELU by about 7.5. tanh starts best (tanh'(0) = 1 against σ'(0) = 1/4) but saturates
        fastest: for large |z|, tanh'(z) ≈ 4 exp(−2|z|) and σ'(z) ≈ exp(−|z|). ELU saturates
        only for z < 0 and keeps slope 1 for z > 0. Careful initialisation (Xavier/Glorot for
        tanh and sigmoid, He for ReLU) chooses the weights' scale so that the pre-activations
        stay near scale 1, where the slopes are not yet tiny.""",
        check=check_saturation),
])
hint, solution = SHEET.hint, SHEET.solution
