"""Chapter 03 exercises: predict an output size; write valid 1-D convolution."""

from __future__ import annotations

import numpy as np

from dlcourse.exercises.checker import Case, Report, check_function
from dlcourse.nn.conv import convolve1d, output_size

SIZE_CASES = [(5, 3, 1, 0), (5, 3, 1, 1), (7, 3, 2, 0), (28, 5, 1, 2), (6, 3, 2, 0), (32, 4, 3, 1)]


def check_output_size(fn) -> Report:
    """``fn(n, f, s, p)`` must return ⌊(n + 2p − f) / s⌋ + 1 (including strides that don't fit)."""
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
