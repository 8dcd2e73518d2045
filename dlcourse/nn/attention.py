r"""Attention from scratch (chapter 09): scaled dot-product, additive and multi-head attention.

A query asks every key how well it matches, turns the match scores into weights with a
softmax over the keys, and returns the weighted mean of the values:

.. math::

    \mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(s\, Q K^\top + B\right) V,
    \qquad s = 1 / \sqrt{E} \text{ by default}

B is the mask as an additive bias: 0 where a key takes part and :math:`-\infty` where it
does not (a boolean mask, True = takes part), or any float added to the scores. The causal
mask lets query i see keys 0..i only (top-left aligned, as in torch). Additive (Bahdanau)
attention scores with a small network instead of a dot product,
:math:`e_{ls} = v^\top \tanh(W_q q_l + W_k k_s)`; multi-head attention projects Q, K, V
h times into E/h dimensions, attends in each head and projects the joined heads back.

The backward pass of :math:`Y = A V`, :math:`A = \mathrm{softmax}(S)`, :math:`S = s\,QK^\top`:

.. math::

    \frac{\partial L}{\partial V} = A^\top \frac{\partial L}{\partial Y}, \quad
    \frac{\partial L}{\partial A} = \frac{\partial L}{\partial Y} V^\top, \quad
    \frac{\partial L}{\partial S} = A \odot \Big(\frac{\partial L}{\partial A}
        - \mathrm{rowsum}\big(\frac{\partial L}{\partial A} \odot A\big)\Big), \quad
    \frac{\partial L}{\partial Q} = s\,\frac{\partial L}{\partial S} K, \quad
    \frac{\partial L}{\partial K} = s\,\frac{\partial L}{\partial S}^\top Q

A query row whose keys are all masked has no distribution to take: torch 2.13's
``scaled_dot_product_attention`` returns zeros there (output and gradients), and so do
:func:`scaled_dot_product_attention` and :class:`AdditiveAttention` (weights of zero);
``torch.nn.MultiheadAttention`` returns NaN there, so :class:`MultiheadAttention` raises a
ValueError naming the row instead. Float64 throughout; proven equal to torch in
``tests/unit/test_attention.py``.

The layers follow :class:`~dlcourse.nn.layer.Layer`, with one extension: ``forward(query,
key=None, value=None, ...)`` is self-attention when only the query is given (key = value =
query, so ``check_layer(layer, X)`` checks X -> Y), and ``backward`` returns one gradient per
array forward received: dL/dX for self-attention, (dL/dquery, dL/dkey) when value defaulted
to key, (dL/dquery, dL/dkey, dL/dvalue) when all three were given.

Shape symbols: ``...`` batch (and head) axes, broadcast like NumPy; L queries, S keys,
E query/key features, Ev value features, N batch, h heads, H the additive score's width.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array, flag, positive_int, positive_number
from dlcourse.nn.layer import Layer, check_grad_shape


# ---------------------------------------------------------------- checks and masks
def _check_qkv(q, k, v, names: tuple[str, str, str]) -> tuple[np.ndarray, ...]:
    """q (..., L, E), k (..., S, Ek), v (..., S, Ev) as float arrays, else ValueError.

    The batch axes must broadcast and k and v must hold the same S keys; whether the last
    axes of q and k must match is the caller's (a dot product needs it, additive scores not).
    """
    arrays = tuple(as_float_array(a, name).astype(np.float64, copy=False)
                   for a, name in zip((q, k, v), names))
    for arr, name, axes in zip(arrays, names, ("(..., L, E)", "(..., S, E)", "(..., S, Ev)")):
        if arr.ndim < 2 or 0 in arr.shape:
            raise ValueError(f"{name} has shape {arr.shape}, expected {axes}: at least 2 axes, "
                             f"none empty.")
    k, v = arrays[1], arrays[2]
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(f"{names[1]} has shape {k.shape} but {names[2]} has shape {v.shape}: "
                         f"they must hold the same number of keys S (axis -2).")
    try:
        np.broadcast_shapes(*(a.shape[:-2] for a in arrays))
    except ValueError:
        raise ValueError(f"{', '.join(names[:2])} and {names[2]} have batch shapes "
                         f"{', '.join(str(a.shape[:-2]) for a in arrays)}, which do not "
                         f"broadcast.") from None
    return arrays


def causal_mask(L: int, S: int | None = None) -> np.ndarray:
    """The causal mask, bool (L, S) with True on and below the diagonal: query i sees keys 0..i.

    Top-left aligned like torch's ``is_causal``: row i is True in columns 0..i whatever S is
    (S defaults to L).
    """
    L = positive_int(L, "L")
    S = L if S is None else positive_int(S, "S")
    return np.tril(np.ones((L, S), dtype=bool))  # (L, S)


def _mask_bias(mask, name: str, shape: tuple[int, ...], blocked_if: bool = False) -> np.ndarray:
    """A mask as an additive bias broadcastable to the scores' ``shape`` (..., L, S).

    Bool: 0 where the entry is ``not blocked_if`` (True = takes part), -inf elsewhere;
    float: added as it is. TypeError for other dtypes, ValueError for a shape that does not
    broadcast to ``shape`` (the mask may not add batch axes to the scores).
    """
    arr = np.asarray(mask)
    if arr.dtype.kind not in "bf":
        meaning = "True = masked out" if blocked_if else "True = takes part"
        raise TypeError(f"{name} must be bool ({meaning}) or float (added to the scores), got "
                        f"dtype {arr.dtype}.")
    try:
        fits = np.broadcast_shapes(arr.shape, shape) == shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"{name} has shape {arr.shape}, which does not broadcast to the "
                         f"scores' shape {shape} = (..., L, S).")
    if arr.dtype == bool:
        return np.where(arr == blocked_if, -np.inf, 0.0)
    return arr.astype(np.float64)


def _scores_bias(mask, is_causal: bool, shape: tuple[int, ...]):
    """The bias of ``mask`` (True = takes part) or of the causal mask, or None for neither."""
    if flag(is_causal, "is_causal"):
        if mask is not None:
            raise ValueError("give mask or is_causal=True, not both (torch refuses both too); "
                             "for a causal mask combined with another, pass "
                             "causal_mask(L, S) & mask.")
        return _mask_bias(causal_mask(*shape[-2:]), "mask", shape)
    return None if mask is None else _mask_bias(mask, "mask", shape)


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, back to ``shape``."""
    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))  # leading axes added
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    return grad.sum(axis=stretched, keepdims=True)


