"""Optimiser paths across a 2-D loss surface (chapter 02's learning-rate explorer).

:func:`descent_paths` runs :func:`dlcourse.nn.optim.descent_path` for one
optimiser, or for every one of :data:`dlcourse.nn.optim.OPTIMIZERS`, on a
surface of :mod:`dlcourse.nn.surfaces`.
"""

from __future__ import annotations

import numbers

import numpy as np

from dlcourse.nn.optim import OPTIMIZERS, descent_path, make_optimizer
from dlcourse.nn.surfaces import get_surface

ALL = "all three"  # the optimizer value that runs every optimiser from the same start


def descent_paths(surface: str, optimizer: str, lr: float, steps: int, x0: float,
                  y0: float) -> dict[str, np.ndarray]:
    """The path of ``optimizer`` (or of every optimiser, for ``"all three"``) from (x0, y0).

    Parameters
    ----------
    surface : str
        A key of :data:`dlcourse.nn.surfaces.SURFACES`.
    optimizer : str
        A key of :data:`dlcourse.nn.optim.OPTIMIZERS`, or :data:`ALL`.
    lr : float > 0
    steps : int >= 1
    x0, y0 : float
        The start, inside the surface's window ``xlim`` × ``ylim``.

    Returns
    -------
    paths : dict of str -> ndarray of shape (T, 2)
        One path per optimiser; T = steps + 1 unless it diverged.
    """
    for name, value in (("x0", x0), ("y0", y0)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}.")
    s = get_surface(surface)
    if not s.contains((x0, y0)):
        raise ValueError(f"start ({x0:g}, {y0:g}) is outside the {surface!r} surface's window "
                         f"x in {s.xlim}, y in {s.ylim}; move the start sliders inside it.")
    names = list(OPTIMIZERS) if optimizer == ALL else [optimizer]
    return {name: descent_path(s.grad, [x0, y0], make_optimizer(name, lr), steps)
            for name in names}
