"""dlcourse.nn.conv against numpy.convolve/correlate and torch.nn.functional.conv2d.

Float64 on both sides, so values and gradients agree to rtol 1e-10, atol 1e-12.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from dlcourse.nn.conv import (
    Conv2d,
    conv2d,
    conv2d_loop,
    conv2d_single,
    convolve1d,
    correlate1d,
    pad_for_mode,
)
from dlcourse.nn.kernels import KERNELS, kernel, kernel_text, parse_kernel

TOL = {"rtol": 1e-10, "atol": 1e-12}
SEED_X, SEED_H = [1, 2, 3, 0, 1, 0], [1, 2, 1]


# ---------------------------------------------------------------- 1-D
def test_seed_003_modes_have_the_lengths_and_values_of_numpy():
    expected = {"valid": [8, 8, 4, 2], "same": [4, 8, 8, 4, 2, 1], "full": [1, 4, 8, 8, 4, 2, 1, 0]}
    for mode, values in expected.items():
        assert_allclose(convolve1d(SEED_X, SEED_H, mode), values, **TOL)
        assert_allclose(np.convolve(SEED_X, SEED_H, mode), values, **TOL)


def test_seed_001_example_is_valid_correlation_with_ones():
    assert_allclose(correlate1d([1, 1, 2, 0, 1], [1, 1]), [2, 3, 2, 1], **TOL)


@pytest.mark.parametrize("mode", ["valid", "same", "full"])
@pytest.mark.parametrize("m", [1, 2, 3, 4, 5, 8])
def test_1d_matches_numpy_for_odd_and_even_kernels(mode, m):
    rng = np.random.default_rng(m)
    x, h = rng.normal(size=8), rng.normal(size=m)
    assert_allclose(convolve1d(x, h, mode), np.convolve(x, h, mode), **TOL)
    assert_allclose(correlate1d(x, h, mode), np.correlate(x, h, mode), **TOL)


def test_convolution_is_correlation_with_the_flipped_kernel():
    x, h = np.array(SEED_X, float), np.array([1.0, 0.0, -1.0])
    assert_allclose(convolve1d(x, h, "valid"), correlate1d(x, h[::-1], "valid"), **TOL)
    assert not np.allclose(convolve1d(x, h, "valid"), correlate1d(x, h, "valid"))


def test_pad_for_mode_gives_numpy_alignment():
    assert pad_for_mode(6, 3, "same") == (1, 1)
    assert pad_for_mode(6, 4, "same") == (2, 1)
    assert pad_for_mode(6, 4, "full") == (3, 3)


def test_1d_bad_input():
    with pytest.raises(ValueError, match=r"mode == 'wide', must be one of"):
        convolve1d(SEED_X, SEED_H, "wide")
    with pytest.raises(ValueError, match=r"kernel length k = 7 is longer than the signal n = 6"):
        convolve1d(SEED_X, np.ones(7))
    with pytest.raises(ValueError, match=r"x has shape \(2, 3\) \(2-D\), expected a 1-D"):
        correlate1d(np.ones((2, 3)), SEED_H)
    with pytest.raises(TypeError, match=r"h must hold real numbers"):
        convolve1d(SEED_X, ["a", "b"])


# ---------------------------------------------------------------- 2-D against torch
def torch_conv2d(X, W, b, stride, padding, dilation, dLdY):
    """Forward and gradients of torch's conv2d in float64."""
    Xt, Wt = torch.tensor(X, requires_grad=True), torch.tensor(W, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    Y = F.conv2d(Xt, Wt, bt, stride=stride, padding=padding, dilation=dilation)
    Y.backward(torch.tensor(dLdY))
    return Y.detach().numpy(), Xt.grad.numpy(), Wt.grad.numpy(), bt.grad.numpy()


pairs = st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3)))


