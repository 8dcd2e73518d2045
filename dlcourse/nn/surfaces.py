r"""Two-parameter loss surfaces on which gradient descent can be watched (chapter 02).

Each :class:`Surface` has its value ``f(x, y)`` (broadcasting over grids, for
contour plots) and its gradient ``grad(p)`` at a point ``p = (x, y)``:

- ``"valley"``: :math:`f = \tfrac12(x^2 + 10 y^2)`, an elongated bowl. Gradient
  descent converges for :math:`\eta < 2/10 = 0.2` (the largest curvature) and
  zig-zags across the valley as :math:`\eta` approaches it.
- ``"two_minima"``: :math:`f = \tfrac14 x^4 - \tfrac12 x^2 + 0.3x + \tfrac12 y^2`, a
  global minimum at x = -1.125 and a local one at x = 0.786 (the real roots of
  :math:`x^3 - x + 0.3 = 0` with :math:`f'' = 3x^2 - 1 > 0`) (seed 004: descent
  can stop in a local minimum).
- ``"rosenbrock"``: :math:`f = (1-x)^2 + 100(y - x^2)^2`, a curved, flat-bottomed
  valley with its minimum at (1, 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlcourse.checks import as_float_array


@dataclass(frozen=True)
class Surface:
    """A loss surface: value, gradient, the minimum, and a good window to draw it in."""

    name: str
    f: Callable  # f(x, y) -> value, broadcasting
    grad_xy: Callable  # grad_xy(x, y) -> (df/dx, df/dy)
    minimum: tuple[float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: tuple[float, float]  # a start point that shows the surface's character
    local_minima: tuple[tuple[float, float], ...] = ()  # minima other than the global one

    def grad(self, p) -> np.ndarray:
        """The gradient at ``p`` of shape (2,), as an array of shape (2,)."""
        x, y = _point(p)
        return np.array(self.grad_xy(x, y))

    def along(self, path) -> np.ndarray:
        """The loss at every point of ``path`` of shape (T, 2), as an array of shape (T,)."""
        path = as_float_array(path, "path", ndim=2)
        if path.shape[1] != 2:
            raise ValueError(f"path has shape {path.shape}, expected (T, 2): points (x, y).")
        return self.f(path[:, 0], path[:, 1])

    def value(self, p) -> float:
        """The loss at ``p`` of shape (2,)."""
        return float(self.f(*_point(p)))

    def contains(self, p) -> bool:
        """Whether ``p`` of shape (2,) lies in the drawing window ``xlim`` × ``ylim``."""
        x, y = _point(p)
        return bool(self.xlim[0] <= x <= self.xlim[1] and self.ylim[0] <= y <= self.ylim[1])


def _point(p) -> np.ndarray:
    """``p`` as a float array of shape (2,); ValueError naming its shape otherwise."""
    p = as_float_array(p, "p", ndim=1)
    if p.shape != (2,):
        raise ValueError(f"p has shape {p.shape}, expected (2,): a point (x, y).")
    return p


SURFACES: dict[str, Surface] = {
    s.name: s for s in (
        Surface("valley", lambda x, y: 0.5 * (x**2 + 10 * y**2),
                lambda x, y: (x, 10 * y), (0.0, 0.0), (-4.5, 4.5), (-2.0, 2.0), (-4.0, 1.5)),
        Surface("two_minima", lambda x, y: x**4 / 4 - x**2 / 2 + 0.3 * x + y**2 / 2,
                lambda x, y: (x**3 - x + 0.3, y), (-1.12542, 0.0), (-2.0, 2.0), (-1.5, 1.5),
                (1.8, 1.2), local_minima=((0.78648, 0.0),)),
        Surface("rosenbrock", lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
                lambda x, y: (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)),
                (1.0, 1.0), (-2.0, 2.0), (-1.0, 3.0), (-1.5, 2.5)),
    )
}


def get_surface(name: str) -> Surface:
    """Look up a surface by name; the error lists the names that exist."""
    if not isinstance(name, str) or name not in SURFACES:
        raise ValueError(f"surface == {name!r}, must be one of {sorted(SURFACES)}.")
    return SURFACES[name]
