r"""Max and average pooling from scratch, with backward (chapter 04), and what pooling saves.

Pooling slides a window over each channel separately and keeps one number
per window: the maximum or the mean. Depth is unchanged (C in, C out) and
there are no weights. The output size is the convolution formula of
:func:`dlcourse.nn.windows.output_size` (usually with p = 0).

- :class:`MaxPool2d`, :class:`AvgPool2d` (and :func:`max_pool2d`, :func:`avg_pool2d`):
  layers of the :class:`~dlcourse.nn.layer.Layer` protocol without parameters;
  ``backward(dLdY)`` returns dL/dX. Max routes each gradient to the arg-max of
  its window; average spreads it evenly over the window.
- :func:`pool2d_single`: one map (H, W) in, one pooled map out (figures, widgets).
- :func:`layer_costs` and :func:`costs_table`: activations, parameters and
  multiply-adds of a small conv / pool / dense stack, to see what pooling saves
  the layers after it.

Shape symbols: N batch, C channels, H × W input, k window, Ho × Wo output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcourse.checks import as_float_array, positive_int
from dlcourse.nn.layer import Layer, check_grad_shape
from dlcourse.nn.windows import as_pair, col2im, geometry2d, output_size, pad2d, tap_slices


class _Pool2d(Layer):
    """Shared set-up of the two pooling layers: window, stride (default = window), padding."""

    pad_value = 0.0
    torch_defaults: dict = {}  # options of the torch twin that have no NumPy equivalent here

    def __init__(self, size=2, stride=None, padding=0):
        super().__init__()
        self.size = as_pair(size, "size", 1)
        self.stride = self.size if stride is None else as_pair(stride, "stride", 1)
        self.padding = as_pair(padding, "padding", 0)
        for p, k in zip(self.padding, self.size, strict=True):
            if 2 * p > k:
                raise ValueError(f"padding == {padding}, must be at most half the window "
                                 f"size {size} (as in PyTorch): a window of only padding "
                                 f"would have nothing to pool.")

    @classmethod
    def from_torch(cls, pool) -> _Pool2d:
        """A copy of the torch twin of the same name: its kernel size, stride and padding."""
        import torch

        twin = getattr(torch.nn, cls.__name__)
        if not isinstance(pool, twin):
            raise TypeError(f"pool must be a torch.nn.{cls.__name__}, got "
                            f"{type(pool).__name__}.")
        for name, default in cls.torch_defaults.items():
            if getattr(pool, name) not in (default, (default, default)):
                raise ValueError(f"pool.{name} == {getattr(pool, name)!r}: only {name}="
                                 f"{default!r} has a NumPy twin here.")
        return cls(pool.kernel_size, pool.stride, pool.padding)

    def _taps(self, X):
        """Check X (N, C, H, W); return it and, for each tap, its values under every window.

        ``taps[t]`` (N, C, Ho, Wo) holds, for every window, the input value under
        tap t = i·kw + j, so a window's max or mean is an elementwise max or mean over taps.
        """
        X, _, _, _, out = geometry2d(X, self.size, self.stride, self.padding, 1)
        Xp = pad2d(X, self.padding, self.pad_value)  # (N, C, H + 2ph, W + 2pw)
        taps = [Xp[:, :, rows, cols]  # each (N, C, Ho, Wo)
                for i in range(self.size[0]) for j in range(self.size[1])
                for rows, cols in [tap_slices(i, j, out, self.stride)]]
        return X, taps

    def _upstream(self, dLdY) -> tuple[np.ndarray, dict]:
        """dLdY as floats, checked against forward's output shape, and the cache."""
        cache = self.cached()
        dLdY = as_float_array(dLdY, "dLdY")
        check_grad_shape(dLdY, cache["y_shape"])
        return dLdY, cache

    def _scatter(self, per_tap, x_shape) -> np.ndarray:
        """Add per-tap gradients (list of (N, C, Ho, Wo), tap t = i·kw + j) into the input."""
        stacked = np.stack(per_tap, axis=2)  # (N, C, kh·kw, Ho, Wo)
        N, C, _, Ho, Wo = stacked.shape
        per_tap = stacked.reshape(N, C, *self.size, Ho, Wo)  # (N, C, kh, kw, Ho, Wo)
        return col2im(per_tap, x_shape[2:], self.padding, self.stride)  # (N, C, H, W)

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(size={self.size}, stride={self.stride}, "
                f"padding={self.padding})")


