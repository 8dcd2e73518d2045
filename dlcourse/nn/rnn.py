r"""Recurrent layers from scratch (chapter 06): RNN, LSTM and GRU, forward and BPTT, equal to torch.

A recurrent layer reads a sequence :math:`x_1, \dots, x_L` one step at a time and carries a
state from step to step, updating it with the *same* weights at every step. The equations
below are torch's, with its weight layout: ``weight_ih`` (G·H, H_in) and ``weight_hh``
(G·H, H) stack the G gates' matrices as row blocks, and :math:`W x` means ``x @ W.T``.

RNN (seed 001), G = 1:

.. math:: h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})

LSTM, G = 4, row blocks (i, f, g, o): input gate, forget gate, candidate, output gate:

.. math::

    i = \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi}), \quad
    f = \sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf}), \\
    g = \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg}), \quad
    o = \sigma(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho}), \\
    c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t)

GRU, G = 3, row blocks (r, z, n): reset gate, update gate, candidate; no separate memory
cell. The reset gate multiplies :math:`W_{hn} h_{t-1} + b_{hn}`, bias included, as torch does:

.. math::

    r = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}), \quad
    z = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}), \\
    n = \tanh(W_{in} x_t + b_{in} + r \odot (W_{hn} h_{t-1} + b_{hn})), \qquad
    h_t = (1 - z) \odot n + z \odot h_{t-1}

Backpropagation through time (BPTT) runs the steps backwards: at step t the gradient of
:math:`h_t` is what the output at t receives plus what step t + 1 sends back; the chain rule
through the step's equations gives the gradients of its gate pre-activations, hence of
:math:`x_t` and :math:`h_{t-1}`; the weights, shared by all steps, sum their gradients over t.

What is here: :func:`rnn_loop` (the plain reference loop), the one-step cells
:class:`RNNCell`, :class:`LSTMCell`, :class:`GRUCell`, and the sequence layers :class:`RNN`,
:class:`LSTM`, :class:`GRU` (``num_layers`` cells stacked, each layer reading the outputs of
the one below). They follow :class:`~dlcourse.nn.layer.Layer`, except that ``forward`` takes
an initial state and returns torch's tuple, and ``backward`` also takes the state's gradient.
Float64 throughout; proven equal to torch autograd in ``tests/unit/test_rnn.py``.

Shape symbols: L sequence length, N batch, H_in ``input_size``, H ``hidden_size``,
K ``num_layers``, G gates per cell (1, 4, 3).
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array, flag, one_of, positive_int
from dlcourse.nn.activations import sigmoid
from dlcourse.nn.layer import Layer

NONLINEARITIES = ("tanh", "relu")  # torch.nn.RNN's choices


# ---------------------------------------------------------------- checks
def _check_shape(arr: np.ndarray, expected: tuple, name: str, meaning: str) -> np.ndarray:
    """``arr`` if it has the ``expected`` shape, else ValueError saying what the axes mean."""
    if arr.shape != expected:
        raise ValueError(f"{name} has shape {arr.shape}, expected {expected} = {meaning}.")
    return arr


def _check_x(x, layout: str, input_size: int, single: str) -> np.ndarray:
    """The input as a float array of ``layout`` (e.g. "(L, N, input_size)"), features last.

    TypeError for integers (token ids must become vectors first), ValueError for a wrong
    number of axes, an empty axis or the wrong number of features.
    """
    arr = as_float_array(x, "x")  # ragged lists and text get their own errors
    axes = layout.strip("()").split(", ")  # "(L, N, input_size)" -> ["L", "N", "input_size"]
    dtype = np.asarray(x).dtype
    if dtype.kind in "biu":
        raise TypeError(f"x has dtype {dtype}: integer tokens? A recurrent layer takes float "
                        f"vectors {layout}; turn token ids into one-hot rows or embeddings "
                        f"first, or pass x.astype(float) if they are measurements.")
    if arr.ndim != len(axes):
        raise ValueError(f"x has shape {arr.shape} ({arr.ndim}-D), expected a {len(axes)}-D "
                         f"array {layout}; {single}.")
    if 0 in arr.shape or arr.shape[-1] != input_size:
        raise ValueError(f"x has shape {arr.shape}, expected {layout} with {axes[-1]} == "
                         f"{input_size} and no empty axis.")
    return arr


def _check_state(value, name: str, shape: tuple, meaning: str, n_parts: int) -> tuple:
    """A state or its gradient as a tuple of float arrays of ``shape``: (h,) or (h, c).

    None gives zeros. With ``n_parts == 2`` (the LSTM) ``value`` must be a pair, as in torch.
    """
    if value is None:
        return tuple(np.zeros(shape) for _ in range(n_parts))
    if n_parts == 1:
        parts, names = (value,), (name,)
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        parts, names = tuple(value), (f"{name}[0] (h)", f"{name}[1] (c)")
    else:
        raise TypeError(f"{name} must be a pair (h, c) of arrays for an LSTM, got "
                        f"{type(value).__name__}.")
    return tuple(_check_shape(as_float_array(part, part_name), shape, part_name, meaning)
                 for part, part_name in zip(parts, names))


def _check_loop_args(x, weight_ih, weight_hh, bias_ih, bias_hh, h0) -> tuple:
    """The arguments of :func:`rnn_loop` as float arrays of matching shapes (h0 zeros if None)."""
    weight_ih = as_float_array(weight_ih, "weight_ih", ndim=2)
    H, H_in = weight_ih.shape
    x = _check_x(x, "(L, N, H_in)", H_in, "for one sequence use x[:, None]")
    weight_hh = _check_shape(as_float_array(weight_hh, "weight_hh"), (H, H), "weight_hh", "(H, H)")
    bias_ih, bias_hh = (_check_shape(as_float_array(b, name), (H,), name, "(H,)")
                        for b, name in [(bias_ih, "bias_ih"), (bias_hh, "bias_hh")])
    (h0,) = _check_state(h0, "h0", (x.shape[1], H), "(N, H)", 1)
    return x, weight_ih, weight_hh, bias_ih, bias_hh, h0


def _public(state: tuple):
    """The state as torch returns it: h alone, or the pair (h, c) for an LSTM."""
    return state[0] if len(state) == 1 else state


def _copy_weights(model, module):
    """Copy ``module``'s parameters into ``model`` (same names, same shapes); return ``model``."""
    for name, array in model.params.items():
        array[...] = getattr(module, name).detach().cpu().double().numpy()
    return model


