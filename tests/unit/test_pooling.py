"""dlcourse.nn.pooling against torch.nn.functional.max_pool2d / avg_pool2d, values and gradients.

Float64 on both sides: rtol 1e-10, atol 1e-12. Inputs are continuous random
numbers, so windows have no ties and the arg-max is unique.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from dlcourse.nn.pooling import (
    AvgPool2d,
    MaxPool2d,
    avg_pool2d,
    costs_table,
    layer_costs,
    max_pool2d,
    pool2d_single,
)

TOL = {"rtol": 1e-10, "atol": 1e-12}
TORCH = {MaxPool2d: F.max_pool2d, AvgPool2d: F.avg_pool2d}


@given(cls=st.sampled_from([MaxPool2d, AvgPool2d]), N=st.integers(1, 2), C=st.integers(1, 3),
       H=st.integers(1, 9), W=st.integers(1, 9), size=st.integers(1, 4),
       stride=st.one_of(st.none(), st.integers(1, 4)), padding=st.integers(0, 2),
       seed=st.integers(0, 2**16))
@settings(max_examples=80, deadline=None, derandomize=True)
def test_pooling_forward_and_input_gradient_match_torch(cls, N, C, H, W, size, stride, padding,
                                                        seed):
    assume(2 * padding <= size and size <= min(H, W) + 2 * padding)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, C, H, W))
    layer = cls(size, stride, padding)
    Y = layer.forward(X)
    dLdY = rng.normal(size=Y.shape)
    Xt = torch.tensor(X, requires_grad=True)
    Yt = TORCH[cls](Xt, size, stride, padding)
    Yt.backward(torch.tensor(dLdY))
    assert_allclose(Y, Yt.detach().numpy(), **TOL)
    assert_allclose(layer.backward(dLdY), Xt.grad.numpy(), **TOL)


@pytest.mark.parametrize("cls", [MaxPool2d, AvgPool2d])
def test_rectangular_windows_match_torch(cls):
    X = np.random.default_rng(2).normal(size=(2, 3, 9, 8))
    layer = cls((3, 2), (1, 2), (1, 0))
    Y = layer.forward(X)
    Xt = torch.tensor(X, requires_grad=True)
    TORCH[cls](Xt, (3, 2), (1, 2), (1, 0)).sum().backward()
    assert_allclose(layer.backward(np.ones_like(Y)), Xt.grad.numpy(), **TOL)


def test_seed_example_values_and_that_max_routes_gradient_to_the_argmax():
    X = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], dtype=float)[None, None]
    assert_allclose(max_pool2d(X)[0, 0], [[6, 8], [3, 4]], **TOL)
    assert_allclose(avg_pool2d(X)[0, 0], [[3.25, 5.25], [2.0, 2.0]], **TOL)
    layer = MaxPool2d(2)
    layer.forward(X)
    dLdX = layer.backward(np.array([[10.0, 20.0], [30.0, 40.0]])[None, None])[0, 0]
    expected = np.zeros((4, 4))
    expected[1, 1], expected[1, 3], expected[2, 0], expected[3, 3] = 10, 20, 30, 40
    assert_allclose(dLdX, expected, **TOL)


@pytest.mark.parametrize("cls", [MaxPool2d, AvgPool2d])
def test_seed_example_backward_equals_torch_autograd(cls):
    """Chapter 04's 4 × 4 example with output gradients 10, 20, 30, 40 (average: 2.5 per cell)."""
    X = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], dtype=float)[None, None]
    dLdY = np.array([[10.0, 20.0], [30.0, 40.0]])[None, None]
    layer = cls(2)
    layer.forward(X)
    Xt = torch.tensor(X, requires_grad=True)
    TORCH[cls](Xt, 2).backward(torch.tensor(dLdY))
    assert np.array_equal(layer.backward(dLdY), Xt.grad.numpy())
    if cls is AvgPool2d:
        assert_allclose(layer.backward(dLdY)[0, 0, :2, :2], np.full((2, 2), 2.5), **TOL)