# ---------------------------------------------------------------- softmax over the keys
def _masked_softmax(scores: np.ndarray) -> np.ndarray:
    """Softmax over the last axis (S); a row of only -inf (every key masked) gives zeros.

    The row maximum is subtracted first (no overflow); in a fully masked row it is -inf, so
    0 is subtracted instead and every exp(-inf) is 0.
    """
    top = scores.max(axis=-1, keepdims=True)  # (..., L, 1)
    e = np.exp(scores - np.where(np.isneginf(top), 0.0, top))
    total = e.sum(axis=-1, keepdims=True)
    return e / np.where(total == 0, 1.0, total)


def _softmax_backward(weights: np.ndarray, dLdW: np.ndarray) -> np.ndarray:
    """dL/dscores from dL/dweights: A * (dL/dA - rowsum(dL/dA * A)), zero where A is."""
    return weights * (dLdW - (dLdW * weights).sum(axis=-1, keepdims=True))


# ---------------------------------------------------------------- scaled dot-product
def _attend(q, k, v, bias, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Output (..., L, Ev) and weights (..., L, S) of softmax(scale q k^T + bias) v."""
    scores = scale * q @ np.swapaxes(k, -1, -2)  # (..., L, E) @ (..., E, S) -> (..., L, S)
    if bias is not None:
        scores = scores + bias
    weights = _masked_softmax(scores)
    return weights @ v, weights  # (..., L, S) @ (..., S, Ev) -> (..., L, Ev)


def _attend_backward(dLdY, q, k, v, weights, scale: float) -> tuple[np.ndarray, ...]:
    """(dL/dq, dL/dk, dL/dv) of :func:`_attend`, each summed back to its input's shape."""
    dLdV = np.swapaxes(weights, -1, -2) @ dLdY  # (..., S, L) @ (..., L, Ev) -> (..., S, Ev)
    dLdS = _softmax_backward(weights, dLdY @ np.swapaxes(v, -1, -2))  # (..., L, S)
    dLdQ = scale * dLdS @ k  # (..., L, S) @ (..., S, E) -> (..., L, E)
    dLdK = scale * np.swapaxes(dLdS, -1, -2) @ q  # (..., S, L) @ (..., L, E) -> (..., S, E)
    return _unbroadcast(dLdQ, q.shape), _unbroadcast(dLdK, k.shape), _unbroadcast(dLdV, v.shape)


def _prepare(q, k, v, mask, is_causal, scale) -> tuple:
    """Checked q, k, v, the scores' bias (or None) and the scale, for both public functions."""
    q, k, v = _check_qkv(q, k, v, ("q", "k", "v"))
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"q has shape {q.shape} but k has shape {k.shape}: a dot product needs "
                         f"the same number of features E (axis -1).")
    shape = (*np.broadcast_shapes(q.shape[:-2], k.shape[:-2]), q.shape[-2], k.shape[-2])
    scale = 1 / np.sqrt(q.shape[-1]) if scale is None else positive_number(scale, "scale")
    return q, k, v, _scores_bias(mask, is_causal, shape), scale