def _options(module) -> dict:
    """The constructor options a torch RNN / RNNCell carries beyond the sizes."""
    return {"nonlinearity": module.nonlinearity} if hasattr(module, "nonlinearity") else {}


# ---------------------------------------------------------------- the plain loop
def rnn_loop(x, weight_ih, weight_hh, bias_ih, bias_hh, h0=None) -> np.ndarray:
    r"""One tanh RNN layer as plain loops, one example and one step at a time (slow; read it).

    .. math:: h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})

    Parameters
    ----------
    x : array_like of shape (L, N, H_in)
    weight_ih : array_like of shape (H, H_in)
    weight_hh : array_like of shape (H, H)
    bias_ih, bias_hh : array_like of shape (H,)
    h0 : array_like of shape (N, H), optional
        The state before the first step; default zeros.

    Returns
    -------
    output : ndarray of shape (L, N, H)
        :math:`h_t` of every step (``output[-1]`` is the last state), equal to
        ``RNN(H_in, H).forward(x, h0[None])[0]`` with the same weights.
    """
    x, weight_ih, weight_hh, bias_ih, bias_hh, h0 = _check_loop_args(x, weight_ih, weight_hh,
                                                                     bias_ih, bias_hh, h0)
    L, N, _ = x.shape
    output = np.zeros((L, N, len(weight_hh)))  # (L, N, H)
    for n in range(N):
        h = h0[n]
        for t in range(L):
            h = np.tanh(weight_ih @ x[t, n] + bias_ih + weight_hh @ h + bias_hh)
            output[t, n] = h
    return output


