"""Chapter 03 exercises: recall, an output size, valid 1-D and multi-channel 2-D convolution,
the padding that keeps the size, and which columns a stride leaves unseen; hints and solutions
(``hint(n)``, ``solution(n)``).
"""

from __future__ import annotations

import numpy as np

from dlcourse.exercises.checker import Case, Question, Report, check_answers, check_function
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch03 as reference
from dlcourse.nn.conv import conv2d, convolve1d
from dlcourse.nn.windows import output_size

RECALL = (
    Question("valid_length", 4.0, "outputs of a valid 1-D convolution, n = 6, m = 3"),
    Question("full_length", 8.0, "outputs of a full 1-D convolution, n = 6, m = 3"),
    Question("kernel_depth_on_rgb", 3.0, "the depth of a kernel that filters an RGB image"),
    Question("maps_from_2_kernels", 2.0, "output channels of a layer with 2 kernels"),
    Question("windows_on_a_corner", 4.0,
             "3 × 3 windows (stride 1) that contain a corner pixel when the padding is 1"),
)


def check_recall(**answers) -> Report:
    """Five facts of the chapter, one keyword each (see :data:`RECALL`)."""
    return check_answers("recall", RECALL, answers)


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


def _same_padding(f: int, dilation: int, n: int = 28) -> int:
    """The padding p with which a stride-1 convolution keeps n: searched with output_size."""
    return next(p for p in range(f * dilation) if output_size(n, f, 1, p, dilation) == n)


def check_same_padding(fn) -> Report:
    """``fn(f, dilation)`` must return the padding that keeps the size at stride 1 (odd f)."""
    cases = [Case((f, d), _same_padding(f, d), f"f={f}, dilation {d}")
             for f, d in ((3, 1), (5, 1), (7, 1), (3, 2), (5, 3))]
    return check_function("same_padding", fn, cases)


def _unseen(n: int, f: int, stride: int) -> list[int]:
    """Columns of an n-wide input that no f-wide window at this stride covers (padding 0)."""
    seen = {start + k for start in range(0, stride * output_size(n, f, stride), stride)
            for k in range(f)}
    return [j for j in range(n) if j not in seen]


def check_unseen_columns(fn) -> Report:
    """``fn(n, f, stride)`` must return, in ascending order, the columns no window reads.

    The learner finds them by experiment (change one column, see whether the output
    changes); the checker counts the windows' columns.
    """
    cases = [Case((n, f, s), np.array(_unseen(n, f, s), dtype=float),
                  f"n={n}, f={f}, stride {s}")
             for n, f, s in ((8, 3, 3), (7, 3, 2), (9, 2, 3), (10, 4, 3))]
    return check_function("unseen_columns", fn, cases)


SHEET = Sheet("03", [
    Exercise(1, "recall", """
        The summary lists the three modes' lengths; section 4 the depth of a kernel and the
        number of output maps; a corner pixel with padding 1 sits in a 2 × 2 block of windows.""",
        answer=dict(valid_length=4, full_length=8, kernel_depth_on_rgb=3, maps_from_2_kernels=2,
                    windows_on_a_corner=4),
        worked="""
        Valid: n − m + 1 = 4; full: n + m − 1 = 8. A kernel is as deep as its input (3 for
        R, G and B), and each kernel makes one map, so 2 kernels make 2. With padding 1 the
        corner pixel lies in the windows whose top-left cell is one of the 2 × 2 cells
        around it: 4 windows, against 1 without padding.""",
        check=check_recall),
    Exercise(2, "implement", """
        The padded input has n + 2·padding cells; a window of f cells fits at
        n + 2·padding − f + 1 starting points at stride 1, and at every stride-th of them
        otherwise. Integer division // drops a last window that does not fit.""",
        answer=reference.my_output_size, check=check_output_size),
    Exercise(3, "implement", """
        h[::-1] flips the kernel; the i-th output is np.dot(x[i:i + m], flipped) for
        i = 0 ... n − m.""",
        answer=reference.my_conv1d_valid, check=check_conv1d_valid),
    Exercise(4, "implement", """
        Three loops: over the kernels f and the output rows i and columns j. The window
        Xp[:, i*stride : i*stride + kh, j*stride : j*stride + kw] has the kernel's shape
        (C, kh, kw): np.sum(window * W[f]) adds every product, over the channels too.""",
        answer=reference.my_conv2d, check=check_conv2d),
    Exercise(5, "derive", """
        Put n_out = n and s = 1 into ⌊(n + 2p − d(f − 1) − 1)/s⌋ + 1 and solve for p.""",
        answer=reference.my_same_padding,
        worked="""
        n = n + 2p − d(f − 1) − 1 + 1 gives 2p = d(f − 1), so p = d(f − 1)/2: 1 for a 3 × 3
        kernel, 2 for 5 × 5, and 2 for a 3 × 3 kernel with dilation 2 (it spans 5 cells). For
        an even f the size cannot be kept with the same padding on both sides.""",
        check=check_same_padding),
    Exercise(6, "experiment", """
        Make a random n × n image and an f × f kernel, compute conv2d(X, W, stride=stride),
        then add 1 to one column at a time (X[..., j] += 1 on a copy) and keep the columns
        whose change leaves the output the same (np.allclose).""",
        answer=reference.my_unseen_columns,
        worked="""
        Columns are unseen in two ways. At the end, when the stride does not fit: for n = 8,
        f = 3, stride 3 the windows start at 0 and 3 and columns 6 and 7 are never read. And
        between windows, when the stride is larger than the kernel: for n = 9, f = 2, stride 3
        the windows read 0–1, 3–4 and 6–7, and columns 2, 5 and 8 are skipped.""",
        check=check_unseen_columns),
])
hint, solution = SHEET.hint, SHEET.solution
