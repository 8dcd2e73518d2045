"""dlcourse.nn.mlp against torch autograd: outputs and every gradient, float64, rtol 1e-10."""

import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose

from dlcourse.data.toy import eight_points
from dlcourse.nn.mlp import MLP, ActivationLayer, Dense, fit, init_weights
from dlcourse.nn.optim import SGD

RTOL, ATOL = 1e-10, 1e-12  # float64 on both sides: only rounding differs
TORCH_ACT = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}


def torch_copy(net: MLP) -> torch.nn.Sequential:
    """The same network in torch, with the same weights (Linear stores W transposed)."""
    modules = []
    for layer in net.layers:
        if isinstance(layer, Dense):
            lin = torch.nn.Linear(*layer.W.shape, bias=layer.b is not None, dtype=torch.float64)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(layer.W.T))  # (n_out, n_in)
                if layer.b is not None:
                    lin.bias.copy_(torch.from_numpy(layer.b))
            modules.append(lin)
        else:
            modules.append(TORCH_ACT[layer.activation.name]())
    return torch.nn.Sequential(*modules)


def torch_gradients(model: torch.nn.Sequential) -> dict:
    """Gradients named like MLP.grads: W1, b1, W2, ... with W as (n_in, n_out)."""
    out = {}
    for k, lin in enumerate((m for m in model if isinstance(m, torch.nn.Linear)), start=1):
        out[f"W{k}"] = lin.weight.grad.numpy().T
        if lin.bias is not None:
            out[f"b{k}"] = lin.bias.grad.numpy()
    return out


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("sizes", [(2, 4, 1), (3, 5, 4, 2)])
def test_forward_and_backward_match_torch(activation, sizes):
    rng = np.random.default_rng(1)
    net = MLP(sizes, activation=activation, output_activation="sigmoid", init="xavier", seed=3)
    X = rng.normal(size=(6, sizes[0]))
    G = rng.normal(size=(6, sizes[-1]))  # an arbitrary upstream gradient dL/dY

    Y = net.forward(X)
    dLdX = net.backward(G)

    model = torch_copy(net)
    Xt = torch.tensor(X, requires_grad=True)
    Yt = model(Xt)
    Yt.backward(torch.from_numpy(G))

    assert_allclose(Y, Yt.detach().numpy(), rtol=RTOL, atol=ATOL)
    assert_allclose(dLdX, Xt.grad.numpy(), rtol=RTOL, atol=ATOL)
    expected = torch_gradients(model)
    assert sorted(net.grads) == sorted(expected)
    for name, grad in net.grads.items():
        assert_allclose(grad, expected[name], rtol=RTOL, atol=ATOL, err_msg=name)


def test_seed_003_net_with_bce_matches_torch_loss_and_gradients():
    X, y = eight_points()
    net = MLP((2, 4, 1), init="uniform", seed=0)
    loss = net.loss_and_backward(X, y, "bce")
    model = torch_copy(net)
    lt = torch.nn.functional.binary_cross_entropy(model(torch.from_numpy(X)),
                                                  torch.from_numpy(y.reshape(-1, 1) * 1.0))
    lt.backward()
    assert_allclose(loss, lt.item(), rtol=RTOL)
    for name, grad in torch_gradients(model).items():
        assert_allclose(net.grads[name], grad, rtol=1e-9, atol=ATOL, err_msg=name)


def test_linear_net_without_bias_matches_torch_mse():
    """Seed 003's 2-3-1 linear net: no activation, no bias, MSE."""
    rng = np.random.default_rng(0)
    X, y = rng.random((8, 2)), rng.integers(0, 2, (8, 1)) * 1.0
    net = MLP((2, 3, 1), activation=None, output_activation=None, bias=False, init="uniform")
    assert [type(layer) for layer in net.layers] == [Dense, Dense]
    loss = net.loss_and_backward(X, y, "mse")
    model = torch_copy(net)
    lt = torch.nn.functional.mse_loss(model(torch.from_numpy(X)), torch.from_numpy(y))
    lt.backward()
    assert_allclose(loss, lt.item(), rtol=RTOL)
    for name, grad in torch_gradients(model).items():
        assert_allclose(net.grads[name], grad, rtol=RTOL, atol=ATOL, err_msg=name)
    # a linear net is one matrix: X W1 W2
    W = net.params
    assert_allclose(net.forward(X), X @ (W["W1"] @ W["W2"]), rtol=1e-12)


