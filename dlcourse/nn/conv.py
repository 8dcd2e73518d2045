r"""Convolution from scratch (chapter 03): 1-D modes, then 2-D convolution with backward.

What is here, in the order chapter 03 teaches it:

- :func:`pad_for_mode`, :func:`correlate1d`, :func:`convolve1d`: 1-D valid / same / full,
  equal to ``numpy.correlate`` / ``numpy.convolve``.
- :func:`conv2d_loop`: the plain reference loop (slow, for reading).
- :func:`conv2d` and :class:`Conv2d`: the vectorised version (a strided window
  view + one matrix product, i.e. im2col) with ``backward`` giving dL/dX, dL/dW, dL/db.

The window geometry (the output-size formula :func:`~dlcourse.nn.windows.output_size`,
padding, the window view, :func:`~dlcourse.nn.windows.col2im` for backward) lives in
:mod:`dlcourse.nn.windows`, shared with :mod:`dlcourse.nn.pooling` (chapter 04).

Shape symbols: N batch, C input channels, F kernels (output channels),
H × W input height and width, kh × kw kernel size, Ho × Wo output size.
Like PyTorch, 2-D "convolution" here is cross-correlation (no kernel flip).
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array, one_of
from dlcourse.nn.layer import Layer, check_grad_shape
from dlcourse.nn.windows import as_pair, col2im, geometry2d, pad2d, window_view

MODES = ("valid", "same", "full")


# ---------------------------------------------------------------- 1-D modes
def pad_for_mode(n: int, k: int, mode: str) -> tuple[int, int]:
    """Zeros to add (left, right) to a length-``n`` signal so a length-``k`` kernel gives ``mode``.

    ``valid``: (0, 0), output n − k + 1; ``same``: (k − 1 − ⌊(k − 1)/2⌋, ⌊(k − 1)/2⌋),
    output n; ``full``: (k − 1, k − 1), output n + k − 1 (NumPy's alignment).
    """
    one_of(mode, "mode", MODES)
    if k > n:
        raise ValueError(f"kernel length k = {k} is longer than the signal n = {n}; "
                         f"swap them or use a shorter kernel.")
    if mode == "valid":
        return 0, 0
    if mode == "full":
        return k - 1, k - 1
    return k - 1 - (k - 1) // 2, (k - 1) // 2


def correlate1d(x, w, mode: str = "valid") -> np.ndarray:
    r"""Cross-correlation: slide ``w`` along ``x`` *without* flipping it.

    .. math:: y[i] = \sum_{u=0}^{k-1} w[u] \, x_p[i + u]

    where ``x_p`` is ``x`` zero-padded by :func:`pad_for_mode`.

    Parameters
    ----------
    x : array_like of shape (n,)
    w : array_like of shape (k,), k <= n
    mode : {"valid", "same", "full"}

    Returns
    -------
    ndarray of shape (n − k + 1,), (n,) or (n + k − 1,)
        Equal to ``numpy.correlate(x, w, mode)``.
    """
    x = as_float_array(x, "x", ndim=1)
    w = as_float_array(w, "w", ndim=1)
    left, right = pad_for_mode(len(x), len(w), mode)
    xp = np.pad(x, (left, right))  # (n + left + right,)
    windows = np.lib.stride_tricks.sliding_window_view(xp, len(w))  # (n_out, k)
    return windows @ w


def convolve1d(x, h, mode: str = "full") -> np.ndarray:
    r"""Convolution: flip ``h``, then slide it along ``x``.

    .. math:: y[i] = \sum_{u} h[u] \, x[i - u]

    Parameters
    ----------
    x : array_like of shape (n,)
    h : array_like of shape (k,), k <= n
    mode : {"valid", "same", "full"}
        Output length n − k + 1, n or n + k − 1.

    Returns
    -------
    ndarray
        Equal to ``numpy.convolve(x, h, mode)``.

    Examples
    --------
    >>> convolve1d([1, 2, 3, 0, 1, 0], [1, 2, 1], "valid")
    array([8., 8., 4., 2.])
    """
    h = as_float_array(h, "h", ndim=1)
    return correlate1d(x, h[::-1], mode)


# ---------------------------------------------------------------- 2-D checks
def _check_weights(W, b):
    """Check W (F, C, kh, kw) and b (F,) or None; return them as float arrays."""
    W = as_float_array(W, "W")
    if W.ndim != 4:
        raise ValueError(f"W has shape {W.shape} ({W.ndim}-D), expected (F, C, kh, kw).")
    if b is not None:
        b = as_float_array(b, "b", ndim=1)
        if b.shape != (W.shape[0],):
            raise ValueError(f"b has shape {b.shape}, expected ({W.shape[0]},): one bias per "
                             f"kernel.")
    return W, b


def _check_conv(X, W, b, stride, padding, dilation):
    """Check all arguments of a convolution; return X, W, b, the pairs and (Ho, Wo)."""
    W, b = _check_weights(W, b)
    X, stride, padding, dilation, out = geometry2d(X, W.shape[2:], stride, padding, dilation)
    if W.shape[1] != X.shape[1]:
        raise ValueError(f"W has {W.shape[1]} input channels but X has C = {X.shape[1]}; the "
                         f"kernel depth must equal the input depth.")
    return X, W, b, stride, padding, dilation, out


# ---------------------------------------------------------------- 2-D convolution
def conv2d_loop(X, W, b=None, stride=1, padding=0, dilation=1) -> np.ndarray:
    r"""Reference 2-D convolution written as plain loops (slow; read it, don't run it big).

    Computes the same as :func:`conv2d`:

    .. math:: Y[n, f, i, j] = b[f] + \sum_{c, u, v} W[f, c, u, v] \,
              X_p[n, c, i s_h + u d_h, j s_w + v d_w]
    """
    X, W, b, (sh, sw), padding, (dh, dw), (Ho, Wo) = _check_conv(X, W, b, stride, padding,
                                                               dilation)
    Xp = pad2d(X, padding)  # (N, C, H + 2ph, W + 2pw)
    F, _, kh, kw = W.shape
    bias = np.zeros(F) if b is None else b
    Y = np.zeros((X.shape[0], F, Ho, Wo))
    for n in range(X.shape[0]):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    rows = slice(i * sh, i * sh + dh * (kh - 1) + 1, dh)
                    cols = slice(j * sw, j * sw + dw * (kw - 1) + 1, dw)
                    window = Xp[n, :, rows, cols]  # (C, kh, kw)
                    Y[n, f, i, j] = np.sum(window * W[f]) + bias[f]
    return Y


class Conv2d(Layer):
    r"""A 2-D convolution layer (cross-correlation, like ``torch.nn.Conv2d``) with backward.

    .. math:: Y[n, f, i, j] = b[f] + \sum_{c, u, v} W[f, c, u, v] \,
              X_p[n, c, i s_h + u d_h, j s_w + v d_w]

    Parameters
    ----------
    W : array_like of shape (F, C, kh, kw)
        F kernels, each as deep as the input (C channels).
    b : array_like of shape (F,), optional
        One bias per kernel (output channel). Default: no bias.
    stride, padding, dilation : int or (int, int)
        s >= 1, p >= 0 (zeros on each side), d >= 1.

    Shape
    -----
    - Input X: (N, C, H, W)
    - Output Y: (N, F, Ho, Wo) with
      Ho = ⌊(H + 2p_h − d_h(kh − 1) − 1) / s_h⌋ + 1, and Wo likewise.

    Attributes
    ----------
    params : {"W": (F, C, kh, kw), "b": (F,)}
        ``"b"`` only with a bias.
    grads : dict
        dL/dW and dL/db, keyed like ``params``, set by :meth:`backward`.

    Examples
    --------
    >>> layer = Conv2d(np.ones((2, 3, 3, 3)), padding=1)
    >>> layer.forward(np.ones((1, 3, 5, 5))).shape
    (1, 2, 5, 5)
    """

    param_names = ("W", "b")

    def __init__(self, W, b=None, stride=1, padding=0, dilation=1):
        super().__init__()
        self.W, self.b = _check_weights(W, b)
        self.stride = as_pair(stride, "stride", 1)
        self.padding = as_pair(padding, "padding", 0)
        self.dilation = as_pair(dilation, "dilation", 1)

    @classmethod
    def from_torch(cls, conv) -> Conv2d:
        """A copy of a ``torch.nn.Conv2d``: its weight, bias, stride, padding and dilation."""
        import torch

        if not isinstance(conv, torch.nn.Conv2d):
            raise TypeError(f"conv must be a torch.nn.Conv2d, got {type(conv).__name__}.")
        if conv.groups != 1 or conv.padding_mode != "zeros" or isinstance(conv.padding, str):
            raise ValueError(f"conv == {conv}: only groups=1, padding_mode='zeros' and integer "
                             f"padding have a NumPy twin here.")
        b = None if conv.bias is None else conv.bias.detach().cpu().numpy().copy()
        return cls(conv.weight.detach().cpu().numpy().copy(), b, conv.stride, conv.padding,
                   conv.dilation)

    def forward(self, X) -> np.ndarray:
        """Y (N, F, Ho, Wo) for X (N, C, H, W); caches the unrolled windows for :meth:`backward`.

        im2col: copy every window into a column, then one matrix product per example,
        ``W (F, C·kh·kw) @ cols (C·kh·kw, Ho·Wo)``.
        """
        X, *_, (Ho, Wo) = _check_conv(X, self.W, self.b, self.stride, self.padding,
                                      self.dilation)
        (N, C), (F, _, kh, kw) = X.shape[:2], self.W.shape
        Xp = pad2d(X, self.padding)  # (N, C, Hp, Wp)
        windows = window_view(Xp, (kh, kw), (Ho, Wo), self.stride, self.dilation)
        # windows (N, C, Ho, Wo, kh, kw) -> cols (N, C, kh, kw, Ho, Wo)
        cols = windows.transpose(0, 1, 4, 5, 2, 3)
        cols = cols.reshape(N, C * kh * kw, Ho * Wo)  # the copy im2col makes
        Y = self.W.reshape(F, -1) @ cols  # (F, C·kh·kw) @ (N, C·kh·kw, Ho·Wo) -> (N, F, Ho·Wo)
        if self.b is not None:
            Y += self.b[:, None]
        self.cache = {"x_shape": X.shape, "cols": cols, "out_size": (Ho, Wo)}
        return Y.reshape(N, F, Ho, Wo)

    def backward(self, dLdY) -> np.ndarray:
        r"""Given dL/dY (N, F, Ho, Wo), set ``grads`` (W, b); return dL/dX (N, C, H, W).

        .. math::
            \frac{\partial L}{\partial W[f, c, u, v]} = \sum_{n, i, j} \frac{\partial L}
            {\partial Y[n, f, i, j]} X_p[n, c, i s_h + u d_h, j s_w + v d_w], \qquad
            \frac{\partial L}{\partial b[f]} = \sum_{n, i, j}
            \frac{\partial L}{\partial Y[n, f, i, j]}

        and each input cell collects ``W[f, c, u, v] · dL/dY[n, f, i, j]`` from
        every window position that touched it (:func:`~dlcourse.nn.windows.col2im`:
        one tap at a time); padding cells are cut off at the end.
        """
        cache = self.cached()
        (N, C, H, W), (Ho, Wo), (F, _, kh, kw) = cache["x_shape"], cache["out_size"], self.W.shape
        dLdY = as_float_array(dLdY, "dLdY")
        check_grad_shape(dLdY, (N, F, Ho, Wo))
        dY = dLdY.reshape(N, F, Ho * Wo)  # (N, F, Ho·Wo)
        dW = (dY @ cache["cols"].transpose(0, 2, 1)).sum(axis=0)  # (N, F, C·kh·kw) summed over n
        self.grads = {"W": dW.reshape(self.W.shape)}  # (F, C, kh, kw)
        if self.b is not None:
            self.grads["b"] = dY.sum(axis=(0, 2))  # (F,)
        dcols = self.W.reshape(F, -1).T @ dY  # (C·kh·kw, F) @ (N, F, Ho·Wo) -> (N, C·kh·kw, Ho·Wo)
        dcols = dcols.reshape(N, C, kh, kw, Ho, Wo)
        return col2im(dcols, (H, W), self.padding, self.stride, self.dilation)  # (N, C, H, W)

    def __repr__(self) -> str:
        return (f"Conv2d(W: {self.W.shape}, bias={self.b is not None}, stride={self.stride}, "
                f"padding={self.padding}, dilation={self.dilation})")


def conv2d(X, W, b=None, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Vectorised 2-D convolution: ``Conv2d(W, b, stride, padding, dilation).forward(X)``.

    Parameters
    ----------
    X : array_like of shape (N, C, H, W)
    W : array_like of shape (F, C, kh, kw)
    b : array_like of shape (F,), optional
    stride, padding, dilation : int or (int, int)

    Returns
    -------
    ndarray of shape (N, F, Ho, Wo)
        Ho = ⌊(H + 2p − d(kh − 1) − 1) / s⌋ + 1, Wo likewise; equal to
        ``torch.nn.functional.conv2d``.
    """
    return Conv2d(W, b, stride, padding, dilation).forward(X)


def conv2d_single(image, kernel, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Convolve one grey image (H, W) with one kernel (kh, kw); returns (Ho, Wo)."""
    image = as_float_array(image, "image", ndim=2)
    kernel = as_float_array(kernel, "kernel", ndim=2)
    Y = conv2d(image[None, None], kernel[None, None], None, stride, padding, dilation)
    return Y[0, 0]  # (1, 1, Ho, Wo) -> (Ho, Wo)
