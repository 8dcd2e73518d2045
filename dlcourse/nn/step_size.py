r"""How the learning rate sets the speed of gradient descent on a quadratic bowl (chapter 02).

Near a minimum a loss is a quadratic :math:`\tfrac12 \sum_i \lambda_i u_i^2` in the
eigen-directions :math:`u_i` of its Hessian, with curvatures :math:`\lambda_i`. One
gradient-descent step multiplies :math:`u_i` by :math:`1 - \eta\lambda_i`, so the distance
to the minimum shrinks per step by the slowest of these factors,

.. math:: \rho(\eta) = \max_i |1 - \eta\lambda_i|.

:math:`\rho < 1` (convergence) needs :math:`\eta < 2/\lambda_{\max}`; the smallest
:math:`\rho` is reached at :math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})`, where it is
:math:`(\kappa - 1)/(\kappa + 1)` with the condition number
:math:`\kappa = \lambda_{\max}/\lambda_{\min}`.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array
from dlcourse.nn.surfaces import Surface


def curvatures(surface: Surface, at=None, eps: float = 1e-4) -> np.ndarray:
    """The eigenvalues (ascending) of ``surface``'s Hessian at ``at`` (default: its minimum).

    The Hessian comes from central differences of ``surface.grad``: column j is
    (grad(p + eps e_j) - grad(p - eps e_j)) / (2 eps).
    """
    if not isinstance(surface, Surface):
        raise TypeError(f"surface must be a Surface (see dlcourse.nn.surfaces.SURFACES), got "
                        f"{type(surface).__name__}.")
    p = np.asarray(surface.minimum if at is None else at, dtype=float)  # (2,)
    hessian = np.column_stack([(surface.grad(p + e * eps) - surface.grad(p - e * eps)) / (2 * eps)
                               for e in np.eye(2)])  # (2, 2)
    return np.linalg.eigvalsh((hessian + hessian.T) / 2)  # ascending


def as_curvatures(values) -> np.ndarray:
    """``values`` as a 1-D float array of curvatures, every one > 0 (a bowl, not a saddle)."""
    lam = as_float_array(values, "curvatures", ndim=1)
    if lam.size == 0 or not np.all(np.isfinite(lam)) or np.any(lam <= 0):
        raise ValueError(f"curvatures == {lam.tolist()}, must be one or more finite numbers > 0 "
                         f"(the Hessian's eigenvalues at a minimum).")
    return lam


def contraction_factor(curvatures, lr):
    r""":math:`\max_i |1 - \eta\lambda_i|`: how much one step shrinks the distance to the minimum.

    Parameters
    ----------
    curvatures : array_like of shape (d,)
        The Hessian's eigenvalues, all > 0.
    lr : float or ndarray of shape (m,)
        Learning rates :math:`\eta`.

    Returns
    -------
    factor : float, or ndarray of shape (m,)
        Below 1 the descent converges, above 1 it diverges.
    """
    lam = as_curvatures(curvatures)
    eta = as_float_array(lr, "lr")
    factor = np.abs(1.0 - np.multiply.outer(eta, lam)).max(axis=-1)  # (m, d) -> (m,)
    return float(factor) if factor.ndim == 0 else factor


def condition_number(curvatures) -> float:
    r""":math:`\kappa = \lambda_{\max} / \lambda_{\min}`: how elongated the bowl is."""
    lam = as_curvatures(curvatures)
    return float(lam.max() / lam.min())


def best_learning_rate(curvatures) -> float:
    r""":math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})`: the fastest fixed step."""
    lam = as_curvatures(curvatures)
    return float(2.0 / (lam.min() + lam.max()))
