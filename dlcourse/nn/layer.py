"""The one protocol every NumPy layer of ``dlcourse.nn`` follows (chapters 02–09).

A layer is a small object with

- ``forward(X) -> Y``, which saves in :attr:`Layer.cache` what the backward pass needs;
- ``backward(dLdY) -> dLdX``, which reads the cache through :meth:`Layer.cached`
  (one error, the same in every layer, when forward has not run), sets
  :attr:`Layer.grads` and returns the gradient for the layer below;
- ``params`` (the arrays named in ``param_names``) and ``grads`` (set by
  ``backward``), two dicts with the same keys, which an optimiser's
  ``step(params, grads)`` and :func:`dlcourse.nn.gradcheck.check_layer` read;
- ``from_torch(module)``, a classmethod, where a ``torch.nn`` twin exists.

A base class rather than a ``typing.Protocol``: the cache check, ``params``
and ``__repr__`` are the same in every layer and are written once here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


class Layer(ABC):
    """Base class of the NumPy layers: forward caches, backward returns dL/dX and sets grads.

    Attributes
    ----------
    param_names : tuple of str
        Class attribute: the attributes that hold trainable arrays (e.g. ``("W", "b")``);
        one that is None (a layer built without bias) is left out of :attr:`params`.
    cache : dict or None
        What the last ``forward`` saved for ``backward``; None before the first forward.
    grads : dict of str to ndarray
        The gradients of the last ``backward``, keyed like :attr:`params`; empty before.
    """

    param_names: tuple[str, ...] = ()

    def __init__(self):
        self.cache: dict | None = None
        self.grads: dict[str, np.ndarray] = {}

    @property
    def params(self) -> dict[str, np.ndarray]:
        """The trainable arrays by name (the objects themselves, so updates are in place)."""
        return {name: getattr(self, name) for name in self.param_names
                if getattr(self, name) is not None}

    @abstractmethod
    def forward(self, X) -> np.ndarray:
        """Return the output Y for the input X and save in ``self.cache`` what backward needs."""

    @abstractmethod
    def backward(self, dLdY) -> np.ndarray:
        """Given dL/dY (the shape of forward's output), set ``self.grads`` and return dL/dX."""

    def cached(self) -> dict:
        """``self.cache``, or RuntimeError if ``forward`` has not run yet."""
        if self.cache is None:
            raise RuntimeError(f"{type(self).__name__}.backward called before forward: call "
                               f"forward(X) first.")
        return self.cache

    def __repr__(self) -> str:
        shapes = ", ".join(f"{name}: {p.shape}" for name, p in self.params.items())
        return f"{type(self).__name__}({shapes})"


def check_grad_shape(dLdY: np.ndarray, expected: tuple[int, ...]) -> None:
    """ValueError unless dL/dY has ``expected``, the shape of the layer's last output."""
    if dLdY.shape != tuple(expected):
        raise ValueError(f"dLdY has shape {dLdY.shape}, expected {tuple(expected)} (the shape "
                         f"of forward's output).")
