"""Chapter 01 explorers: an activation function and its derivative; one neuron on 8 points."""

from __future__ import annotations

import numpy as np

from dlcourse.data.toy import eight_points
from dlcourse.nn.activations import ACTIVATIONS, sigmoid
from dlcourse.nn.neuron import count_correct, weighted_sum
from dlcourse.plots.activations import plot_activation
from dlcourse.plots.boundary import plot_decision_regions
from dlcourse.widgets.explorer import Explorer, dropdown, slider


def activation_explorer(name: str = "sigmoid") -> Explorer:
    """Pick an activation, the z range and the saturation share; see g, g′ and flat regions."""
    controls = {
        "name": dropdown("activation", list(ACTIVATIONS), name),
        "z_max": slider("z range ±", 6.0, 1.0, 20.0, 0.5),
        "share": slider("saturated if g′/max g′ <", 0.05, 0.01, 0.2, 0.01),
    }
    return Explorer(controls, plot_activation)


def neuron_figure(w1: float, w2: float, b: float):
    """The 8 points of seed 003 with the neuron's P(class 1) and its line w1·x1 + w2·x2 + b = 0."""
    X, y = eight_points()
    w = np.array([w1, w2])
    correct = count_correct(X, y, w, b)
    title = (f"z = {w1:+.1f}·x1 {w2:+.1f}·x2 {b:+.1f}:  {correct}/{len(y)} correct")
    return plot_decision_regions(X, y, lambda P: sigmoid(weighted_sum(P, w, b)), title=title)


def neuron_explorer(w1: float = 1.0, w2: float = 0.0, b: float = -3.0) -> Explorer:
    """Sliders for w1, w2 and b of one sigmoid neuron on the 8-point dataset."""
    controls = {
        "w1": slider("w1", w1, -3.0, 3.0, 0.1),
        "w2": slider("w2", w2, -3.0, 3.0, 0.1),
        "b": slider("b", b, -10.0, 10.0, 0.5),
    }
    return Explorer(controls, neuron_figure)
