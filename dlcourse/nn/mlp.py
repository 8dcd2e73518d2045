r"""A multi-layer perceptron from scratch: layers that know their own gradients (chapter 02).

Notation of seed 001, for layer l = 1 .. L and a batch of N examples:

.. math::

    z^{[l]} = a^{[l-1]} W^{[l]} + b^{[l]}, \qquad a^{[l]} = g(z^{[l]}), \qquad a^{[0]} = X

Each layer (the :class:`~dlcourse.nn.layer.Layer` protocol) caches in ``forward``
what its ``backward`` needs; ``backward(dLdY)`` receives :math:`\partial L/\partial Y`
of the layer's output, stores the gradients of its parameters and returns
:math:`\partial L/\partial X` for the layer below — the chain rule, one layer at a time:

.. math::

    \frac{\partial L}{\partial z^{[l]}} = \frac{\partial L}{\partial a^{[l]}} \odot g'(z^{[l]}),
    \quad
    \frac{\partial L}{\partial W^{[l]}} = a^{[l-1]\top} \frac{\partial L}{\partial z^{[l]}},
    \quad
    \frac{\partial L}{\partial b^{[l]}} = \sum_n \frac{\partial L}{\partial z^{[l]}_n},
    \quad
    \frac{\partial L}{\partial a^{[l-1]}} = \frac{\partial L}{\partial z^{[l]}} W^{[l]\top}

Proven equal to torch autograd in ``tests/unit/test_mlp.py``. Rows are
examples (``X @ W``, as ``torch.nn.Linear`` computes ``X @ W.T``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from dlcourse.checks import as_float_array, flag, positive_int
from dlcourse.nn.activations import get_activation
from dlcourse.nn.layer import Layer, check_grad_shape
from dlcourse.nn.losses import get_loss
from dlcourse.nn.optim import SGD, Optimizer

INITS = ("uniform", "xavier", "he")  # seed 003's U[-1, 1), Glorot-uniform, He-normal


def init_weights(n_in: int, n_out: int, init: str, rng: np.random.Generator) -> np.ndarray:
    r"""A weight matrix of shape (n_in, n_out).

    - ``"uniform"``: :math:`U[-1, 1)`, as seed 003 (``2 * np.random.random((2, 4)) - 1``);
    - ``"xavier"``: :math:`U[-r, r)`, :math:`r = \sqrt{6 / (n_{in} + n_{out})}` (Glorot), for
      sigmoid and tanh;
    - ``"he"``: :math:`\mathcal N(0, 2 / n_{in})`, for ReLU.
    """
    if init not in INITS:
        raise ValueError(f"init == {init!r}, must be one of {INITS}.")
    if init == "uniform":
        return rng.uniform(-1.0, 1.0, size=(n_in, n_out))
    if init == "xavier":
        r = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-r, r, size=(n_in, n_out))
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


class Dense(Layer):
    r"""Fully connected layer :math:`Z = X W + b`.

    Parameters
    ----------
    n_in, n_out : int
        Input and output features.
    bias : bool, default True
        Seed 003's networks have no bias; ``bias=False`` reproduces them.
    init : {"uniform", "xavier", "he"}, default "xavier"
    rng : numpy.random.Generator, optional
        Source of the initial weights (default ``np.random.default_rng(0)``).

    Shape
    -----
    X : (N, n_in) -> Z : (N, n_out); W : (n_in, n_out); b : (n_out,)

    Attributes
    ----------
    W, b : ndarray
        Parameters (``b`` is None without bias), also in ``params``.
    grads : dict
        dL/dW and dL/db of the last ``backward``, keyed like ``params``.
    cache : dict
        ``{"X": a[l-1]}``, the input of the last ``forward``.
    """

    param_names = ("W", "b")

    def __init__(self, n_in: int, n_out: int, bias: bool = True, init: str = "xavier",
                 rng: np.random.Generator | None = None):
        super().__init__()
        n_in, n_out = positive_int(n_in, "n_in"), positive_int(n_out, "n_out")
        flag(bias, "bias")
        rng = np.random.default_rng(0) if rng is None else rng
        self.W = init_weights(n_in, n_out, init, rng)
        self.b = np.zeros(n_out) if bias else None

    @classmethod
    def from_torch(cls, linear) -> Dense:
        """A copy of a ``torch.nn.Linear``; its weight (n_out, n_in) becomes W = weight.T."""
        import torch

        if not isinstance(linear, torch.nn.Linear):
            raise TypeError(f"linear must be a torch.nn.Linear, got {type(linear).__name__}.")
        layer = cls(linear.in_features, linear.out_features, bias=linear.bias is not None)
        layer.W = linear.weight.detach().cpu().numpy().T.copy()  # (n_in, n_out)
        if linear.bias is not None:
            layer.b = linear.bias.detach().cpu().numpy().copy()  # (n_out,)
        return layer

    def forward(self, X) -> np.ndarray:
        """Return Z of shape (N, n_out) and cache X."""
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != self.W.shape[0]:
            raise ValueError(f"X has shape {X.shape}, expected (N, {self.W.shape[0]}) for a "
                             f"Dense layer with {self.W.shape[0]} inputs.")
        self.cache = {"X": X}
        Z = X @ self.W  # (N, n_in) @ (n_in, n_out) -> (N, n_out)
        return Z if self.b is None else Z + self.b

    def backward(self, dLdY) -> np.ndarray:
        """Set grads["W"] (n_in, n_out) and grads["b"] (n_out,); return dLdX (N, n_in)."""
        X = self.cached()["X"]
        dLdY = as_float_array(dLdY, "dLdY", ndim=2)
        check_grad_shape(dLdY, (X.shape[0], self.W.shape[1]))
        self.grads = {"W": X.T @ dLdY}  # (n_in, N) @ (N, n_out) -> (n_in, n_out)
        if self.b is not None:
            self.grads["b"] = dLdY.sum(axis=0)  # (N, n_out) -> (n_out,)
        return dLdY @ self.W.T  # (N, n_out) @ (n_out, n_in) -> (N, n_in)

    def __repr__(self) -> str:
        n_in, n_out = self.W.shape
        return f"Dense({n_in}, {n_out}, bias={self.b is not None})"


class ActivationLayer(Layer):
    r"""Elementwise activation :math:`A = g(Z)`; backward multiplies by :math:`g'(Z)`.

    No parameters (``params`` and ``grads`` stay empty).

    Parameters
    ----------
    name : str
        A key of :data:`dlcourse.nn.activations.ACTIVATIONS` ("sigmoid", "tanh", "relu", ...).

    Shape
    -----
    Z : (N, n) -> A : (N, n)
    """

    def __init__(self, name: str):
        super().__init__()
        self.activation = get_activation(name)

    def forward(self, Z) -> np.ndarray:
        """Return g(Z) and cache Z."""
        Z = as_float_array(Z, "Z")
        self.cache = {"Z": Z}
        return self.activation.f(Z)

    def backward(self, dLdY) -> np.ndarray:
        """Return dL/dZ = dL/dA * g'(Z) (elementwise), the shape of Z."""
        Z = self.cached()["Z"]
        dLdY = as_float_array(dLdY, "dLdY")
        check_grad_shape(dLdY, Z.shape)
        return dLdY * self.activation.grad(Z)

    def __repr__(self) -> str:
        return f"ActivationLayer({self.activation.name!r})"


