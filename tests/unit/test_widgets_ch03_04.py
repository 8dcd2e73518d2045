"""Chapters 03-04 without a browser: explorers, figures, exercise checkers and the photo."""

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from numpy.testing import assert_allclose

from dlcourse.data.images import five_by_five, photo
from dlcourse.exercises import ch03, ch04
from dlcourse.nn.conv import convolve1d
from dlcourse.nn.kernels import parse_kernel
from dlcourse.nn.pooling import pool2d_single
from dlcourse.nn.window_steps import conv_step, pool_step
from dlcourse.nn.windows import output_size
from dlcourse.plots.base import figure_png
from dlcourse.plots.conv import (
    PAD,
    SMALLEST_FONT,
    VALUE_FONT,
    plot_conv1d_modes,
    plot_conv2d_step,
    plot_image_grid,
    plot_kernels,
    size_formula,
    value_fontsize,
)
from dlcourse.plots.pooling import plot_pool_step
from dlcourse.widgets.conv import CUSTOM, conv_explorer
from dlcourse.widgets.pooling import pooling_explorer


# ---------------------------------------------------------------- explorers
def test_conv_explorer_redraws_when_a_slider_moves():
    explorer = conv_explorer()
    first = explorer.figure
    assert isinstance(first, Figure) and explorer.message == ""
    explorer.controls["padding"].value = 1
    assert explorer.figure is not first and explorer.renders == 2
    assert "⌊(5 + 2·1 − 3)/1⌋ + 1 = 5" in explorer.figure.get_suptitle()
    explorer.controls["image"].value = "MNIST digit (a 7)"
    assert explorer.figure.axes[2].images[0].get_array().shape == (28, 28)


def test_conv_explorer_shows_a_message_for_an_impossible_dilation():
    explorer = conv_explorer()
    explorer.controls["dilation"].value = 3  # spans 7 cells of a 5-wide input
    assert explorer.figure is None
    assert "kernel size 7 (dilation 3 spreads k = 3 over 7 cells) is larger" in explorer.message
    explorer.controls["padding"].value = 1  # 5 + 2 = 7: fits again
    assert explorer.message == "" and explorer.figure is not None


def test_conv_explorer_uses_the_edited_kernel_and_reports_bad_text():
    explorer = conv_explorer()
    explorer.controls["preset"].value = CUSTOM
    explorer.controls["custom"].value = "0 0 0; 0 2 0; 0 0 0"
    output = explorer.figure.axes[2].images[0].get_array()
    assert_allclose(output, 2 * five_by_five()[1:-1, 1:-1])
    explorer.controls["custom"].value = "1 2 3"
    assert explorer.figure is None and "expected 3 rows of 3" in explorer.message


def test_conv_explorer_text_field_always_shows_the_kernel_in_use():
    explorer = conv_explorer()
    preset, text = explorer.controls["preset"], explorer.controls["custom"]
    assert text.value == "1 0 -1; 1 0 -1; 1 0 -1"
    preset.value = "sharpen"
    assert text.value == "0 -1 0; -1 5 -1; 0 -1 0" and explorer.renders == 2
    text.value = "0 -1 0; -1 4 -1; 0 -1 0"  # editing the text switches to custom, one render
    assert preset.value == CUSTOM and explorer.renders == 3
    assert_allclose(explorer.figure.axes[1].images[0].get_array(), parse_kernel(text.value))
    explorer.controls["stride"].value = 2  # another control leaves kernel and text alone
    assert preset.value == CUSTOM and text.value == "0 -1 0; -1 4 -1; 0 -1 0"
    preset.value = "box blur"
    assert text.value == "0.111 0.111 0.111; 0.111 0.111 0.111; 0.111 0.111 0.111"
    assert_allclose(explorer.figure.axes[1].images[0].get_array(), np.full((3, 3), 1 / 9))
    preset.value = CUSTOM  # custom starts from the numbers shown
    assert text.value.startswith("0.111") and explorer.renders == 6 and explorer.message == ""