# ---------------------------------------------------------------- cells
class _Cell(Layer):
    r"""What the three cells share: weights, the two projections, the time loop and BPTT.

    A cell kind defines ``n_gates``, ``n_states`` and the step, given the two projections
    :math:`g_i = W_{ih} x_t + b_{ih}` and :math:`g_h = W_{hh} h_{t-1} + b_{hh}`, each (N, G·H):

    - ``_step(gi, gh, state) -> (new_state, step_cache)``, its equations;
    - ``_step_backward(d_state, step_cache) -> (d_gi, d_gh, d_previous_state)``, their chain
      rule, given the gradient of the new state.

    A cell's own ``forward`` is the loop :meth:`_run` on a sequence of one step.
    """

    n_gates: int  # row blocks of weight_ih and weight_hh
    n_states: int = 1  # arrays in the state: (h,), or (h, c) for the LSTM
    param_names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, seed: int = 0, *,
                 rng: np.random.Generator | None = None):
        super().__init__()
        self.input_size = positive_int(input_size, "input_size")
        self.hidden_size = H = positive_int(hidden_size, "hidden_size")
        self.bias = flag(bias, "bias")
        rng = np.random.default_rng(positive_int(seed, "seed", minimum=0)) if rng is None else rng
        k = 1.0 / np.sqrt(H)  # torch's init: every weight and bias from U(-k, k)
        self.weight_ih = rng.uniform(-k, k, size=(self.n_gates * H, self.input_size))
        self.weight_hh = rng.uniform(-k, k, size=(self.n_gates * H, H))
        self.bias_ih = rng.uniform(-k, k, size=self.n_gates * H) if bias else None
        self.bias_hh = rng.uniform(-k, k, size=self.n_gates * H) if bias else None
        self.d_hx = None

    @classmethod
    def from_torch(cls, module):
        """A copy of the ``torch.nn`` cell of the same name (weights as float64)."""
        import torch

        twin = getattr(torch.nn, cls.__name__)
        if type(module) is not twin:
            raise TypeError(f"module must be a torch.nn.{cls.__name__}, got "
                            f"{type(module).__name__}.")
        cell = cls(module.input_size, module.hidden_size, module.bias, **_options(module))
        return _copy_weights(cell, module)

    def _project(self, inputs: np.ndarray, weight: np.ndarray, bias) -> np.ndarray:
        """``inputs @ weight.T + bias``: (..., n) @ (n, G·H) -> (..., G·H)."""
        out = inputs @ weight.T
        return out if bias is None else out + bias

    def _run(self, x: np.ndarray, state: tuple) -> tuple[np.ndarray, tuple, dict]:
        """The cell over a sequence x (L, N, H_in) from ``state``; returns (outputs, last, cache).

        outputs (L, N, H) holds h_t of every step. The input projection of all L steps is one
        matrix product; only the recurrent part needs the loop over t.
        """
        gi = self._project(x, self.weight_ih, self.bias_ih)  # (L, N, H_in) -> (L, N, G·H)
        outputs = np.empty((*x.shape[:2], self.hidden_size))  # (L, N, H)
        h0, steps = state[0], []
        for t in range(len(x)):
            gh = self._project(state[0], self.weight_hh, self.bias_hh)  # (N, H) -> (N, G·H)
            state, step_cache = self._step(gi[t], gh, state)
            outputs[t] = state[0]
            steps.append(step_cache)
        h_before = np.concatenate([h0[None], outputs[:-1]])  # h_{t-1} of every step: (L, N, H)
        return outputs, state, {"x": x, "h_before": h_before, "steps": steps}

    def _run_backward(self, d_outputs: np.ndarray, d_state: tuple,
                      cache: dict) -> tuple[np.ndarray, tuple, dict, np.ndarray]:
        """BPTT through :meth:`_run`: (dL/dx (L, N, H_in), dL/dstate0, grads, dL/dh_t (L, N, H)).

        dL/dh_t is the whole gradient of the step's state h_t: what output t receives plus
        what step t + 1 sends back (the quantity whose norm vanishes or explodes over t).
        """
        x, h_before, steps = cache["x"], cache["h_before"], cache["steps"]
        d_gi = np.empty((*x.shape[:2], self.n_gates * self.hidden_size))  # (L, N, G·H)
        d_gh = np.empty_like(d_gi)
        d_h = np.empty_like(d_outputs)  # (L, N, H)
        for t in reversed(range(len(x))):
            d_state = (d_state[0] + d_outputs[t], *d_state[1:])  # h_t: output t and step t + 1
            d_h[t] = d_state[0]
            d_gi[t], d_gh[t], d_state = self._step_backward(d_state, steps[t])
        GH = d_gi.shape[-1]
        grads = {  # shared weights: the sum over every step and example
            "weight_ih": d_gi.reshape(-1, GH).T @ x.reshape(-1, x.shape[-1]),  # (G·H, H_in)
            "weight_hh": d_gh.reshape(-1, GH).T @ h_before.reshape(-1, self.hidden_size),
        }
        if self.bias:
            grads["bias_ih"], grads["bias_hh"] = d_gi.sum(axis=(0, 1)), d_gh.sum(axis=(0, 1))
        d_x = d_gi @ self.weight_ih  # (L, N, G·H) @ (G·H, H_in) -> (L, N, H_in)
        return d_x, d_state, grads, d_h

    def _back_through_hh(self, d_gh: np.ndarray) -> np.ndarray:
        """dL/dh_{t-1} along g_h = W_hh h_{t-1} + b_hh: (N, G·H) @ (G·H, H) -> (N, H)."""
        return d_gh @ self.weight_hh

    def forward(self, x, hx=None):
        """One step: the new state (h', or (h', c') for the LSTM) for x (N, H_in) and hx.

        hx is (N, H), a pair of them for the LSTM; default zeros.
        """
        x = _check_x(x, "(N, input_size)", self.input_size, "for one example use x[None]")
        N, H = x.shape[0], self.hidden_size
        state = _check_state(hx, "hx", (N, H), "(N, hidden_size)", self.n_states)
        _, state, self.cache = self._run(x[None], state)  # a sequence of one step
        return _public(state)

    def backward(self, d_out):
        """Given dL/d of forward's output, set ``grads`` and ``d_hx``; return dL/dx (N, H_in).

        ``d_out`` is (N, H), or the pair (dL/dh', dL/dc') for the LSTM; ``d_hx`` (dL/dhx)
        has hx's form.
        """
        cache = self.cached()
        N, H = cache["x"].shape[1], self.hidden_size
        d_state = _check_state(d_out, "d_out", (N, H), "(N, hidden_size), the shape of "
                               "forward's output", self.n_states)
        d_x, d_state, self.grads, _ = self._run_backward(np.zeros((1, N, H)), d_state, cache)
        self.d_hx = _public(d_state)
        return d_x[0]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.input_size}, {self.hidden_size}, bias={self.bias})"