@pytest.mark.parametrize("cls", [MaxPool2d, AvgPool2d])
def test_overlapping_padded_windows_match_torch_on_a_random_batch(cls):
    """Chapter 04's batch: 3 × 3 windows, stride 2, padding 1 on (4, 3, 11, 9)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 3, 11, 9))
    layer = cls(3, 2, 1)
    Y = layer.forward(X)
    dLdY = rng.normal(size=Y.shape)
    Xt = torch.tensor(X, requires_grad=True)
    Yt = TORCH[cls](Xt, 3, 2, 1)
    Yt.backward(torch.tensor(dLdY))
    assert_allclose(Y, Yt.detach().numpy(), **TOL)
    assert_allclose(layer.backward(dLdY), Xt.grad.numpy(), **TOL)


def test_ties_send_the_gradient_to_the_first_maximum_like_torch():
    X = np.zeros((1, 1, 2, 2))
    layer = MaxPool2d(2)
    layer.forward(X)
    Xt = torch.tensor(X, requires_grad=True)
    F.max_pool2d(Xt, 2).sum().backward()
    assert_allclose(layer.backward(np.ones((1, 1, 1, 1))), Xt.grad.numpy(), **TOL)
    assert_allclose(Xt.grad.numpy()[0, 0], [[1.0, 0.0], [0.0, 0.0]], **TOL)


def test_overlapping_windows_add_their_gradients():
    X = np.array([[0.0, 0.0, 0.0], [0.0, 9.0, 0.0], [0.0, 0.0, 0.0]])[None, None]
    layer = MaxPool2d(2, stride=1)
    assert_allclose(layer.forward(X)[0, 0], np.full((2, 2), 9.0), **TOL)
    assert_allclose(layer.backward(np.ones((1, 1, 2, 2)))[0, 0, 1, 1], 4.0, **TOL)


@pytest.mark.parametrize("rows", [
    [[1.0, np.nan], [3.0, 2.0]],  # NaN before the largest finite value
    [[5.0, 1.0], [np.nan, 2.0]],  # NaN after the largest finite value
    [[np.nan, 9.0], [3.0, 2.0]],  # NaN first
    [[np.nan, 1.0], [np.nan, 2.0]],  # two NaNs
])
def test_a_window_holding_nan_gives_nan_and_sends_the_gradient_where_torch_does(rows):
    X = np.array(rows)[None, None]
    layer = MaxPool2d(2)
    Y = layer.forward(X)
    Xt = torch.tensor(X, requires_grad=True)
    Yt = F.max_pool2d(Xt, 2)
    Yt.backward(torch.ones_like(Yt))
    assert np.isnan(Y).all() and torch.isnan(Yt).all()
    assert_allclose(layer.backward(np.ones_like(Y)), Xt.grad.numpy(), **TOL)
    assert layer.backward(np.ones_like(Y))[np.isnan(X)].sum() == 1.0  # a NaN cell gets it


@pytest.mark.parametrize(("torch_pool", "cls"), [
    (torch.nn.MaxPool2d(3, stride=2, padding=1), MaxPool2d),
    (torch.nn.AvgPool2d((2, 3), stride=(1, 2), padding=(1, 0)), AvgPool2d),
    (torch.nn.MaxPool2d(2), MaxPool2d),
])
def test_from_torch_copies_the_geometry_and_matches_torch(torch_pool, cls):
    layer = cls.from_torch(torch_pool)
    X = np.random.default_rng(5).normal(size=(2, 3, 9, 8))
    Xt = torch.tensor(X, requires_grad=True)
    Yt = torch_pool(Xt)
    dLdY = np.random.default_rng(6).normal(size=Yt.shape)
    Yt.backward(torch.tensor(dLdY))
    assert_allclose(layer.forward(X), Yt.detach().numpy(), **TOL)
    assert_allclose(layer.backward(dLdY), Xt.grad.numpy(), **TOL)
    assert layer.params == {} and layer.grads == {}


def test_pooling_repr():
    assert repr(MaxPool2d(3, 2, 1)) == "MaxPool2d(size=(3, 3), stride=(2, 2), padding=(1, 1))"
    assert repr(AvgPool2d(2)) == "AvgPool2d(size=(2, 2), stride=(2, 2), padding=(0, 0))"


def test_depth_is_unchanged():
    assert max_pool2d(np.ones((2, 5, 8, 8)), 2).shape == (2, 5, 4, 4)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: MaxPool2d(2, stride=0), ValueError, r"stride == 0, must be >= 1"),
    (lambda: MaxPool2d(2.5), TypeError, r"size must be an int, got float"),
    (lambda: AvgPool2d(2, padding=2), ValueError, r"padding == 2, must be at most half the "
                                                  r"window size 2"),
    (lambda: max_pool2d(np.ones((1, 1, 3, 3)), 4), ValueError,
     r"kernel size 4 is larger than the padded input n \+ 2p = 3 \+ 2·0 = 3"),
    (lambda: max_pool2d(np.ones((3, 3)), 2), ValueError,
     r"X has shape \(3, 3\) \(2-D\), expected \(N, C, H, W\)"),
    (lambda: MaxPool2d(2).backward(np.ones((1, 1, 1, 1))), RuntimeError,
     r"^MaxPool2d.backward called before forward: call forward\(X\) first.$"),
    (lambda: AvgPool2d(2).backward(np.ones((1, 1, 1, 1))), RuntimeError,
     r"^AvgPool2d.backward called before forward: call forward\(X\) first.$"),
    (lambda: max_pool2d(np.ones((0, 1, 4, 4))), ValueError,
     r"X has shape \(0, 1, 4, 4\), an empty batch"),
    (lambda: pool2d_single(np.ones((4, 4)), "min"), ValueError,
     r"kind == 'min', must be one of \['average', 'max'\]"),
    (lambda: MaxPool2d.from_torch(torch.nn.AvgPool2d(2)), TypeError,
     r"pool must be a torch.nn.MaxPool2d, got AvgPool2d"),
    (lambda: MaxPool2d.from_torch(torch.nn.MaxPool2d(2, dilation=2)), ValueError,
     r"pool.dilation == 2: only dilation=1 has a NumPy twin here"),
    (lambda: AvgPool2d.from_torch(torch.nn.AvgPool2d(2, ceil_mode=True)), ValueError,
     r"pool.ceil_mode == True: only ceil_mode=False has a NumPy twin here"),
    (lambda: AvgPool2d.from_torch(torch.nn.AvgPool2d(3, padding=1, count_include_pad=False)),
     ValueError, r"pool.count_include_pad == False: only count_include_pad=True"),
])
def test_pooling_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_backward_checks_the_gradient_shape():
    layer = AvgPool2d(2)
    layer.forward(np.ones((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"dLdY has shape \(1, 1, 4, 4\), expected \(1, 1, 2, 2\)"):
        layer.backward(np.ones((1, 1, 4, 4)))


# ---------------------------------------------------------------- layer costs
def torch_stack(layers, channels):
    modules = []
    for kind, *args in layers:
        if kind == "conv":
            modules.append(torch.nn.Conv2d(channels, args[0], args[1]))
            channels = args[0]
        elif kind == "pool":
            modules.append(torch.nn.MaxPool2d(args[0]))
        else:
            modules += [torch.nn.Flatten(), torch.nn.LazyLinear(args[0])]
    return torch.nn.Sequential(*modules)


@pytest.mark.parametrize("pool", [True, False])
def test_layer_costs_match_torch_shapes_and_parameter_counts(pool):
    layers = [("conv", 32, 3), *([("pool", 2)] if pool else []), ("conv", 64, 3), ("dense", 10)]
    costs = layer_costs((1, 28, 28), layers)
    net = torch_stack(layers, 1)
    x = torch.zeros(1, 1, 28, 28)
    net(x)  # materialise the lazy linear layer
    assert sum(c.params for c in costs) == sum(p.numel() for p in net.parameters())
    shapes = []
    for module in net:
        x = module(x)
        if not isinstance(module, torch.nn.Flatten):
            shapes.append(tuple(x.shape[1:]))
    assert [c.shape for c in costs] == shapes
    assert [c.activations for c in costs] == [int(np.prod(s)) for s in shapes]


def test_layer_costs_multiply_adds():
    conv, pool, dense = layer_costs((1, 28, 28), [("conv", 32, 3), ("pool", 2), ("dense", 10)])
    assert conv.macs == 26 * 26 * 32 * 9
    assert pool.macs == 0 and pool.params == 0
    assert dense.macs == 10 * 32 * 13 * 13


def test_layer_costs_bad_input():
    with pytest.raises(ValueError, match=r"kind must be 'conv', 'pool' or 'dense'"):
        layer_costs((1, 28, 28), [("lstm", 3)])
    with pytest.raises(ValueError, match=r"input_shape == \(28, 28\), must be \(C, H, W\)"):
        layer_costs((28, 28), [])
    with pytest.raises(ValueError, match=r"layer \('conv', 32\): a conv layer is \('conv', F, k\), "
                                         r"2 number\(s\) after the kind"):
        layer_costs((1, 28, 28), [("conv", 32)])
    with pytest.raises(ValueError, match=r"layer \('pool', 2, 2\): a pool layer is \('pool', k\)"):
        layer_costs((1, 28, 28), [("pool", 2, 2)])
    with pytest.raises(ValueError, match=r"layer 'dense': kind must be 'conv', 'pool' or 'dense'"):
        layer_costs((1, 28, 28), ["dense"])
    with pytest.raises(ValueError, match=r"layer \('conv', 32, 0\): k == 0, must be >= 1"):
        layer_costs((1, 28, 28), [("conv", 32, 0)])
    with pytest.raises(TypeError, match=r"layer \('dense', 2.5\): units must be an int, got float"):
        layer_costs((1, 28, 28), [("dense", 2.5)])


def test_costs_table_lists_every_layer_and_the_totals():
    table = costs_table(layer_costs((1, 28, 28), [("conv", 32, 3), ("pool", 2), ("dense", 10)]))
    lines = table.splitlines()
    assert len(lines) == 5 and lines[0].split() == ["layer", "output", "activations", "params",
                                                    "mult-adds"]
    assert lines[1].split()[-4:] == ["32×26×26", "21,632", "320", "194,688"]
    assert lines[-1].split() == ["total", "27,050", "54,410", "248,768"]


@pytest.mark.parametrize("cls", [MaxPool2d, AvgPool2d])
def test_float32_stays_float32_forward_and_backward(cls):
    X = np.random.default_rng(0).normal(size=(2, 3, 5, 5)).astype(np.float32)
    pool = cls(2, stride=2, padding=1)
    Y = pool.forward(X)
    dX = pool.backward(np.ones_like(Y))
    assert Y.dtype == np.float32 and dX.dtype == np.float32
    assert dX.shape == X.shape
