"""Chapter 04 explorer: max or average pooling of a real digit's feature map.

The feature map (:func:`dlcourse.nn.feature_maps.feature_map`) is ReLU(edge
convolution) of an MNIST test digit, the kind of map a CNN's first layer
produces; pool type, window size, stride and padding are sliders, and two
neighbouring windows (output cells (i, j) and (i, j + 1)) are outlined so
overlap shows.
"""

from __future__ import annotations

from dlcourse.data.mnist import load_mnist
from dlcourse.nn.feature_maps import feature_map
from dlcourse.nn.pooling import POOLS
from dlcourse.nn.window_steps import pool_step
from dlcourse.plots.pooling import plot_pool_step
from dlcourse.widgets.explorer import Explorer, dropdown, slider


def pooling_explorer(index: int = 0) -> Explorer:
    """Pool type, feature, size, stride, padding and window position on test digit ``index``."""
    digits = load_mnist("test").images
    controls = {
        "kind": dropdown("pool", list(POOLS), "max"),
        "kernel": dropdown("feature", ["vertical edge", "horizontal edge", "identity"]),
        "size": slider("size k", 2, 1, 5, 1),
        "stride": slider("stride s", 2, 1, 5, 1),
        "padding": slider("padding p", 0, 0, 2, 1),
        "row": slider("window row i", 4, 0, 27, 1),
        "col": slider("window col j", 6, 0, 27, 1),
    }

    def render(kind, kernel, size, stride, padding, row, col):
        fmap = feature_map(digits[index], kernel)
        return plot_pool_step(pool_step(fmap, kind, size, stride, padding,
                                        positions=[(row, col), (row, col + 1)]))

    return Explorer(controls, render)
