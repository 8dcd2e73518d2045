"""Per-step contraction of gradient descent on a quadratic: formula against measured descent."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from dlcourse.nn.optim import SGD, descent_path
from dlcourse.nn.step_size import (
    best_learning_rate,
    condition_number,
    contraction_factor,
    curvatures,
)
from dlcourse.nn.surfaces import get_surface
from dlcourse.plots.step_size import plot_contraction


def test_valley_numbers():
    lam = curvatures(get_surface("valley"))
    assert_allclose(lam, [1.0, 10.0], rtol=1e-8)
    assert condition_number(lam) == pytest.approx(10.0)
    assert best_learning_rate(lam) == pytest.approx(2 / 11)
    assert contraction_factor(lam, 2 / 11) == pytest.approx(9 / 11)  # (κ-1)/(κ+1)
    assert_allclose(contraction_factor(lam, np.array([0.01, 0.1, 0.19, 0.21])),
                    [0.99, 0.9, 0.9, 1.1])


def test_the_best_rate_is_the_minimum_of_the_factor():
    lam = np.array([0.5, 2.0, 7.0])
    eta = np.linspace(0.001, 0.4, 4000)
    factor = contraction_factor(lam, eta)
    assert eta[np.argmin(factor)] == pytest.approx(best_learning_rate(lam), abs=1e-4)
    assert np.all((factor < 1) == (eta < 2 / 7))


def test_measured_descent_shrinks_at_the_predicted_factor():
    valley = get_surface("valley")
    lam = curvatures(valley)
    for lr in (0.05, 0.1, 2 / 11, 0.19):
        path = descent_path(valley.grad, valley.start, SGD(lr), 60)
        norms = np.linalg.norm(path, axis=1)
        measured = (norms[60] / norms[40]) ** (1 / 20)
        assert measured == pytest.approx(contraction_factor(lam, lr), rel=2e-3), lr


def test_curvatures_of_a_curved_surface_depend_on_the_point():
    rosenbrock = get_surface("rosenbrock")
    at_min = curvatures(rosenbrock)  # Hessian [[802, -400], [-400, 200]]
    assert_allclose(at_min, np.linalg.eigvalsh([[802.0, -400.0], [-400.0, 200.0]]),
                    rtol=1e-5)  # central differences: error of order eps² times f'''
    assert condition_number(at_min) > 2000


def test_bad_curvatures_are_refused():
    with pytest.raises(ValueError, match=r"curvatures == \[1.0, -2.0\], must be one or more"):
        contraction_factor([1.0, -2.0], 0.1)
    with pytest.raises(TypeError, match="surface must be a Surface"):
        curvatures("valley")


def test_plot_marks_the_best_rate_and_the_edge():
    fig = plot_contraction([1.0, 10.0], marked={"good": 0.1, "too large": 0.19})
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "good: 0.90" in texts and "too large: 0.90" in texts
    assert "diverges beyond 2/λmax = 0.2" in texts and "κ = λmax/λmin = 10" in ax.get_title()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("0.182: 0.818 per step" in t for t in legend)
    green = next(line for line in ax.get_lines() if line.get_linewidth() == 2.6)
    assert_allclose(green.get_ydata(), contraction_factor([1.0, 10.0], green.get_xdata()))
    assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