class RNNCell(_Cell):
    r"""One step of the Elman RNN, :math:`h' = \tanh(W_{ih} x + b_{ih} + W_{hh} h + b_{hh})`.

    Parameters
    ----------
    input_size, hidden_size : int
    bias : bool, default True
    seed : int, default 0
        Seeds the initial weights, each from U(-k, k), k = 1/sqrt(hidden_size), as torch.
    nonlinearity : {"tanh", "relu"}, default "tanh"
    rng : numpy.random.Generator, optional
        Used instead of ``seed`` (the stacked layers of :class:`RNN` share one).

    Shape
    -----
    x : (N, input_size), hx : (N, hidden_size) -> h' : (N, hidden_size);
    weight_ih : (H, H_in), weight_hh : (H, H), bias_ih, bias_hh : (H,)
    """

    n_gates = 1

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, seed: int = 0, *,
                 nonlinearity: str = "tanh", rng: np.random.Generator | None = None):
        super().__init__(input_size, hidden_size, bias, seed, rng=rng)
        self.nonlinearity = one_of(nonlinearity, "nonlinearity", NONLINEARITIES)

    def _step(self, gi, gh, state):
        a = gi + gh  # (N, H)
        h = np.tanh(a) if self.nonlinearity == "tanh" else np.maximum(a, 0.0)
        return (h,), {"h": h}

    def _step_backward(self, d_state, step):
        (dh,), h = d_state, step["h"]
        da = dh * (1.0 - h**2) if self.nonlinearity == "tanh" else dh * (h > 0)  # (N, H)
        return da, da, (self._back_through_hh(da),)

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, nonlinearity={self.nonlinearity!r})"