def window_ranges(explorer):
    """(max, value) of the window sliders row and col (their min is 0)."""
    row, col = explorer.controls["row"], explorer.controls["col"]
    assert row.min == col.min == 0
    return (row.max, row.value), (col.max, col.value)


def test_conv_window_sliders_follow_the_output_size_with_one_render_per_change():
    explorer = conv_explorer(row=2, col=1)
    assert window_ranges(explorer) == ((2, 2), (2, 1))  # 5×5, 3×3 kernel: output 3×3
    changes = [("stride", 2, ((1, 1), (1, 1))),  # ⌊(5 − 3)/2⌋ + 1 = 2: clamped
               ("padding", 1, ((2, 1), (2, 1))),  # ⌊(5 + 2 − 3)/2⌋ + 1 = 3
               ("image", "MNIST digit (a 7)", ((13, 1), (13, 1))),  # ⌊(28 + 2 − 3)/2⌋ + 1 = 14
               ("row", 13, ((13, 13), (13, 1))),
               ("dilation", 4, ((10, 10), (10, 1))),  # ⌊(28 + 2 − 9)/2⌋ + 1 = 11
               ("image", "photo (eyes, 32×32)", ((12, 10), (12, 1))),  # ⌊(32 + 2 − 9)/2⌋ + 1
               ("image", "5×5 example", ((12, 10), (12, 1)))]  # 9 > 5 + 2: ranges left alone
    for renders, (name, value, expected) in enumerate(changes, start=2):
        explorer.controls[name].value = value
        assert window_ranges(explorer) == expected, (name, value)
        assert explorer.renders == renders - (value == "5×5 example")  # a failed render shows none
    assert "kernel size 9 (dilation 4 spreads k = 3 over 9 cells) is larger" in explorer.message
    explorer.controls["padding"].value = 2  # 5 + 4 = 9: a 1×1 output
    assert window_ranges(explorer) == ((0, 0), (0, 0)) and explorer.message == ""


@pytest.mark.parametrize("image, stride, padding, dilation", [
    ("5×5 example", 1, 0, 1), ("5×5 example", 2, 1, 1), ("5×5 example", 1, 2, 2),
    ("5×5 example", 3, 3, 1), ("MNIST digit (a 7)", 4, 3, 4)])
def test_every_conv_window_position_renders_the_cell_asked_for(image, stride, padding, dilation):
    explorer = conv_explorer(image, stride=stride, padding=padding, dilation=dilation)
    (last_row, _), (last_col, _) = window_ranges(explorer)
    n = five_by_five().shape[0] if image == "5×5 example" else 28
    assert last_row == last_col == output_size(n, 3, stride, padding, dilation) - 1
    cells = [(i, j) for i in range(last_row + 1) for j in range(last_col + 1)]
    if len(cells) > 25:  # the big output: its last row and last column
        cells = [(last_row, j) for j in range(last_col + 1)] + \
                [(i, last_col) for i in range(last_row + 1)]
    for i, j in cells:
        explorer.controls["row"].value, explorer.controls["col"].value = i, j
        assert explorer.message == ""
        assert explorer.figure.axes[2].get_title().split("\n")[1].startswith(f"y[{i},{j}] = ")


def test_conv_explorer_starts_in_the_state_asked_for():
    explorer = conv_explorer(padding=2, dilation=2, row=1, col=1)
    assert window_ranges(explorer) == ((4, 1), (4, 1)) and explorer.renders == 1
    assert "⌊(5 + 2·2 − 2·(3−1) − 1)/1⌋ + 1 = 5" in explorer.figure.get_suptitle()
    impossible = conv_explorer(dilation=3)  # the message explains, as for a slider
    assert "kernel size 7 (dilation 3 spreads k = 3 over 7 cells)" in impossible.message
    with pytest.raises(ValueError, match=re.escape("row == 3, must be in 0..2 (the output is "
                                                   "3 × 3).")):
        conv_explorer(row=3)
    with pytest.raises(ValueError, match=re.escape("stride == 5, must be in 1..4.")):
        conv_explorer(stride=5)


