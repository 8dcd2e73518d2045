"""dlcourse.nn.gradcheck: finds correct gradients correct and wrong ones wrong."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from dlcourse.data.toy import eight_points
from dlcourse.nn.gradcheck import (
    TOLERANCE,
    check_layer,
    check_network,
    numerical_gradient,
    relative_error,
)
from dlcourse.nn.mlp import MLP, ActivationLayer, Dense


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda: float(np.sum(x**3)), x)
    assert_allclose(grad, 3 * x**2, rtol=1e-8)
    assert_allclose(x, [[1.0, -2.0], [0.5, 3.0]], rtol=0)  # restored


def test_relative_error_values():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0, 0.0], [-1.0, 0.0]) == 1.0
    assert relative_error([0.0], [0.0]) == 0.0
    assert_allclose(relative_error([1.0], [1.1]), 0.1 / 2.1)


@pytest.mark.parametrize("layer", [Dense(3, 4, rng=np.random.default_rng(1)),
                                   Dense(3, 4, bias=False), ActivationLayer("tanh"),
                                   ActivationLayer("sigmoid")])
def test_correct_layers_pass(layer):
    X = np.random.default_rng(2).normal(size=(5, 3))
    errors = check_layer(layer, X)
    expected_names = {"dLdX", "dLdW", "dLdb"} if isinstance(layer, Dense) else {"dLdX"}
    if isinstance(layer, Dense) and layer.b is None:
        expected_names = {"dLdX", "dLdW"}
    assert set(errors) == expected_names
    assert max(errors.values()) < TOLERANCE


class ForgetsTranspose(Dense):
    """A buggy layer: dLdX uses W instead of W.T (only works for square W)."""

    def backward(self, dLdY):
        super().backward(dLdY)
        return dLdY @ self.W


def test_a_buggy_backward_is_caught_and_named():
    layer = ForgetsTranspose(3, 3, rng=np.random.default_rng(0))
    errors = check_layer(layer, np.random.default_rng(1).normal(size=(4, 3)))
    assert errors["dLdX"] > 0.1
    assert errors["dLdW"] < TOLERANCE and errors["dLdb"] < TOLERANCE


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_whole_network_gradients_pass(activation):
    X, y = eight_points()
    net = MLP((2, 4, 3, 1), activation=activation, seed=1)
    errors = check_network(net, X / 8, y, "bce")
    assert list(errors) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert max(errors.values()) < TOLERANCE


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(TypeError, match="x must be a float64 ndarray .*, got list"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="got an array of dtype int64"):
        numerical_gradient(lambda: 0.0, np.array([1, 2]))
    with pytest.raises(ValueError, match="eps == 0, must be > 0"):
        numerical_gradient(lambda: 0.0, np.zeros(2), eps=0)
    with pytest.raises(ValueError, match=r"analytic has shape \(2,\) but numeric has shape"):
        relative_error(np.zeros(2), np.zeros(3))
