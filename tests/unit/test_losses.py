"""dlcourse.nn.losses against torch: values and gradients in float64 to rtol 1e-10."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from numpy.testing import assert_allclose

from dlcourse.nn import losses as L

RTOL = 1e-10  # float64 on both sides
rng = np.random.default_rng(0)
Y_HAT = rng.uniform(0.05, 0.95, size=(6, 1))
Y01 = rng.integers(0, 2, size=(6, 1)).astype(float)


def torch_value_and_grad(fn, y_hat, y):
    t = torch.tensor(y_hat, requires_grad=True)
    out = fn(t, torch.tensor(y))
    out.backward()
    return out.item(), t.grad.numpy()


def test_mse_matches_torch():
    y_hat, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    value, grad = torch_value_and_grad(F.mse_loss, y_hat, y)
    assert_allclose(L.mse(y_hat, y), value, rtol=RTOL)
    assert_allclose(L.mse_grad(y_hat, y), grad, rtol=RTOL)


def test_binary_cross_entropy_matches_torch():
    value, grad = torch_value_and_grad(F.binary_cross_entropy, Y_HAT, Y01)
    assert_allclose(L.binary_cross_entropy(Y_HAT, Y01), value, rtol=RTOL)
    assert_allclose(L.binary_cross_entropy_grad(Y_HAT, Y01), grad, rtol=RTOL)


def test_sigmoid_then_bce_gradient_is_prediction_minus_target():
    z = rng.normal(size=(6, 1))
    s = 1 / (1 + np.exp(-z))
    assert_allclose(L.binary_cross_entropy_grad(s, Y01) * s * (1 - s), (s - Y01) / 6, rtol=1e-9)


def test_seed_003_worked_example_is_log10():
    assert round(L.cross_entropy([0.6, 0.4], [1, 0], base=10), 3) == 0.222
    assert round(L.cross_entropy([0.8, 0.2], [1, 0], base=10), 3) == 0.097
    assert round(L.cross_entropy([0.6, 0.4], [1, 0]), 3) == 0.511
    assert round(L.cross_entropy([0.8, 0.2], [1, 0]), 3) == 0.223
    assert_allclose(L.cross_entropy([0.6, 0.4], [1, 0], base=2), -math.log2(0.6), rtol=1e-12)
    numpy_ten = L.cross_entropy([0.6, 0.4], [1, 0], base=np.int64(10))  # NumPy ints are numbers
    assert numpy_ten == L.cross_entropy([0.6, 0.4], [1, 0], base=10)


@pytest.mark.parametrize("base", [math.e, 10, 2])
def test_cross_entropy_of_distributions_matches_torch(base):
    y_hat = rng.dirichlet(np.ones(4), size=5)  # (5, 4), rows sum to 1
    y = np.eye(4)[[0, 3, 1, 1, 2]]

    def torch_ce(t, target):
        return -(target * torch.log(t)).sum(dim=1).mean() / math.log(base)

    value, grad = torch_value_and_grad(torch_ce, y_hat, y)
    assert_allclose(L.cross_entropy(y_hat, y, base=base), value, rtol=RTOL)
    assert_allclose(L.cross_entropy_grad(y_hat, y, base=base), grad, rtol=RTOL)


@pytest.mark.parametrize("targets", ["indices", "one_hot", "soft"])
def test_softmax_cross_entropy_matches_torch(targets):
    z = rng.normal(scale=3, size=(7, 5))
    idx = rng.integers(0, 5, size=7)
    y = {"indices": idx, "one_hot": np.eye(5)[idx],
         "soft": rng.dirichlet(np.ones(5), size=7)}[targets]
    t = torch.tensor(z, requires_grad=True)
    out = F.cross_entropy(t, torch.tensor(y))
    out.backward()
    assert_allclose(L.softmax_cross_entropy(z, y), out.item(), rtol=RTOL)
    assert_allclose(L.softmax_cross_entropy_grad(z, y), t.grad.numpy(), rtol=RTOL, atol=1e-15)


def test_softmax_cross_entropy_gradient_is_softmax_minus_target():
    z = np.array([[2.0, 1.0, 0.1]])
    s = np.exp(z) / np.exp(z).sum()
    assert_allclose(L.softmax_cross_entropy_grad(z, [0]), s - [1, 0, 0], rtol=1e-12)


def test_softmax_cross_entropy_does_not_overflow():
    assert_allclose(L.softmax_cross_entropy([[1000.0, 0.0]], [1]), 1000.0, rtol=1e-12)


def test_registry():
    assert sorted(L.LOSSES) == ["bce", "cross_entropy", "mse", "softmax_cross_entropy"]
    assert L.get_loss("mse").grad is L.mse_grad


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match=r"y_hat has shape \(3,\) but y has shape \(3, 1\)"):
        L.mse(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(TypeError, match="y_hat must hold real numbers"):
        L.mse(["a"], [1.0])
    with pytest.raises(ValueError, match="y_hat is empty"):
        L.mse([], [])
    with pytest.raises(ValueError, match=r"y_hat must hold probabilities in \[0, 1\], got "
                                         r"values from -2 to 3"):
        L.binary_cross_entropy([-2.0, 3.0], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"y must hold probabilities"):
        L.cross_entropy([0.5, 0.5], [2.0, 0.0])
    with pytest.raises(ValueError, match="base == 1, must be > 0 and != 1"):
        L.cross_entropy([0.5, 0.5], [1, 0], base=1)
    with pytest.raises(TypeError, match="base must be a number"):
        L.cross_entropy([0.5, 0.5], [1, 0], base="10")
    with pytest.raises(ValueError, match=r"class indices from 0 to 5, must be in \[0, 2\]"):
        L.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 5]))
    with pytest.raises(ValueError, match="y holds 3 class indices but z has 2 rows"):
        L.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"z has shape \(3,\) \(1-D\), expected a 2-D"):
        L.softmax_cross_entropy(np.zeros(3), np.array([0]))
    with pytest.raises(ValueError, match="loss == 'l1', must be one of"):
        L.get_loss("l1")


@pytest.mark.parametrize("y_hat, y", [
    (np.float32([1.0, 0.0]), np.float32([1.0, 0.0])),  # was NaN: 1 - 1e-12 is 1.0 in float32
    (np.float32([1.0, 0.5]), np.float32([0.0, 0.0])),  # was inf
    (np.float32([0.3, 0.9999999]), np.float32([1.0, 1.0])),
    (np.array([1e-15]), np.array([1.0])),  # was 27.63 (clipped at 1e-12), truly 34.54
    (np.array([0.0, 1.0]), np.array([1.0, 0.0])),  # ln 0 floored at -100 on both sides
])
def test_binary_cross_entropy_at_the_edges_matches_torch(y_hat, y):
    value, grad = torch_value_and_grad(F.binary_cross_entropy, y_hat, y)
    tol = {"rtol": 1e-6, "atol": 1e-6} if y_hat.dtype == np.float32 else {"rtol": RTOL}
    assert_allclose(L.binary_cross_entropy(y_hat, y), value, **tol)
    # torch's gradient floor is 1e-12 rounded to float32 (4e-9 relative away from ours)
    assert_allclose(L.binary_cross_entropy_grad(y_hat, y), grad, rtol=max(tol["rtol"], 1e-8),
                    atol=tol.get("atol", 0))


def test_binary_cross_entropy_is_exact_for_tiny_probabilities():
    assert_allclose(L.binary_cross_entropy([1e-15], [1.0]), 15 * math.log(10), rtol=1e-12)
    assert L.binary_cross_entropy([0.0], [1.0]) == 100.0  # torch's floor, not inf


def test_cross_entropy_is_exact_for_tiny_probabilities():
    assert_allclose(L.cross_entropy([1e-20, 1.0], [1.0, 0.0]), 20 * math.log(10), rtol=1e-12)
    assert_allclose(L.cross_entropy([1e-20, 1.0], [1.0, 0.0], base=10), 20.0, rtol=1e-12)
    assert L.cross_entropy([0.0, 1.0], [1.0, 0.0]) == 100.0
    assert L.cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0  # 0 * ln 0 counts as 0
    assert_allclose(L.cross_entropy_grad([0.0, 1.0], [1.0, 0.0]), [-1e12, 0.0], rtol=1e-12)


def test_softmax_cross_entropy_with_masked_scores_matches_torch():
    z = np.array([[0.0, -np.inf, 1.0], [2.0, 0.5, -np.inf]])
    t = torch.tensor(z, requires_grad=True)
    out = F.cross_entropy(t, torch.tensor([0, 1]))
    out.backward()
    assert_allclose(L.softmax_cross_entropy(z, [0, 1]), out.item(), rtol=RTOL)
    assert_allclose(L.softmax_cross_entropy([[0.0, -np.inf, 1.0]], [0]), 1.3132616875182228,
                    rtol=RTOL)
    assert_allclose(L.softmax_cross_entropy_grad(z, [0, 1]), t.grad.numpy(), rtol=RTOL)


def test_softmax_cross_entropy_gradient_for_targets_not_summing_to_one_matches_torch():
    z = rng.normal(size=(4, 3))
    y = np.array([[1.0, 1.0, 0.0], [0.2, 0.1, 0.0], [0.0, 0.0, 0.0], [0.5, 0.5, 0.5]])
    t = torch.tensor(z, requires_grad=True)
    out = F.cross_entropy(t, torch.tensor(y))
    out.backward()
    assert_allclose(L.softmax_cross_entropy(z, y), out.item(), rtol=RTOL)
    assert_allclose(L.softmax_cross_entropy_grad(z, y), t.grad.numpy(), rtol=RTOL, atol=1e-15)


def test_get_loss_names_an_unhashable_name():
    with pytest.raises(ValueError, match=r"loss == \['mse'\], must be one of \('bce', "):
        L.get_loss(["mse"])