def test_pooling_explorer_redraws_and_reports_too_much_padding():
    explorer = pooling_explorer()
    first = explorer.figure
    explorer.controls["kind"].value = "average"
    assert explorer.figure is not first
    assert explorer.figure.axes[1].images[0].get_array().shape == (14, 14)
    explorer.controls["padding"].value = 2
    assert explorer.figure is None
    assert "padding == 2, must be at most half the window size 2" in explorer.message


def test_pooling_window_sliders_follow_the_output_size_with_one_render_per_change():
    explorer = pooling_explorer()
    assert explorer.controls["col"].description == "window cols j, j + 1"
    assert window_ranges(explorer) == ((13, 4), (12, 6))  # 28×28 map, 2×2 stride 2: 14×14
    changes = [("size", 3, ((12, 4), (11, 6))),  # ⌊(28 − 3)/2⌋ + 1 = 13
               ("stride", 1, ((25, 4), (24, 6))),  # 26
               ("padding", 1, ((27, 4), (26, 6))),  # 28
               ("row", 27, ((27, 27), (26, 6))),
               ("col", 26, ((27, 27), (26, 26))),
               ("stride", 5, ((5, 5), (4, 4)))]  # ⌊(28 + 2 − 3)/5⌋ + 1 = 6: clamped
    for renders, (name, value, expected) in enumerate(changes, start=2):
        explorer.controls[name].value = value
        assert window_ranges(explorer) == expected, (name, value)
        assert explorer.message == "" and explorer.renders == renders


def outlined_cells(explorer):
    """The output cells (i, j) outlined in the pooling figure."""
    return [(round(p.get_y() + 0.44), round(p.get_x() + 0.44))
            for p in explorer.figure.axes[1].patches]


@pytest.mark.parametrize("size, stride, padding", [(2, 2, 0), (3, 2, 1), (5, 5, 2), (4, 3, 2)])
def test_every_pooling_window_position_outlines_two_neighbours(size, stride, padding):
    explorer = pooling_explorer(size=size, stride=stride, padding=padding, row=0, col=0)
    (last_row, _), (last_col, _) = window_ranges(explorer)
    n = output_size(28, size, stride, padding)
    assert (last_row, last_col) == (n - 1, n - 2)
    cells = [(i, j) for i in range(last_row + 1) for j in range(last_col + 1)]
    if len(cells) > 30:  # a big output: its last row and its last column
        cells = [(last_row, j) for j in range(last_col + 1)] + \
                [(i, last_col) for i in range(last_row + 1)]
    for i, j in cells:
        explorer.controls["row"].value, explorer.controls["col"].value = i, j
        assert explorer.message == "" and outlined_cells(explorer) == [(i, j), (i, j + 1)]


def test_pooling_explorer_starts_in_the_state_asked_for():
    explorer = pooling_explorer(size=3, stride=2, row=7, col=8)
    assert window_ranges(explorer) == ((12, 7), (11, 8)) and explorer.message == ""
    assert outlined_cells(explorer) == [(7, 8), (7, 9)]
    with pytest.raises(ValueError, match=re.escape(
            "row == 13, must be in 0..12 (the output has 13 rows).")):
        pooling_explorer(size=3, stride=2, row=13)
    with pytest.raises(ValueError, match=re.escape(
            "col == 12, must be in 0..11 (the output has 13 columns and col + 1 is shown too).")):
        pooling_explorer(size=3, stride=2, col=12)
    with pytest.raises(ValueError, match=re.escape("padding == 3, must be in 0..2.")):
        pooling_explorer(padding=3)


# ---------------------------------------------------------------- figures
def test_conv1d_modes_figure_has_one_panel_per_mode_with_its_length():
    fig = plot_conv1d_modes([1, 2, 3, 0, 1, 0], [1, 2, 1])
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert [t.split(":")[0] for t in titles] == ["valid", "same", "full"]
    assert titles[2].startswith("full: 8 = n + m − 1 outputs")


def test_conv2d_step_outlines_the_dilated_window():
    fig = plot_conv2d_step(conv_step(five_by_five(), np.ones((3, 3)), (0, 0), 1, 2, 2))
    boxes = [p for p in fig.axes[0].patches if p.get_width() == 1]
    assert sorted((b.get_y() + 0.5, b.get_x() + 0.5) for b in boxes) == \
        [(r, c) for r in (0, 2, 4) for c in (0, 2, 4)]


