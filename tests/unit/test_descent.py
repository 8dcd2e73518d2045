"""Optimiser paths across chapter 02's loss surfaces, without the widget."""

import numpy as np
import pytest

from dlcourse.nn.descent import descent_paths
from dlcourse.nn.surfaces import get_surface


def test_descent_paths_values():
    paths = descent_paths("valley", "sgd", 0.1, 20, -4.0, 1.5)
    path = paths["sgd"]
    assert path.shape == (21, 2)
    # gradient descent on 0.5(x^2 + 10 y^2): x shrinks by (1 - 0.1), y by (1 - 1.0) per step
    np.testing.assert_allclose(path[5], [-4.0 * 0.9**5, 0.0], atol=1e-12)
    assert set(descent_paths("valley", "all three", 0.1, 5, 0.0, 1.0)) == {"sgd", "momentum",
                                                                             "adam"}
    with pytest.raises(ValueError, match="optimizer == 'lbfgs', must be one of"):
        descent_paths("valley", "lbfgs", 0.1, 5, 0.0, 1.0)



def test_a_start_outside_the_window_is_refused_with_the_window():
    window = r"window x in \(-2.0, 2.0\), y in \(-1.5, 1.5\)"
    with pytest.raises(ValueError, match=r"start \(-4, 1.5\) is outside the 'two_minima' "
                                         r"surface's " + window):
        descent_paths("two_minima", "sgd", 0.1, 5, -4.0, 1.5)


def test_surface_window_and_point_checks():
    valley = get_surface("valley")  # x in [-4.5, 4.5], y in [-2, 2]
    assert valley.contains((4.5, -2.0)) and not valley.contains((0.0, 2.1))
    assert valley.value((2.0, 1.0)) == 0.5 * (4 + 10)
    np.testing.assert_array_equal(valley.grad((2.0, 1.0)), [2.0, 10.0])
    for method in (valley.value, valley.grad, valley.contains):
        with pytest.raises(ValueError, match=r"p has shape \(3,\), expected \(2,\): a point"):
            method([1.0, 2.0, 3.0])
