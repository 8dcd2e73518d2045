"""Chapter 06's gradient-flow experiment: NumPy BPTT norms equal torch autograd's, clipping."""

import numpy as np
import pytest
import torch
from matplotlib.figure import Figure
from numpy.testing import assert_allclose

from dlcourse.nn.gradient_flow import (
    CELLS,
    clip_grad_norm,
    global_norm,
    gradient_flow,
    gradient_flows,
    gradient_layer,
    input_sequence,
    spectral_radii,
)
from dlcourse.plots.gradient_flow import plot_gradient_flow
from dlcourse.widgets.gradient_flow import gradient_flow_explorer


def torch_norms(cell, rho, T, hidden_size, gate_bias, seed):
    """||dL/dh_t|| by autograd: the layer's weights in a torch cell, unrolled by hand."""
    layer = gradient_layer(cell, rho, hidden_size, gate_bias, seed)
    twin = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}[cell](
        layer.input_size, hidden_size).double()
    with torch.no_grad():
        for name, p in twin.named_parameters():
            p.copy_(torch.from_numpy(layer.params[f"{name}_l0"]))
    x = torch.from_numpy(input_sequence(T, seed))  # (T, 1, H_in)
    h = torch.zeros(1, hidden_size, dtype=torch.float64)
    c = torch.zeros_like(h)
    states = []
    for t in range(T):
        if cell == "lstm":
            h, c = twin(x[t], (h, c))
        else:
            h = twin(x[t], h)
        h.retain_grad()
        states.append(h)
    h.sum().backward()
    return np.array([s.grad.norm().item() for s in states])


@pytest.mark.parametrize("cell", list(CELLS))
@pytest.mark.parametrize("rho, T, gate_bias", [(0.8, 20, 3.0), (1.3, 30, 0.0), (1.0, 7, 1.0)])
def test_norms_equal_torch_autograd(cell, rho, T, gate_bias):
    flow = gradient_flow(cell, rho, T, hidden_size=6, gate_bias=gate_bias, seed=2)
    assert flow.norms.shape == (T,)
    assert_allclose(flow.norms, torch_norms(cell, rho, T, 6, gate_bias, 2), rtol=1e-10)
    assert_allclose(flow.norms[-1], np.sqrt(6), rtol=1e-12)  # L = sum of h_T


@pytest.mark.parametrize("cell, gates", [("rnn", 1), ("lstm", 4), ("gru", 3)])
def test_every_gate_block_has_the_spectral_radius_rho(cell, gates):
    layer = gradient_layer(cell, 1.3, hidden_size=8)
    radii = spectral_radii(layer.params["weight_hh_l0"], 8)
    assert_allclose(radii, np.full(gates, 1.3), rtol=1e-12)


def test_gate_bias_sits_on_the_forget_and_update_gates_only():
    lstm = gradient_layer("lstm", 1.0, hidden_size=3, gate_bias=2.5).params
    assert_allclose(lstm["bias_ih_l0"], [0, 0, 0, 2.5, 2.5, 2.5] + [0] * 6)
    assert_allclose(lstm["bias_hh_l0"], np.zeros(12))
    gru = gradient_layer("gru", 1.0, hidden_size=2, gate_bias=-1.0).params
    assert_allclose(gru["bias_ih_l0"], [0, 0, -1, -1, 0, 0])


def test_the_tanh_rnn_vanishes_below_one_and_explodes_above():
    flows = {rho: gradient_flow("rnn", rho, 20) for rho in (0.8, 1.3)}
    assert flows[0.8].ratio < 1e-2 and flows[1.3].ratio > 10
    assert np.all(np.diff(flows[0.8].norms) > 0)  # shrinks at every step back


def test_open_gates_keep_the_gradient_where_the_rnn_loses_it():
    flows = gradient_flows(0.8, 20, gate_bias=3.0)
    assert flows["rnn"].ratio < 1e-2
    assert flows["lstm"].ratio > 0.1 and flows["gru"].ratio > 0.1
    shut = gradient_flows(0.8, 20, gate_bias=0.0)  # gates half shut: worse than the RNN
    assert shut["lstm"].ratio < flows["rnn"].ratio and shut["gru"].ratio < flows["rnn"].ratio


def test_clipping_keeps_direction_and_caps_the_norm():
    grads = gradient_flow("rnn", 1.3, 20).grads
    clipped, norm = clip_grad_norm(grads, 1.0)
    assert norm == pytest.approx(global_norm(grads)) and norm > 1.0
    assert global_norm(clipped) == pytest.approx(1.0, rel=1e-12)
    for name, g in grads.items():
        assert_allclose(clipped[name], g / norm, rtol=1e-12)  # same direction, one factor
    tensors = {name: torch.tensor(g) for name, g in grads.items()}
    for t in tensors.values():
        t.grad = t.clone()
    torch.nn.utils.clip_grad_norm_(list(tensors.values()), 1.0)  # torch adds 1e-6 to the norm
    for name, t in tensors.items():
        assert_allclose(clipped[name], t.grad.numpy(), rtol=1e-5)


def test_clipping_leaves_small_gradients_alone():
    grads = {"w": np.array([0.3, -0.4]), "b": np.array([0.0])}
    clipped, norm = clip_grad_norm(grads, 1.0)
    assert norm == pytest.approx(0.5)
    assert_allclose(clipped["w"], grads["w"]) and clipped["w"] is not grads["w"]


def test_plot_has_a_line_per_cell_and_a_dashed_clipped_line():
    flows = gradient_flows(1.3, 20)
    fig = plot_gradient_flow({c: f.norms for c, f in flows.items()}, 1.3,
                             clipped={"rnn": (flows["rnn"].grad_norm, 10.0)})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_title() == r"$\rho(W_{hh})$ = 1.3, T = 20"
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["tanh RNN", f"clipped: $\\|g\\|$ {flows['rnn'].grad_norm:.3g} → 10"]
    assert labels[2:] == ["LSTM", "GRU"]
    assert_allclose(ax.get_lines()[1].get_ydata(),
                    flows["rnn"].norms * 10.0 / flows["rnn"].grad_norm)


def test_explorer_redraws_when_rho_and_clipping_change():
    explorer = gradient_flow_explorer()
    assert isinstance(explorer.figure, Figure) and explorer.message == ""
    explorer.controls["rho"].value = 0.8
    assert explorer.renders == 2 and explorer.figure.axes[0].get_title().startswith(
        r"$\rho(W_{hh})$ = 0.8, T = 20")
    explorer.controls["clip"].value = 1.0
    assert len(explorer.figure.axes[0].get_lines()) == 6  # every cell's norm is above 1
    explorer.controls["T"].value = 100
    assert len(explorer.figure.axes[0].get_lines()[0].get_ydata()) == 100