class MaxPool2d(_Pool2d):
    r"""Max pooling: the largest value of each k_h × k_w window, per channel.

    .. math:: Y[n, c, i, j] = \max_{u, v} X_p[n, c, i s_h + u, j s_w + v]

    Padding cells hold −∞, so they never win (as in ``torch.nn.MaxPool2d``).
    A window holding NaN gives NaN, as in torch.

    Parameters
    ----------
    size : int or (int, int)
        Window size k.
    stride : int or (int, int), optional
        Default: ``size`` (non-overlapping windows). A stride smaller than the
        window gives overlapping pooling.
    padding : int or (int, int)
        At most half the window.

    Shape
    -----
    - Input X: (N, C, H, W)
    - Output Y: (N, C, Ho, Wo), Ho = ⌊(H + 2p − k) / s⌋ + 1; depth C unchanged.

    The backward pass sends each dL/dY[n, c, i, j] to the one input cell that
    was the maximum of window (i, j) (the first one if several tie; the last
    NaN if the window holds NaN, as torch does); every other cell of the window
    gets 0. Overlapping windows can send several gradients to the same cell;
    they add up.
    """

    pad_value = -np.inf
    torch_defaults = {"dilation": 1, "ceil_mode": False, "return_indices": False}

    def forward(self, X) -> np.ndarray:
        """Y (N, C, Ho, Wo); caches which tap of each window held the maximum."""
        X, taps = self._taps(X)
        best = taps[0].copy()  # (N, C, Ho, Wo) running maximum
        winner = np.zeros(best.shape, dtype=np.intp)  # index of the tap holding it
        for t, values in enumerate(taps[1:], start=1):
            # strict: the first of equal values keeps the gradient; a NaN always takes it
            better = (values > best) | np.isnan(values)
            np.maximum(best, values, out=best)  # NaN propagates
            winner[better] = t
        self.cache = {"y_shape": best.shape, "x_shape": X.shape, "winner": winner}
        return best

    def backward(self, dLdY) -> np.ndarray:
        """dL/dX (N, C, H, W): each dL/dY value goes to its window's arg-max."""
        dLdY, cache = self._upstream(dLdY)
        per_tap = [np.where(cache["winner"] == t, dLdY, 0.0)
                   for t in range(self.size[0] * self.size[1])]
        return self._scatter(per_tap, cache["x_shape"])


class AvgPool2d(_Pool2d):
    r"""Average pooling: the mean of each k_h × k_w window, per channel.

    .. math:: Y[n, c, i, j] = \frac{1}{k_h k_w} \sum_{u, v} X_p[n, c, i s_h + u, j s_w + v]

    Padding cells are zeros and count in the mean (PyTorch's default
    ``count_include_pad=True``). Parameters and shapes as :class:`MaxPool2d`.
    The backward pass gives every cell of window (i, j) the share
    dL/dY[n, c, i, j] / (k_h k_w).
    """

    torch_defaults = {"ceil_mode": False, "count_include_pad": True, "divisor_override": None}

    def forward(self, X) -> np.ndarray:
        """Y (N, C, Ho, Wo), the window means."""
        X, taps = self._taps(X)
        Y = np.sum(taps, axis=0) / len(taps)  # (N, C, Ho, Wo)
        self.cache = {"y_shape": Y.shape, "x_shape": X.shape}
        return Y

    def backward(self, dLdY) -> np.ndarray:
        """dL/dX (N, C, H, W): each dL/dY value shared equally by its window's cells."""
        dLdY, cache = self._upstream(dLdY)
        taps = self.size[0] * self.size[1]
        return self._scatter([dLdY / taps] * taps, cache["x_shape"])


POOLS = {"max": MaxPool2d, "average": AvgPool2d}


def pool2d_single(image, kind: str = "max", size=2, stride=None, padding=0) -> np.ndarray:
    """Pool one map (H, W) -> (Ho, Wo) with ``kind`` "max" or "average" (see :data:`POOLS`)."""
    if kind not in POOLS:
        raise ValueError(f"kind == {kind!r}, must be one of {sorted(POOLS)}.")
    image = as_float_array(image, "image", ndim=2)
    return POOLS[kind](size, stride, padding).forward(image[None, None])[0, 0]  # (Ho, Wo)


def max_pool2d(X, size=2, stride=None, padding=0) -> np.ndarray:
    """Max pooling of X (N, C, H, W) -> (N, C, Ho, Wo); equal to ``torch.nn.functional.max_pool2d``.

    Ho = ⌊(H + 2p − k) / s⌋ + 1 (the convolution formula; ``stride`` defaults to ``size``).
    """
    return MaxPool2d(size, stride, padding).forward(X)


