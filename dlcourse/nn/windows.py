r"""Window geometry shared by convolution (chapter 03) and pooling (chapter 04).

A window of k taps, d apart, slides with stride s over an input of length n
padded by p zeros on each side. It covers :math:`d(k - 1) + 1` input cells
(its *span*) and fits

.. math:: n_{out} = \left\lfloor \frac{n + 2p - d(k - 1) - 1}{s} \right\rfloor + 1

times; :func:`output_size` is the one place this is computed.

- :func:`as_pair`, :func:`output_size`, :func:`leftover_cells`: the hyper-parameters
  and the size arithmetic along one axis.
- :func:`receptive_field`: how many input cells one output cell of a stack of
  windows depends on, layer by layer.
- :func:`geometry2d`: checks an input X (N, C, H, W) with its hyper-parameters
  and returns the output size (Ho, Wo).
- :func:`pad2d`, :func:`window_view`, :func:`tap_slices`: forward passes read
  the windows of the padded input.
- :func:`col2im`: backward passes add each tap's gradient back into the input.

Shape symbols: N batch, C channels, H × W input, kh × kw window, Ho × Wo output.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from dlcourse.checks import as_float_array, positive_int


def as_pair(value, name: str, minimum: int) -> tuple[int, int]:
    """``value`` (an int or a pair of ints) as ``(vertical, horizontal)``.

    Raises TypeError for anything that is not an int (``1.5``, ``True``,
    ``"2"``) and ValueError for a value below ``minimum``.
    """
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(pair) != 2:
        raise ValueError(f"{name} == {value!r}, must be an int or a pair of ints.")
    return tuple(positive_int(v, name, minimum) for v in pair)


def _steps(n, k, stride, padding, dilation) -> tuple[int, int]:
    """Check the arguments; return divmod(n + 2p − d(k − 1) − 1, s): extra steps and cells left."""
    n = positive_int(n, "n")
    k = positive_int(k, "k")
    stride = positive_int(stride, "stride")
    padding = positive_int(padding, "padding", minimum=0)
    dilation = positive_int(dilation, "dilation")
    span = dilation * (k - 1) + 1
    if span > n + 2 * padding:
        dilated = f" (dilation {dilation} spreads k = {k} over {span} cells)" \
            if dilation > 1 else ""
        raise ValueError(f"kernel size {span}{dilated} is larger than the padded input "
                         f"n + 2p = {n} + 2·{padding} = {n + 2 * padding}; use a smaller kernel "
                         f"or dilation, or more padding.")
    return divmod(n + 2 * padding - span, stride)


def output_size(n: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    r"""Output length along one axis of a convolution or pooling window.

    .. math:: n_{out} = \left\lfloor \frac{n + 2p - d(k - 1) - 1}{s} \right\rfloor + 1

    With ``dilation`` d = 1 this is the familiar ⌊(n + 2p − k) / s⌋ + 1.
    A dilated kernel spans ``d(k − 1) + 1`` input cells (its *effective size*).
    When ``s`` does not divide ``n + 2p − d(k − 1) − 1`` the floor drops the
    last cells the window cannot reach (:func:`leftover_cells`).

    Parameters
    ----------
    n : int >= 1
        Input length (height or width).
    k : int >= 1
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
    return _steps(n, k, stride, padding, dilation)[0] + 1