def test_one_sgd_step_matches_torch_sgd():
    X, y = eight_points()
    net = MLP((2, 4, 1), seed=5)
    model = torch_copy(net)
    fit(net, X, y, "bce", SGD(lr=0.5), epochs=3)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(3):
        opt.zero_grad()
        torch.nn.functional.binary_cross_entropy(
            model(torch.from_numpy(X)), torch.from_numpy(y.reshape(-1, 1) * 1.0)).backward()
        opt.step()
    lins = [m for m in model if isinstance(m, torch.nn.Linear)]
    for k, lin in enumerate(lins, start=1):
        assert_allclose(net.params[f"W{k}"], lin.weight.detach().numpy().T, rtol=1e-10)
        assert_allclose(net.params[f"b{k}"], lin.bias.detach().numpy(), rtol=1e-10,
                        atol=1e-14)


def test_fit_learns_the_eight_points():
    X, y = eight_points()
    net = MLP((2, 4, 1), seed=0)
    history = fit(net, X, y, "bce", SGD(lr=0.5), epochs=2000)
    assert history.shape == (2000,)
    assert history[0] > 0.6 and history[-1] < 0.01
    assert np.all(np.diff(history) < 0)  # full-batch descent with a small step: always down
    assert np.array_equal(net.predict_proba(X) > 0.5, y == 1)


def test_minibatches_are_seeded():
    X, y = eight_points()
    a, b = MLP((2, 4, 1), seed=0), MLP((2, 4, 1), seed=0)
    ha = fit(a, X, y, "bce", SGD(0.3), epochs=20, batch_size=3, seed=7)
    hb = fit(b, X, y, "bce", SGD(0.3), epochs=20, batch_size=3, seed=7)
    assert_allclose(ha, hb, rtol=0)