def cell_colours(fig, cells) -> list[tuple]:
    """The RGB colour of each (row, col) of the figure's first panel, beside its number."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3]  # (height, width, 3)
    found = []
    for row, col in cells:
        x, y = fig.axes[0].transData.transform((col + 0.3, row + 0.3))
        found.append(tuple(pixels[pixels.shape[0] - int(round(y)), int(round(x))]))
    return found


GREY = tuple(int(round(255 * v)) for v in to_rgb(PAD))


def test_conv2d_step_draws_the_padding_grey_and_the_image_in_its_own_colours():
    fig = plot_conv2d_step(conv_step(five_by_five(), np.ones((3, 3)), stride=2, padding=1))
    padding, one, zero = (0, 0), (1, 1), (1, 4)
    assert cell_colours(fig, [(0, 0), (0, 3), (6, 6), (3, 0)]) == [GREY] * 4
    assert cell_colours(fig, [one, zero]) == [(255, 255, 255), (0, 0, 0)]  # the image's 1 and 0
    ax = fig.axes[0]
    assert ax.get_title() == "input 5×5, padding 1 (grey)"
    zeros_in_the_padding = [t for t in ax.texts if t.get_position() == padding]
    assert zeros_in_the_padding[0].get_color() == "black"  # readable on grey


def test_pool_step_draws_the_padding_grey_too():
    fig = plot_pool_step(pool_step(five_by_five(), "max", 2, stride=2, padding=1))
    assert cell_colours(fig, [(0, 0), (0, 5), (5, 0)]) == [GREY] * 3
    assert cell_colours(fig, [(1, 1), (1, 4)]) == [(255, 255, 255), (0, 0, 0)]
    assert fig.axes[0].get_title() == "input 5×5, padding 1 (grey)"


def test_size_formula_text_says_when_the_stride_does_not_fit():
    assert size_formula(5, 3, 2) == "⌊(5 + 2·0 − 3)/2⌋ + 1 = 2"
    assert size_formula(5, 3, 3).endswith(
        "(stride does not fit: the last 2 rows/columns are never read)")  # no padding to blame
    assert size_formula(6, 3, 2).endswith("the last row/column is never read)")
    assert size_formula(5, 3, 2, 1).endswith("= 3")  # 5 + 2 − 3 = 4 steps of 2: it fits
    assert size_formula(6, 3, 2, 1).endswith("the last padding row/column is never read)")
    assert size_formula(6, 2, 3, 2).endswith("the last 2 padding rows/columns are never read)")
    assert size_formula(7, 3, 5, 1).endswith(  # 7 + 2 − 3 = 6 = 5 + 1: one cell left
        "the last padding row/column is never read)")
    assert size_formula(8, 3, 5, 1).endswith(  # 8 + 2 − 3 = 7 = 5 + 2
        "the last 2 rows/columns are never read: 1 of padding, 1 of the image)")
    assert size_formula(28, 3, 1, 0, 2) == "⌊(28 + 2·0 − 2·(3−1) − 1)/1⌋ + 1 = 24"


def unread_bands(ax):
    """(row, col, height, width) in cells of each hatched "never read" band of a grid panel."""
    return [(p.get_y() + 0.5, p.get_x() + 0.5, p.get_height(), p.get_width())
            for p in ax.patches if p.get_hatch() == "///"]


def test_step_figures_shade_the_cells_no_window_reads():
    kernel = np.ones((3, 3))
    unfit = plot_conv2d_step(conv_step(five_by_five(), kernel, stride=3))  # rows, cols 3-4 unread
    assert unread_bands(unfit.axes[0]) == [(0, 3, 5, 2), (3, 0, 2, 3)]  # right band, bottom band
    assert unfit.axes[0].get_legend().get_texts()[0].get_text().startswith("never read")
    assert "padded" not in unfit.get_suptitle()
    fits = plot_conv2d_step(conv_step(five_by_five(), kernel, stride=2))
    assert unread_bands(fits.axes[0]) == [] and fits.axes[0].get_legend() is None
    wide = plot_conv2d_step(conv_step(np.zeros((5, 6)), kernel, stride=2))  # column 5 only
    assert unread_bands(wide.axes[0]) == [(0, 5, 5, 1)]
    pooled = plot_pool_step(pool_step(np.zeros((6, 6)), "max", 3, 2))  # last row and column
    assert unread_bands(pooled.axes[0]) == [(0, 5, 6, 1), (5, 0, 1, 5)]


def test_value_fontsize_fits_the_widest_label_in_its_cell_and_gives_up_below_6_pt():
    assert value_fontsize((20, 10), cell=60) == VALUE_FONT  # fits at 9 pt
    assert value_fontsize((40, 10), cell=40) == pytest.approx(9 * 0.85)  # 85 % of the width
    assert value_fontsize((5, 20), cell=20) == pytest.approx(9 * 0.7)  # 70 % of the height
    assert value_fontsize((40, 10), cell=30) is None  # 5.7 pt would be too small
    assert SMALLEST_FONT == 6


def cell_values(fig, panel):
    """Draw ``fig`` (fonts are sized then): a panel's shown values, their boxes, a cell's width."""
    figure_png(fig)
    ax = fig.axes[panel]
    renderer = fig.canvas.get_renderer()
    (x0, _), (x1, _) = ax.transData.transform([(0, 0), (1, 0)])
    shown = [t for t in ax.texts if t.get_visible()]
    return shown, [t.get_window_extent(renderer) for t in shown], abs(x1 - x0)


@pytest.mark.parametrize(("fig", "panel", "numbers", "size"), [
    (lambda: plot_conv2d_step(conv_step(five_by_five(), np.ones((3, 3)))), 2, 9, VALUE_FONT),
    (lambda: plot_pool_step(pool_step(np.arange(36.0).reshape(6, 6) / 7, "max", 2)), 1, 9,
     VALUE_FONT),
    # a 10 × 10 output of values like -0.27: written smaller
    (lambda: plot_conv2d_step(conv_step(photo(step=4)[30:42, 40:52], np.eye(3) - 0.5)), 2, 100,
     pytest.approx(7.46, abs=0.01)),
    # the explorers' crowded cases: a 9 × 9 output of values like -0.02 has no room for them;
    # the 6 × 6 average pooling (size 5, stride 5, padding 2) has room since the output panel
    # is at least a third as wide as the input
    (lambda: plot_conv2d_step(conv_step(photo(step=4)[30:62, 40:72], np.eye(3) - 0.5, (0, 0), 4,
                                        3)), 2, 0, None),
    (lambda: plot_pool_step(pool_step(photo(step=4)[30:58, 40:68], "average", 5, 5, 2)), 1, 36,
     VALUE_FONT),
])
def test_cell_values_fit_their_cells_or_are_left_out(fig, panel, numbers, size):
    shown, boxes, cell = cell_values(fig(), panel)
    assert len(shown) == numbers
    assert all(t.get_fontsize() == size for t in shown)
    assert all(box.width <= 0.86 * cell for box in boxes)  # never wider than 85 % of a cell
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_step_figures_take_a_computed_step():
    with pytest.raises(TypeError, match="step must be a ConvStep, e.g. conv_step"):
        plot_conv2d_step(five_by_five())
    with pytest.raises(TypeError, match="step must be a PoolStep, e.g. pool_step"):
        plot_pool_step(np.eye(4))


def test_grid_figures():
    assert len(plot_image_grid([np.eye(3)] * 5, list("abcde"), ncols=3).axes) == 6
    with pytest.raises(ValueError, match="got 2 images but 1 titles"):
        plot_image_grid([np.eye(3)] * 2, ["a"])


def test_kernels_share_one_symmetric_colour_scale_with_a_colour_bar():
    fig = plot_kernels({"small": np.full((3, 3), 1 / 9), "big": 5 * np.eye(3) - 1})
    assert len(fig.axes) == 3  # two kernels and the colour bar
    assert {ax.images[0].get_clim() for ax in fig.axes[:2]} == {(-4.0, 4.0)}


def test_signed_images_are_centred_on_zero_with_a_colour_bar():
    diff = np.array([[-0.5, 0.0], [1.0, 0.25]])
    fig = plot_image_grid([np.eye(2), diff], ["plain", "signed"], ncols=2, signed=[1])
    assert len(fig.axes) == 3  # two images and one colour bar
    assert fig.axes[0].images[0].get_cmap().name == "gray"
    assert fig.axes[1].images[0].get_cmap().name == "RdBu_r"
    assert fig.axes[1].images[0].get_clim() == (-1.0, 1.0)
    with pytest.raises(ValueError, match=r"signed == \(2,\), must hold image indices 0 to 1"):
        plot_image_grid([np.eye(2), diff], ["a", "b"], signed=[2])


def test_mode_titles_print_whole_numbers_without_trailing_dots():
    title = plot_conv1d_modes([1, 2, 3, 0, 1, 0], [1, 2, 1]).axes[0].get_title(loc="left")
    assert title.endswith("y = [8, 8, 4, 2]")


def test_pool_step_figure_and_pool2d_single():
    X = np.arange(16.0).reshape(4, 4)
    fig = plot_pool_step(pool_step(X, "max", 2, positions=[(0, 0), (1, 1)]))
    assert_allclose(fig.axes[1].images[0].get_array(), [[5, 7], [13, 15]])
    outlines = [(p.get_edgecolor(), p.get_x(), p.get_y()) for p in fig.axes[1].patches]
    assert [(x, y) for _, x, y in outlines] == [(-0.44, -0.44), (0.56, 0.56)]  # inside each cell
    assert outlines[0][0] != outlines[1][0]  # one colour per window
    assert_allclose(pool2d_single(X, "average", 2), [[2.5, 4.5], [10.5, 12.5]])
    with pytest.raises(ValueError, match=r"kind == 'min', must be one of \['average', 'max'\]"):
        pool2d_single(X, "min")


# ---------------------------------------------------------------- exercises
def test_ch03_checkers_accept_right_and_reject_wrong_answers():
    assert ch03.check_output_size(lambda n, f, s, p: (n + 2 * p - f) // s + 1).passed
    assert not ch03.check_output_size(lambda n, f, s, p: n - f + 1).passed
    assert ch03.check_conv1d_valid(lambda x, h: convolve1d(x, h, "valid")).passed
    no_flip = ch03.check_conv1d_valid(lambda x, h: np.correlate(x, h, "valid"))
    assert not no_flip.passed and "did you flip it?" in repr(no_flip)


def torch_conv2d(X, W, stride, padding):
    """The independent reference: torch on X (C, H, W), W (F, C, kh, kw) -> (F, Ho, Wo)."""
    return F.conv2d(torch.tensor(X)[None], torch.tensor(W), stride=stride,
                    padding=padding)[0].numpy()


def test_ch03_conv2d_checker_accepts_torch_and_rejects_each_wrong_case_by_name():
    report = ch03.check_conv2d(torch_conv2d)
    assert report.passed and len(report.lines) == 5

    def ignores_stride(X, W, stride, padding):
        return torch_conv2d(X, W, 1, padding)

    def ignores_padding(X, W, stride, padding):
        return torch_conv2d(X, W, stride, 0)

    def first_channel_only(X, W, stride, padding):
        return torch_conv2d(X[:1], W[:, :1], stride, padding)

    failed = {name: [line for line in ch03.check_conv2d(fn).lines if line.startswith("✗")]
              for name, fn in [("stride", ignores_stride), ("padding", ignores_padding),
                               ("channels", first_channel_only)]}
    assert [line.split(":")[0] for line in failed["stride"]] == \
        ["✗ stride 2 (window moves 2 cells; 6×7 -> 2×3)", "✗ stride 2 and padding 1 (6×7 -> 3×4)"]
    assert "shape (2, 6, 7), expected (2, 3, 4)" in failed["stride"][1]
    assert [line.split(":")[0] for line in failed["padding"]] == \
        ["✗ padding 1 (zeros on every side; 6×7 -> 6×7)", "✗ stride 2 and padding 1 (6×7 -> 3×4)"]
    assert len(failed["channels"]) == 4 and "sum over channels?" in failed["channels"][0]
    starter = ch03.check_conv2d(lambda X, W, stride, padding: None)
    assert not starter.passed and all("returned None" in line for line in starter.lines)


def test_ch04_checkers_accept_right_and_reject_wrong_answers():
    def max_pool(X):
        H, W = X.shape
        return X.reshape(H // 2, 2, W // 2, 2).max(axis=(1, 3))

    def max_pool_backward(X, dLdY):
        mask = X == np.kron(max_pool(X), np.ones((2, 2)))
        return mask * np.kron(dLdY, np.ones((2, 2)))

    assert ch04.check_max_pool(max_pool).passed
    assert not ch04.check_max_pool(lambda X: X[::2, ::2]).passed
    assert ch04.check_max_pool_backward(max_pool_backward).passed
    assert not ch04.check_max_pool_backward(lambda X, g: np.kron(g, np.ones((2, 2))) / 4).passed


def given_net(pool=None, in_features=64 * 24 * 24, stride=1):
    """Section 5's network, with a new ``pool()`` layer after each convolution if given."""
    def after():
        return [pool()] if pool else []

    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3, stride=stride), torch.nn.ReLU(), *after(),
        torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), *after(),
        torch.nn.Flatten(), torch.nn.Linear(in_features, 10))


