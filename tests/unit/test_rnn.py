"""dlcourse.nn.rnn against torch.nn.RNN/LSTM/GRU and their cells: outputs, states and every
gradient (input, initial state, each weight and bias), float64 on both sides, rtol 1e-10.
"""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from dlcourse.nn.optim import SGD
from dlcourse.nn.rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell, rnn_loop

TOL = {"rtol": 1e-10, "atol": 1e-12}  # float64 on both sides: only rounding differs
LAYERS = {"RNN": RNN, "LSTM": LSTM, "GRU": GRU}
CELLS = {"RNNCell": RNNCell, "LSTMCell": LSTMCell, "GRUCell": GRUCell}


def parts(state) -> tuple:
    """h alone or the LSTM's pair (h, c), as a tuple."""
    return state if isinstance(state, tuple) else (state,)


def public(arrays: list):
    """The inverse of parts: one array alone, two as a pair."""
    return arrays[0] if len(arrays) == 1 else tuple(arrays)


def torch_twin(model):
    """The torch module of the same kind, loaded with ``model``'s weights.

    ``load_state_dict`` is strict: it fails unless ``model.params`` has exactly torch's
    parameter names and shapes.
    """
    name = type(model).__name__
    options = {"nonlinearity": model.nonlinearity} if name.startswith("RNN") else {}
    if name in LAYERS:
        options.update(num_layers=model.num_layers, batch_first=model.batch_first)
    module = getattr(torch.nn, name)(model.input_size, model.hidden_size, bias=model.bias,
                                     dtype=torch.float64, **options)
    module.load_state_dict({k: torch.from_numpy(p) for k, p in model.params.items()})
    return module


def compare_with_torch(model, x, state0, d_out, d_state):
    """Forward and backward in NumPy and torch autograd; assert every result equal.

    ``state0`` and ``d_state`` may be None (zeros in NumPy; torch gets no hx / no gradient).
    """
    is_cell = type(model).__name__ in CELLS
    result = model.forward(x, state0)
    out, state = (None, result) if is_cell else result  # a cell returns only its new state
    dx = model.backward(d_state) if is_cell else model.backward(d_out, d_state)
    d_state0 = model.d_hx if is_cell else model.d_h0

    module = torch_twin(model)
    xt = torch.tensor(x, requires_grad=True)
    args = [xt]
    if state0 is not None:
        state0_t = [torch.tensor(s, requires_grad=True) for s in parts(state0)]
        args.append(public(state0_t))
    result = module(*args)
    out_t, state_t = (None, result) if is_cell else result
    tensors, grads = ([], []) if is_cell else ([out_t], [torch.from_numpy(d_out)])
    if d_state is not None:
        tensors += list(parts(state_t))
        grads += [torch.from_numpy(d) for d in parts(d_state)]
    torch.autograd.backward(tensors, grads)

    if not is_cell:
        assert_allclose(out, out_t.detach().numpy(), **TOL)
    for ours, theirs in zip(parts(state), parts(state_t), strict=True):
        assert_allclose(ours, theirs.detach().numpy(), **TOL)
    assert_allclose(dx, xt.grad.numpy(), **TOL)
    if state0 is not None:
        for ours, theirs in zip(parts(d_state0), state0_t, strict=True):
            assert_allclose(ours, theirs.grad.numpy(), **TOL)
    torch_grads = {name: p.grad.numpy() for name, p in module.named_parameters()}
    assert list(model.grads) == list(torch_grads) == list(model.params)
    for name, grad in model.grads.items():
        assert_allclose(grad, torch_grads[name], **TOL, err_msg=name)


@given(kind=st.sampled_from(sorted(LAYERS)), input_size=st.integers(1, 4),
       hidden_size=st.integers(1, 4), num_layers=st.integers(1, 3), L=st.integers(1, 5),
       N=st.integers(1, 3), bias=st.booleans(), batch_first=st.booleans(),
       with_h0=st.booleans(), with_d_state=st.booleans(), seed=st.integers(0, 2**16))