class LSTMCell(_Cell):
    r"""One LSTM step: gates i, f, o, candidate g; :math:`c' = f c + i g`, :math:`h' = o \tanh c'`.

    ``weight_ih`` (4H, H_in) stacks :math:`W_{ii}, W_{if}, W_{ig}, W_{io}` as row blocks,
    ``weight_hh`` (4H, H) likewise. Parameters as :class:`RNNCell` (no ``nonlinearity``).

    Shape
    -----
    x : (N, input_size), hx = (h, c) : (N, hidden_size) each -> (h', c') : (N, hidden_size) each
    """

    n_gates, n_states = 4, 2

    def _step(self, gi, gh, state):
        _, c = state
        a_i, a_f, a_g, a_o = np.split(gi + gh, 4, axis=-1)  # (N, 4H) -> 4 × (N, H)
        i, f, g, o = sigmoid(a_i), sigmoid(a_f), np.tanh(a_g), sigmoid(a_o)
        c_new = f * c + i * g
        tanh_c = np.tanh(c_new)
        return (o * tanh_c, c_new), {"i": i, "f": f, "g": g, "o": o, "c": c, "tanh_c": tanh_c}

    def _step_backward(self, d_state, step):
        dh, dc = d_state
        i, f, g, o, c, tanh_c = (step[k] for k in ("i", "f", "g", "o", "c", "tanh_c"))
        dc = dc + dh * o * (1.0 - tanh_c**2)  # c' reaches the loss directly and through h'
        da = np.concatenate([dc * g * i * (1.0 - i),  # input gate
                             dc * c * f * (1.0 - f),  # forget gate
                             dc * i * (1.0 - g**2),  # candidate
                             dh * tanh_c * o * (1.0 - o)], axis=-1)  # output gate: (N, 4H)
        return da, da, (self._back_through_hh(da), dc * f)


class GRUCell(_Cell):
    r"""One GRU step: reset r, update z, candidate n; :math:`h' = (1 - z) n + z h`.

    The reset gate multiplies :math:`W_{hn} h + b_{hn}` (torch's form), so the recurrent
    projection :math:`g_h` is computed whole and only its n block is scaled by r.
    ``weight_ih`` (3H, H_in) stacks :math:`W_{ir}, W_{iz}, W_{in}`. Parameters as :class:`RNNCell`
    (no ``nonlinearity``).

    Shape
    -----
    x : (N, input_size), hx : (N, hidden_size) -> h' : (N, hidden_size)
    """

    n_gates = 3

    def _step(self, gi, gh, state):
        (h,) = state
        gi_r, gi_z, gi_n = np.split(gi, 3, axis=-1)  # (N, 3H) -> 3 × (N, H)
        gh_r, gh_z, gh_n = np.split(gh, 3, axis=-1)
        r, z = sigmoid(gi_r + gh_r), sigmoid(gi_z + gh_z)
        n = np.tanh(gi_n + r * gh_n)
        return ((1.0 - z) * n + z * h,), {"h": h, "r": r, "z": z, "n": n, "gh_n": gh_n}

    def _step_backward(self, d_state, step):
        (dh,) = d_state
        h, r, z, n, gh_n = (step[k] for k in ("h", "r", "z", "n", "gh_n"))
        da_n = dh * (1.0 - z) * (1.0 - n**2)  # through the candidate's tanh
        da_z = dh * (h - n) * z * (1.0 - z)
        da_r = da_n * gh_n * r * (1.0 - r)
        d_gi = np.concatenate([da_r, da_z, da_n], axis=-1)  # (N, 3H)
        d_gh = np.concatenate([da_r, da_z, da_n * r], axis=-1)  # r scales W_hn h + b_hn
        return d_gi, d_gh, (self._back_through_hh(d_gh) + dh * z,)


