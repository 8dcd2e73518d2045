"""Convolution from scratch (chapter 03): 1-D modes, the size formula, 2-D conv with backward.

What is here, in the order chapter 03 teaches it:

- :func:`pad_for_mode`, :func:`correlate1d`, :func:`convolve1d`: 1-D valid / same / full,
  equal to ``numpy.correlate`` / ``numpy.convolve``.
- :func:`output_size`: ⌊(n + 2p − d(f − 1) − 1) / s⌋ + 1, with clear errors for
  impossible combinations.
- :func:`conv2d_loop`: the plain reference loop (slow, for reading).
- :func:`conv2d` and :class:`Conv2d`: the vectorised version (a strided window
  view + one ``tensordot``, i.e. im2col) with ``backward`` giving dL/dX, dL/dW, dL/db.

The helpers :func:`geometry2d`, :func:`pad2d`, :func:`window_view` and :func:`tap_slices`
are shared with :mod:`dlcourse.nn.pooling` (chapter 04), which uses the same
size formula.

Shape symbols: N batch, C input channels, F kernels (output channels),
H × W input height and width, kh × kw kernel size, Ho × Wo output size.
Like PyTorch, 2-D "convolution" here is cross-correlation (no kernel flip).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from dlcourse.checks import as_float_array, positive_int

MODES = ("valid", "same", "full")


# ---------------------------------------------------------------- argument checks
def as_pair(value, name: str, minimum: int) -> tuple[int, int]:
    """``value`` (an int or a pair of ints) as ``(vertical, horizontal)``.

    Raises TypeError for anything that is not an int (``1.5``, ``True``,
    ``"2"``) and ValueError for a value below ``minimum``.
    """
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(pair) != 2:
        raise ValueError(f"{name} == {value!r}, must be an int or a pair of ints.")
    return tuple(positive_int(v, name, minimum) for v in pair)


def output_size(n: int, f: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Output length along one axis of a convolution or pooling window.

    .. math:: n_{out} = \\left\\lfloor \\frac{n + 2p - d(f - 1) - 1}{s} \\right\\rfloor + 1

    With ``dilation`` d = 1 this is the familiar ⌊(n + 2p − f) / s⌋ + 1.
    A dilated kernel spans ``d(f − 1) + 1`` input cells (its *effective size*).
    When ``s`` does not divide ``n + 2p − d(f − 1) − 1`` the floor drops the
    last cells the window cannot reach.

    Parameters
    ----------
    n : int >= 1
        Input length (height or width).
    f : int >= 1
        Kernel (window) length.
    stride : int >= 1
    padding : int >= 0
        Zeros added on *each* side.
    dilation : int >= 1
        Spacing between kernel taps.

    Returns
    -------
    int
        The output length, >= 1.

    Raises
    ------
    TypeError
        If an argument is not an int (e.g. ``2.5``).
    ValueError
        If an argument is out of range, or the (dilated) kernel is larger than
        the padded input.

    Examples
    --------
    >>> output_size(5, 3), output_size(5, 3, padding=1), output_size(5, 3, stride=2)
    (3, 5, 2)
    >>> output_size(28, 3, dilation=2)
    24
    """
    n = positive_int(n, "n")
    f = positive_int(f, "f")
    stride = positive_int(stride, "stride")
    padding = positive_int(padding, "padding", minimum=0)
    dilation = positive_int(dilation, "dilation")
    span = dilation * (f - 1) + 1
    if span > n + 2 * padding:
        dilated = f" (dilation {dilation} spreads f = {f} over {span} cells)" \
            if dilation > 1 else ""
        raise ValueError(f"kernel size {span}{dilated} is larger than the padded input "
                         f"n + 2p = {n} + 2·{padding} = {n + 2 * padding}; use a smaller kernel "
                         f"or dilation, or more padding.")
    return (n + 2 * padding - span) // stride + 1