@settings(max_examples=120, deadline=None, derandomize=True)
def test_layers_forward_and_every_gradient_match_torch(kind, input_size, hidden_size, num_layers,
                                                       L, N, bias, batch_first, with_h0,
                                                       with_d_state, seed):
    model = LAYERS[kind](input_size, hidden_size, num_layers, bias, batch_first, seed=seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, L, input_size) if batch_first else (L, N, input_size))
    n_parts = 2 if kind == "LSTM" else 1
    state_shape = (num_layers, N, hidden_size)
    h0 = public([rng.normal(size=state_shape) for _ in range(n_parts)]) if with_h0 else None
    d_out = rng.normal(size=x.shape[:2] + (hidden_size,))
    d_state = public([rng.normal(size=state_shape) for _ in range(n_parts)]) \
        if with_d_state else None
    compare_with_torch(model, x, h0, d_out, d_state)


@given(kind=st.sampled_from(sorted(CELLS)), input_size=st.integers(1, 4),
       hidden_size=st.integers(1, 4), N=st.integers(1, 3), bias=st.booleans(),
       with_hx=st.booleans(), seed=st.integers(0, 2**16))
@settings(max_examples=50, deadline=None, derandomize=True)
def test_cells_forward_and_every_gradient_match_torch(kind, input_size, hidden_size, N, bias,
                                                      with_hx, seed):
    cell = CELLS[kind](input_size, hidden_size, bias, seed=seed)
    rng = np.random.default_rng(seed)
    n_parts = 2 if kind == "LSTMCell" else 1
    hx = public([rng.normal(size=(N, hidden_size)) for _ in range(n_parts)]) if with_hx else None
    d_state = public([rng.normal(size=(N, hidden_size)) for _ in range(n_parts)])
    compare_with_torch(cell, rng.normal(size=(N, input_size)), hx, None, d_state)


@pytest.mark.parametrize("batch_first", [False, True])
def test_relu_rnn_and_cell_match_torch(batch_first):
    rng = np.random.default_rng(5)
    model = RNN(3, 4, 2, batch_first=batch_first, seed=1, nonlinearity="relu")
    L, N = 6, 2
    x = rng.normal(size=(N, L, 3) if batch_first else (L, N, 3))
    compare_with_torch(model, x, rng.normal(size=(2, N, 4)), rng.normal(size=x.shape[:2] + (4,)),
                       rng.normal(size=(2, N, 4)))
    cell = RNNCell(3, 4, seed=2, nonlinearity="relu")
    compare_with_torch(cell, rng.normal(size=(5, 3)), rng.normal(size=(5, 4)), None,
                       rng.normal(size=(5, 4)))


def torch_hidden_gradients(model, x, h0, d_out):
    """dL/dh_t of every layer and step from a loop over torch cells (retain_grad), (K, L, N, H).

    The loss is sum(output * d_out); x is time-major (L, N, H_in), h0 is (h0,) or (h0, c0).
    """
    layer_input = list(torch.from_numpy(x))
    hidden = []
    for k, cell in enumerate(model.cells):
        twin = torch_twin(cell)
        state = public([torch.from_numpy(s[k]) for s in h0])
        outputs = []
        for x_t in layer_input:
            state = twin(x_t, state)
            h_t = parts(state)[0]
            h_t.retain_grad()
            outputs.append(h_t)
        hidden.append(outputs)
        layer_input = outputs
    sum((h_t * torch.from_numpy(d)).sum() for h_t, d in zip(layer_input, d_out)).backward()
    return np.array([[h_t.grad.numpy() for h_t in outputs] for outputs in hidden])


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_d_hidden_is_autograds_gradient_of_every_state(kind, batch_first):
    rng = np.random.default_rng(6)
    model = LAYERS[kind](3, 4, 2, batch_first=batch_first, seed=3)
    L, N = 7, 2
    h0 = [rng.normal(size=(2, N, 4)) for _ in range(2 if kind == "LSTM" else 1)]
    x, d_out = rng.normal(size=(L, N, 3)), rng.normal(size=(L, N, 4))
    if batch_first:
        model.forward(x.transpose(1, 0, 2), public(h0))
        model.backward(d_out.transpose(1, 0, 2))
        assert model.d_hidden.shape == (2, N, L, 4)
        d_hidden = model.d_hidden.transpose(0, 2, 1, 3)  # (K, N, L, H) -> (K, L, N, H)
    else:
        model.forward(x, public(h0))
        model.backward(d_out)
        d_hidden = model.d_hidden
    assert_allclose(d_hidden, torch_hidden_gradients(model, x, h0, d_out), **TOL)
    assert_allclose(d_hidden[-1, -1], d_out[-1], rtol=0)  # the last step of the top layer


