"""Chapter 01 exercises: an activation, a derivative, softmax, a neuron and its bias."""

from __future__ import annotations

import numbers

import numpy as np

from dlcourse.data.toy import eight_points
from dlcourse.exercises.checker import Case, Report, check_function
from dlcourse.nn.activations import relu_grad, sigmoid, softmax
from dlcourse.nn.neuron import count_correct

Z = np.array([-5.0, -1.0, 0.0, 0.5, 3.0])


def check_sigmoid(fn) -> Report:
    """``fn(z)`` must return 1 / (1 + exp(-z)) elementwise, also for large |z|."""
    cases = [Case((0.0,), 0.5, "z = 0"), Case((Z,), sigmoid(Z)),
             Case((np.array([-800.0, 800.0]),), np.array([0.0, 1.0]), "very large |z|")]
    return check_function("sigmoid", fn, cases)


def check_relu_grad(fn) -> Report:
    """``fn(z)`` must return ReLU's derivative: 1 where z > 0, else 0 (0 at z = 0)."""
    cases = [Case((Z,), relu_grad(Z)), Case((np.array([0.0]),), np.array([0.0]), "z = 0")]
    return check_function("relu_grad", fn, cases)


def check_softmax(fn) -> Report:
    """``fn(z)`` must return softmax of a 1-D score vector, stable for large scores."""
    cases = [Case((np.array([2.0, 1.0, 0.1]),), softmax(np.array([2.0, 1.0, 0.1]))),
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


def check_bias_interval(low, high) -> Report:
    """For w = (-1, 1) on the 8 points, ``(low, high]`` must be every bias that gets all 8 right.

    The checker tries biases just inside and just outside each end.
    """
    report = Report("bias interval")
    if low is None or high is None:
        report.fail("give both ends: check_bias_interval(low=..., high=...).")
        return report
    for name, end in (("low", low), ("high", high)):
        if isinstance(end, bool) or not isinstance(end, numbers.Real):
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
