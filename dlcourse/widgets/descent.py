"""Chapter 02 learning-rate explorer: gradient descent, momentum and Adam on a 2-D loss surface.

The paths come from :func:`dlcourse.nn.descent.descent_paths`, the figure from
:func:`dlcourse.plots.descent.plot_descent`.
"""

from __future__ import annotations

from dlcourse.nn.descent import ALL, descent_paths
from dlcourse.nn.optim import OPTIMIZERS
from dlcourse.nn.surfaces import SURFACES, get_surface
from dlcourse.plots.descent import plot_descent
from dlcourse.widgets.explorer import Explorer, dropdown, log_slider, slider


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
    return Explorer(controls, descent_figure)
