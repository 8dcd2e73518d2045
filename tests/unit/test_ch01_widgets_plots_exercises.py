"""Chapter 01 explorers driven without a browser, its figures, and its exercise checkers."""

import numpy as np
import pytest

from dlcourse.exercises.ch01 import (
    check_bias_interval,
    check_neuron,
    check_relu_grad,
    check_sigmoid,
    check_softmax,
)
from dlcourse.nn.activations import (
    path_gradient_factor,
    relu_grad,
    saturated_fraction,
    sigmoid,
    softmax,
)
from dlcourse.plots.activations import plot_activation, plot_softmax
from dlcourse.plots.base import CourseFigure
from dlcourse.widgets.activations import activation_explorer, neuron_explorer


def line_data(fig):
    return [line.get_ydata().copy() for ax in fig.axes for line in ax.get_lines()]


def test_activation_explorer_redraws_when_the_dropdown_changes():
    explorer = activation_explorer()
    first = explorer.figure
    assert isinstance(first, CourseFigure) and explorer.renders == 1
    explorer.controls["name"].value = "relu"
    assert explorer.renders == 2 and "relu" in explorer.figure.axes[0].get_title()
    assert not np.allclose(line_data(first)[0], line_data(explorer.figure)[0])


def test_activation_plot_shades_what_saturated_fraction_counts():
    fig = plot_activation("sigmoid", z_max=6.0, share=0.05)
    ax = fig.axes[0]
    shade = ax.collections[0]
    assert "5% of max g′ = 0.0125" in shade.get_label() and "max g′ = 0.25" in ax.get_title()
    x_shaded = np.concatenate([path.vertices[:, 0] for path in shade.get_paths()])
    inner_edge = np.min(np.abs(x_shaded))  # where the shading stops on either side
    z = np.linspace(-6.0, 6.0, 801)
    assert inner_edge == pytest.approx(4.37, abs=0.03)
    assert saturated_fraction("sigmoid", z) == pytest.approx(np.mean(np.abs(z) >= inner_edge),
                                                             abs=1 / 801)


def test_activation_explorer_share_slider_moves_the_shading():
    explorer = activation_explorer()
    assert "5%" in explorer.figure.axes[0].collections[0].get_label()
    explorer.controls["share"].value = 0.2
    assert "20% of max g′ = 0.05" in explorer.figure.axes[0].collections[0].get_label()


def test_neuron_explorer_counts_correct_points():
    explorer = neuron_explorer(w1=-1.0, w2=1.0, b=0.0)
    assert "8/8 correct" in explorer.figure.axes[0].get_title()
    explorer.controls["w1"].value = 1.0
    explorer.controls["w2"].value = -1.0
    assert "0/8 correct" in explorer.figure.axes[0].get_title() and explorer.renders == 3


def test_figures_render_to_png():
    fig = plot_softmax([2.0, 1.0, 0.1])
    png = fig._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    heights = [bar.get_height() for bar in fig.axes[1].patches]
    np.testing.assert_allclose(heights, softmax(np.array([2.0, 1.0, 0.1])))


def test_path_gradient_factor():
    sig = path_gradient_factor("sigmoid", 10)
    assert sig.shape == (10,) and np.all(np.diff(sig) < 0) and sig[-1] <= 0.25 ** 10
    assert np.all(path_gradient_factor("relu", 5, active_only=True) == 1.0)
    relu_mean = path_gradient_factor("relu", 6, n_paths=200_000, statistic="mean")
    np.testing.assert_allclose(relu_mean, 0.5 ** np.arange(1, 7), rtol=0.05)
    with pytest.raises(ValueError, match="depth == 0, must be >= 1"):
        path_gradient_factor("relu", 0)
    with pytest.raises(ValueError, match="statistic == 'max', must be 'median' or 'mean'"):
        path_gradient_factor("relu", 3, statistic="max")


def test_checkers_accept_right_answers():
    assert check_sigmoid(sigmoid).passed and check_relu_grad(relu_grad).passed
    assert check_softmax(softmax).passed
    assert check_neuron(lambda x, w, b: sigmoid(x @ w + b)).passed


def test_checkers_explain_wrong_answers():
    naive = check_softmax(lambda z: np.exp(z) / np.exp(z).sum())
    assert not naive.passed and "inf or nan: an overflow, or 0 / 0?" in repr(naive)
    off_by_one = check_relu_grad(lambda z: (np.asarray(z) >= 0).astype(float))
    assert not off_by_one.passed and "✗ z = 0: got [1.], expected [0.]." in repr(off_by_one)
    crashing = check_sigmoid(lambda z: z.undefined)
    assert "raised AttributeError" in repr(crashing)
    unfinished = check_neuron(lambda x, w, b: None)
    assert "returned None" in repr(unfinished)
    wrong_shape = check_sigmoid(lambda z: np.zeros(2))
    assert "shape (2,), expected ()" in repr(wrong_shape)


def test_bias_interval_checker():
    assert check_bias_interval(-2, 2).passed
    too_wide = check_bias_interval(-3, 2)
    assert not too_wide.passed and "b = -3 is inside your interval but not all 8" in repr(too_wide)
    assert not check_bias_interval(-2, 1).passed
    assert "give both ends" in repr(check_bias_interval(None, None))


@pytest.mark.parametrize("answer, described", [
    ("abc", "returned 'abc' (text), expected real numbers."),
    (1 + 2j, "returned (1+2j) (complex numbers), expected real numbers."),
    ([[1.0], [1.0, 2.0]], "returned [[1.0], [1.0, 2.0]], a ragged list (rows of different"),
    ([1.0, "a"], "returned ['1.0', 'a'] (text), expected real numbers."),
    ({"z": 0.5}, "returned a dict, expected a number or array."),
])
def test_checkers_report_odd_answers_instead_of_raising(answer, described):
    report = check_sigmoid(lambda z: answer)
    assert not report.passed and len(report.lines) == 3
    assert report.lines[0].startswith(f"✗ z = 0: {described}")


def test_bias_interval_checker_reports_ends_that_are_not_numbers():
    report = check_bias_interval("-2", 2)
    assert not report.passed
    assert report.lines == ["✗ low == '-2', expected a number such as -1.5."]
