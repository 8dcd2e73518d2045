"""dlcourse.nn.windows: the output-size formula against torch, windows and col2im by hand."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from dlcourse.nn.windows import (
    as_pair,
    col2im,
    geometry2d,
    leftover_cells,
    output_size,
    pad2d,
    receptive_field,
    tap_slices,
    window_view,
)


# ---------------------------------------------------------------- output size
@pytest.mark.parametrize(("args", "expected"), [
    ((5, 3), 3), ((5, 3, 1, 1), 5), ((5, 3, 2), 2), ((5, 3, 3), 1), ((7, 3, 2, 1), 4),
    ((28, 3, 1, 0, 2), 24), ((28, 5, 1, 2), 28), ((32, 4, 3, 1), 11), ((5, 5), 1),
])
def test_output_size_formula(args, expected):
    assert output_size(*args) == expected


@given(n=st.integers(1, 40), k=st.integers(1, 7), s=st.integers(1, 5), p=st.integers(0, 3),
       d=st.integers(1, 3))
@settings(max_examples=60, deadline=None, derandomize=True)
def test_output_size_and_leftover_cells_match_torch_conv(n, k, s, p, d):
    assume(d * (k - 1) + 1 <= n + 2 * p)
    out = F.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, k), stride=s, padding=p, dilation=d)
    assert output_size(n, k, s, p, d) == out.shape[-1]
    # the last window ends leftover_cells before the end of the padded input
    last_window_end = (out.shape[-1] - 1) * s + d * (k - 1) + 1
    assert n + 2 * p - last_window_end == leftover_cells(n, k, s, p, d)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"n": 5, "k": 7}, ValueError, r"kernel size 7 is larger than the padded input "
                                   r"n \+ 2p = 5 \+ 2·0 = 5"),
    ({"n": 5, "k": 3, "dilation": 3}, ValueError, r"dilation 3 spreads k = 3 over 7 cells"),
    ({"n": 5, "k": 3, "stride": 0}, ValueError, r"stride == 0, must be >= 1"),
    ({"n": 5, "k": 3, "padding": -1}, ValueError, r"padding == -1, must be >= 0"),
    ({"n": 5.5, "k": 3}, TypeError, r"n must be an int, got float"),
    ({"n": 5, "k": 3, "stride": 1.5}, TypeError, r"stride must be an int, got float"),
    ({"n": 5, "k": True}, TypeError, r"k must be an int, got bool"),
])
def test_output_size_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        output_size(**kwargs)
    with pytest.raises(error, match=message):
        leftover_cells(**kwargs)


@pytest.mark.parametrize(("args", "expected"), [
    ((5, 3), 0), ((5, 3, 2), 0), ((6, 3, 2), 1), ((7, 2, 3), 2), ((28, 3, 2, 1, 2), 1),
])
def test_leftover_cells(args, expected):
    assert leftover_cells(*args) == expected


def test_as_pair():
    assert as_pair(2, "stride", 1) == (2, 2)
    assert as_pair([1, 3], "stride", 1) == (1, 3)
    with pytest.raises(ValueError, match=r"stride == \(1, 2, 3\), must be an int or a pair"):
        as_pair((1, 2, 3), "stride", 1)
    with pytest.raises(ValueError, match=r"padding == -1, must be >= 0"):
        as_pair(-1, "padding", 0)


def test_window_view_equals_slicing_every_window_and_copies_nothing():
    Xp = np.arange(2 * 3 * 7 * 8, dtype=float).reshape(2, 3, 7, 8)
    view = window_view(Xp, (2, 3), (3, 2), (2, 2), (2, 1))
    assert view.shape == (2, 3, 3, 2, 2, 3)
    assert np.shares_memory(view, Xp) and not view.flags.writeable
    for i in range(3):
        for j in range(2):
            assert_array_equal(view[:, :, i, j], Xp[:, :, 2 * i:2 * i + 3:2, 2 * j:2 * j + 3])


def test_tap_slices_pick_what_each_tap_multiplies():
    Xp = np.arange(7 * 8, dtype=float).reshape(7, 8)
    view = window_view(Xp[None, None], (2, 3), (3, 2), (2, 2), (2, 1))[0, 0]
    for i in range(2):
        for j in range(3):
            rows, cols = tap_slices(i, j, (3, 2), (2, 2), (2, 1))
            assert_array_equal(Xp[rows, cols], view[:, :, i, j])


def test_col2im_adds_overlapping_windows_and_cuts_the_padding():
    # 3 × 3 input, 2 × 2 window, stride 1, padding 1: 4 × 4 outputs; every input cell is
    # under all 4 taps once, so ones in give 4 everywhere.
    per_tap = np.ones((1, 1, 2, 2, 4, 4))
    assert_allclose(col2im(per_tap, (3, 3), (1, 1), (1, 1)), np.full((1, 1, 3, 3), 4.0))
    # stride 2, no padding, 2 × 2 window on 4 × 4: windows do not overlap, one gradient each
    per_tap = np.arange(16.0).reshape(1, 1, 2, 2, 2, 2)
    dX = col2im(per_tap, (4, 4), (0, 0), (2, 2))[0, 0]
    assert_allclose(dX[:2, :2], [[0, 4], [8, 12]])
    assert col2im(per_tap.astype(np.float32), (4, 4), (0, 0), (2, 2)).dtype == np.float32


def test_pad2d_pads_only_the_last_two_axes():
    Xp = pad2d(np.ones((2, 3, 4, 5)), (1, 2), value=-1.0)
    assert Xp.shape == (2, 3, 6, 9)
    assert Xp[0, 0, 0, 0] == -1.0 and Xp[0, 0, 1, 2] == 1.0


def test_geometry2d_returns_pairs_and_the_output_size():
    X, stride, padding, dilation, out = geometry2d(np.ones((1, 2, 9, 8), dtype=int), (3, 2),
                                                   (2, 1), 1, (1, 2))
    assert X.dtype == np.float64 and (stride, padding, dilation) == ((2, 1), (1, 1), (1, 2))
    assert out == (output_size(9, 3, 2, 1), output_size(8, 2, 1, 1, 2)) == (5, 8)


@pytest.mark.parametrize(("X", "message"), [
    (np.ones((5, 5)), r"X has shape \(5, 5\) \(2-D\), expected \(N, C, H, W\)"),
    (np.ones((0, 1, 5, 5)), r"X has shape \(0, 1, 5, 5\), an empty batch; every axis"),
    (np.ones((1, 0, 5, 5)), r"X has shape \(1, 0, 5, 5\), an empty batch"),
])
def test_geometry2d_bad_input(X, message):
    with pytest.raises(ValueError, match=message):
        geometry2d(X, (3, 3), 1, 0, 1)


def torch_field(layers, n=40):
    """Span of the input cells that output cell 0 of a 1-D torch stack has a gradient for."""
    modules = [torch.nn.Conv1d(1, 1, k, stride=s, dilation=d, bias=False)
               for k, s, d in ((*layer, 1)[:3] for layer in layers)]
    for conv in modules:
        torch.nn.init.ones_(conv.weight)  # every tap counts, so no gradient is 0 by chance
    x = torch.ones(1, 1, n, requires_grad=True)
    torch.nn.Sequential(*modules)(x)[0, 0, 0].backward()
    seen = torch.nonzero(x.grad[0, 0]).flatten()
    return int(seen.max() - seen.min() + 1)


@pytest.mark.parametrize("layers", [[(3, 1)] * 3, [(3, 1), (2, 2), (3, 1)],
                                    [(5, 2), (3, 2), (3, 1)], [(3, 1, 2), (3, 1, 4)],
                                    [(1, 1), (3, 3)]])
def test_receptive_field_matches_the_gradient_footprint_in_torch(layers):
    sizes = receptive_field(layers)
    assert sizes == [torch_field(layers[:depth]) for depth in range(1, len(layers) + 1)]


def test_receptive_field_by_hand():
    assert receptive_field([(3, 1)] * 3) == [3, 5, 7]  # three 3 × 3 layers see 7 × 7
    assert receptive_field([(2, 2)] * 4) == [2, 4, 8, 16]  # each 2 × 2 pool doubles it