def test_ch04_pooled_net_checker_counts_parameters_and_follows_the_shapes():
    pools = given_net(lambda: torch.nn.MaxPool2d(2), in_features=64 * 5 * 5)
    assert repr(ch04.check_pooled_net(lambda: pools)).splitlines()[1:] == [
        "  ✓ the given convolutions (in, out, kernel) [(1, 32, 3), (32, 64, 3)]",
        "  ✓ pooling layers: MaxPool2d, MaxPool2d",
        "  ✓ 34,826 parameters (budget 35,000)",
        "  ✓ digits (2, 1, 28, 28) -> (2, 10)"]
    gap = torch.nn.Sequential(*given_net().children())[:4].append(torch.nn.AdaptiveAvgPool2d(1))
    gap.extend([torch.nn.Flatten(), torch.nn.Linear(64, 10)])
    assert ch04.check_pooled_net(lambda: gap).passed
    starter = repr(ch04.check_pooled_net(given_net))  # the notebook's starter: no pooling
    assert "✗ no pooling layer" in starter and "✗ 387,466 parameters (budget 35,000)" in starter
    too_big = repr(ch04.check_pooled_net(lambda: given_net(lambda: torch.nn.MaxPool2d(2, 1),
                                                             in_features=64 * 22 * 22)))
    assert f"✗ {320 + 18_496 + 10 * (64 * 22 * 22 + 1):,} parameters (budget 35,000)" in too_big
    wrong_size = repr(ch04.check_pooled_net(lambda: given_net(lambda: torch.nn.MaxPool2d(2))))
    assert "✗ digits (2, 1, 28, 28) raised RuntimeError" in wrong_size
    assert "in_features equal the number of flattened activations" in wrong_size
    strided = repr(ch04.check_pooled_net(lambda: given_net(in_features=64 * 9 * 9, stride=2)))
    assert "✗ convolutions (in, out, kernel) [(32, 64, 3)], expected" in strided
    assert ch04.check_pooled_net(lambda: None).lines == [
        "✗ build() returned NoneType, expected a torch.nn.Module — does your function end with "
        "`return ...`?"]


# ---------------------------------------------------------------- the photo
def test_photo_is_grace_hopper_in_grey_and_rgb():
    grey = photo()
    assert grey.shape == (600, 512) and 0.0 <= grey.min() < 0.05 and 0.95 < grey.max() <= 1.0
    rgb = photo(grey=False, step=8)
    assert rgb.shape == (3, 75, 64)
    assert_allclose(photo(step=8), np.tensordot([0.299, 0.587, 0.114], rgb, axes=1), rtol=1e-12)
    with pytest.raises(ValueError, match="step == 0, must be >= 1"):
        photo(step=0)
