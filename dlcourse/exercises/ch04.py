"""Chapter 04 exercises: recall, 2 × 2 max pooling and its backward pass, average pooling's
backward, the shift experiment with overlapping pooling, and a CNN that pooling brings under
a parameter budget; hints and solutions (``hint(n)``, ``solution(n)``).
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dlcourse.data.mnist import load_mnist
from dlcourse.exercises.checker import (
    Case,
    Question,
    Report,
    built_model,
    check_answers,
    check_function,
)
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch04 as reference
from dlcourse.nn.conv import conv2d
from dlcourse.nn.invariance import relative_change, shift_right
from dlcourse.nn.kernels import KERNELS
from dlcourse.nn.pooling import AvgPool2d, MaxPool2d, max_pool2d

SEED_MAP = np.array([[1.0, 1.0, 2.0, 4.0],
                     [5.0, 6.0, 7.0, 8.0],
                     [3.0, 2.0, 1.0, 0.0],
                     [1.0, 2.0, 3.0, 4.0]])


RECALL = (
    Question("parameters_of_a_pooling_layer", 0.0, "learned parameters of 2 × 2 max pooling"),
    Question("fraction_kept", 0.25, "the fraction of the numbers 2 × 2 stride-2 pooling keeps"),
    Question("overlapping_output_size", 27.0, "the output size of 3 × 3 stride-2 pooling on 55"),
    Question("channels_after_pooling", 64.0, "channels after pooling a 64-channel input"),
    Question("cells_given_a_gradient", 1.0,
             "cells of a 2 × 2 window (no ties) to which max pooling's backward sends gradient"),
)


def check_recall(**answers) -> Report:
    """Five facts of the chapter, one keyword each (see :data:`RECALL`)."""
    return check_answers("recall", RECALL, answers)


def _maps() -> list[np.ndarray]:
    """A 4 × 4 map with a known answer and a random 6 × 6 one."""
    return [SEED_MAP, np.random.default_rng(4).normal(size=(6, 6)).round(2)]


def check_max_pool(fn) -> Report:
    """``fn(X)`` must max-pool a 2-D map X (H, W) with 2 × 2 windows, stride 2: (H/2, W/2)."""
    cases = [Case((X,), MaxPool2d(2).forward(X[None, None])[0, 0], f"{X.shape[0]}×{X.shape[1]} map")
             for X in _maps()]
    return check_function("max_pool", fn, cases)


def _backward_cases(layer_class) -> list[Case]:
    """dL/dX of ``layer_class(2)`` for each map of :func:`_maps`, with dL/dY = 1, 2, 3, ..."""
    cases = []
    for X in _maps():
        layer = layer_class(2)
        layer.forward(X[None, None])
        dLdY = np.arange(1.0, X.size // 4 + 1).reshape(X.shape[0] // 2, X.shape[1] // 2)
        cases.append(Case((X, dLdY), layer.backward(dLdY[None, None])[0, 0],
                          f"{X.shape[0]}×{X.shape[1]} map, dLdY = 1, 2, 3, ..."))
    return cases


def check_max_pool_backward(fn) -> Report:
    """``fn(X, dLdY)`` must return dL/dX (H, W): each dL/dY value at its window's maximum."""
    return check_function("max_pool_backward", fn, _backward_cases(MaxPool2d))


def check_avg_pool_backward(fn) -> Report:
    """``fn(X, dLdY)`` must return dL/dX (H, W) of 2 × 2 average pooling, stride 2."""
    return check_function("avg_pool_backward", fn, _backward_cases(AvgPool2d))


def shift_change(pool, n_digits: int = 500, pixels: int = 1) -> float:
    """Section 4's measurement: the mean relative change of the pooled edge maps under a shift.

    The ReLU of the vertical- and horizontal-edge convolutions (padding 1) of the first
    ``n_digits`` test digits (pixels / 255), pooled by ``pool``, against the same for the
    digits shifted right by ``pixels``: mean over digits of ‖f(shifted) − f‖ / ‖f‖.
    """
    digits = load_mnist("test").images[:n_digits] / 255.0  # (N, 28, 28)
    edges = np.stack([KERNELS["vertical edge"], KERNELS["horizontal edge"]])[:, None]  # (2,1,3,3)
    a, b = (pool(np.maximum(conv2d(d[:, None], edges, padding=1), 0.0))
            for d in (digits, shift_right(digits, pixels)))  # (N, 2, Ho, Wo)
    return float(np.mean(relative_change(a, b)))


def check_overlapping_pooling(change_2x2=None, change_3x3_stride_2=None,
                              n_digits: int = 500) -> Report:
    """Section 4's 1-pixel shift change after 2 × 2 and after 3 × 3 stride-2 max pooling."""
    questions = (
        Question("change_2x2", shift_change(lambda m: max_pool2d(m, 2), n_digits),
                 f"1-px shift, 2 × 2 max pooling, {n_digits} digits"),
        Question("change_3x3_stride_2", shift_change(lambda m: max_pool2d(m, 3, 2), n_digits),
                 f"1-px shift, 3 × 3 stride-2 max pooling, {n_digits} digits"),
    )
    return check_answers("overlapping pooling", questions,
                         {"change_2x2": change_2x2, "change_3x3_stride_2": change_3x3_stride_2})


GIVEN_CONVS = ((1, 32, 3), (32, 64, 3))  # section 5's two convolutions: (in, out, kernel)
POOLED_NET_BUDGET = 35_000  # parameters; the given net without pooling has 387,466
POOLING_LAYERS = (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveMaxPool2d, nn.AdaptiveAvgPool2d)