@given(N=st.integers(1, 3), C=st.integers(1, 3), Fo=st.integers(1, 3), H=st.integers(1, 10),
       W=st.integers(1, 10), kh=st.integers(1, 4), kw=st.integers(1, 4), stride=pairs,
       padding=st.one_of(st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2))),
       dilation=st.one_of(st.integers(1, 2), st.tuples(st.integers(1, 2), st.integers(1, 2))),
       seed=st.integers(0, 2**16))
@settings(max_examples=80, deadline=None, derandomize=True)
def test_conv2d_forward_and_gradients_match_torch(N, C, Fo, H, W, kh, kw, stride, padding,
                                                  dilation, seed):
    pad = padding if isinstance(padding, tuple) else (padding, padding)
    dil = dilation if isinstance(dilation, tuple) else (dilation, dilation)
    assume(dil[0] * (kh - 1) + 1 <= H + 2 * pad[0] and dil[1] * (kw - 1) + 1 <= W + 2 * pad[1])
    rng = np.random.default_rng(seed)
    X, Wk, b = rng.normal(size=(N, C, H, W)), rng.normal(size=(Fo, C, kh, kw)), rng.normal(size=Fo)
    layer = Conv2d(Wk, b, stride, padding, dilation)
    Y = layer.forward(X)
    dLdY = rng.normal(size=Y.shape)
    dLdX = layer.backward(dLdY)
    Y_t, dX_t, dW_t, db_t = torch_conv2d(X, Wk, b, stride, padding, dilation, dLdY)
    assert_allclose(Y, Y_t, **TOL)
    assert_allclose(dLdX, dX_t, **TOL)
    assert sorted(layer.grads) == sorted(layer.params) == ["W", "b"]
    assert_allclose(layer.grads["W"], dW_t, **TOL)
    assert_allclose(layer.grads["b"], db_t, **TOL)


@pytest.mark.parametrize(("stride", "padding", "dilation"),
                         [(1, 0, 1), (2, 1, 1), (1, 2, 2), ((2, 1), (0, 1), (1, 2))])
def test_loop_version_equals_vectorised_version(stride, padding, dilation):
    rng = np.random.default_rng(7)
    X, W, b = rng.normal(size=(2, 3, 8, 7)), rng.normal(size=(2, 3, 3, 2)), rng.normal(size=2)
    assert_allclose(conv2d_loop(X, W, b, stride, padding, dilation),
                    conv2d(X, W, b, stride, padding, dilation), **TOL)


def test_five_by_five_example_of_the_seeds():
    image = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0],
                      [0, 1, 1, 0, 0]], dtype=float)
    assert_allclose(conv2d_single(image, [[1, 0, 1], [0, 1, 0], [1, 0, 1]]),
                    [[4, 3, 4], [2, 4, 3], [2, 3, 4]], **TOL)


def test_conv2d_without_bias_has_only_W_in_params_and_grads():
    rng = np.random.default_rng(1)
    layer = Conv2d(rng.normal(size=(2, 1, 3, 3)))
    Y = layer.forward(rng.normal(size=(1, 1, 5, 5)))
    layer.backward(np.ones_like(Y))
    assert list(layer.params) == list(layer.grads) == ["W"]
    assert layer.grads["W"].shape == (2, 1, 3, 3)


def test_float32_stays_float32_forward_and_backward_and_matches_torch_float32():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(2, 3, 9, 8)).astype(np.float32)
    W, b = (rng.normal(size=s).astype(np.float32) for s in [(4, 3, 3, 3), (4,)])
    layer = Conv2d(W, b, stride=2, padding=1)
    Y = layer.forward(X)
    dLdY = rng.normal(size=Y.shape).astype(np.float32)
    dLdX = layer.backward(dLdY)
    dW, db = layer.grads["W"], layer.grads["b"]
    assert {a.dtype for a in (Y, dLdX, dW, db)} == {np.dtype(np.float32)}
    Xt, Wt, bt = (torch.tensor(a, requires_grad=True) for a in (X, W, b))
    Yt = F.conv2d(Xt, Wt, bt, stride=2, padding=1)
    Yt.backward(torch.tensor(dLdY))
    tol32 = {"rtol": 1e-4, "atol": 1e-5}  # float32 sums in a different order
    for ours, theirs in [(Y, Yt), (dLdX, Xt.grad), (dW, Wt.grad), (db, bt.grad)]:
        assert_allclose(ours, theirs.detach().numpy(), **tol32)