def leftover_cells(n: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Cells at the end of the padded input that no window reaches: (n + 2p − d(k − 1) − 1) mod s.

    0 when the stride fits; arguments and errors as :func:`output_size`.

    Examples
    --------
    >>> leftover_cells(5, 3, stride=2), leftover_cells(6, 3, stride=2)
    (0, 1)
    """
    return _steps(n, k, stride, padding, dilation)[1]


def receptive_field(layers) -> list[int]:
    r"""Receptive field after each layer of a stack of windows along one axis.

    Layer l with window k_l, stride s_l and dilation d_l widens the field by
    d_l(k_l − 1) cells of its input, and each of those is J_{l−1} input cells
    apart, where J is the product of the strides so far:

    .. math:: r_l = r_{l-1} + d_l (k_l - 1) J_{l-1}, \qquad J_l = J_{l-1} s_l,
              \qquad r_0 = J_0 = 1.

    Parameters
    ----------
    layers : sequence of (k, stride) or (k, stride, dilation)
        Convolution or pooling windows, input side first.

    Returns
    -------
    list of int
        r_1, ..., r_L: the input cells one output cell of each layer depends on.

    Examples
    --------
    >>> receptive_field([(3, 1), (3, 1), (3, 1)])  # three 3 × 3 convolutions see 7 × 7
    [3, 5, 7]
    >>> receptive_field([(3, 1), (2, 2), (3, 1)])  # conv, 2 × 2 pool, conv
    [3, 4, 8]
    """
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__len__") or not len(layers):
        raise ValueError(f"layers == {layers!r}, must be a non-empty list of (k, stride) or "
                         f"(k, stride, dilation) tuples.")
    field, jump, sizes = 1, 1, []
    for layer in layers:
        if not isinstance(layer, (tuple, list)) or len(layer) not in (2, 3):
            raise ValueError(f"layer {layer!r}: must be (k, stride) or (k, stride, dilation).")
        k, stride, dilation = (*layer, 1)[:3]
        k, stride = positive_int(k, "k"), positive_int(stride, "stride")
        dilation = positive_int(dilation, "dilation")
        field += dilation * (k - 1) * jump
        jump *= stride
        sizes.append(field)
    return sizes


def geometry2d(X, kernel_size, stride, padding, dilation):
    """Check X (N, C, H, W) and the hyper-parameters of a kh × kw window (``kernel_size``).

    Returns ``X`` as a float array (float32 stays float32, anything else becomes
    float64), ``stride``, ``padding``, ``dilation`` as pairs and the output size
    ``(Ho, Wo)`` from :func:`output_size`.
    """
    X = as_float_array(X, "X")
    if X.ndim != 4:
        raise ValueError(f"X has shape {X.shape} ({X.ndim}-D), expected (N, C, H, W); "
                         f"add axes with X[None, None] for a single grey image.")
    if X.size == 0:
        raise ValueError(f"X has shape {X.shape}, an empty batch; every axis of (N, C, H, W) "
                         f"must be >= 1.")
    stride = as_pair(stride, "stride", 1)
    padding = as_pair(padding, "padding", 0)
    dilation = as_pair(dilation, "dilation", 1)
    out = tuple(output_size(n, k, s, p, d)
                for n, k, s, p, d in zip(X.shape[2:], kernel_size, stride, padding, dilation,
                                         strict=True))
    return X, stride, padding, dilation, out


def pad2d(X: np.ndarray, padding: tuple[int, int], value: float = 0.0) -> np.ndarray:
    """Pad the last two axes of X (..., H, W) by ``padding = (ph, pw)`` on each side."""
    ph, pw = as_pair(padding, "padding", 0)
    widths = [(0, 0)] * (X.ndim - 2) + [(ph, ph), (pw, pw)]
    return np.pad(X, widths, constant_values=value)  # (..., H + 2ph, W + 2pw)


def window_view(Xp: np.ndarray, kernel_size: tuple[int, int], out_size: tuple[int, int],
                stride: tuple[int, int], dilation: tuple[int, int] = (1, 1)) -> np.ndarray:
    """A read-only view of every window of Xp (N, C, Hp, Wp): shape (N, C, Ho, Wo, kh, kw).

    ``view[n, c, i, j]`` is the kh × kw patch whose top-left tap is
    ``Xp[n, c, i·sh, j·sw]`` and whose taps are ``dh``/``dw`` apart;
    ``out_size = (Ho, Wo)`` comes from :func:`geometry2d`. No data is copied.
    """
    (kh, kw), (sh, sw), (dh, dw) = kernel_size, stride, dilation
    N, C = Xp.shape[:2]
    bn, bc, bh, bw = Xp.strides  # bytes between neighbours along each axis
    return as_strided(Xp, shape=(N, C, *out_size, kh, kw),
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
    cut off, giving dL/dX (N, C, H, W). The dtype is kept.
    """
    N, C, kh, kw, Ho, Wo = per_tap.shape
    (H, W), (ph, pw) = x_size, padding
    dXp = np.zeros((N, C, H + 2 * ph, W + 2 * pw), dtype=per_tap.dtype)
    for i in range(kh):
        for j in range(kw):
            rows, cols = tap_slices(i, j, (Ho, Wo), stride, dilation)
            dXp[:, :, rows, cols] += per_tap[:, :, i, j]  # (N, C, Ho, Wo)
    return dXp[:, :, ph:ph + H, pw:pw + W]