def check_pooled_net(build) -> Report:
    """Check ``build()``: section 5's network, brought under a budget by pooling layers.

    The model must keep the two convolutions of :data:`GIVEN_CONVS` (stride 1, no
    padding) in that order, contain a pooling layer, map digits (N, 1, 28, 28) to
    finite scores (N, 10), and have at most :data:`POOLED_NET_BUDGET` parameters.
    """
    report = Report("pooled net")
    model = built_model(build, report)
    if model is None:
        return report
    convs = [(m.in_channels, m.out_channels, m.kernel_size[0]) for m in model.modules()
             if isinstance(m, nn.Conv2d) and m.kernel_size[0] == m.kernel_size[1]
             and m.stride == (1, 1) and m.padding == (0, 0)]
    if tuple(convs) == GIVEN_CONVS:
        report.ok(f"the given convolutions (in, out, kernel) {convs}")
    else:
        report.fail(f"convolutions (in, out, kernel) {convs}, expected {list(GIVEN_CONVS)} "
                    f"with stride 1 and no padding: keep the given two, in order")
    pools = [type(m).__name__ for m in model.modules() if isinstance(m, POOLING_LAYERS)]
    (report.ok if pools else report.fail)(
        f"pooling layers: {', '.join(pools)}" if pools else "no pooling layer")
    n_params = sum(p.numel() for p in model.parameters())
    (report.ok if n_params <= POOLED_NET_BUDGET else report.fail)(
        f"{n_params:,} parameters (budget {POOLED_NET_BUDGET:,})")
    digits = torch.rand(2, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    try:
        with torch.no_grad():
            scores = model.eval()(digits)
    except Exception as exc:
        report.fail(f"digits (2, 1, 28, 28) raised {type(exc).__name__}: {exc} (does the "
                    f"Linear layer's in_features equal the number of flattened activations?)")
        return report
    shape = tuple(scores.shape) if isinstance(scores, torch.Tensor) else type(scores).__name__
    finite = isinstance(scores, torch.Tensor) and bool(torch.isfinite(scores).all())
    (report.ok if shape == (2, 10) and finite else report.fail)(
        f"digits (2, 1, 28, 28) -> {shape}" + ("" if shape == (2, 10) and finite
                                               else ", expected finite scores (2, 10)"))
    return report


SHEET = Sheet("04", [
    Exercise(1, "recall", """
        Section 1 says what pooling keeps and learns, section 2 its output size and depth,
        section 3 where its gradient goes.""",
        answer=dict(parameters_of_a_pooling_layer=0, fraction_kept=0.25,
                    overlapping_output_size=27, channels_after_pooling=64,
                    cells_given_a_gradient=1),
        worked="""
        Pooling has no weights: it takes a maximum or a mean. 2 × 2 windows at stride 2 keep
        one number out of 4. ⌊(55 − 3)/2⌋ + 1 = 27. Each channel is pooled on its own, so the
        depth stays 64. Only the window's maximum reached the output, so only it gets a
        gradient.""",
        check=check_recall),
    Exercise(2, "implement", """
        X.reshape(H // 2, 2, W // 2, 2) puts the four numbers of window (i, j) at
        [i, :, j, :]; .max(axis=(1, 3)) takes each window's maximum.""",
        answer=reference.my_max_pool, check=check_max_pool),
    Exercise(3, "derive", """
        Y[i, j] depends only on the largest cell of its window, with slope 1; the other three
        cells do not change it. Loop over the windows and find the maximum's position with
        np.argmax and np.unravel_index.""",
        answer=reference.my_max_pool_backward, check=check_max_pool_backward),
    Exercise(4, "derive", """
        Y[i, j] = (X[2i, 2j] + X[2i, 2j+1] + X[2i+1, 2j] + X[2i+1, 2j+1]) / 4: what is
        ∂Y[i, j]/∂X of each of the four cells? np.repeat along both axes spreads dLdY.""",
        answer=reference.my_avg_pool_backward,
        worked="""
        Each of the four cells enters Y[i, j] with the weight 1/4, so each gets dLdY[i, j] / 4:
        unlike max pooling, every cell receives a gradient, a quarter of its window's.""",
        check=check_avg_pool_backward),
    Exercise(5, "experiment", """
        Section 4 has features, shift_right and relative_change: compare
        relative_change(pool(original), pool(features(shift_right(digits, 1)))) for
        pool = lambda m: max_pool2d(m, 2) and for lambda m: max_pool2d(m, 3, stride=2).""",
        answer=dict(change_2x2=0.5533, change_3x3_stride_2=0.4407),
        worked="""
        On the first 500 test digits a 1-pixel shift changes the 2 × 2 max-pooled maps by
        about 55 % and the 3 × 3 stride-2 ones by about 44 %: the larger, overlapping window
        absorbs more of the shift (a stroke that moves by one pixel more often stays inside
        its window), for almost the same output size (13 × 13 instead of 14 × 14).""",
        check=check_overlapping_pooling),
    Exercise(6, "implement", """
        The two convolutions have 320 + 18,496 parameters whatever follows them, so only the
        Linear layer can shrink: its in_features are the activations it flattens. Section 5
        follows the shapes through pooling layers (⌊(n − k)/s⌋ + 1 at every layer); in torch
        they are nn.MaxPool2d(k) and, for global average pooling, nn.AdaptiveAvgPool2d(1).""",
        answer=reference.my_pooled_net,
        worked="""
        With a 2 × 2 max pooling after each convolution the maps go 28 → 26 → 13 → 11 → 5, and
        the Linear layer reads 64 · 5 · 5 = 1,600 numbers: 16,010 parameters instead of
        368,650, 34,826 in all. Global average pooling after the second convolution instead
        leaves 64 numbers, 650 parameters in the Linear layer and 19,466 in all.""",
        check=check_pooled_net),
])
hint, solution = SHEET.hint, SHEET.solution