def scaled_dot_product_attention(q, k, v, mask=None, is_causal: bool = False,
                                 scale: float | None = None, need_weights: bool = False):
    r"""softmax(scale q kᵀ + mask) v, equal to ``torch.nn.functional.scaled_dot_product_attention``.

    Parameters
    ----------
    q : array_like of shape (..., L, E)
        L queries.
    k : array_like of shape (..., S, E)
        S keys; the batch axes ``...`` of q, k and v broadcast.
    v : array_like of shape (..., S, Ev)
        One value per key.
    mask : array_like, bool or float, broadcastable to (..., L, S), optional
        Bool: True = the key takes part (torch's bool ``attn_mask``); float: added to the
        scores (-inf masks out).
    is_causal : bool, default False
        Query i sees keys 0..i (top-left aligned, as torch); not together with ``mask``.
    scale : float > 0, optional
        Defaults to 1 / sqrt(E).
    need_weights : bool, default False
        Also return the attention weights.

    Returns
    -------
    Y : ndarray of shape (..., L, Ev)
    weights : ndarray of shape (..., L, S), only if ``need_weights``
        Each row sums to 1 over the keys; a row whose keys are all masked is all zeros and
        its output row is zero, as torch 2.13 returns (output and gradients zero).
    """
    q, k, v, bias, scale = _prepare(q, k, v, mask, is_causal, scale)
    Y, weights = _attend(q, k, v, bias, scale)
    return (Y, weights) if flag(need_weights, "need_weights") else Y


def scaled_dot_product_attention_backward(dLdY, q, k, v, mask=None, is_causal: bool = False,
                                          scale: float | None = None) -> tuple[np.ndarray, ...]:
    """(dL/dq, dL/dk, dL/dv) of :func:`scaled_dot_product_attention` given dL/dY (..., L, Ev).

    Takes the forward's arguments and recomputes its weights; each gradient has its input's
    shape (summed over the axes broadcasting stretched). Equal to torch autograd.
    """
    q, k, v, bias, scale = _prepare(q, k, v, mask, is_causal, scale)
    Y, weights = _attend(q, k, v, bias, scale)
    dLdY = as_float_array(dLdY, "dLdY")
    check_grad_shape(dLdY, Y.shape)
    return _attend_backward(dLdY, q, k, v, weights, scale)