# ---------------------------------------------------------------- 1-D modes
def pad_for_mode(n: int, m: int, mode: str) -> tuple[int, int]:
    """Zeros to add (left, right) to a length-``n`` signal so a length-``m`` kernel gives ``mode``.

    ``valid``: (0, 0), output n − m + 1; ``same``: (m − 1 − ⌊(m − 1)/2⌋, ⌊(m − 1)/2⌋),
    output n; ``full``: (m − 1, m − 1), output n + m − 1 (NumPy's alignment).
    """
    if mode not in MODES:
        raise ValueError(f"mode == {mode!r}, must be one of {MODES}.")
    if m > n:
        raise ValueError(f"kernel length m = {m} is longer than the signal n = {n}; "
                         f"swap them or use a shorter kernel.")
    if mode == "valid":
        return 0, 0
    if mode == "full":
        return m - 1, m - 1
    return m - 1 - (m - 1) // 2, (m - 1) // 2


def correlate1d(x, w, mode: str = "valid") -> np.ndarray:
    """Cross-correlation: slide ``w`` along ``x`` *without* flipping it.

    .. math:: y[i] = \\sum_{k=0}^{m-1} w[k] \\, x_p[i + k]

    where ``x_p`` is ``x`` zero-padded by :func:`pad_for_mode`.

    Parameters
    ----------
    x : array_like of shape (n,)
    w : array_like of shape (m,), m <= n
    mode : {"valid", "same", "full"}

    Returns
    -------
    ndarray of shape (n − m + 1,), (n,) or (n + m − 1,)
        Equal to ``numpy.correlate(x, w, mode)``.
    """
    x = as_float_array(x, "x", ndim=1)
    w = as_float_array(w, "w", ndim=1)
    left, right = pad_for_mode(len(x), len(w), mode)
    xp = np.pad(x, (left, right))  # (n + left + right,)
    windows = np.lib.stride_tricks.sliding_window_view(xp, len(w))  # (n_out, m)
    return windows @ w


