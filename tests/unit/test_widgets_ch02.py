"""Chapter 02 explorers driven without a browser: set a control, the figure changes."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlcourse.data.toy import xor_clusters
from dlcourse.widgets.boundary_trainer import DATASETS, boundary_trainer, train_classifier
from dlcourse.widgets.descent import descent_explorer, descent_paths


def test_boundary_trainer_redraws_on_every_control():
    explorer = boundary_trainer(epochs=200)
    assert isinstance(explorer.figure, Figure) and explorer.renders == 1
    first = explorer.figure
    explorer.controls["hidden"].value = 2
    explorer.controls["activation"].value = "tanh"
    explorer.controls["dataset"].value = "XOR (four clusters)"
    explorer.controls["epochs"].value = 100
    assert explorer.renders == 5 and explorer.message == ""
    assert explorer.figure is not first
    assert "2-2-1 tanh" in explorer.figure.axes[0].get_title()


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


def test_descent_explorer_redraws_and_reports_a_start_outside_the_window():
    explorer = descent_explorer()
    assert isinstance(explorer.figure, Figure)
    explorer.controls["lr"].value = 0.3
    assert "sgd: diverged after" in explorer.figure.axes[0].get_title()
    explorer.controls["optimizer"].value = "all three"
    assert len(explorer.figure.axes[0].get_legend().get_texts()) == 5  # minimum, 3 paths, start
    explorer.controls["surface"].value = "two_minima"  # x0 = -4 is outside [-2, 2]
    assert explorer.figure is None
    assert "start (-4, 1.5) is outside the 'two_minima' surface's window" in explorer.message
    explorer.controls["x0"].value = 1.8
    assert explorer.message == "" and isinstance(explorer.figure, Figure)


def test_descent_paths_values():
    paths = descent_paths("valley", "sgd", 0.1, 20, -4.0, 1.5)
    path = paths["sgd"]
    assert path.shape == (21, 2)
    # gradient descent on 0.5(x^2 + 10 y^2): x shrinks by (1 - 0.1), y by (1 - 1.0) per step
    np.testing.assert_allclose(path[5], [-4.0 * 0.9**5, 0.0], atol=1e-12)
    assert set(descent_paths("valley", "all three", 0.1, 5, 0.0, 1.0)) == {"sgd", "momentum",
                                                                             "adam"}
    with pytest.raises(ValueError, match="optimizer == 'lbfgs', must be one of"):
        descent_paths("valley", "lbfgs", 0.1, 5, 0.0, 1.0)