def test_rgb_input_with_two_kernels_gives_two_feature_maps():
    Y = conv2d(np.ones((1, 3, 6, 6)), np.ones((2, 3, 3, 3)), [0.0, 1.0])
    assert Y.shape == (1, 2, 4, 4)
    assert_allclose(Y[0, :, 0, 0], [27.0, 28.0], **TOL)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: conv2d(np.ones((1, 3, 5, 5)), np.ones((2, 1, 3, 3))), ValueError,
     r"W has 1 input channels but X has C = 3; the kernel depth must equal the input depth"),
    (lambda: conv2d(np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3))), ValueError,
     r"kernel size 3 is larger than the padded input n \+ 2p = 2 \+ 2·0 = 2"),
    (lambda: conv2d(np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3)), stride=0), ValueError,
     r"stride == 0, must be >= 1"),
    (lambda: conv2d(np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3)), padding=0.5), TypeError,
     r"padding must be an int, got float"),
    (lambda: conv2d(np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3)), stride=(1, 2, 3)), ValueError,
     r"stride == \(1, 2, 3\), must be an int or a pair of ints"),
    (lambda: conv2d(np.ones((5, 5)), np.ones((1, 1, 3, 3))), ValueError,
     r"X has shape \(5, 5\) \(2-D\), expected \(N, C, H, W\)"),
    (lambda: conv2d(np.ones((1, 1, 5, 5)), np.ones((3, 3))), ValueError,
     r"W has shape \(3, 3\) \(2-D\), expected \(F, C, kh, kw\)"),
    (lambda: conv2d(np.ones((1, 1, 5, 5)), np.ones((2, 1, 3, 3)), b=[1.0]), ValueError,
     r"b has shape \(1,\), expected \(2,\): one bias per kernel"),
    (lambda: Conv2d(np.ones((1, 1, 3, 3))).backward(np.ones((1, 1, 3, 3))), RuntimeError,
     r"^Conv2d.backward called before forward: call forward\(X\) first.$"),
    (lambda: conv2d(np.ones((0, 1, 5, 5)), np.ones((1, 1, 3, 3))), ValueError,
     r"X has shape \(0, 1, 5, 5\), an empty batch; every axis of \(N, C, H, W\) must be >= 1"),
    (lambda: conv2d(np.ones((1, 1, 0, 5)), np.ones((1, 1, 3, 3))), ValueError,
     r"X has shape \(1, 1, 0, 5\), an empty batch"),
    (lambda: Conv2d.from_torch(torch.nn.Linear(2, 3)), TypeError,
     r"conv must be a torch.nn.Conv2d, got Linear"),
    (lambda: Conv2d.from_torch(torch.nn.Conv2d(2, 2, 3, groups=2)), ValueError,
     r"only groups=1, padding_mode='zeros' and integer padding"),
    (lambda: Conv2d.from_torch(torch.nn.Conv2d(1, 1, 3, padding="same")), ValueError,
     r"only groups=1, padding_mode='zeros' and integer padding"),
])
def test_conv2d_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_backward_checks_the_gradient_shape():
    layer = Conv2d(np.ones((1, 1, 3, 3)))
    layer.forward(np.ones((1, 1, 5, 5)))
    with pytest.raises(ValueError, match=r"dLdY has shape \(1, 1, 2, 2\), expected \(1, 1, 3, 3\)"):
        layer.backward(np.ones((1, 1, 2, 2)))


@pytest.mark.parametrize(("bias", "stride", "padding", "dilation"),
                         [(True, 1, 0, 1), (False, 2, 1, 1), (True, (2, 1), (1, 2), (2, 1))])