def test_seed_001_shape_examples_in_numpy_and_torch():
    rng = np.random.default_rng(0)
    x, h0, c0 = (rng.normal(size=shape) for shape in [(5, 3, 10), (2, 3, 20), (2, 3, 20)])
    torch.manual_seed(0)
    lstm_t = torch.nn.LSTM(10, 20, 2, dtype=torch.float64)
    output, (h_n, c_n) = LSTM.from_torch(lstm_t).forward(x, (h0, c0))
    assert output.shape == (5, 3, 20) and h_n.shape == c_n.shape == (2, 3, 20)
    xt, h0t, c0t = map(torch.from_numpy, (x, h0, c0))
    output_t, (h_n_t, c_n_t) = lstm_t(xt, (h0t, c0t))
    for ours, theirs in [(output, output_t), (h_n, h_n_t), (c_n, c_n_t)]:
        assert_allclose(ours, theirs.detach().numpy(), **TOL)
    gru_t = torch.nn.GRU(10, 20, 2, dtype=torch.float64)
    output, h_n = GRU.from_torch(gru_t).forward(x, h0)
    assert output.shape == (5, 3, 20) and h_n.shape == (2, 3, 20)
    assert_allclose(h_n, gru_t(xt, h0t)[1].detach().numpy(), **TOL)
    assert_allclose(h_n[-1], output[-1], rtol=0)  # the top layer's last state is the last output


@pytest.mark.parametrize(("cls", "gates"), [(RNN, 1), (LSTM, 4), (GRU, 3)])
def test_weights_have_torchs_names_shapes_and_count(cls, gates):
    model = cls(10, 20, 2)
    shapes = {name: p.shape for name, p in model.params.items()}
    assert shapes == {"weight_ih_l0": (gates * 20, 10), "weight_hh_l0": (gates * 20, 20),
                      "bias_ih_l0": (gates * 20,), "bias_hh_l0": (gates * 20,),
                      "weight_ih_l1": (gates * 20, 20), "weight_hh_l1": (gates * 20, 20),
                      "bias_ih_l1": (gates * 20,), "bias_hh_l1": (gates * 20,)}
    n_params = sum(p.size for p in model.params.values())
    assert n_params == sum(p.numel() for p in getattr(torch.nn, cls.__name__)(10, 20, 2)
                           .parameters())
    assert n_params == {1: 1480, 4: 5920, 3: 4440}[gates]  # LSTM(10, 20, 2): 4 × RNN's 1480
    assert list(cls(10, 20, 2, bias=False).params) == ["weight_ih_l0", "weight_hh_l0",
                                                       "weight_ih_l1", "weight_hh_l1"]


def test_lstm_row_blocks_are_input_forget_candidate_output():
    """A hand-set LSTMCell: zero weights, biases that open or shut each gate."""
    cell = LSTMCell(1, 1, seed=0)
    cell.weight_ih[...] = cell.weight_hh[...] = 0.0
    cell.bias_hh[...] = 0.0
    cell.bias_ih[...] = [40.0, -40.0, np.arctanh(0.5), 40.0]  # i open, f shut, g = 0.5, o open
    h, c = cell.forward(np.zeros((1, 1)), (np.zeros((1, 1)), np.full((1, 1), 7.0)))
    assert_allclose(c, [[0.5]], rtol=1e-12)  # f · 7 + i · g: the old 7 is forgotten
    assert_allclose(h, np.tanh([[0.5]]), rtol=1e-12)


def test_gru_reset_gate_scales_the_recurrent_bias_too():
    """With r = 0, n = tanh(W_in x + b_in): b_hn is switched off along with W_hn h."""
    cell = GRUCell(1, 1, seed=0)
    cell.weight_ih[...] = cell.weight_hh[...] = 0.0
    cell.bias_ih[...] = [-40.0, -40.0, 0.25]  # r = 0, z = 0 (take the candidate), b_in
    cell.bias_hh[...] = [0.0, 0.0, 3.0]  # b_hn, multiplied by r = 0
    assert_allclose(cell.forward(np.zeros((1, 1)), np.ones((1, 1))), np.tanh([[0.25]]), rtol=1e-12)