# ---------------------------------------------------------------- the layers
class _Attention(Layer):
    """What the attention layers share: the inputs of forward and the gradients of backward."""

    @staticmethod
    def _roles(query, key, value) -> tuple:
        """(query, key, value, n_inputs): key = value = query if only the query is given,
        value = key if the value is not."""
        if key is None and value is not None:
            raise ValueError("value is given but key is not: give key too (or neither, for "
                             "self-attention).")
        n_inputs = 1 if key is None else 2 if value is None else 3
        key = query if key is None else key
        return query, key, key if value is None else value, n_inputs

    @staticmethod
    def _per_input(grads: tuple, n_inputs: int):
        """dL/dquery, dL/dkey, dL/dvalue summed per array forward received (one per input)."""
        dq, dk, dv = grads
        if n_inputs == 1:
            return dq + dk + dv
        return (dq, dk + dv) if n_inputs == 2 else (dq, dk, dv)


class AdditiveAttention(_Attention):
    r"""Bahdanau attention: weights softmax over S of :math:`v^\top \tanh(W_q q_l + W_k k_s)`.

    query (..., L, Eq), key (..., S, Ek), value (..., S, Ev) -> Y (..., L, Ev), the weighted
    mean of the values. No torch twin: ``tests/unit/test_attention.py`` checks it against the
    same formula written with torch autograd.

    Parameters
    ----------
    query_dim, key_dim : int
        Eq and Ek.
    hidden_dim : int
        H, the width of the score network.
    seed : int, default 0
        Seeds W_q, W_k, v ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (torch's Linear bound).

    Attributes
    ----------
    W_q : ndarray of shape (H, Eq)
    W_k : ndarray of shape (H, Ek)
    v : ndarray of shape (H,)
    """

    param_names = ("W_q", "W_k", "v")

    def __init__(self, query_dim: int, key_dim: int, hidden_dim: int, seed: int = 0):
        super().__init__()
        Eq, Ek = positive_int(query_dim, "query_dim"), positive_int(key_dim, "key_dim")
        H = positive_int(hidden_dim, "hidden_dim")
        rng = np.random.default_rng(positive_int(seed, "seed", minimum=0))
        self.W_q = rng.uniform(-1, 1, size=(H, Eq)) / np.sqrt(Eq)  # (H, Eq)
        self.W_k = rng.uniform(-1, 1, size=(H, Ek)) / np.sqrt(Ek)  # (H, Ek)
        self.v = rng.uniform(-1, 1, size=H) / np.sqrt(H)  # (H,)

    def forward(self, query, key=None, value=None, mask=None, need_weights: bool = False):
        """Y (..., L, Ev), and the weights (..., L, S) if ``need_weights``.

        ``mask`` as in :func:`scaled_dot_product_attention` (bool True = takes part, or float
        added to the scores), broadcastable to (..., L, S); a fully masked row gives zeros.
        Self-attention when only ``query`` is given (then Eq must equal Ek).
        """
        query, key, value, n_inputs = self._roles(query, key, value)
        q, k, v = _check_qkv(query, key, value, ("query", "key", "value"))
        for arr, name, W in ((q, "query", self.W_q), (k, "key", self.W_k)):
            if arr.shape[-1] != W.shape[1]:
                raise ValueError(f"{name} has shape {arr.shape}, expected {W.shape[1]} features "
                                 f"on axis -1 (W_{name[0]} has shape {W.shape}).")
        T = np.tanh((q @ self.W_q.T)[..., :, None, :]  # (..., L, 1, H)
                    + (k @ self.W_k.T)[..., None, :, :])  # (..., 1, S, H) -> (..., L, S, H)
        scores = T @ self.v  # (..., L, S, H) @ (H,) -> (..., L, S)
        if mask is not None:
            scores = scores + _mask_bias(mask, "mask", scores.shape)
        weights = _masked_softmax(scores)
        Y = weights @ v  # (..., L, S) @ (..., S, Ev) -> (..., L, Ev)
        self.cache = {"q": q, "k": k, "value": v, "T": T, "weights": weights, "n_inputs": n_inputs,
                      "Y_shape": Y.shape}
        return (Y, weights) if flag(need_weights, "need_weights") else Y

    def backward(self, dLdY):
        """Set ``grads`` (W_q, W_k, v) and return the inputs' gradients (module docstring)."""
        c = self.cached()
        dLdY = as_float_array(dLdY, "dLdY")
        check_grad_shape(dLdY, c["Y_shape"])
        q, k, T, weights = c["q"], c["k"], c["T"], c["weights"]
        value = c["value"]
        dLdV = _unbroadcast(np.swapaxes(weights, -1, -2) @ dLdY, value.shape)  # (..., S, Ev)
        dLdS = _softmax_backward(weights, dLdY @ np.swapaxes(value, -1, -2))  # (..., L, S)
        H = self.v.size
        dLdv = (dLdS[..., None] * T).reshape(-1, H).sum(axis=0)  # (..., L, S, H) -> (H,)
        dLdA = dLdS[..., None] * self.v * (1 - T**2)  # through tanh: (..., L, S, H)
        dLdQp, dLdKp = dLdA.sum(axis=-2), dLdA.sum(axis=-3)  # (..., L, H), (..., S, H)
        batch = dLdA.shape[:-3]  # the broadcast batch axes of query and key
        q_all = np.broadcast_to(q, (*batch, *q.shape[-2:])).reshape(-1, q.shape[-1])  # (n, Eq)
        k_all = np.broadcast_to(k, (*batch, *k.shape[-2:])).reshape(-1, k.shape[-1])  # (n, Ek)
        self.grads = {"W_q": dLdQp.reshape(-1, H).T @ q_all,  # (H, n) @ (n, Eq)
                      "W_k": dLdKp.reshape(-1, H).T @ k_all,  # (H, n) @ (n, Ek)
                      "v": dLdv}
        dLdq = _unbroadcast(dLdQp @ self.W_q, q.shape)  # (..., L, H) @ (H, Eq)
        dLdk = _unbroadcast(dLdKp @ self.W_k, k.shape)  # (..., S, H) @ (H, Ek)
        return self._per_input((dLdq, dLdk, dLdV), c["n_inputs"])


