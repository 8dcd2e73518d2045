"""Activations against torch autograd: values and derivatives to 1e-6."""

import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose

from dlcourse.nn import activations as A

Z = np.concatenate([np.linspace(-12, 12, 241), [-50.0, -1e-9, 0.0, 1e-9, 50.0]])
TORCH = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t, 0.01),
    "elu": lambda t: torch.nn.functional.elu(t, 1.0),
}


def torch_value_and_grad(fn, z):
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    y = fn(t)
    y.sum().backward()
    return y.detach().numpy(), t.grad.numpy()


@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_matches_torch_value_and_derivative(name):
    act = A.ACTIVATIONS[name]
    value, grad = torch_value_and_grad(TORCH[name], Z)
    assert_allclose(act.f(Z), value, rtol=1e-6, atol=1e-12)
    assert_allclose(act.grad(Z), grad, rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("alpha", [0.0, 0.2, 1.5])
def test_leaky_relu_and_elu_with_other_alpha(alpha):
    value, grad = torch_value_and_grad(lambda t: torch.nn.functional.leaky_relu(t, alpha), Z)
    assert_allclose(A.leaky_relu(Z, alpha), value, rtol=1e-6)
    assert_allclose(A.leaky_relu_grad(Z, alpha), grad, rtol=1e-6)
    if alpha > 0:
        value, grad = torch_value_and_grad(lambda t: torch.nn.functional.elu(t, alpha), Z)
        assert_allclose(A.elu(Z, alpha), value, rtol=1e-6)
        assert_allclose(A.elu_grad(Z, alpha), grad, rtol=1e-6)


def test_softmax_matches_torch_and_sums_to_one():
    z = np.random.default_rng(0).normal(scale=5, size=(4, 7))
    for axis in (0, 1, -1):
        expected = torch.softmax(torch.tensor(z), dim=axis).numpy()
        assert_allclose(A.softmax(z, axis=axis), expected, rtol=1e-6)
        assert_allclose(A.softmax(z, axis=axis).sum(axis=axis), 1.0, rtol=1e-12)


def test_softmax_does_not_overflow():
    assert_allclose(A.softmax([1000.0, 1000.0]), [0.5, 0.5])


def test_softmax_jacobian_matches_torch():
    z = np.array([2.0, 1.0, 0.1])
    expected = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0),
                                                  torch.tensor(z)).numpy()
    assert_allclose(A.softmax_jacobian(z), expected, rtol=1e-6, atol=1e-12)


def test_sigmoid_is_stable_for_large_inputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert_allclose(A.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])


def test_derivative_maxima_explain_saturation():
    z = np.linspace(-10, 10, 2001)
    assert A.sigmoid_grad(z).max() == pytest.approx(0.25)
    assert A.tanh_grad(z).max() == pytest.approx(1.0)
    for act in A.ACTIVATIONS.values():
        assert act.grad(z).max() == pytest.approx(act.max_slope), act.name


def test_saturation_is_relative_to_the_largest_slope():
    # sigmoid'(3) = 0.045 is below an absolute 0.05 but 18 % of sigmoid's own 0.25: not saturated
    assert A.sigmoid_grad(3.0) == pytest.approx(0.0452, abs=1e-4)
    assert A.saturated_fraction("sigmoid", np.array([3.0])) == 0.0
    # 5 % of 0.25 is 0.0125, reached at |z| = 4.37: z = ±4.4 counts, z = 0 does not
    assert A.saturated_fraction("sigmoid", np.array([-4.4, 0.0, 4.4])) == pytest.approx(2 / 3)
    assert A.saturated_fraction("sigmoid", np.array([-4.3, 4.3])) == 0.0
    assert A.saturated_fraction("tanh", np.array([2.0])) == 0.0  # tanh'(2) = 0.071 > 0.05
    assert A.saturated_fraction("tanh", np.array([2.0]), share=0.1) == 1.0
    assert A.saturated_fraction("relu", np.array([-1.0, 1.0, 5.0, 50.0])) == 0.25


def test_integer_input_is_accepted():
    assert_allclose(A.relu([-2, 3]), [0.0, 3.0])


@pytest.mark.parametrize("bad", ["abc", [1 + 2j], [None]])
def test_non_numeric_input_is_rejected(bad):
    with pytest.raises(TypeError, match="z must hold real numbers"):
        A.sigmoid(bad)


def test_bad_alpha_and_axis_and_name():
    with pytest.raises(ValueError, match=r"alpha == -1, must be >= 0"):
        A.leaky_relu([1.0], alpha=-1)
    with pytest.raises(ValueError, match=r"alpha == 0, must be > 0"):
        A.elu([1.0], alpha=0)
    with pytest.raises(TypeError, match="alpha must be a real number, got str"):
        A.elu([1.0], alpha="1")
    with pytest.raises(ValueError, match=r"axis == 2, must be in \[-2, 1\]"):
        A.softmax(np.zeros((2, 3)), axis=2)
    with pytest.raises(ValueError, match="softmax needs a vector"):
        A.softmax(3.0)
    with pytest.raises(ValueError, match=r"activation == 'swish', must be one of"):
        A.get_activation("swish")


def test_unhashable_name_and_non_int_axis_get_clear_errors():
    with pytest.raises(ValueError, match=r"activation == \['relu'\], must be one of \('elu', "):
        A.get_activation(["relu"])
    with pytest.raises(TypeError, match="axis must be an int .*, got None"):
        A.softmax(np.zeros((2, 3)), axis=None)
    with pytest.raises(ValueError, match="n_paths == 0, must be >= 1"):
        A.path_gradient_factor("relu", 3, n_paths=0)
