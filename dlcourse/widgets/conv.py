"""Chapter 03 explorer: drag stride, padding and dilation; pick an image and a kernel.

Shows the input with the current window outlined, the kernel, the output and
the output-size formula with the numbers filled in. Impossible combinations
(a kernel larger than the padded input) show the reason instead of a figure.
"""

from __future__ import annotations

import ipywidgets as widgets

from dlcourse.data.images import five_by_five, photo, to_unit_interval
from dlcourse.data.mnist import load_mnist
from dlcourse.nn.kernels import KERNELS, kernel, parse_kernel
from dlcourse.nn.window_steps import conv_step
from dlcourse.plots.conv import plot_conv2d_step
from dlcourse.widgets.explorer import Explorer, dropdown, slider

CUSTOM = "custom (edit below)"


def explorer_images() -> dict:
    """The images to choose from: the 5 × 5 example, a real digit, a small photo crop."""
    return {
        "5×5 example": five_by_five(),
        "MNIST digit (a 7)": to_unit_interval(load_mnist("test").images[0]),
        "photo (eyes, 32×32)": photo(step=4)[30:62, 40:72],
    }


def conv_figure(images: dict, image: str, preset: str, custom: str, stride: int, padding: int,
                dilation: int, row: int, col: int):
    """Render one state of the explorer; ValueError for impossible combinations."""
    weights = parse_kernel(custom) if preset == CUSTOM else kernel(preset)
    return plot_conv2d_step(conv_step(images[image], weights, (row, col), stride, padding,
                                      dilation))


def conv_explorer(image: str = "5×5 example", preset: str = "vertical edge") -> Explorer:
    """Image, kernel preset (or your own 3 × 3), stride, padding, dilation, window position."""
    images = explorer_images()
    controls = {
        "image": dropdown("image", list(images), image),
        "preset": dropdown("kernel", [*KERNELS, CUSTOM], preset),
        "custom": widgets.Text(value="1 0 -1; 1 0 -1; 1 0 -1", description="3×3 kernel",
                               continuous_update=False, style={"description_width": "initial"}),
        "stride": slider("stride s", 1, 1, 4, 1),
        "padding": slider("padding p", 0, 0, 3, 1),
        "dilation": slider("dilation d", 1, 1, 4, 1),
        "row": slider("window row i", 0, 0, 31, 1),
        "col": slider("window col j", 0, 0, 31, 1),
    }

    def render(**values):
        return conv_figure(images, **values)

    return Explorer(controls, render)