class MultiheadAttention(_Attention):
    r"""Multi-head attention, equal to ``torch.nn.MultiheadAttention(E, h, batch_first=True)``.

    .. math::

        Q_i = q W_{q,i}^\top + b_{q,i}, \; \dots, \quad
        \mathrm{head}_i = \mathrm{softmax}\!\big(Q_i K_i^\top / \sqrt{E/h} + B\big) V_i, \quad
        Y = [\mathrm{head}_1, \dots, \mathrm{head}_h] W_o^\top + b_o

    query (N, L, E), key (N, S, E), value (N, S, E) -> Y (N, L, E). The masks are torch's:
    ``attn_mask`` (L, S) or (N·h, L, S) and ``key_padding_mask`` (N, S), bool with True =
    *masked out* (the opposite of :func:`scaled_dot_product_attention`'s bool mask, as in
    torch) or float added to the scores. A query row left with no key raises ValueError (torch
    returns NaN there).

    Parameters
    ----------
    embed_dim : int
        E, divisible by ``num_heads``.
    num_heads : int
        h; each head works in d = E / h dimensions.
    bias : bool, default True
        Whether the in- and out-projections have biases.
    seed : int, default 0
        Seeds the weights (Xavier-uniform in-projection, zero biases, as torch; not its numbers).

    Attributes
    ----------
    in_proj_weight : ndarray of shape (3E, E)
        W_q, W_k, W_v stacked as row blocks, torch's layout.
    in_proj_bias : ndarray of shape (3E,) or None
    out_proj_weight : ndarray of shape (E, E)
    out_proj_bias : ndarray of shape (E,) or None
    """

    param_names = ("in_proj_weight", "in_proj_bias", "out_proj_weight", "out_proj_bias")

    def __init__(self, embed_dim: int, num_heads: int, bias: bool = True, seed: int = 0):
        super().__init__()
        E, h = positive_int(embed_dim, "embed_dim"), positive_int(num_heads, "num_heads")
        if E % h:
            raise ValueError(f"embed_dim == {E} is not divisible by num_heads == {h}: each head "
                             f"gets embed_dim / num_heads features.")
        self.embed_dim, self.num_heads = E, h
        rng = np.random.default_rng(positive_int(seed, "seed", minimum=0))
        bound = np.sqrt(6 / (E + 3 * E))  # Xavier-uniform on (3E, E)
        self.in_proj_weight = rng.uniform(-bound, bound, size=(3 * E, E))  # (3E, E)
        self.out_proj_weight = rng.uniform(-1, 1, size=(E, E)) / np.sqrt(E)  # (E, E)
        has_bias = flag(bias, "bias")
        self.in_proj_bias = np.zeros(3 * E) if has_bias else None  # (3E,)
        self.out_proj_bias = np.zeros(E) if has_bias else None  # (E,)

    @classmethod
    def from_torch(cls, module):
        """A copy of a ``torch.nn.MultiheadAttention`` (batch_first, kdim = vdim = E, no
        dropout, no bias_k/bias_v, no zero attention), weights as float64."""
        import torch

        if type(module) is not torch.nn.MultiheadAttention:
            raise TypeError(f"module must be a torch.nn.MultiheadAttention, got "
                            f"{type(module).__name__}.")
        if (not module.batch_first or not module._qkv_same_embed_dim or module.dropout
                or module.bias_k is not None or module.add_zero_attn):
            raise ValueError(f"module == {module}: only batch_first=True, kdim = vdim = "
                             f"embed_dim, dropout=0.0, add_bias_kv=False and "
                             f"add_zero_attn=False have a NumPy twin here.")
        layer = cls(module.embed_dim, module.num_heads, bias=module.in_proj_bias is not None)
        for name in cls.param_names:
            tensor = (getattr(module.out_proj, name.removeprefix("out_proj_"))
                      if name.startswith("out_proj") else getattr(module, name))
            if tensor is not None:
                setattr(layer, name, tensor.detach().cpu().double().numpy().copy())
        return layer

    def _bias(self, attn_mask, key_padding_mask, is_causal, N: int, L: int, S: int):
        """The masks as one additive bias (N, h, L, S), or None; ValueError for a row left
        with no key."""
        h = self.num_heads
        if flag(is_causal, "is_causal"):
            if attn_mask is not None:
                raise ValueError("give attn_mask or is_causal=True, not both: is_causal builds "
                                 "the causal mask (torch takes it only as a hint about "
                                 "attn_mask).")
            attn_mask = ~causal_mask(L, S)  # torch's convention: True = masked out
        bias = None
        if attn_mask is not None:
            arr = np.asarray(attn_mask)
            if arr.shape not in ((L, S), (N * h, L, S)):
                raise ValueError(f"attn_mask has shape {arr.shape}, expected {(L, S)} = (L, S) "
                                 f"or {(N * h, L, S)} = (N·num_heads, L, S).")
            bias = _mask_bias(arr.reshape(-1, h, L, S) if arr.ndim == 3 else arr, "attn_mask",
                              (N, h, L, S), blocked_if=True)  # (N·h, L, S) -> (N, h, L, S)
        if key_padding_mask is not None:
            arr = np.asarray(key_padding_mask)
            if arr.shape != (N, S):
                raise ValueError(f"key_padding_mask has shape {arr.shape}, expected {(N, S)} = "
                                 f"(N, S).")
            padding = _mask_bias(arr[:, None, None, :], "key_padding_mask", (N, h, L, S),
                                 blocked_if=True)  # (N, 1, 1, S)
            bias = padding if bias is None else bias + padding
        if bias is not None:
            empty = np.isneginf(np.broadcast_to(bias, (N, h, L, S))).all(axis=-1)  # (N, h, L)
            if empty.any():
                n, i, row = (int(j) for j in np.argwhere(empty)[0])
                raise ValueError(f"query {row} of batch item {n} (head {i}) has every key masked "
                                 f"by attn_mask/key_padding_mask: nothing to attend to (torch "
                                 f"returns NaN there); leave it at least one key.")
        return bias

    def _project(self, x: np.ndarray, block: int) -> np.ndarray:
        """x (N, T, E) -> its heads (N, h, T, d) through row block 0 (q), 1 (k) or 2 (v)."""
        E, h = self.embed_dim, self.num_heads
        rows = slice(block * E, (block + 1) * E)
        y = x @ self.in_proj_weight[rows].T  # (N, T, E) @ (E, E)
        if self.in_proj_bias is not None:
            y = y + self.in_proj_bias[rows]
        return y.reshape(*x.shape[:2], h, E // h).swapaxes(1, 2)  # (N, T, h, d) -> (N, h, T, d)

    def forward(self, query, key=None, value=None, attn_mask=None, key_padding_mask=None,
                is_causal: bool = False, need_weights: bool = False,
                average_attn_weights: bool = True):
        """Y (N, L, E), and the weights if ``need_weights``: (N, L, S) averaged over the heads
        or (N, h, L, S) per head (torch's ``average_attn_weights``).

        Self-attention when only ``query`` is given. ``is_causal=True`` applies the causal mask
        (torch wants it passed as ``attn_mask`` as well).
        """
        query, key, value, n_inputs = self._roles(query, key, value)
        q, k, v = _check_qkv(query, key, value, ("query", "key", "value"))
        E = self.embed_dim
        for arr, name in ((q, "query"), (k, "key"), (v, "value")):
            if arr.ndim != 3 or arr.shape[-1] != E:
                raise ValueError(f"{name} has shape {arr.shape}, expected (N, T, {E}) = (batch, "
                                 f"sequence, embed_dim).")
        if not q.shape[0] == k.shape[0] == v.shape[0]:
            raise ValueError(f"query, key and value have batch sizes {q.shape[0]}, {k.shape[0]}, "
                             f"{v.shape[0]}; they must be equal.")
        (N, L, _), S = q.shape, k.shape[1]
        bias = self._bias(attn_mask, key_padding_mask, is_causal, N, L, S)
        heads = [self._project(x, block) for block, x in enumerate((q, k, v))]  # (N, h, T, d)
        scale = 1 / np.sqrt(E // self.num_heads)
        attended, weights = _attend(*heads, bias, scale)  # (N, h, L, d), (N, h, L, S)
        joined = attended.swapaxes(1, 2).reshape(N, L, E)  # (N, L, h, d) -> (N, L, E)
        Y = joined @ self.out_proj_weight.T
        if self.out_proj_bias is not None:
            Y = Y + self.out_proj_bias
        self.cache = {"inputs": (q, k, v), "heads": heads, "weights": weights,
                      "joined": joined, "scale": scale, "n_inputs": n_inputs}
        if not flag(need_weights, "need_weights"):
            return Y
        average = flag(average_attn_weights, "average_attn_weights")
        return Y, weights.mean(axis=1) if average else weights  # (N, L, S) or (N, h, L, S)

    def backward(self, dLdY):
        """Set ``grads`` (the four torch-named params) and return the inputs' gradients."""
        c = self.cached()
        joined, (q, k, v) = c["joined"], c["inputs"]
        dLdY = as_float_array(dLdY, "dLdY")
        check_grad_shape(dLdY, joined.shape)
        N, L, E = joined.shape
        grads = {"out_proj_weight": np.einsum("nli,nlj->ij", dLdY, joined),  # (E, E)
                 "out_proj_bias": dLdY.sum(axis=(0, 1))}  # (E,)
        dLdO = (dLdY @ self.out_proj_weight).reshape(N, L, self.num_heads, -1).swapaxes(1, 2)
        d_heads = _attend_backward(dLdO, *c["heads"], c["weights"], c["scale"])  # (N, h, T, d)
        d_in_weight, d_in_bias, d_inputs = [], [], []
        for block, (x, d_head) in enumerate(zip((q, k, v), d_heads)):
            d_proj = d_head.swapaxes(1, 2).reshape(x.shape)  # (N, h, T, d) -> (N, T, E)
            d_in_weight.append(np.einsum("nti,ntj->ij", d_proj, x))  # (E, E)
            d_in_bias.append(d_proj.sum(axis=(0, 1)))  # (E,)
            d_inputs.append(d_proj @ self.in_proj_weight[block * E:(block + 1) * E])
        grads["in_proj_weight"] = np.concatenate(d_in_weight)  # (3E, E)
        grads["in_proj_bias"] = np.concatenate(d_in_bias)  # (3E,)
        self.grads = {name: grads[name] for name in self.params}
        return self._per_input(tuple(d_inputs), c["n_inputs"])

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, num_heads={self.num_heads})"
