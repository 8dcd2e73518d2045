"""The windows the chapter 03/04 step figures outline, computed without drawing."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from numpy.testing import assert_allclose

from dlcourse.data.images import five_by_five
from dlcourse.nn.window_steps import conv_step, output_cell, pool_step


def test_conv_step_taps_are_the_dilated_window_of_the_cell():
    step = conv_step(five_by_five(), np.ones((3, 3)), (0, 1), stride=1, padding=2, dilation=2)
    assert step.padded.shape == (9, 9) and step.image_shape == (5, 5)
    assert step.output.shape == (5, 5) and step.cell == (0, 1)
    assert step.taps == [(r, c) for r in (0, 2, 4) for c in (1, 3, 5)]
    # the output cell is the sum of exactly the cells the taps name
    assert step.output[0, 1] == sum(step.padded[r, c] for r, c in step.taps)
    reference = F.conv2d(torch.tensor(five_by_five())[None, None], torch.ones(1, 1, 3, 3,
                         dtype=torch.float64), padding=2, dilation=2)[0, 0].numpy()
    assert_allclose(step.output, reference, rtol=1e-12)


def test_conv_step_strides_the_window():
    step = conv_step(np.arange(25.0).reshape(5, 5), np.eye(3), (1, 0), stride=2)
    assert step.output.shape == (2, 2) and step.cell == (1, 0)
    assert step.taps[0] == (2, 0) and step.taps[-1] == (4, 2)
    with pytest.raises(ValueError, match="is larger"):
        conv_step(five_by_five(), np.ones((3, 3)), dilation=3)


def test_pool_step_windows_start_at_stride_multiples_and_may_overlap():
    X = np.arange(25.0).reshape(5, 5)
    step = pool_step(X, "max", size=3, stride=2, positions=[(0, 0), (0, 1), (1, 1)])
    assert_allclose(step.output, F.max_pool2d(torch.tensor(X)[None], 3, 2)[0].numpy())
    assert step.cells == [(0, 0), (0, 1), (1, 1)]
    assert step.corners == [(0, 0), (0, 2), (2, 2)]  # columns 0-2 and 2-4 share column 2
    assert step.stride == 2 and step.padded.shape == (5, 5)
    padded = pool_step(X, "average", 2, padding=1)
    assert padded.stride == 2 and padded.padded.shape == (7, 7) and padded.padded[0, 0] == 0
    with pytest.raises(ValueError, match="padding == 2, must be at most half the window size 2"):
        pool_step(X, "max", 2, padding=2)


def test_a_cell_outside_the_output_is_refused_not_moved():
    assert output_cell((2, 3), (3, 4)) == (2, 3)
    with pytest.raises(ValueError, match=r"position == \(-1, 7\) is outside the 3 × 4 output: "
                                         r"i must be in 0..2 and j in 0..3"):
        output_cell((-1, 7), (3, 4))
    with pytest.raises(ValueError, match=r"position == \(9, 0\) is outside the 2 × 2 output"):
        conv_step(np.arange(25.0).reshape(5, 5), np.eye(3), (9, 0), stride=2)
    with pytest.raises(ValueError, match=r"position == \(5, 5\) is outside the 2 × 2 output"):
        pool_step(np.zeros((5, 5)), "max", size=3, stride=2, positions=[(0, 0), (5, 5)])