def convolve1d(x, h, mode: str = "full") -> np.ndarray:
    """Convolution: flip ``h``, then slide it along ``x``.

    .. math:: y[i] = \\sum_{k} h[k] \\, x[i - k]

    Parameters
    ----------
    x : array_like of shape (n,)
    h : array_like of shape (m,), m <= n
    mode : {"valid", "same", "full"}
        Output length n − m + 1, n or n + m − 1.

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


# ---------------------------------------------------------------- 2-D helpers
def pad2d(X: np.ndarray, padding: tuple[int, int], value: float = 0.0) -> np.ndarray:
    """Pad the last two axes of X (..., H, W) by ``padding = (ph, pw)`` on each side."""
    ph, pw = padding
    widths = [(0, 0)] * (X.ndim - 2) + [(ph, ph), (pw, pw)]
    return np.pad(X, widths, constant_values=value)  # (..., H + 2ph, W + 2pw)


def window_view(Xp: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int],
                dilation: tuple[int, int] = (1, 1)) -> np.ndarray:
    """A read-only view of every window of Xp (N, C, Hp, Wp): shape (N, C, Ho, Wo, kh, kw).

    ``view[n, c, i, j]`` is the kh × kw patch whose top-left tap is
    ``Xp[n, c, i·sh, j·sw]`` and whose taps are ``dh``/``dw`` apart. No data is copied.
    """
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    N, C, Hp, Wp = Xp.shape
    Ho = (Hp - dh * (kh - 1) - 1) // sh + 1
    Wo = (Wp - dw * (kw - 1) - 1) // sw + 1
    bn, bc, bh, bw = Xp.strides  # bytes between neighbours along each axis
    return as_strided(Xp, shape=(N, C, Ho, Wo, kh, kw),
                      strides=(bn, bc, bh * sh, bw * sw, bh * dh, bw * dw), writeable=False)


def tap_slices(i: int, j: int, out_size: tuple[int, int], stride: tuple[int, int],
               dilation: tuple[int, int] = (1, 1)) -> tuple[slice, slice]:
    """The (rows, cols) slices of the padded input that kernel tap (i, j) touches.

    ``Xp[..., rows, cols]`` has shape (..., Ho, Wo): element (a, b) is the input
    value tap (i, j) multiplies when the window is at output position (a, b).
    Backward passes add gradients into these slices, one tap at a time.
    """
    (Ho, Wo), (sh, sw), (dh, dw) = out_size, stride, dilation
    return (slice(i * dh, i * dh + sh * (Ho - 1) + 1, sh),
            slice(j * dw, j * dw + sw * (Wo - 1) + 1, sw))


def col2im(per_tap: np.ndarray, x_size: tuple[int, int], padding: tuple[int, int],
           stride: tuple[int, int], dilation: tuple[int, int] = (1, 1)) -> np.ndarray:
    """Add per-tap gradients (N, C, kh, kw, Ho, Wo) into an input of size (H, W) = ``x_size``.

    ``per_tap[:, :, i, j]`` is what tap (i, j) of every window sends to the input
    cell under it; a cell covered by several windows collects all of them. The
    padded input is rebuilt one tap at a time (:func:`tap_slices`) and its padding
    cut off, giving dL/dX (N, C, H, W). Backward passes of convolution and pooling
    share it; the dtype is kept.
    """
    N, C, kh, kw, Ho, Wo = per_tap.shape
    (H, W), (ph, pw) = x_size, padding
    dXp = np.zeros((N, C, H + 2 * ph, W + 2 * pw), dtype=per_tap.dtype)
    for i in range(kh):
        for j in range(kw):
            rows, cols = tap_slices(i, j, (Ho, Wo), stride, dilation)
            dXp[:, :, rows, cols] += per_tap[:, :, i, j]  # (N, C, Ho, Wo)
    return dXp[:, :, ph:ph + H, pw:pw + W]


def geometry2d(X, kernel, stride, padding, dilation):
    """Check X (N, C, H, W) and the hyper-parameters (shared by conv and pooling).

    Returns ``X`` as a float array (float32 stays float32, anything else becomes
    float64), ``stride``, ``padding``, ``dilation`` as pairs and the output size
    ``(Ho, Wo)`` from :func:`output_size`.
    """
    X = as_float_array(X, "X")
    if X.ndim != 4:
        raise ValueError(f"X has shape {X.shape} ({X.ndim}-D), expected (N, C, H, W); "
                         f"add axes with X[None, None] for a single grey image.")
    stride = as_pair(stride, "stride", 1)
    padding = as_pair(padding, "padding", 0)
    dilation = as_pair(dilation, "dilation", 1)
    out = tuple(output_size(n, f, s, p, d)
                for n, f, s, p, d in zip(X.shape[2:], kernel, stride, padding, dilation,
                                         strict=True))
    return X, stride, padding, dilation, out


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


def _check_channels(X: np.ndarray, W: np.ndarray) -> None:
    """ValueError unless the kernel depth W.shape[1] equals the input depth X.shape[1]."""
    if W.shape[1] != X.shape[1]:
        raise ValueError(f"W has {W.shape[1]} input channels but X has C = {X.shape[1]}; the "
                         f"kernel depth must equal the input depth.")


def _check_conv(X, W, b, stride, padding, dilation):
    """Check all arguments of a convolution; return X, W, b, the pairs and (Ho, Wo)."""
    W, b = _check_weights(W, b)
    X, stride, padding, dilation, out = geometry2d(X, W.shape[2:], stride, padding, dilation)
    _check_channels(X, W)
    return X, W, b, stride, padding, dilation, out


# ---------------------------------------------------------------- 2-D convolution
def conv2d_loop(X, W, b=None, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Reference 2-D convolution written as plain loops (slow; read it, don't run it big).

    Computes the same as :func:`conv2d`:

    .. math:: Y[n, f, i, j] = b[f] + \\sum_{c, u, v} W[f, c, u, v] \\,
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


class Conv2d:
    """A 2-D convolution layer (cross-correlation, like ``torch.nn.Conv2d``) with backward.

    .. math:: Y[n, f, i, j] = b[f] + \\sum_{c, u, v} W[f, c, u, v] \\,
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
    dLdW : ndarray of shape (F, C, kh, kw), set by :meth:`backward`
    dLdb : ndarray of shape (F,), set by :meth:`backward`

    Examples
    --------
    >>> layer = Conv2d(np.ones((2, 3, 3, 3)), padding=1)
    >>> layer.forward(np.ones((1, 3, 5, 5))).shape
    (1, 2, 5, 5)
    """

    def __init__(self, W, b=None, stride=1, padding=0, dilation=1):
        self.W, self.b = _check_weights(W, b)
        self.stride = as_pair(stride, "stride", 1)
        self.padding = as_pair(padding, "padding", 0)
        self.dilation = as_pair(dilation, "dilation", 1)
        self.dLdW = self.dLdb = None
        self._cache = None

    def forward(self, X) -> np.ndarray:
        """Y (N, F, Ho, Wo) for X (N, C, H, W); caches the unrolled windows for :meth:`backward`.

        im2col: copy every window into a column, then one matrix product per example,
        ``W (F, C·kh·kw) @ cols (C·kh·kw, Ho·Wo)``.
        """
        X, *_, (Ho, Wo) = _check_conv(X, self.W, self.b, self.stride, self.padding,
                                      self.dilation)
        N, F = X.shape[0], self.W.shape[0]
        Xp = pad2d(X, self.padding)  # (N, C, Hp, Wp)
        windows = window_view(Xp, self.W.shape[2:], self.stride, self.dilation)  # (N,C,Ho,Wo,kh,kw)
        cols = windows.transpose(0, 1, 4, 5, 2, 3)  # (N, C, kh, kw, Ho, Wo)
        cols = cols.reshape(N, -1, Ho * Wo)  # (N, C·kh·kw, Ho·Wo): the copy im2col makes
        Y = self.W.reshape(F, -1) @ cols  # (F, C·kh·kw) @ (N, C·kh·kw, Ho·Wo) -> (N, F, Ho·Wo)
        if self.b is not None:
            Y += self.b[:, None]
        self._cache = (X.shape, cols, (Ho, Wo))
        return Y.reshape(N, F, Ho, Wo)

    def backward(self, dLdY) -> np.ndarray:
        """Given dL/dY (N, F, Ho, Wo), set ``dLdW``, ``dLdb`` and return dL/dX (N, C, H, W).

        .. math::
            \\frac{\\partial L}{\\partial W[f, c, u, v]} = \\sum_{n, i, j} \\frac{\\partial L}
            {\\partial Y[n, f, i, j]} X_p[n, c, i s_h + u d_h, j s_w + v d_w], \\qquad
            \\frac{\\partial L}{\\partial b[f]} = \\sum_{n, i, j}
            \\frac{\\partial L}{\\partial Y[n, f, i, j]}

        and each input cell collects ``W[f, c, u, v] · dL/dY[n, f, i, j]`` from
        every window position that touched it (col2im: one tap at a time, see
        :func:`tap_slices`); padding cells are cut off at the end.
        """
        if self._cache is None:
            raise RuntimeError("call forward(X) before backward(dLdY).")
        x_shape, cols, (Ho, Wo) = self._cache
        dLdY = as_float_array(dLdY, "dLdY")
        (N, C, H, W), (F, _, kh, kw) = x_shape, self.W.shape
        if dLdY.shape != (N, F, Ho, Wo):
            raise ValueError(f"dLdY has shape {dLdY.shape}, expected {(N, F, Ho, Wo)} (the shape "
                             f"of forward's output).")
        dY = dLdY.reshape(N, F, Ho * Wo)  # (N, F, Ho·Wo)
        dW = (dY @ cols.transpose(0, 2, 1)).sum(axis=0)  # (N, F, C·kh·kw) summed over n
        self.dLdW = dW.reshape(self.W.shape)  # (F, C, kh, kw)
        self.dLdb = dY.sum(axis=(0, 2)) if self.b is not None else None  # (F,)
        dcols = self.W.reshape(F, -1).T @ dY  # (C·kh·kw, F) @ (N, F, Ho·Wo) -> (N, C·kh·kw, Ho·Wo)
        dcols = dcols.reshape(N, C, kh, kw, Ho, Wo)
        return col2im(dcols, (H, W), self.padding, self.stride, self.dilation)  # (N, C, H, W)


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
