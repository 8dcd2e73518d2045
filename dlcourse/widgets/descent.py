"""Chapter 02 learning-rate explorer: gradient descent, momentum and Adam on a 2-D loss surface.

The paths come from :func:`dlcourse.nn.descent.descent_paths`, the figure from
:func:`dlcourse.plots.descent.plot_descent`.
"""

from __future__ import annotations

from dlcourse.checks import number_in_range
from dlcourse.nn.descent import ALL, descent_paths
from dlcourse.nn.optim import OPTIMIZERS
from dlcourse.nn.surfaces import SURFACES, get_surface
from dlcourse.plots.descent import plot_descent
from dlcourse.widgets.explorer import Explorer, dropdown, log_slider, set_range, slider


def descent_figure(surface: str = "valley", optimizer: str = "sgd", lr: float = 0.1,
                   steps: int = 50, x0: float = -4.0, y0: float = 1.5):
    """Paths on the surface and loss along them; the title: where each path ended."""
    paths = descent_paths(surface, optimizer, lr, steps, x0, y0)
    s = get_surface(surface)
    ends = []
    for name, path in paths.items():
        if len(path) < steps + 1:
            ends.append(f"{name}: diverged after {len(path) - 1} steps")
        else:
            ends.append(f"{name}: f = {s.value(path[-1]):.3g}")
    return plot_descent(s, paths, title="\n".join([f"η = {lr:.3g}, {steps} steps", *ends]))


def descent_explorer(surface: str = "valley", optimizer: str = "sgd", lr: float = 0.1,
                     steps: int = 50, x0: float | None = None,
                     y0: float | None = None) -> Explorer:
    """Learning rate (log slider), steps, start point, surface and optimiser -> the path.

    The start sliders span the surface's window; ``x0``/``y0`` None start at the
    surface's own start point.
    """
    s = get_surface(surface)
    window = f" (the {surface!r} surface's window)"
    x0 = s.start[0] if x0 is None else number_in_range(x0, "x0", *s.xlim, window)
    y0 = s.start[1] if y0 is None else number_in_range(y0, "y0", *s.ylim, window)
    controls = {
        "surface": dropdown("surface", list(SURFACES), surface),
        "optimizer": dropdown("optimiser", [*OPTIMIZERS, ALL], optimizer),
        "lr": log_slider("learning rate η", lr, -4, 0.5, 0.05, readout_format=".4f"),
        "steps": slider("steps", steps, 5, 300, 5),
        "x0": slider("start w₁", x0, *s.xlim, 0.1),
        "y0": slider("start w₂", y0, *s.ylim, 0.1),
    }
    return Explorer(controls, descent_figure, constrain=start_in_window)


def start_in_window(controls: dict, changed: str | None = None) -> None:
    """Fit the start sliders to the surface's window; a start outside it moves to the surface's."""
    s = get_surface(controls["surface"].value)
    x0, y0 = controls["x0"], controls["y0"]
    inside = s.contains((x0.value, y0.value))
    set_range(x0, *s.xlim)
    set_range(y0, *s.ylim)
    if not inside:
        x0.value, y0.value = s.start
