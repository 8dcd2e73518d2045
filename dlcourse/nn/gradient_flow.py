r"""Vanishing and exploding gradients through time, measured with the layers' BPTT (chapter 06).

The experiment: one recurrent layer (:class:`~dlcourse.nn.rnn.RNN`, ``LSTM`` or ``GRU``)
reads one fixed random sequence :math:`x_1, \dots, x_T`; the loss reads only the last state,
:math:`L = \sum_j h_{T,j}` (so :math:`\partial L/\partial h_T` is a vector of ones), and BPTT
gives :math:`\partial L/\partial h_t` for every earlier step. Its norm against t shows how
much of the loss's signal reaches step t:

.. math::

    \frac{\partial L}{\partial h_t} = \Big(\prod_{s=t+1}^{T} J_s\Big)^{\top}
    \frac{\partial L}{\partial h_T}, \qquad
    J_s = \frac{\partial h_s}{\partial h_{s-1}} = \operatorname{diag}(1 - h_s^2)\, W_{hh}
    \ \text{(tanh RNN)}

so for small states (tanh' ≈ 1) the norm shrinks or grows like :math:`\rho^{T-t}`, where
:math:`\rho` is the spectral radius (largest |eigenvalue|) of :math:`W_{hh}`: it vanishes for
:math:`\rho < 1` and explodes for :math:`\rho > 1`. Once the states grow, tanh saturates
(:math:`1 - h^2 \to 0`) and caps the explosion: an honest curve bends.

What ``rho`` means for the gated cells: their ``weight_hh`` stacks one H × H block per gate
(i, f, g, o for the LSTM; r, z, n for the GRU), and *each block* is scaled to spectral radius
``rho``. Their gradient has a second road that does not go through :math:`W_{hh}`: the LSTM's
memory :math:`c_t = f \odot c_{t-1} + \dots` passes :math:`\partial L/\partial c` back
multiplied by the forget gate f, the GRU's :math:`h_t = z \odot h_{t-1} + \dots` by the update
gate z. How far it carries depends on how open that gate is, set here by ``gate_bias``
(the bias of the LSTM's f block and of the GRU's z block; every other bias is 0):
:math:`\sigma(3) \approx 0.95` per step keeps a gradient over tens of steps, while
:math:`\sigma(0) = 0.5` (about where torch's initialisation puts it) halves it every step,
faster than an RNN at :math:`\rho = 1`. Gating helps only when the gate is open.

Gradient clipping (:func:`clip_grad_norm`, as ``torch.nn.utils.clip_grad_norm_``) rescales
all the weights' gradients together when their global norm exceeds a cap. BPTT is linear in
:math:`\partial L/\partial h_T`, so it scales every step's :math:`\partial L/\partial h_t` by
the same factor: it keeps a training step from blowing up, but does not change how unevenly
the steps share the gradient.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcourse.checks import number_in_range, one_of, positive_int, positive_number
from dlcourse.nn.rnn import GRU, LSTM, RNN

CELLS = {"rnn": RNN, "lstm": LSTM, "gru": GRU}
INPUT_SIZE = 4  # features of the random sequence; the hidden size matters, this does not
KEEP_GATE = {"lstm": 1, "gru": 1}  # row block of the forget gate (i, f, g, o) / update (r, z, n)


def spectral_radii(weight_hh, hidden_size: int) -> np.ndarray:
    """Spectral radius (max |eigenvalue|) of each H × H gate block of ``weight_hh`` (G·H, H).

    Returns
    -------
    ndarray of shape (G,)
        One radius per row block (G = 1 for an RNN, 4 for an LSTM, 3 for a GRU).
    """
    blocks = np.asarray(weight_hh, dtype=float).reshape(-1, hidden_size, hidden_size)  # (G, H, H)
    return np.abs(np.linalg.eigvals(blocks)).max(axis=-1)


def set_spectral_radius(weight_hh: np.ndarray, rho: float) -> np.ndarray:
    """Scale each H × H gate block of ``weight_hh`` (G·H, H) in place to spectral radius ``rho``.

    Returns ``weight_hh``, whose blocks then satisfy ``spectral_radii(weight_hh, H) == rho``.
    """
    rho = positive_number(rho, "rho")
    H = weight_hh.shape[1]
    blocks = weight_hh.reshape(-1, H, H)  # (G·H, H) -> (G, H, H), a view: scaling is in place
    blocks *= (rho / spectral_radii(weight_hh, H))[:, None, None]
    return weight_hh


def gradient_layer(cell: str, rho: float, hidden_size: int = 32, gate_bias: float = 3.0,
                   seed: int = 0):
    """The experiment's layer: torch's initialisation from ``seed``, then rho and the biases set.

    ``weight_hh_l0``'s gate blocks get spectral radius ``rho``; every bias is 0 except the
    LSTM's forget-gate / GRU's update-gate block of ``bias_ih_l0``, which is ``gate_bias``.
    """
    cell = one_of(cell, "cell", CELLS)
    gate_bias = number_in_range(gate_bias, "gate_bias", -10.0, 10.0)
    layer = CELLS[cell](INPUT_SIZE, positive_int(hidden_size, "hidden_size"), seed=seed)
    params, H = layer.params, layer.hidden_size
    set_spectral_radius(params["weight_hh_l0"], rho)
    params["bias_ih_l0"][...] = params["bias_hh_l0"][...] = 0.0
    if cell in KEEP_GATE:
        block = KEEP_GATE[cell]
        params["bias_ih_l0"][block * H:(block + 1) * H] = gate_bias
    return layer


def input_sequence(T: int, seed: int = 0, input_scale: float = 0.01) -> np.ndarray:
    """The fixed random sequence every cell reads: N(0, input_scale²) values, (T, 1, INPUT_SIZE).

    Small inputs keep the states in tanh's linear range, where :math:`\\rho` decides alone.
    """
    rng = np.random.default_rng([positive_int(seed, "seed", minimum=0), 1])  # not the weights'
    return input_scale * rng.standard_normal((positive_int(T, "T"), 1, INPUT_SIZE))


@dataclass(frozen=True)
class GradientFlow:
    """What one run measured: ||dL/dh_t|| per step and the weights' gradients.

    Attributes
    ----------
    cell : str
    rho : float
    norms : ndarray of shape (T,)
        :math:`\\|\\partial L/\\partial h_t\\|` for t = 1..T (``norms[-1]`` is the last step).
    grads : dict of str -> ndarray
        The layer's weight gradients (torch's names), for :func:`clip_grad_norm`.
    """

    cell: str
    rho: float
    norms: np.ndarray
    grads: dict

    @property
    def ratio(self) -> float:
        """norms[0] / norms[-1]: ≪ 1 vanishing, ≫ 1 exploding, over T − 1 steps back."""
        return float(self.norms[0] / self.norms[-1])

    @property
    def grad_norm(self) -> float:
        """The global norm of all weight gradients (what clipping compares with its cap)."""
        return global_norm(self.grads)


def gradient_flow(cell: str, rho: float = 1.0, T: int = 50, hidden_size: int = 32,
                  gate_bias: float = 3.0, seed: int = 0, input_scale: float = 0.01) -> GradientFlow:
    r"""Run ``cell`` over the fixed sequence with :math:`L = \sum_j h_{T,j}`; measure BPTT.

    Parameters
    ----------
    cell : {"rnn", "lstm", "gru"}
    rho : float > 0
        Spectral radius of every gate block of ``weight_hh_l0``.
    T : int
        Sequence length.
    hidden_size : int
    gate_bias : float in [-10, 10]
        Bias of the LSTM's forget gate and the GRU's update gate (ignored for the RNN).
    seed : int
        Seeds the weights (torch's initialisation) and, separately, the sequence.
    input_scale : float >= 0
        Standard deviation of the inputs.

    Returns
    -------
    GradientFlow
        ``norms`` (T,) from the layer's ``d_hidden``.
    """
    layer = gradient_layer(cell, rho, hidden_size, gate_bias, seed)
    x = input_sequence(T, seed, positive_number(input_scale, "input_scale", allow_zero=True))
    norms = state_gradient_norms(layer, x)
    return GradientFlow(cell, float(rho), norms, layer.grads)


def state_gradient_norms(layer, x: np.ndarray) -> np.ndarray:
    r"""Run ``layer`` on one sequence x (T, 1, H_in) with :math:`L = \sum_j h_{T,j}`; BPTT.

    Returns :math:`\|\partial L/\partial h_t\|` of the first layer for t = 1..T, shape (T,);
    the layer's ``grads`` hold the weights' gradients afterwards.
    """
    output, _ = layer.forward(x)  # (T, 1, H)
    d_output = np.zeros_like(output)
    d_output[-1] = 1.0  # L = sum of h_T: only the last step reaches the loss directly
    layer.backward(d_output)
    return np.linalg.norm(layer.d_hidden[0, :, 0], axis=-1)  # (1, T, 1, H) -> (T,)


def gradient_flows(rho: float = 1.0, T: int = 50, cells=tuple(CELLS), **options) -> dict:
    """:func:`gradient_flow` of each cell on the same sequence: cell -> GradientFlow."""
    return {cell: gradient_flow(cell, rho, T, **options) for cell in cells}


def global_norm(grads: dict) -> float:
    r""":math:`\sqrt{\sum_k \|g_k\|^2}` over every array of the dict ``grads``."""
    return float(np.sqrt(sum(np.sum(np.square(g)) for g in grads.values())))


def clip_grad_norm(grads: dict, max_norm: float) -> tuple[dict, float]:
    r"""Scale all of ``grads`` by :math:`\min(1, \text{max\_norm} / \|g\|)`, :math:`\|g\|` global.

    Parameters
    ----------
    grads : dict of str -> ndarray
        Gradients by parameter name (a layer's ``grads``); not modified.
    max_norm : float > 0
        The cap on the global norm.

    Returns
    -------
    clipped : dict of str -> ndarray
        Same keys and shapes, same direction; global norm ``min(norm, max_norm)``.
    norm : float
        The global norm before clipping.
    """
    max_norm = positive_number(max_norm, "max_norm")
    if not isinstance(grads, dict) or not grads:
        raise TypeError(f"grads must be a non-empty dict name -> array, got "
                        f"{type(grads).__name__}.")
    norm = global_norm(grads)
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {name: np.asarray(g, dtype=float) * scale for name, g in grads.items()}, norm