def avg_pool2d(X, size=2, stride=None, padding=0) -> np.ndarray:
    """Average pooling of X (N, C, H, W) -> (N, C, Ho, Wo); equal to ``torch``'s ``avg_pool2d``.

    Ho = ⌊(H + 2p − k) / s⌋ + 1 (the convolution formula; ``stride`` defaults to ``size``).
    """
    return AvgPool2d(size, stride, padding).forward(X)


# ---------------------------------------------------------------- what pooling saves
@dataclass
class LayerCost:
    """One layer of :func:`layer_costs`: its output shape, size and price."""

    name: str
    shape: tuple[int, ...]  # output (C, H, W) or (units,)
    activations: int  # numbers in the output, per example
    params: int  # weights + biases
    macs: int  # multiply-adds per example


LAYER_KINDS = {"conv": ("F", "k"), "pool": ("k",), "dense": ("units",)}  # what follows the kind


def _layer_args(layer) -> tuple[str, tuple[int, ...]]:
    """Check one entry of :func:`layer_costs`; return its kind and its numbers."""
    if not isinstance(layer, (tuple, list)) or not layer or layer[0] not in LAYER_KINDS:
        raise ValueError(f"layer {layer!r}: kind must be 'conv', 'pool' or 'dense'.")
    kind, *args = layer
    names = LAYER_KINDS[kind]
    if len(args) != len(names):
        raise ValueError(f"layer {tuple(layer)!r}: a {kind} layer is ({kind!r}, "
                         f"{', '.join(names)}), {len(names)} number(s) after the kind.")
    return kind, tuple(positive_int(v, f"layer {tuple(layer)!r}: {n}")
                       for v, n in zip(args, names, strict=True))


def layer_costs(input_shape: tuple[int, int, int], layers: list[tuple]) -> list[LayerCost]:
    """Walk a conv / pool / dense stack and count what each layer stores and computes.

    Parameters
    ----------
    input_shape : (C, H, W)
    layers : list of tuples
        ``("conv", F, k)``: F kernels k × k, stride 1, no padding, with bias;
        ``("pool", k)``: k × k pooling with stride k;
        ``("dense", units)``: flattens its input, with bias.

    Returns
    -------
    list of LayerCost
        Conv: params F(C k² + 1), MACs Ho·Wo·F·C·k². Pool: no params, MACs 0
        (max pooling only compares; average pooling adds and divides once per
        output, which is not counted). Dense: params units·(D + 1),
        MACs units·D for D inputs.

    Examples
    --------
    >>> [c.params for c in layer_costs((1, 28, 28), [("conv", 32, 3), ("dense", 10)])]
    [320, 216330]
    """
    shape = tuple(positive_int(v, "input_shape") for v in input_shape)
    if len(shape) != 3:
        raise ValueError(f"input_shape == {input_shape}, must be (C, H, W).")
    costs = []
    for layer in layers:
        kind, args = _layer_args(layer)
        if kind == "conv":
            F, k = args
            C, H, W = shape
            shape = (F, output_size(H, k), output_size(W, k))
            params, macs = F * (C * k * k + 1), shape[1] * shape[2] * F * C * k * k
            name = f"conv {F} × {k}×{k}"
        elif kind == "pool":
            (k,) = args
            C, H, W = shape
            shape = (C, output_size(H, k, k), output_size(W, k, k))
            params = macs = 0
            name = f"pool {k}×{k}"
        else:
            (units,) = args
            inputs = int(np.prod(shape))
            shape = (units,)
            params, macs = units * (inputs + 1), units * inputs
            name = f"dense {units}"
        costs.append(LayerCost(name, shape, int(np.prod(shape)), params, macs))
    return costs


def costs_table(costs: list[LayerCost]) -> str:
    """:func:`layer_costs` as an aligned text table with a total row (numbers per example)."""
    header = (f"{'layer':14s} {'output':>10s} {'activations':>12s} {'params':>10s} "
              f"{'mult-adds':>12s}")
    rows = [f"{c.name:14s} {'×'.join(map(str, c.shape)):>10s} {c.activations:12,d} "
            f"{c.params:10,d} {c.macs:12,d}" for c in costs]
    total = (f"{'total':14s} {'':>10s} {sum(c.activations for c in costs):12,d} "
             f"{sum(c.params for c in costs):10,d} {sum(c.macs for c in costs):12,d}")
    return "\n".join([header, *rows, total])
