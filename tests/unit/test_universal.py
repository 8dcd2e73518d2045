"""The hand-built staircase network of the universal approximation picture."""

import numpy as np
import pytest

from dlcourse.nn.activations import sigmoid
from dlcourse.nn.universal import staircase_network
from dlcourse.plots.universal import plot_staircases


def wiggle(x):
    return np.sin(2 * x) + 0.5 * x


def test_network_is_the_sum_of_steps_formula():
    net = staircase_network(wiggle, -3.0, 3.0, 4, sharpness=4.0)
    assert net.sizes == (1, 4, 1)
    t = np.linspace(-3, 3, 5)
    s, m = 4.0 / 1.5, (t[1:] + t[:-1]) / 2
    x = np.array([-2.9, -0.3, 0.0, 1.7])
    expected = wiggle(t[0]) + sigmoid(s * (x[:, None] - m)) @ np.diff(wiggle(t))
    np.testing.assert_allclose(net.forward(x[:, None]).ravel(), expected, rtol=1e-12)


def test_more_units_fit_better():
    x = np.linspace(-3, 3, 1001)[:, None]
    errors = [np.max(np.abs(staircase_network(wiggle, -3, 3, h).forward(x).ravel()
                            - wiggle(x.ravel()))) for h in (3, 10, 40, 160)]
    assert errors == sorted(errors, reverse=True) and errors[-1] < 0.02  # about 1/H


def test_bad_arguments():
    with pytest.raises(ValueError, match="lo == 1.0 and hi == 1.0: need lo < hi"):
        staircase_network(wiggle, 1.0, 1.0, 3)
    with pytest.raises(ValueError, match=r"f returned shape \(\) for 4 points"):
        staircase_network(lambda x: 0.0, 0.0, 1.0, 3)


def test_plot_labels_give_the_error():
    fig = plot_staircases(wiggle, -3, 3, widths=(3, 40))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0] == "target f(x)" and labels[2].startswith("40 hidden units: max error 0.0")
    with pytest.raises(ValueError, match="widths == \\[\\]"):
        plot_staircases(wiggle, -3, 3, widths=())
