"""Chapter 04 explorer: max or average pooling of a real digit's feature map.

The feature map (:func:`dlcourse.nn.feature_maps.feature_map`) is ReLU(edge
convolution) of an MNIST test digit, the kind of map a CNN's first layer
produces; pool type, window size, stride and padding are sliders, and two
neighbouring windows (output cells (i, j) and (i, j + 1)) are outlined so
overlap shows.
"""

from __future__ import annotations

from dlcourse.checks import int_in_range
from dlcourse.data.mnist import load_mnist
from dlcourse.nn.feature_maps import feature_map
from dlcourse.nn.pooling import POOLS
from dlcourse.nn.window_steps import pool_step
from dlcourse.nn.windows import output_size
from dlcourse.plots.pooling import plot_pool_step
from dlcourse.widgets.explorer import Explorer, dropdown, set_range, slider


def last_windows(shape: tuple[int, int], size: int, stride: int,
                 padding: int) -> tuple[int, int]:
    """The last window row i and col j on a map of ``shape``: Ho − 1, and Wo − 2 (j + 1 shows)."""
    Ho, Wo = (output_size(n, size, stride, padding) for n in shape)
    return Ho - 1, Wo - 2


def pooling_explorer(index: int = 0, size: int = 2, stride: int = 2, padding: int = 0,
                     row: int = 4, col: int = 6) -> Explorer:
    """Pool type, feature, size, stride, padding and window position on test digit ``index``.

    The window sliders span the output; the col slider stops one short, since the
    windows of cells (i, j) and (i, j + 1) are outlined.
    """
    digits = load_mnist("test").images
    size = int_in_range(size, "size", 1, 5)
    stride = int_in_range(stride, "stride", 1, 5)
    padding = int_in_range(padding, "padding", 0, 2)
    last_row, last_col = last_windows(digits.shape[1:], size, stride, padding)
    row = int_in_range(row, "row", 0, last_row, f" (the output has {last_row + 1} rows)")
    col = int_in_range(col, "col", 0, last_col, f" (the output has {last_col + 2} columns and "
                                                f"col + 1 is shown too)")
    controls = {
        "kind": dropdown("pool", list(POOLS), "max"),
        "kernel": dropdown("feature", ["vertical edge", "horizontal edge", "identity"]),
        "size": slider("size k", size, 1, 5, 1),
        "stride": slider("stride s", stride, 1, 5, 1),
        "padding": slider("padding p", padding, 0, 2, 1),
        "row": slider("window row i", row, 0, last_row, 1),
        "col": slider("window cols j, j + 1", col, 0, last_col, 1),
    }

    def constrain(controls, changed):
        last_row, last_col = last_windows(digits.shape[1:], controls["size"].value,
                                          controls["stride"].value, controls["padding"].value)
        set_range(controls["row"], 0, last_row)
        set_range(controls["col"], 0, last_col)

    def render(kind, kernel, size, stride, padding, row, col):
        fmap = feature_map(digits[index], kernel)
        return plot_pool_step(pool_step(fmap, kind, size, stride, padding,
                                        positions=[(row, col), (row, col + 1)]))

    return Explorer(controls, render, constrain)