@pytest.mark.parametrize("with_h0", [False, True])
def test_plain_loop_equals_the_vectorised_forward(with_h0):
    rng = np.random.default_rng(3)
    model = RNN(4, 5, seed=2)
    x, h0 = rng.normal(size=(7, 3, 4)), rng.normal(size=(3, 5)) if with_h0 else None
    output, h_n = model.forward(x, None if h0 is None else h0[None])
    weights = [model.params[f"{name}_l0"] for name in ("weight_ih", "weight_hh", "bias_ih",
                                                       "bias_hh")]
    looped = rnn_loop(x, *weights, h0)
    assert_allclose(looped, output, **TOL)
    assert_allclose(looped[-1], h_n[0], **TOL)


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_from_torch_copies_every_weight_and_matches_its_forward(kind):
    torch.manual_seed(0)
    module = getattr(torch.nn, kind)(3, 4, 2, batch_first=True)  # float32, torch's init
    model = LAYERS[kind].from_torch(module)
    assert (model.num_layers, model.batch_first, model.bias) == (2, True, True)
    for name, p in module.named_parameters():
        assert model.params[name].dtype == np.float64
        assert_allclose(model.params[name], p.detach().numpy(), rtol=0)  # float32 -> 64: exact
    x = np.random.default_rng(1).normal(size=(2, 6, 3))
    output, _ = model.forward(x)
    output_t, _ = module.double()(torch.from_numpy(x))
    assert_allclose(output, output_t.detach().numpy(), **TOL)


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_cell_from_torch_matches_torch(kind):
    torch.manual_seed(1)
    module = getattr(torch.nn, kind)(3, 2, bias=False, dtype=torch.float64)
    cell = CELLS[kind].from_torch(module)
    assert list(cell.params) == ["weight_ih", "weight_hh"]
    x = np.random.default_rng(2).normal(size=(4, 3))
    for ours, theirs in zip(parts(cell.forward(x)), parts(module(torch.from_numpy(x))),
                            strict=True):
        assert_allclose(ours, theirs.detach().numpy(), **TOL)


def test_from_torch_keeps_relu_and_equals_a_dropout_module_in_eval_mode():
    assert RNN.from_torch(torch.nn.RNN(2, 3, nonlinearity="relu")).nonlinearity == "relu"
    assert RNNCell.from_torch(torch.nn.RNNCell(2, 3, nonlinearity="relu")).nonlinearity == "relu"
    torch.manual_seed(2)
    module = torch.nn.GRU(2, 3, 3, dropout=0.5, dtype=torch.float64)
    x = np.random.default_rng(0).normal(size=(5, 2, 2))
    assert_allclose(GRU.from_torch(module).forward(x)[0],
                    module.eval()(torch.from_numpy(x))[0].detach().numpy(), **TOL)


def test_init_is_torchs_uniform_and_seeded():
    model = LSTM(3, 16, 2, seed=4)
    for p in model.params.values():
        assert p.dtype == np.float64 and np.abs(p).max() <= 0.25  # k = 1/sqrt(16)
    assert max(np.abs(p).max() for p in model.params.values()) > 0.24
    same, other = LSTM(3, 16, 2, seed=4), LSTM(3, 16, 2, seed=5)
    for name, p in model.params.items():
        assert_allclose(same.params[name], p, rtol=0)
        assert not np.allclose(other.params[name], p)
    assert not np.allclose(model.params["weight_hh_l0"], model.params["weight_hh_l1"])


def test_params_are_the_arrays_so_an_optimizer_step_updates_the_layer():
    model = GRU(2, 3, 2, seed=0)
    assert model.params["weight_hh_l1"] is model.cells[1].weight_hh
    assert model.grads == {} and model.cache is None
    output, _ = model.forward(np.ones((4, 1, 2)))
    model.backward(np.ones_like(output))
    before = model.params["bias_hh_l0"].copy()
    SGD(lr=0.5).step(model.params, model.grads)
    assert_allclose(model.params["bias_hh_l0"], before - 0.5 * model.grads["bias_hh_l0"], rtol=0)
    assert_allclose(model.cells[0].bias_hh, model.params["bias_hh_l0"], rtol=0)


def test_float32_and_list_inputs_are_accepted_and_give_float64():
    model = RNN(2, 3)
    x = np.random.default_rng(0).normal(size=(4, 1, 2))
    output, _ = model.forward(x.astype(np.float32))
    assert output.dtype == np.float64
    assert_allclose(model.forward(x.tolist())[0], model.forward(x)[0], rtol=0)