class MLP:
    r"""Dense layers with an activation after each: sizes (2, 4, 1) is seed 003's 2-4-1 net.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, inputs first: ``(n_0, n_1, ..., n_L)``.
    activation : str or None, default "sigmoid"
        Activation of the hidden layers; None for a linear network.
    output_activation : str or None, default "sigmoid"
        Activation of the last layer; None for raw scores (regression, softmax logits).
    bias : bool, default True
    init : {"uniform", "xavier", "he"}, default "xavier"
    seed : int, default 0
        Seeds ``np.random.default_rng`` for the initial weights.

    Shape
    -----
    X : (N, n_0) -> Y : (N, n_L)

    Examples
    --------
    >>> net = MLP((2, 4, 1), seed=0)
    >>> net.forward(np.zeros((8, 2))).shape
    (8, 1)
    """

    def __init__(self, sizes, activation: str | None = "sigmoid",
                 output_activation: str | None = "sigmoid", bias: bool = True,
                 init: str = "xavier", seed: int = 0):
        if isinstance(sizes, str) or not isinstance(sizes, Iterable):
            raise TypeError(f"sizes must be a sequence of ints such as (2, 4, 1), got "
                            f"{type(sizes).__name__} {sizes!r}.")
        sizes = tuple(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes == {sizes}, needs at least two entries (inputs, outputs), "
                             f"e.g. (2, 4, 1).")
        for i, n in enumerate(sizes):
            positive_int(n, f"sizes[{i}]")
        rng = np.random.default_rng(positive_int(seed, "seed", minimum=0))
        self.sizes = sizes
        self.layers = []
        n_layers = len(sizes) - 1
        for k in range(1, n_layers + 1):  # layer k maps sizes[k-1] -> sizes[k] units
            self.layers.append(Dense(sizes[k - 1], sizes[k], bias=bias, init=init, rng=rng))
            g = output_activation if k == n_layers else activation
            if g is not None:
                self.layers.append(ActivationLayer(g))

    @property
    def dense_layers(self) -> list[Dense]:
        """The Dense layers, layer 1 first (layer l holds W[l] and b[l])."""
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    def forward(self, X) -> np.ndarray:
        """Run every layer in order; each caches its input. Returns a[L] of shape (N, n_L)."""
        A = as_float_array(X, "X", ndim=2)
        if A.shape[1] != self.sizes[0]:
            raise ValueError(f"X has shape {A.shape}, expected (N, {self.sizes[0]}) for a "
                             f"network with {self.sizes[0]} inputs.")
        for layer in self.layers:
            A = layer.forward(A)
        return A

    __call__ = forward

    def backward(self, dLdY) -> np.ndarray:
        """Run every layer's backward in reverse; return dL/dX of shape (N, n_0)."""
        grad = dLdY
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    @property
    def params(self) -> dict[str, np.ndarray]:
        """``{"W1": ..., "b1": ..., "W2": ...}`` in seed 001's numbering (the arrays themselves)."""
        return {f"{name}{k}": p for k, layer in enumerate(self.dense_layers, start=1)
                for name, p in layer.params.items()}

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """The gradients of the last ``backward``, keyed like :attr:`params`."""
        return {f"{name}{k}": g for k, layer in enumerate(self.dense_layers, start=1)
                for name, g in layer.grads.items()}

    def gradient_norms(self) -> np.ndarray:
        r"""The Frobenius norm :math:`\|\partial L/\partial W^{[l]}\|` per layer, shape (L,)."""
        return np.array([np.linalg.norm(layer.grads["W"]) for layer in self.dense_layers])

    def _targets(self, y, y_hat: np.ndarray) -> np.ndarray:
        y = as_float_array(y, "y")
        if y.ndim == 1 and y_hat.shape[1] == 1:
            y = y.reshape(-1, 1)  # (N,) -> (N, 1)
        return y

    def loss(self, X, y, loss: str = "bce") -> float:
        """The loss of the network's output on ``(X, y)``; no gradients are computed."""
        fn = get_loss(loss)
        y_hat = self.forward(X)
        return fn.f(y_hat, self._targets(y, y_hat))

    def loss_and_backward(self, X, y, loss: str = "bce") -> float:
        """Forward ``X``, compute ``loss`` against ``y``, backpropagate; return the loss."""
        fn = get_loss(loss)
        y_hat = self.forward(X)
        y = self._targets(y, y_hat)
        self.backward(fn.grad(y_hat, y))
        return fn.f(y_hat, y)

    def predict_proba(self, X) -> np.ndarray:
        """For one output unit: the output as a flat array of shape (N,)."""
        if self.sizes[-1] != 1:
            raise ValueError(f"predict_proba needs one output unit, this network has "
                             f"{self.sizes[-1]}; use forward(X).")
        return self.forward(X)[:, 0]  # (N, 1) -> (N,)

    def __repr__(self) -> str:
        return f"MLP({', '.join(map(repr, self.layers))})"


