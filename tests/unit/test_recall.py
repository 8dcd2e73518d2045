"""The recall task of chapter 06: generator properties, model shapes, a tiny training run."""

import numpy as np
import pytest
import torch

from dlcourse.models.recall import (
    GATE_BIAS,
    K,
    Recaller,
    recall_batch,
    recall_curve,
    set_gate_bias,
    train_recall,
)
from dlcourse.plots.recall import plot_recall


@pytest.mark.parametrize("distance", [1, 2, 7, 50])
def test_label_is_the_symbol_distance_steps_before_the_last(distance):
    tokens, labels = recall_batch(300, distance, generator=torch.Generator().manual_seed(3))
    assert tokens.shape == (300, distance + 1) and labels.shape == (300,)
    assert tokens.dtype == torch.int64 and labels.dtype == torch.int64
    assert torch.equal(tokens[:, -1 - distance], labels)
    assert labels.min() >= 0 and labels.max() < K  # class symbols 0..K-1
    assert tokens[:, 1:].min() >= K and tokens[:, 1:].max() < 2 * K  # distractors K..2K-1
    assert set(labels.tolist()) == set(range(K))


def test_batches_repeat_for_a_seed_and_differ_between_seeds():
    def draw(seed):
        return recall_batch(20, 5, generator=torch.Generator().manual_seed(seed))

    (a, ya), (b, yb), (c, _) = draw(0), draw(0), draw(1)
    assert torch.equal(a, b) and torch.equal(ya, yb)
    assert not torch.equal(a, c)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_model_gives_k_logits_per_sequence(cell):
    model = Recaller(cell, hidden=5, k=3)
    tokens, _ = recall_batch(4, 6, k=3)
    assert model(tokens).shape == (4, 3)


def _biases(model):
    return model.rnn.bias_ih_l0.detach().clone(), model.rnn.bias_hh_l0.detach().clone()


@pytest.mark.parametrize("cell, blocks", [("lstm", {1: 2.5, 0: -2.5}), ("gru", {1: 2.5})])
def test_gate_bias_sets_the_keep_gate_blocks_and_nothing_else(cell, blocks):
    torch.manual_seed(4)
    default = Recaller(cell, hidden=5, k=3)
    torch.manual_seed(4)
    biased = Recaller(cell, hidden=5, k=3, gate_bias=2.5)
    (ih0, hh0), (ih, hh) = _biases(default), _biases(biased)
    for block in range(ih.shape[0] // 5):  # LSTM i, f, g, o; GRU r, z, n
        rows = slice(5 * block, 5 * block + 5)
        if block in blocks:
            assert torch.equal(ih[rows], torch.full((5,), blocks[block]))
            assert torch.equal(hh[rows], torch.zeros(5))
        else:
            assert torch.equal(ih[rows], ih0[rows]) and torch.equal(hh[rows], hh0[rows])
    for (name, w0), w in zip(default.named_parameters(), biased.parameters(), strict=True):
        if "bias" not in name or "readout" in name:
            assert torch.equal(w0, w), name


def test_gate_bias_opens_the_forget_gate_and_closes_the_input_gate_at_the_start():
    model = Recaller("lstm", hidden=3, k=2, gate_bias=3.0)
    with torch.no_grad():
        model.rnn.weight_ih_l0.zero_()  # only the biases act on the first step from h0 = 0
        gates = model.rnn.bias_ih_l0 + model.rnn.bias_hh_l0
    i, f = torch.sigmoid(gates[:3]), torch.sigmoid(gates[3:6])
    np.testing.assert_allclose(f.numpy(), 1 / (1 + np.exp(-3.0)), rtol=1e-6)
    np.testing.assert_allclose(i.numpy(), 1 / (1 + np.exp(3.0)), rtol=1e-6)


def test_gate_bias_leaves_the_plain_rnn_alone():
    torch.manual_seed(1)
    rnn = torch.nn.RNN(4, 3)
    before = [p.detach().clone() for p in rnn.parameters()]
    set_gate_bias(rnn, 4.0)
    assert all(torch.equal(a, b) for a, b in zip(before, rnn.parameters(), strict=True))


def test_a_short_run_learns_distance_2_far_above_chance():
    accuracy = train_recall("gru", 2, steps=60, hidden=16, seed=0)
    assert accuracy > 0.9  # chance is 1/8
    assert accuracy == train_recall("gru", 2, steps=60, hidden=16, seed=0)  # reproducible


def test_curve_has_one_accuracy_per_cell_and_distance():
    curve = recall_curve(cells=("rnn", "lstm"), distances=(1, 3, 4), steps=2, hidden=4)
    assert curve.accuracy.shape == (2, 3) and curve.cells == ("rnn", "lstm")
    np.testing.assert_array_equal(curve.distances, [1, 3, 4])
    assert curve.chance == 1 / K and curve.steps == 2 and curve.gate_bias == GATE_BIAS
    assert ((curve.accuracy >= 0) & (curve.accuracy <= 1)).all()
    fig = plot_recall(curve.distances, curve.accuracy, curve.cells, curve.chance, curve.steps)
    assert [line.get_label() for line in fig.axes[0].get_lines()][:2] == ["RNN", "LSTM"]


def test_plot_draws_a_repeated_cell_dotted_under_its_own_label():
    accuracy = np.array([[1.0, 0.5], [1.0, 1.0], [0.4, 0.1]])
    fig = plot_recall([10, 30], accuracy, ("rnn", "lstm", "lstm"), 1 / K, 150,
                      labels=["RNN", "LSTM, gate bias 4", "LSTM, default init"])
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines[:3]] == ["RNN", "LSTM, gate bias 4",
                                                        "LSTM, default init"]
    assert [line.get_linestyle() for line in lines[:3]] == ["-", "-", ":"]
    assert lines[1].get_color() == lines[2].get_color()
    np.testing.assert_allclose(lines[2].get_ydata(), [40.0, 10.0])
