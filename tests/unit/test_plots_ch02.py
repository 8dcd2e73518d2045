"""Chapter 02 figures: what they draw, and clear errors for bad input."""

import numpy as np
import pytest

from dlcourse.data.toy import eight_points
from dlcourse.nn.optim import SGD, descent_path
from dlcourse.nn.surfaces import get_surface
from dlcourse.plots.boundary import plot_boundary_and_loss
from dlcourse.plots.curves import plot_curves
from dlcourse.plots.descent import (
    PATH_COLOURS,
    PATH_MARKERS,
    plot_descent,
    plot_path_grid,
    plot_paths,
)
from dlcourse.plots.gradients import plot_gradient_norms

VALLEY = get_surface("valley")


def test_plot_curves_draws_one_line_per_history_and_stops_at_nan():
    fig = plot_curves({"a": [1.0, 0.5, 0.25], "b": [1.0, np.nan, 3.0]})
    ax = fig.axes[0]
    assert [len(line.get_xdata()) for line in ax.lines] == [3, 1]
    assert ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="curves must be a non-empty dict"):
        plot_curves([1.0, 2.0])
    with pytest.raises(ValueError, match=r"curves\['a'\] has shape \(2, 2\), expected \(T,\)"):
        plot_curves({"a": np.ones((2, 2))})


def test_plot_gradient_norms():
    fig = plot_gradient_norms({"net": [1e-6, 1e-3, 1.0]})
    assert list(fig.axes[0].lines[0].get_xdata()) == [1, 2, 3]
    with pytest.raises(ValueError, match=r"norms\['net'\] must be a 1-D array of norms >= 0"):
        plot_gradient_norms({"net": [-1.0]})


def test_descent_figures():
    paths = {lr: descent_path(VALLEY.grad, VALLEY.start, SGD(lr), 10) for lr in (0.01, 0.1)}
    paths = {f"η={lr}": p for lr, p in paths.items()}
    fig = plot_descent(VALLEY, paths, title="t")
    assert len(fig.axes) == 2 and len(fig.axes[1].lines) == 2
    loss_lines = fig.axes[1].lines
    assert [line.get_marker() for line in loss_lines] == list(PATH_MARKERS[:2])
    assert [line.get_markevery() for line in loss_lines] == [(0, 1), (0, 1)]  # 11 points: every 1
    legend = fig.axes[1].get_legend().legend_handles
    assert [h.get_marker() for h in legend] == list(PATH_MARKERS[:2])
    fig = plot_path_grid(VALLEY, paths)
    assert len(fig.axes) == 3  # one panel per path + the loss panel
    assert [ax.get_title() for ax in fig.axes[:2]] == list(paths)
    for ax, colour in zip(fig.axes[:2], PATH_COLOURS, strict=False):  # each path a plain line
        (path_line,) = [line for line in ax.lines if line.get_label() in paths]
        assert path_line.get_color() == colour and path_line.get_linestyle() == "-"
    with pytest.raises(ValueError, match=r"paths\['bad'\] has shape \(3,\), expected \(T, 2\)"):
        plot_paths(VALLEY, {"bad": np.zeros(3)})
    five = {f"η={lr}": descent_path(VALLEY.grad, VALLEY.start, SGD(lr), 10)
            for lr in (0.01, 0.1, 2 / 11, 0.19, 0.21)}
    fig = plot_path_grid(VALLEY, five)
    assert [ax.get_title() for ax in fig.axes[:5]] == list(five)  # no panel left out
    assert len(fig.axes[5].lines) == 5 and len(set(PATH_MARKERS)) == 5
    with pytest.raises(ValueError, match="paths has 6 entries, at most 5 can be told apart"):
        plot_path_grid(VALLEY, {**five, "sixth": five["η=0.1"]})
    with pytest.raises(TypeError, match="surface must be a Surface"):
        plot_paths("valley", paths)
    with pytest.raises(ValueError, match=r"path has shape \(4, 3\), expected \(T, 2\)"):
        VALLEY.along(np.zeros((4, 3)))


def test_boundary_and_loss():
    X, y = eight_points()
    fig = plot_boundary_and_loss(X, y, lambda P: 1 / (1 + np.exp(-(P[:, 1] - P[:, 0]))),
                                 np.array([0.7, 0.3, 0.1]), title="x2 > x1")
    assert len(fig.axes) >= 2 and fig.axes[0].get_title() == "x2 > x1"


def test_descent_paths_stay_distinguishable_and_local_minima_are_marked():
    two = get_surface("two_minima")
    (x_local, y_local), = two.local_minima
    assert np.allclose(two.grad([x_local, y_local]), 0.0, atol=1e-4)  # a stationary point ...
    assert 3 * x_local**2 - 1 > 0 and two.value([x_local, 0.0]) > two.value(two.minimum)  # local
    paths = {name: descent_path(two.grad, two.start, SGD(lr), 20) for name, lr in
             (("a", 0.1), ("b", 0.1), ("c", 0.1))}  # three identical paths
    fig = plot_descent(two, paths)
    left, right = fig.axes
    drawn = [line for line in left.lines if line.get_label() in paths]
    assert len({line.get_linestyle() for line in drawn}) == 3
    assert len({line.get_marker() for line in drawn}) == 3
    assert len({line.get_linestyle() for line in right.lines}) == 3
    assert "local minimum" in [line.get_label() for line in left.lines]
    fig = plot_path_grid(VALLEY, {"x": paths["a"], "y": paths["b"]})
    assert [ax.get_xlabel() for ax in fig.axes[:2]] == ["$w_1$", "$w_1$"]