def test_gradient_norms_and_parameter_names():
    net = MLP((2, 5, 5, 1), seed=0)
    net.loss_and_backward(np.ones((4, 2)), np.array([0, 1, 0, 1]))
    assert list(net.params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    norms = net.gradient_norms()
    assert norms.shape == (3,)
    assert_allclose(norms[2], np.linalg.norm(net.grads["W3"]))


@pytest.mark.parametrize("init, check", [
    ("uniform", lambda W: W.min() >= -1 and W.max() < 1 and W.std() > 0.5),
    ("xavier", lambda W: np.abs(W).max() <= np.sqrt(6 / 600)),
    ("he", lambda W: abs(W.std() - np.sqrt(2 / 400)) < 0.005),
])
def test_init_schemes(init, check):
    assert check(init_weights(400, 200, init, np.random.default_rng(0)))


def test_bad_inputs_raise_clear_errors():
    net = MLP((2, 4, 1))
    with pytest.raises(ValueError, match=r"X has shape \(8, 3\), expected \(N, 2\)"):
        net.forward(np.ones((8, 3)))
    with pytest.raises(ValueError, match=r"X has shape \(2,\) \(1-D\), expected a 2-D"):
        net.forward(np.ones(2))
    with pytest.raises(TypeError, match="X must hold real numbers"):
        net.forward(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match=r"sizes == \(2,\), needs at least two"):
        MLP((2,))
    with pytest.raises(ValueError, match=r"sizes\[1\] == 0, must be >= 1"):
        MLP((2, 0, 1))
    with pytest.raises(TypeError, match=r"sizes\[1\] must be an int, got float"):
        MLP((2, 4.0, 1))
    with pytest.raises(ValueError, match="activation == 'swish', must be one of"):
        MLP((2, 4, 1), activation="swish")
    with pytest.raises(ValueError, match="init == 'zeros', must be one of"):
        MLP((2, 4, 1), init="zeros")
    with pytest.raises(ValueError, match="loss == 'hinge', must be one of"):
        net.loss_and_backward(np.ones((3, 2)), np.ones(3), "hinge")
    with pytest.raises(ValueError, match="X has 8 rows but y has 7"):
        fit(net, *eight_points()[:1], np.ones(7))
    with pytest.raises(ValueError, match="epochs == 0, must be >= 1"):
        fit(net, *eight_points(), epochs=0)
    with pytest.raises(TypeError, match="net must be an MLP, got Dense"):
        fit(Dense(2, 1), *eight_points())
    with pytest.raises(ValueError, match="predict_proba needs one output unit"):
        MLP((2, 3)).predict_proba(np.ones((1, 2)))
    with pytest.raises(TypeError, match=r"sizes must be a sequence of ints such as \(2, 4, 1\), "
                                        r"got int 5"):
        MLP(5)
    with pytest.raises(TypeError, match=r"sizes must be a sequence of ints .*, got str '241'"):
        MLP("241")
    with pytest.raises(TypeError, match="seed must be an int, got str"):
        MLP((2, 4, 1), seed="a")
    with pytest.raises(ValueError, match="seed == -1, must be >= 0"):
        MLP((2, 4, 1), seed=-1)
    with pytest.raises(TypeError, match="bias must be True or False, got str 'no'"):
        MLP((2, 3, 1), bias="no")
    with pytest.raises(TypeError, match=r"optimizer must be an Optimizer such as SGD\(lr=0.1\), "
                                        r"got str 'sgd'; make one from its name with "
                                        r"make_optimizer\('sgd', lr\)"):
        fit(net, *eight_points(), optimizer="sgd")
    with pytest.raises(TypeError, match=r"optimizer must be an Optimizer .*, got float 0.1\.$"):
        fit(net, *eight_points(), optimizer=0.1)


def test_layer_backward_errors():
    dense = Dense(2, 3)
    with pytest.raises(RuntimeError,
                       match=r"^Dense.backward called before forward: call forward\(X\) first.$"):
        dense.backward(np.ones((4, 3)))
    dense.forward(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"dLdY has shape \(4, 2\), expected \(4, 3\)"):
        dense.backward(np.ones((4, 2)))
    act = ActivationLayer("tanh")
    with pytest.raises(RuntimeError, match=r"^ActivationLayer.backward called before forward: "
                                           r"call forward\(X\) first.$"):
        act.backward(np.ones(3))
    act.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"dLdY has shape \(3, 2\), expected \(2, 3\)"):
        act.backward(np.ones((3, 2)))
    with pytest.raises(ValueError, match="n_out == -1, must be >= 1"):
        Dense(2, -1)


@pytest.mark.parametrize("bias", [True, False])
def test_dense_from_torch_matches_torch_linear(bias):
    torch.manual_seed(0)
    linear = torch.nn.Linear(3, 4, bias=bias, dtype=torch.float64)
    layer = Dense.from_torch(linear)
    assert list(layer.params) == (["W", "b"] if bias else ["W"])
    X = np.random.default_rng(1).normal(size=(5, 3))
    G = np.random.default_rng(2).normal(size=(5, 4))
    Xt = torch.tensor(X, requires_grad=True)
    Yt = linear(Xt)
    Yt.backward(torch.from_numpy(G))
    assert_allclose(layer.forward(X), Yt.detach().numpy(), rtol=RTOL, atol=ATOL)
    assert_allclose(layer.backward(G), Xt.grad.numpy(), rtol=RTOL, atol=ATOL)
    assert_allclose(layer.grads["W"], linear.weight.grad.numpy().T, rtol=RTOL, atol=ATOL)
    assert sorted(layer.grads) == sorted(layer.params)
    if bias:
        assert_allclose(layer.grads["b"], linear.bias.grad.numpy(), rtol=RTOL, atol=ATOL)


def test_dense_from_torch_rejects_other_modules():
    with pytest.raises(TypeError, match="linear must be a torch.nn.Linear, got Conv2d"):
        Dense.from_torch(torch.nn.Conv2d(1, 1, 3))


def test_dense_caches_its_input_and_params_are_the_arrays_themselves():
    layer = Dense(2, 3, rng=np.random.default_rng(0))
    X = np.ones((4, 2))
    layer.forward(X)
    assert list(layer.cache) == ["X"] and layer.cache["X"] is X  # float64 input: not copied
    assert layer.params["W"] is layer.W and layer.params["b"] is layer.b
    assert layer.grads == {}  # nothing before the first backward