def test_from_torch_copies_a_torch_conv_and_matches_it(bias, stride, padding, dilation):
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(3, 4, (3, 2), stride, padding, dilation, bias=bias, dtype=torch.float64)
    layer = Conv2d.from_torch(conv)
    assert (layer.stride, layer.padding, layer.dilation) == (conv.stride, conv.padding,
                                                             conv.dilation)
    X = np.random.default_rng(3).normal(size=(2, 3, 9, 8))
    Xt = torch.tensor(X, requires_grad=True)
    Yt = conv(Xt)
    dLdY = np.random.default_rng(4).normal(size=Yt.shape)
    Yt.backward(torch.tensor(dLdY))
    assert_allclose(layer.forward(X), Yt.detach().numpy(), **TOL)
    assert_allclose(layer.backward(dLdY), Xt.grad.numpy(), **TOL)
    assert_allclose(layer.grads["W"], conv.weight.grad.numpy(), **TOL)
    assert ("b" in layer.grads) == bias
    if bias:
        assert_allclose(layer.grads["b"], conv.bias.grad.numpy(), **TOL)
    layer.W[0, 0, 0, 0] += 1.0  # a copy: changing ours leaves torch's weight alone
    assert conv.weight[0, 0, 0, 0].item() != layer.W[0, 0, 0, 0]


def test_conv2d_repr_names_its_geometry():
    layer = Conv2d(np.ones((2, 3, 3, 3)), stride=2, padding=(1, 0))
    assert repr(layer) == ("Conv2d(W: (2, 3, 3, 3), bias=False, stride=(2, 2), padding=(1, 0), "
                           "dilation=(1, 1))")


# ---------------------------------------------------------------- kernels
def test_edge_kernels_find_the_edge_they_are_named_after():
    step = np.zeros((6, 6))
    step[:, 3:] = 1.0  # a vertical edge between columns 2 and 3
    vertical = conv2d_single(step, kernel("vertical edge"))
    horizontal = conv2d_single(step, kernel("horizontal edge"))
    assert_allclose(np.abs(vertical).max(), 3.0, **TOL)
    assert_allclose(horizontal, np.zeros((4, 4)), **TOL)
    assert_allclose(conv2d_single(step.T, kernel("horizontal edge")), vertical.T, **TOL)


def test_blur_kernels_sum_to_one_and_edge_kernels_to_zero():
    for name in ("box blur", "gaussian blur", "identity", "sharpen"):
        assert_allclose(KERNELS[name].sum(), 1.0, **TOL)
    for name in ("vertical edge", "horizontal edge", "sobel x", "sobel y"):
        assert_allclose(KERNELS[name].sum(), 0.0, **TOL)


def test_kernel_returns_a_copy_and_rejects_unknown_names():
    kernel("identity")[1, 1] = 99.0
    assert KERNELS["identity"][1, 1] == 1.0
    with pytest.raises(ValueError, match=r"kernel == 'edge', must be one of"):
        kernel("edge")


def test_parse_kernel():
    assert_allclose(parse_kernel("1, 0, -1\n2 0 -2; 1 0 -1"), KERNELS["sobel x"], **TOL)
    with pytest.raises(ValueError, match=r"gives shape \(2, 3\), expected 3 rows of 3"):
        parse_kernel("1 0 -1; 1 0 -1")
    with pytest.raises(ValueError, match=r"is not 3 rows of 3 numbers"):
        parse_kernel("1 0 x; 1 0 -1; 1 0 -1")


def test_kernel_text_reads_back_to_the_kernel_to_3_digits():
    assert kernel_text(KERNELS["sobel x"]) == "1 0 -1; 2 0 -2; 1 0 -1"
    assert kernel_text(KERNELS["gaussian blur"]) == \
        "0.0625 0.125 0.0625; 0.125 0.25 0.125; 0.0625 0.125 0.0625"
    for weights in KERNELS.values():
        assert_allclose(parse_kernel(kernel_text(weights)), weights, rtol=5e-3)
