"""Chapter 01 exercises: write an activation, a derivative, softmax and a neuron."""

from __future__ import annotations

import numpy as np

from dlcourse.exercises.checker import Case, Report, check_function
from dlcourse.nn.activations import relu_grad, sigmoid, softmax

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
