"""Max and average pooling from scratch, with backward (chapter 04), and what pooling saves.

Pooling slides a window over each channel separately and keeps one number
per window: the maximum or the mean. Depth is unchanged (C in, C out) and
there are no weights. The output size is the convolution formula of
:func:`dlcourse.nn.conv.output_size` (usually with p = 0).

- :class:`MaxPool2d`, :class:`AvgPool2d` (and :func:`max_pool2d`, :func:`avg_pool2d`):
  forward caches, ``backward(dLdY)`` returns dL/dX. Max routes each gradient to
  the arg-max of its window; average spreads it evenly over the window.
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
from dlcourse.nn.conv import as_pair, col2im, geometry2d, output_size, pad2d, tap_slices


class _Pool2d:
    """Shared set-up of the two pooling layers: window, stride (default = window), padding."""

    pad_value = 0.0

    def __init__(self, size=2, stride=None, padding=0):
        self.size = as_pair(size, "size", 1)
        self.stride = self.size if stride is None else as_pair(stride, "stride", 1)
        self.padding = as_pair(padding, "padding", 0)
        for p, k in zip(self.padding, self.size, strict=True):
            if 2 * p > k:
                raise ValueError(f"padding == {padding}, must be at most half the window "
                                 f"size {size} (as in PyTorch): a window of only padding "
                                 f"would have nothing to pool.")
        self._cache = None

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

    def _scatter(self, per_tap, x_shape) -> np.ndarray:
        """Add per-tap gradients (list of (N, C, Ho, Wo), tap t = i·kw + j) into the input."""
        stacked = np.stack(per_tap, axis=2)  # (N, C, kh·kw, Ho, Wo)
        N, C, _, Ho, Wo = stacked.shape
        per_tap = stacked.reshape(N, C, *self.size, Ho, Wo)  # (N, C, kh, kw, Ho, Wo)
        return col2im(per_tap, x_shape[2:], self.padding, self.stride)  # (N, C, H, W)

    def _check_grad(self, dLdY) -> np.ndarray:
        """dLdY as floats; errors if forward has not run or the shape is not forward's output."""
        if self._cache is None:
            raise RuntimeError("call forward(X) before backward(dLdY).")
        dLdY = as_float_array(dLdY, "dLdY")
        expected = self._cache[0]
        if dLdY.shape != expected:
            raise ValueError(f"dLdY has shape {dLdY.shape}, expected {expected} (the shape of "
                             f"forward's output).")
        return dLdY


class MaxPool2d(_Pool2d):
    """Max pooling: the largest value of each k_h × k_w window, per channel.

    .. math:: Y[n, c, i, j] = \\max_{u, v} X_p[n, c, i s_h + u, j s_w + v]

    Padding cells hold −∞, so they never win (as in ``torch.nn.MaxPool2d``).

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
    was the maximum of window (i, j) (the first one if several tie); every other
    cell of the window gets 0. Overlapping windows can send several gradients
    to the same cell; they add up.
    """

    pad_value = -np.inf

    def forward(self, X) -> np.ndarray:
        """Y (N, C, Ho, Wo); caches which tap of each window held the maximum."""
        X, taps = self._taps(X)
        best = taps[0].copy()  # (N, C, Ho, Wo) running maximum
        winner = np.zeros(best.shape, dtype=np.intp)  # index of the tap holding it
        for t, values in enumerate(taps[1:], start=1):
            better = values > best  # strict: the first of equal values keeps the gradient
            np.maximum(best, values, out=best)
            winner[better] = t
        self._cache = (best.shape, X.shape, winner)
        return best

    def backward(self, dLdY) -> np.ndarray:
        """dL/dX (N, C, H, W): each dL/dY value goes to its window's arg-max."""
        dLdY = self._check_grad(dLdY)
        _, x_shape, winner = self._cache
        per_tap = [np.where(winner == t, dLdY, 0.0) for t in range(self.size[0] * self.size[1])]
        return self._scatter(per_tap, x_shape)


class AvgPool2d(_Pool2d):
    """Average pooling: the mean of each k_h × k_w window, per channel.

    .. math:: Y[n, c, i, j] = \\frac{1}{k_h k_w} \\sum_{u, v} X_p[n, c, i s_h + u, j s_w + v]

    Padding cells are zeros and count in the mean (PyTorch's default
    ``count_include_pad=True``). Parameters and shapes as :class:`MaxPool2d`.
    The backward pass gives every cell of window (i, j) the share
    dL/dY[n, c, i, j] / (k_h k_w).
    """

    def forward(self, X) -> np.ndarray:
        """Y (N, C, Ho, Wo), the window means."""
        X, taps = self._taps(X)
        Y = np.sum(taps, axis=0) / len(taps)  # (N, C, Ho, Wo)
        self._cache = (Y.shape, X.shape)
        return Y

    def backward(self, dLdY) -> np.ndarray:
        """dL/dX (N, C, H, W): each dL/dY value shared equally by its window's cells."""
        dLdY = self._check_grad(dLdY)
        _, x_shape = self._cache
        share = dLdY / (self.size[0] * self.size[1])
        return self._scatter([share] * (self.size[0] * self.size[1]), x_shape)


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
        kind, *args = layer
        if kind == "conv":
            F, k = (positive_int(v, "conv layer") for v in args)
            C, H, W = shape
            shape = (F, output_size(H, k), output_size(W, k))
            params, macs = F * (C * k * k + 1), shape[1] * shape[2] * F * C * k * k
            name = f"conv {F} × {k}×{k}"
        elif kind == "pool":
            (k,) = (positive_int(v, "pool layer") for v in args)
            C, H, W = shape
            shape = (C, output_size(H, k, k), output_size(W, k, k))
            params = macs = 0
            name = f"pool {k}×{k}"
        elif kind == "dense":
            (units,) = (positive_int(v, "dense layer") for v in args)
            inputs = int(np.prod(shape))
            shape = (units,)
            params, macs = units * (inputs + 1), units * inputs
            name = f"dense {units}"
        else:
            raise ValueError(f"layer {layer!r}: kind must be 'conv', 'pool' or 'dense'.")
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
