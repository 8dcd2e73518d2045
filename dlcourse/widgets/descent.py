"""Chapter 02 learning-rate explorer: gradient descent, momentum and Adam on a 2-D loss surface."""

from __future__ import annotations

import numpy as np

from dlcourse.nn.optim import OPTIMIZERS, descent_path, make_optimizer
from dlcourse.nn.surfaces import SURFACES, get_surface
from dlcourse.plots.descent import plot_descent
from dlcourse.widgets.explorer import Explorer, dropdown, log_slider, slider

ALL = "all three"


def descent_paths(surface: str, optimizer: str, lr: float, steps: int, x0: float,
                  y0: float) -> dict[str, np.ndarray]:
    """The path of ``optimizer`` (or of every optimiser, for ``"all three"``) from (x0, y0).

    Returns
    -------
    paths : dict of str -> ndarray of shape (T, 2)
        One path per optimiser; T = steps + 1 unless it diverged.
    """
    s = get_surface(surface)
    if not (s.xlim[0] <= x0 <= s.xlim[1] and s.ylim[0] <= y0 <= s.ylim[1]):
        raise ValueError(f"start ({x0:g}, {y0:g}) is outside the {surface!r} surface's window "
                         f"x in {s.xlim}, y in {s.ylim}; move the start sliders inside it.")
    names = list(OPTIMIZERS) if optimizer == ALL else [optimizer]
    return {name: descent_path(s.grad, [x0, y0], make_optimizer(name, lr), steps)
            for name in names}


def descent_figure(surface: str = "valley", optimizer: str = "sgd", lr: float = 0.1,
                   steps: int = 50, x0: float = -4.0, y0: float = 1.5):
    """Paths on the surface and loss along them; the title says where each path ended."""
    paths = descent_paths(surface, optimizer, lr, steps, x0, y0)
    s = get_surface(surface)
    ends = []
    for name, path in paths.items():
        if len(path) < steps + 1:
            ends.append(f"{name}: diverged after {len(path) - 1} steps")
        else:
            ends.append(f"{name}: f = {s.value(path[-1]):.3g}")
    return plot_descent(s, paths, title=f"η = {lr:.3g}, {steps} steps\n" + "; ".join(ends))


def descent_explorer(surface: str = "valley", optimizer: str = "sgd", lr: float = 0.1,
                     steps: int = 50, x0: float = -4.0, y0: float = 1.5) -> Explorer:
    """Learning rate (log slider), steps, start point, surface and optimiser -> the path."""
    controls = {
        "surface": dropdown("surface", list(SURFACES), surface),
        "optimizer": dropdown("optimiser", [*OPTIMIZERS, ALL], optimizer),
        "lr": log_slider("learning rate η", lr, -4, 0.5, 0.05, readout_format=".4f"),
        "steps": slider("steps", steps, 5, 300, 5),
        "x0": slider("start w₁", x0, -4.5, 4.5, 0.1),
        "y0": slider("start w₂", y0, -2.0, 3.0, 0.1),
    }
    return Explorer(controls, descent_figure, height="440px")
