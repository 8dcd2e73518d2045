"""Chapter 03 exercises: an output size; valid 1-D and multi-channel 2-D convolution."""

from __future__ import annotations

import numpy as np

from dlcourse.exercises.checker import Case, Report, check_function
from dlcourse.nn.conv import conv2d, convolve1d
from dlcourse.nn.windows import output_size

SIZE_CASES = [  # (n, f, stride, padding), the order of output_size
    (5, 3, 1, 0), (5, 3, 1, 1), (7, 3, 2, 0), (28, 5, 1, 2), (6, 3, 2, 0), (32, 4, 3, 1),
]


def check_output_size(fn) -> Report:
    """``fn(n, f, stride, padding)`` must return ⌊(n + 2p − f) / s⌋ + 1, strides that don't fit too.

    The argument order is that of :func:`dlcourse.nn.conv.output_size` (and of
    chapter 05's :func:`dlcourse.exercises.ch05.check_conv_output_size`).
    """
    cases = [Case(args, output_size(*args), f"n={args[0]}, f={args[1]}, s={args[2]}, p={args[3]}")
             for args in SIZE_CASES]
    return check_function("output_size", fn, cases)


def check_conv1d_valid(fn) -> Report:
    """``fn(x, h)`` must return the valid-mode convolution (kernel flipped), length n − m + 1."""
    x = np.array([1.0, 2.0, 3.0, 0.0, 1.0, 0.0])
    rng = np.random.default_rng(3)
    r = rng.integers(-3, 4, size=7).astype(float)
    cases = [Case((x, np.array([1.0, 2.0, 1.0])), convolve1d(x, [1, 2, 1], "valid"),
                  "seed 003: X=[1,2,3,0,1,0], H=[1,2,1]"),
             Case((x, np.array([1.0, 0.0, -1.0])), convolve1d(x, [1, 0, -1], "valid"),
                  "a kernel that is not symmetric, H=[1,0,-1] (did you flip it?)"),
             Case((r, np.array([2.0, -1.0])), convolve1d(r, [2, -1], "valid"),
                  f"X={r.astype(int).tolist()}, H=[2,-1]")]
    return check_function("conv1d_valid", fn, cases)


def _conv2d_cases() -> list[Case]:
    """Single- and multi-channel inputs, several kernels, stride and padding, one case each."""
    rng = np.random.default_rng(3)
    image = np.arange(25.0).reshape(1, 5, 5)  # (C=1, 5, 5)
    ones = np.ones((1, 1, 3, 3))  # one 3 × 3 kernel that sums its window
    rgb = rng.integers(-2, 3, size=(3, 6, 7)).astype(float)  # (C=3, H=6, W=7)
    kernels = rng.integers(-1, 2, size=(2, 3, 3, 3)).astype(float)  # (F=2, C=3, 3, 3)
    settings = [(image, ones, 1, 0, "1 channel, 1 kernel, stride 1, padding 0"),
                (rgb, kernels, 1, 0, "3 channels, 2 kernels (sum over channels?)"),
                (rgb, kernels, 2, 0, "stride 2 (window moves 2 cells; 6×7 -> 2×3)"),
                (rgb, kernels, 1, 1, "padding 1 (zeros on every side; 6×7 -> 6×7)"),
                (rgb, kernels, 2, 1, "stride 2 and padding 1 (6×7 -> 3×4)")]
    return [Case((X, W, s, p), conv2d(X[None], W, stride=s, padding=p)[0], label)
            for X, W, s, p, label in settings]


def check_conv2d(fn) -> Report:
    """``fn(X, W, stride, padding)`` must return the 2-D convolution (cross-correlation).

    X (C, H, W) and W (F, C, kh, kw) give (F, Ho, Wo), equal to
    :func:`dlcourse.nn.conv.conv2d` (itself tested equal to torch) on ``X[None]``.
    """
    return check_function("conv2d", fn, _conv2d_cases())
