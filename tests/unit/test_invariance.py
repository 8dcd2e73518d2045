"""dlcourse.nn.invariance and its figure: shifts, relative changes, |difference| maps."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from dlcourse.nn.invariance import enlarge, relative_change, shift_right
from dlcourse.plots.pooling import plot_shift_change


def test_shift_right_moves_columns_and_fills_with_zeros():
    images = np.arange(12.0).reshape(1, 2, 6)  # (N, H, W)
    assert shift_right(images, 2).tolist() == [[[0, 0, 0, 1, 2, 3], [0, 0, 6, 7, 8, 9]]]
    assert np.array_equal(shift_right(images, 0), images)


def test_enlarge_reads_the_nearest_pixel_towards_the_centre():
    images = np.arange(32.0).reshape(2, 4, 4)  # (N, H, W)
    # centre 1.5: output pixels 0..3 read 1.5 + (i − 1.5) / 2 = 0.75, 1.25, 1.75, 2.25 -> 1, 1, 2, 2
    assert np.array_equal(enlarge(images, 2), images[:, [1, 1, 2, 2]][:, :, [1, 1, 2, 2]])
    assert np.array_equal(enlarge(images, 1), images)
    tall = np.arange(15.0).reshape(5, 3)  # H = 5, W = 3: each axis about its own centre
    # rows 2 + (i − 2)/3 -> 1, 2, 2, 2, 3; columns 1 + (j − 1)/3 -> 1, 1, 1
    assert np.array_equal(enlarge(tall, 3), tall[[1, 2, 2, 2, 3]][:, [1, 1, 1]])


def test_relative_change_is_the_norm_of_the_difference_over_the_norm_of_the_original():
    original = np.array([[[3.0, 4.0]], [[1.0, 0.0]]])  # two examples, norms 5 and 1
    changed = np.array([[[3.0, 4.0]], [[1.0, 2.0]]])  # unchanged; a difference of norm 2
    assert_allclose(relative_change(original, changed), [0.0, 2.0], rtol=1e-15)
    assert_allclose(relative_change(original, 0.5 * original), [0.5, 0.5], rtol=1e-15)


def test_shift_change_figure_shows_the_differences_with_their_relative_change():
    line = np.zeros((4, 4))
    line[:, 1] = 2.0  # a vertical stroke, norm 4
    moved = np.roll(line, 1, axis=1)  # one column to the right: difference norm √32 = 1.41 × 4
    fig = plot_shift_change({"map": [line, moved, line]}, shifts=[1, 2])
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["map\noriginal", "|shifted 1 px − original|\nrelative change 141%",
                      "|shifted 2 px − original|\nrelative change 0%"]
    assert_allclose(fig.axes[1].images[0].get_array(), np.abs(moved - line))
    assert {ax.images[0].get_clim() for ax in fig.axes} == {(0.0, 2.0)}  # one scale per row
    with pytest.raises(ValueError, match=r"maps\['map'\] holds 2 maps, expected 3: the original "
                                         r"and one per shift in \[1, 2\]"):
        plot_shift_change({"map": [line, moved]}, shifts=[1, 2])
