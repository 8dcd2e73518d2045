"""The recall task of chapter 06: generator properties, model shapes, a tiny training run."""

import numpy as np
import pytest
import torch

from dlcourse.models.recall import K, Recaller, recall_batch, recall_curve, train_recall
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


def test_a_short_run_learns_distance_2_far_above_chance():
    accuracy = train_recall("gru", 2, steps=60, hidden=16, seed=0)
    assert accuracy > 0.9  # chance is 1/8
    assert accuracy == train_recall("gru", 2, steps=60, hidden=16, seed=0)  # reproducible


def test_curve_has_one_accuracy_per_cell_and_distance():
    curve = recall_curve(cells=("rnn", "lstm"), distances=(1, 3, 4), steps=2, hidden=4)
    assert curve.accuracy.shape == (2, 3) and curve.cells == ("rnn", "lstm")
    np.testing.assert_array_equal(curve.distances, [1, 3, 4])
    assert curve.chance == 1 / K and curve.steps == 2
    assert ((curve.accuracy >= 0) & (curve.accuracy <= 1)).all()
    fig = plot_recall(curve.distances, curve.accuracy, curve.cells, curve.chance, curve.steps)
    assert [line.get_label() for line in fig.axes[0].get_lines()][:2] == ["RNN", "LSTM"]
