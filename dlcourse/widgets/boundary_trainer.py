"""Chapter 02 decision-boundary trainer, in the spirit of TensorFlow Playground.

Pick a dataset, the hidden units and activation of a 2-H-1 network, the
learning rate and the epochs; :func:`dlcourse.nn.boundary.train_classifier`
trains it from scratch and :func:`dlcourse.plots.boundary.plot_boundary_and_loss`
redraws the decision regions and the loss curve.
"""

from __future__ import annotations

from dlcourse.nn.activations import ACTIVATIONS
from dlcourse.nn.boundary import DATASETS, train_classifier
from dlcourse.plots.boundary import plot_boundary_and_loss
from dlcourse.widgets.explorer import Explorer, dropdown, log_slider, slider


def boundary_figure(dataset: str = "seed 003: eight points", hidden: int = 4,
                    activation: str = "sigmoid", lr: float = 0.5, epochs: int = 1000):
    """Decision regions and loss curve of :func:`train_classifier` with these settings."""
    model = train_classifier(dataset, hidden, activation, lr, epochs)
    title = (f"2-{hidden}-1 {activation}, η = {lr:.3g}\n"
             f"accuracy {model.accuracy:.0%}, loss {model.history[-1]:.3g}")
    return plot_boundary_and_loss(model.X, model.y, model.predict_proba, model.history, title)


def boundary_trainer(dataset: str = "seed 003: eight points", hidden: int = 4,
                     activation: str = "sigmoid", lr: float = 0.5,
                     epochs: int = 1000) -> Explorer:
    """Dataset, hidden units, activation, learning rate (log slider), epochs -> the boundary."""
    controls = {
        "dataset": dropdown("dataset", list(DATASETS), dataset),
        "hidden": slider("hidden units", hidden, 1, 16, 1),
        "activation": dropdown("activation", list(ACTIVATIONS), activation),
        "lr": log_slider("learning rate η", lr, -3, 1.5, 0.1),
        "epochs": slider("epochs", epochs, 50, 3000, 50),
    }
    return Explorer(controls, boundary_figure)