def fit(net: MLP, X, y, loss: str = "bce", optimizer: Optimizer | None = None,
        epochs: int = 1000, batch_size: int | None = None, seed: int = 0) -> np.ndarray:
    """Train ``net`` in place by (mini-batch) gradient descent; return the loss per epoch.

    Parameters
    ----------
    net : MLP
    X : array_like of shape (N, n_0)
    y : array_like of shape (N,) or (N, n_L)
    loss : str, default "bce"
        A key of :data:`dlcourse.nn.losses.LOSSES`.
    optimizer : Optimizer, optional
        Default ``SGD(lr=0.1)``; from a name: ``make_optimizer("adam", lr)``.
    epochs : int, default 1000
    batch_size : int, optional
        Default: the whole set each step (full-batch gradient descent).
    seed : int, default 0
        Seeds the shuffling of mini-batches.

    Returns
    -------
    history : ndarray of shape (epochs,)
        The mean loss of each epoch's steps, each measured before its update
        (with full batches: the training loss at the start of the step).
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}.")
    epochs = positive_int(epochs, "epochs")
    X = as_float_array(X, "X", ndim=2)
    n = X.shape[0]
    batch_size = n if batch_size is None else positive_int(batch_size, "batch_size")
    y = np.asarray(y)
    if y.shape[0] != n:
        raise ValueError(f"X has {n} rows but y has {y.shape[0]}; one label per example.")
    optimizer = SGD(lr=0.1) if optimizer is None else optimizer
    if not isinstance(optimizer, Optimizer):
        hint = f"; make one from its name with make_optimizer({optimizer!r}, lr)" \
            if isinstance(optimizer, str) else ""
        raise TypeError(f"optimizer must be an Optimizer such as SGD(lr=0.1), got "
                        f"{type(optimizer).__name__} {optimizer!r}{hint}.")
    rng = np.random.default_rng(seed)
    history = np.empty(epochs)
    for epoch in range(epochs):
        order = rng.permutation(n) if batch_size < n else np.arange(n)
        losses = []
        for start in range(0, n, batch_size):
            rows = order[start:start + batch_size]
            losses.append(net.loss_and_backward(X[rows], y[rows], loss))
            optimizer.step(net.params, net.grads)
        history[epoch] = np.mean(losses)
    return history