# ---------------------------------------------------------------- sequence layers
class _Recurrent(Layer):
    """What RNN, LSTM and GRU share: ``num_layers`` cells stacked, run over a whole sequence."""

    cell_class: type[_Cell]

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, seed: int = 0, **cell_options):
        super().__init__()
        self.input_size = positive_int(input_size, "input_size")
        self.hidden_size = positive_int(hidden_size, "hidden_size")
        self.num_layers = positive_int(num_layers, "num_layers")
        self.bias = flag(bias, "bias")
        self.batch_first = flag(batch_first, "batch_first")
        rng = np.random.default_rng(positive_int(seed, "seed", minimum=0))
        sizes = [self.input_size] + [self.hidden_size] * (self.num_layers - 1)  # layer inputs
        self.cells = [self.cell_class(n_in, self.hidden_size, bias, rng=rng, **cell_options)
                      for n_in in sizes]
        self.d_h0 = self.d_hidden = None

    @classmethod
    def from_torch(cls, module):
        """A copy of the ``torch.nn`` layer of the same name (weights as float64).

        Dropout between layers is not copied: the copy equals ``module.eval()``.
        """
        import torch

        twin = getattr(torch.nn, cls.__name__)
        if type(module) is not twin:
            raise TypeError(f"module must be a torch.nn.{cls.__name__}, got "
                            f"{type(module).__name__}.")
        if module.bidirectional or getattr(module, "proj_size", 0):
            raise ValueError(f"module == {module}: only bidirectional=False and proj_size=0 have "
                             f"a NumPy twin here.")
        model = cls(module.input_size, module.hidden_size, module.num_layers, module.bias,
                    module.batch_first, **_options(module))
        return _copy_weights(model, module)

    @property
    def params(self) -> dict[str, np.ndarray]:
        """torch's names and order: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ..._l1.

        The arrays of ``self.cells`` themselves (layer k is ``cells[k]``), so updates are in place.
        """
        return {f"{name}_l{k}": p for k, cell in enumerate(self.cells)
                for name, p in cell.params.items()}

    def _layout(self) -> str:
        return "(N, L, input_size)" if self.batch_first else "(L, N, input_size)"

    def forward(self, x, h0=None):
        """Run the sequence through every layer; return ``(output, h_n)`` as torch does.

        Parameters
        ----------
        x : array_like of shape (L, N, input_size), or (N, L, input_size) if batch_first
        h0 : array_like of shape (num_layers, N, hidden_size), optional
            The state before the first step, default zeros; a pair (h0, c0) for the LSTM.

        Returns
        -------
        output : ndarray of shape (L, N, hidden_size), or (N, L, hidden_size) if batch_first
            h_t of the last layer at every step.
        h_n : ndarray of shape (num_layers, N, hidden_size)
            The last state of every layer; the pair (h_n, c_n) for the LSTM.
        """
        x = _check_x(x, self._layout(), self.input_size,
                     f"for one sequence use {'x[None]' if self.batch_first else 'x[:, None]'}")
        x = x.transpose(1, 0, 2) if self.batch_first else x  # (N, L, H_in) -> (L, N, H_in)
        shape = (self.num_layers, x.shape[1], self.hidden_size)
        state0 = _check_state(h0, "h0", shape, "(num_layers, N, hidden_size)",
                              self.cell_class.n_states)
        layer_input, last, caches = x, [], []
        for k, cell in enumerate(self.cells):
            layer_input, state, cache = cell._run(layer_input, tuple(s[k] for s in state0))
            last.append(state)
            caches.append(cache)
        self.cache = {"layers": caches, "output_shape": layer_input.shape}
        output = layer_input.transpose(1, 0, 2) if self.batch_first else layer_input
        return output, _public(tuple(np.stack(parts) for parts in zip(*last)))  # (K, N, H)

    def backward(self, d_output, d_state=None):
        """BPTT: set ``grads`` (torch's names), ``d_h0`` and ``d_hidden``; return dL/dx (x's shape).

        Parameters
        ----------
        d_output : array_like of the shape of forward's output
            dL/d output.
        d_state : array_like of shape (num_layers, N, hidden_size), optional
            dL/dh_n (default zeros: the loss does not read h_n); the pair
            (dL/dh_n, dL/dc_n) for the LSTM.

        ``d_h0`` (dL/dh0) has the form of h0: an array, or the pair (dL/dh0, dL/dc0).
        ``d_hidden`` (num_layers, L, N, hidden_size), or (num_layers, N, L, hidden_size) if
        batch_first, holds dL/dh_t of every layer and step: the gradient reaching the state
        h_t from the output at t and from step t + 1 (its norm over t shows vanishing or
        exploding gradients).
        """
        cache = self.cached()
        L, N, H = cache["output_shape"]
        expected = (N, L, H) if self.batch_first else (L, N, H)
        d_output = _check_shape(as_float_array(d_output, "d_output"), expected, "d_output",
                                f"{self._layout().replace('input_size', 'hidden_size')}, the "
                                f"shape of forward's output")
        d_out = d_output.transpose(1, 0, 2) if self.batch_first else d_output  # (L, N, H)
        d_state = _check_state(d_state, "d_state", (self.num_layers, N, H),
                               "(num_layers, N, hidden_size), the shape of h_n",
                               self.cell_class.n_states)
        K = self.num_layers
        layer_grads, d_state0, d_hidden = [None] * K, [None] * K, [None] * K
        for k in reversed(range(K)):  # the top layer first
            d_out, d_state0[k], layer_grads[k], d_hidden[k] = self.cells[k]._run_backward(
                d_out, tuple(d[k] for d in d_state), cache["layers"][k])
        self.grads = {f"{name}_l{k}": g for k, grads in enumerate(layer_grads)
                      for name, g in grads.items()}
        self.d_h0 = _public(tuple(np.stack(parts) for parts in zip(*d_state0)))  # (K, N, H)
        self.d_hidden = np.stack(d_hidden)  # (K, L, N, H)
        if self.batch_first:
            self.d_hidden = self.d_hidden.transpose(0, 2, 1, 3)  # (K, N, L, H)
            return d_out.transpose(1, 0, 2)  # (N, L, H_in)
        return d_out

    def __repr__(self) -> str:
        return (f"{type(self).__name__}({self.input_size}, {self.hidden_size}, num_layers="
                f"{self.num_layers}, bias={self.bias}, batch_first={self.batch_first})")


