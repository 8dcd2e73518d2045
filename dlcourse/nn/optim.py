r"""Gradient-descent optimisers on NumPy arrays, and learning-rate decay (chapter 02).

Seed 004's Taylor argument: near x, :math:`f(x + \Delta x) \approx f(x) + \Delta x^\top
\nabla f(x)`, so the step :math:`\Delta x = -\eta \nabla f(x)` lowers f when the
learning rate :math:`\eta` is small enough. The optimisers below differ in how
they turn the gradient into a step; each updates the arrays in place, with the
same formulas as ``torch.optim`` (checked in ``tests/unit/test_optim.py``).

An optimiser's ``step(params, grads)`` takes two dicts name -> array (e.g.
``net.params`` and ``net.grads`` of :class:`dlcourse.nn.mlp.MLP`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

import numpy as np

from dlcourse.checks import as_float_array, fraction, one_of, positive_int, positive_number


class Optimizer(ABC):
    """Base class: checks ``lr`` and the (params, grads) pair, keeps per-array state.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\\eta > 0`. May be changed between steps (a schedule).
    """

    def __init__(self, lr: float):
        self.lr = positive_number(lr, "lr")
        self.t = 0  # steps taken
        self.state: dict[str, dict[str, np.ndarray]] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every array of ``params`` in place from the gradient of the same name."""
        for name, value in (("params", params), ("grads", grads)):
            if not isinstance(value, dict):
                raise TypeError(f"{name} must be a dict name -> array (e.g. net.parameters()), "
                                f"got {type(value).__name__}.")
        if set(params) != set(grads):
            raise ValueError(f"params has names {sorted(params)} but grads has "
                             f"{sorted(grads)}; they must match.")
        for name, p in params.items():
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise TypeError(f"params[{name!r}] must be a float ndarray (updated in place), "
                                f"got {type(p).__name__}.")
            if np.shape(grads[name]) != p.shape:
                raise ValueError(f"grads[{name!r}] has shape {np.shape(grads[name])}, expected "
                                 f"{p.shape} like params[{name!r}].")
        positive_number(self.lr, "lr")  # a schedule may have set it
        self.t += 1
        for name, p in params.items():
            self.update(p, np.asarray(grads[name], dtype=np.float64),
                        self.state.setdefault(name, {}))

    @abstractmethod
    def update(self, p: np.ndarray, g: np.ndarray, state: dict) -> None:
        """Change ``p`` in place from its gradient ``g``; ``state`` persists between steps."""


class SGD(Optimizer):
    r"""Plain gradient descent :math:`p \leftarrow p - \eta\, g` (``torch.optim.SGD``)."""

    def update(self, p, g, state):
        p -= self.lr * g

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr:g})"


class Momentum(Optimizer):
    r"""Heavy-ball momentum :math:`v \leftarrow \beta v + g,\; p \leftarrow p - \eta v`.

    As ``torch.optim.SGD(momentum=beta)``: the velocity v starts at the first
    gradient. Along a valley the steps add up; across it they cancel.

    Parameters
    ----------
    lr : float
    beta : float in [0, 1), default 0.9
    """

    def __init__(self, lr: float, beta: float = 0.9):
        super().__init__(lr)
        self.beta = fraction(beta, "beta")

    def update(self, p, g, state):
        v = state.get("v")
        state["v"] = v = g.copy() if v is None else self.beta * v + g
        p -= self.lr * v

    def __repr__(self) -> str:
        return f"Momentum(lr={self.lr:g}, beta={self.beta:g})"


class Adam(Optimizer):
    r"""Adam: per-entry step sizes from running moments of the gradient (``torch.optim.Adam``).

    .. math::

        m \leftarrow \beta_1 m + (1-\beta_1) g, \quad
        v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
        p \leftarrow p - \eta\, \frac{m / (1-\beta_1^t)}{\sqrt{v / (1-\beta_2^t)} + \epsilon}

    The first step moves every entry by about :math:`\eta`, whatever the size
    of its gradient.

    Parameters
    ----------
    lr : float, default 0.001
    beta1, beta2 : float in [0, 1), default 0.9, 0.999
    eps : float, default 1e-8
    """

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8):
        super().__init__(lr)
        self.beta1, self.beta2 = fraction(beta1, "beta1"), fraction(beta2, "beta2")
        self.eps = positive_number(eps, "eps")

    def update(self, p, g, state):
        m = state["m"] = self.beta1 * state.get("m", 0.0) + (1 - self.beta1) * g
        v = state["v"] = self.beta2 * state.get("v", 0.0) + (1 - self.beta2) * g * g
        m_hat = m / (1 - self.beta1 ** self.t)
        v_hat = v / (1 - self.beta2 ** self.t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr:g})"


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def make_optimizer(name: str, lr: float) -> Optimizer:
    """``OPTIMIZERS[name](lr)`` with a clear error for an unknown name."""
    return OPTIMIZERS[one_of(name, "optimizer", sorted(OPTIMIZERS))](lr)


def exponential_decay(step, lr_max: float = 0.003, lr_min: float = 0.0001,
                      decay_steps: float = 2000.0):
    r"""Learning rate :math:`\eta_t = \eta_{min} + (\eta_{max} - \eta_{min})\, e^{-t/T}`.

    Seed 002 (Görner): start fast at 0.003, decay exponentially towards 0.0001,
    with time constant T = 2000 steps. :func:`dlcourse.train.make_scheduler` uses
    it per batch for torch's optimisers.

    Parameters
    ----------
    step : int or ndarray of int, >= 0
    lr_max, lr_min : float, lr_max >= lr_min > 0
    decay_steps : float > 0

    Returns
    -------
    float, or ndarray of the shape of ``step``
    """
    lr_max, lr_min = positive_number(lr_max, "lr_max"), positive_number(lr_min, "lr_min")
    decay_steps = positive_number(decay_steps, "decay_steps")
    if lr_min > lr_max:
        raise ValueError(f"lr_min == {lr_min} is above lr_max == {lr_max}; the rate decays "
                         f"from lr_max down to lr_min.")
    t = as_float_array(step, "step")
    if np.any(t < 0):
        raise ValueError(f"step must be >= 0, got a minimum of {t.min():g}.")
    lr = lr_min + (lr_max - lr_min) * np.exp(-t / decay_steps)
    return float(lr) if lr.ndim == 0 else lr


def descent_path(grad: Callable[[np.ndarray], np.ndarray], start, optimizer: Optimizer,
                 steps: int, limit: float = 1e6) -> np.ndarray:
    """Follow ``optimizer`` from ``start`` for ``steps`` steps; return every point visited.

    Parameters
    ----------
    grad : callable
        ``grad(x) -> ndarray`` of the shape of ``x``: the gradient of the loss.
    start : array_like of shape (D,)
    optimizer : Optimizer
        A fresh optimiser (its state is used and changed).
    steps : int >= 1
    limit : float
        The path stops early once a coordinate exceeds ``limit`` in absolute
        value (divergence), so plots stay finite.

    Returns
    -------
    path : ndarray of shape (steps + 1, D), or fewer rows if it diverged
    """
    if not callable(grad):
        raise TypeError(f"grad must be a function x -> gradient at x, got {type(grad).__name__}.")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an Optimizer such as SGD(lr=0.1), got "
                        f"{type(optimizer).__name__}.")
    steps = positive_int(steps, "steps")
    limit = positive_number(limit, "limit")
    x = as_float_array(start, "start", ndim=1).copy()
    path = [x.copy()]
    for _ in range(steps):
        optimizer.step({"x": x}, {"x": grad(x)})
        path.append(x.copy())
        if not np.all(np.abs(x) < limit):
            break
    return np.array(path)  # (steps + 1, D)
