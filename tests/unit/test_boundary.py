"""Chapter 02's decision-boundary trainer without the widget: a 2-H-1 NumPy net on toy sets."""

import numpy as np
import pytest

from dlcourse.data.toy import xor_clusters
from dlcourse.nn.boundary import DATASETS, TrainingRun, train_classifier
from dlcourse.nn.mlp import MLP, fit
from dlcourse.nn.optim import SGD


def test_trainer_learns_each_dataset():
    for name in DATASETS:
        model = train_classifier(name, hidden=4, activation="tanh", lr=0.5, epochs=1500)
        assert model.accuracy >= (0.9 if name.startswith("seed 003: x1") else 1.0), name
        assert model.history[-1] < model.history[0] / 3, name


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_xor_needs_more_than_one_hidden_unit(activation):
    """One hidden unit gives a single boundary line: at most 3 of XOR's 4 clusters."""
    one = train_classifier("XOR (four clusters)", 1, activation, lr=0.5, epochs=800)
    three = train_classifier("XOR (four clusters)", 3, activation, lr=0.5, epochs=800)
    assert one.accuracy <= 0.75 and three.accuracy == 1.0


def test_xor_clusters_shape_and_labels():
    X, y = xor_clusters(5, seed=1)
    assert X.shape == (20, 2) and y.shape == (20,)
    assert np.all((X[:, 0] * X[:, 1] < 0) == (y == 1))


def test_trainer_errors():
    with pytest.raises(ValueError, match="dataset == 'moons', must be one of"):
        train_classifier("moons")
    with pytest.raises(ValueError, match=r"lr == -1, must be > 0"):
        train_classifier(lr=-1)


def test_continued_and_rewound_training_equals_one_uninterrupted_fit():
    X, y = DATASETS["XOR (four clusters)"]()
    run = TrainingRun("XOR (four clusters)", 3, "tanh", 0.5, every=50)
    for epochs in (120, 70, 50, 300, 7):  # past the kept networks, between, on one, before
        net = MLP((2, 3, 1), activation="tanh", output_activation="sigmoid", seed=0)
        history = fit(net, (X - X.mean(axis=0)) / X.std(axis=0), y, "bce", SGD(0.5),
                      epochs=epochs)
        model = run.at(epochs)
        np.testing.assert_array_equal(model.history, history)
        for name, p in net.params.items():
            np.testing.assert_array_equal(model.net.params[name], p)
    assert len(run.kept) == 7  # networks after 0, 50, ..., 300 epochs
    model = run.at(300)
    model.net.params["W1"][...] = 0  # a returned network is a copy: the kept ones stay
    assert np.abs(run.at(300).net.params["W1"]).sum() > 0