def test_repr_says_what_the_layer_is():
    assert repr(LSTM(10, 20, 2)) == "LSTM(10, 20, num_layers=2, bias=True, batch_first=False)"
    assert repr(GRUCell(3, 4, bias=False)) == "GRUCell(3, 4, bias=False)"
    assert repr(RNNCell(3, 4)) == "RNNCell(3, 4, bias=True, nonlinearity='tanh')"


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: LSTM(3, 4).backward(np.ones((2, 1, 4))), RuntimeError,
     r"^LSTM.backward called before forward: call forward\(X\) first.$"),
    (lambda: GRUCell(3, 4).backward(np.ones((1, 4))), RuntimeError,
     r"^GRUCell.backward called before forward: call forward\(X\) first.$"),
    (lambda: RNN(3, 4, batch_first=True).forward(np.ones((2, 3))), ValueError,
     r"x has shape \(2, 3\) \(2-D\), expected a 3-D array \(N, L, input_size\); for one "
     r"sequence use x\[None\]"),
    (lambda: RNN(3, 4).forward(np.ones((0, 2, 3))), ValueError,
     r"x has shape \(0, 2, 3\), expected \(L, N, input_size\) with input_size == 3 and no "
     r"empty axis"),
    (lambda: LSTM(3, 4).forward(np.ones((2, 1, 3)), (np.zeros((1, 1, 4)), np.zeros((1, 2, 4)))),
     ValueError, r"h0\[1\] \(c\) has shape \(1, 2, 4\), expected \(1, 1, 4\) = "
                 r"\(num_layers, N, hidden_size\)"),
    (lambda: LSTMCell(3, 4).forward(np.ones((2, 3)), np.zeros((2, 4))), TypeError,
     r"hx must be a pair \(h, c\) of arrays for an LSTM, got ndarray"),
    (lambda: GRUCell(3, 4).forward(np.ones((2, 3)), np.zeros((1, 4))), ValueError,
     r"hx has shape \(1, 4\), expected \(2, 4\) = \(N, hidden_size\)"),
    (lambda: RNN(2, 3, nonlinearity="sigmoid"), ValueError,
     r"nonlinearity == 'sigmoid', must be one of \('tanh', 'relu'\)"),
    (lambda: GRU(2, 3, bias="no"), TypeError, r"bias must be True or False, got str 'no'"),
    (lambda: LSTM.from_torch(torch.nn.GRU(2, 3)), TypeError,
     r"module must be a torch.nn.LSTM, got GRU"),
    (lambda: GRUCell.from_torch(torch.nn.GRU(2, 3)), TypeError,
     r"module must be a torch.nn.GRUCell, got GRU"),
    (lambda: GRU.from_torch(torch.nn.GRU(2, 3, bidirectional=True)), ValueError,
     r"only bidirectional=False and proj_size=0 have a NumPy twin here"),
    (lambda: LSTM.from_torch(torch.nn.LSTM(2, 3, proj_size=2)), ValueError,
     r"only bidirectional=False and proj_size=0 have a NumPy twin here"),
    (lambda: rnn_loop(np.ones((2, 1, 3)), np.ones((4, 3)), np.ones((4, 3)), np.ones(4),
                      np.ones(4)), ValueError,
     r"weight_hh has shape \(4, 3\), expected \(4, 4\) = \(H, H\)"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_backward_checks_the_gradient_shapes():
    model = LSTM(3, 4, 2, batch_first=True)
    model.forward(np.ones((5, 2, 3)))
    with pytest.raises(ValueError, match=r"d_output has shape \(2, 5, 4\), expected \(5, 2, 4\) "
                                         r"= \(N, L, hidden_size\), the shape of forward's output"):
        model.backward(np.ones((2, 5, 4)))
    with pytest.raises(ValueError, match=r"d_state\[0\] \(h\) has shape \(1, 5, 4\), expected "
                                         r"\(2, 5, 4\) = \(num_layers, N, hidden_size\), the "
                                         r"shape of h_n"):
        model.backward(np.ones((5, 2, 4)), (np.ones((1, 5, 4)), np.ones((2, 5, 4))))
    cell = RNNCell(3, 4)
    cell.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"d_out has shape \(4,\), expected \(2, 4\)"):
        cell.backward(np.ones(4))