class RNN(_Recurrent):
    r"""Stacked Elman RNN, :math:`h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})`.

    Layer k > 0 reads the outputs :math:`h_t` of layer k − 1 as its :math:`x_t`.

    Parameters
    ----------
    input_size, hidden_size : int
    num_layers : int, default 1
    bias : bool, default True
    batch_first : bool, default False
        x and output as (N, L, ·) instead of (L, N, ·); the states stay (num_layers, N, H).
    seed : int, default 0
        Seeds the initial weights, each from U(-k, k), k = 1/sqrt(hidden_size), as torch.
    nonlinearity : {"tanh", "relu"}, default "tanh"

    Shape
    -----
    x : (L, N, H_in), h0 : (K, N, H) -> output : (L, N, H), h_n : (K, N, H);
    params ``weight_ih_l0`` (H, H_in), ``weight_ih_lk`` (H, H) for k > 0, ``weight_hh_lk``
    (H, H), ``bias_ih_lk`` and ``bias_hh_lk`` (H,)

    Examples
    --------
    >>> output, h_n = RNN(10, 20, 2).forward(np.zeros((5, 3, 10)))
    >>> output.shape, h_n.shape
    ((5, 3, 20), (2, 3, 20))
    """

    cell_class = RNNCell

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, seed: int = 0, *, nonlinearity: str = "tanh"):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, seed,
                         nonlinearity=nonlinearity)

    @property
    def nonlinearity(self) -> str:
        """The nonlinearity of every layer: "tanh" or "relu"."""
        return self.cells[0].nonlinearity


class LSTM(_Recurrent):
    r"""Stacked LSTM (equations in the module docstring); ``forward`` returns (output, (h_n, c_n)).

    Parameters as :class:`RNN`, without ``nonlinearity``. ``weight_ih_l0`` (4H, H_in) stacks
    the four row blocks i, f, g, o (input gate, forget gate, candidate, output gate).

    Shape
    -----
    x : (L, N, H_in), (h0, c0) : (K, N, H) each -> output : (L, N, H), (h_n, c_n) : (K, N, H) each

    Examples
    --------
    Seed 001's example:

    >>> lstm = LSTM(10, 20, 2)
    >>> output, (h_n, c_n) = lstm.forward(np.zeros((5, 3, 10)), (np.zeros((2, 3, 20)),) * 2)
    >>> output.shape, h_n.shape, c_n.shape
    ((5, 3, 20), (2, 3, 20), (2, 3, 20))
    """

    cell_class = LSTMCell


class GRU(_Recurrent):
    r"""Stacked GRU (equations in the module docstring); ``forward`` returns (output, h_n).

    Parameters as :class:`RNN`, without ``nonlinearity``. ``weight_ih_l0`` (3H, H_in) stacks
    the row blocks r, z, n (reset gate, update gate, candidate).

    Shape
    -----
    x : (L, N, H_in), h0 : (K, N, H) -> output : (L, N, H), h_n : (K, N, H)

    Examples
    --------
    >>> output, h_n = GRU(10, 20, 2).forward(np.zeros((5, 3, 10)), np.zeros((2, 3, 20)))
    >>> output.shape, h_n.shape
    ((5, 3, 20), (2, 3, 20))
    """

    cell_class = GRUCell
