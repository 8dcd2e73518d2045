"""Chapter 03 explorer: drag stride, padding and dilation; pick an image and a kernel.

Shows the input with the current window outlined, the kernel, the output and
the output-size formula with the numbers filled in. Impossible combinations
(a kernel larger than the padded input) show the reason instead of a figure.
"""

from __future__ import annotations

import ipywidgets as widgets

from dlcourse.checks import int_in_range
from dlcourse.data.images import five_by_five, photo, to_unit_interval
from dlcourse.data.mnist import load_mnist
from dlcourse.nn.kernels import KERNELS, kernel, kernel_text, parse_kernel
from dlcourse.nn.window_steps import conv_step
from dlcourse.nn.windows import output_size
from dlcourse.plots.conv import plot_conv2d_step
from dlcourse.widgets.explorer import Explorer, dropdown, set_range, slider

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


def output_shape(shape: tuple[int, int], stride: int, padding: int,
                 dilation: int) -> tuple[int, int] | None:
    """(Ho, Wo) of a 3 × 3 kernel on an image of ``shape``; None when it does not fit."""
    try:
        return tuple(output_size(n, 3, stride, padding, dilation) for n in shape)
    except ValueError:  # larger than the padded input: the render says why
        return None


def conv_explorer(image: str = "5×5 example", preset: str = "vertical edge", stride: int = 1,
                  padding: int = 0, dilation: int = 1, row: int = 0, col: int = 0) -> Explorer:
    """Image, kernel preset (or your own 3 × 3), stride, padding, dilation, window position.

    The window sliders span the output; editing the kernel text switches to ``CUSTOM``,
    choosing a preset writes its numbers into the text.
    """
    images = explorer_images()
    stride = int_in_range(stride, "stride", 1, 4)
    padding = int_in_range(padding, "padding", 0, 3)
    dilation = int_in_range(dilation, "dilation", 1, 4)
    out = output_shape(images[image].shape, stride, padding, dilation)
    if out is not None:
        size = f" (the output is {out[0]} × {out[1]})"
        row = int_in_range(row, "row", 0, out[0] - 1, size)
        col = int_in_range(col, "col", 0, out[1] - 1, size)
    text = kernel_text(kernel("vertical edge" if preset == CUSTOM else preset))
    controls = {
        "image": dropdown("image", list(images), image),
        "preset": dropdown("kernel", [*KERNELS, CUSTOM], preset),
        "custom": widgets.Text(value=text, description="3×3 kernel", continuous_update=False,
                               style={"description_width": "initial"}),
        "stride": slider("stride s", stride, 1, 4, 1),
        "padding": slider("padding p", padding, 0, 3, 1),
        "dilation": slider("dilation d", dilation, 1, 4, 1),
        "row": slider("window row i", row, 0, row, 1),  # constrain sets the ranges
        "col": slider("window col j", col, 0, col, 1),
    }

    def constrain(controls, changed):
        chosen, typed = controls["preset"], controls["custom"]
        if changed == "preset" and chosen.value != CUSTOM:
            typed.value = kernel_text(kernel(chosen.value))
        elif (changed == "custom" and chosen.value != CUSTOM
              and typed.value != kernel_text(kernel(chosen.value))):
            chosen.value = CUSTOM  # the text was edited
        out = output_shape(images[controls["image"].value].shape, controls["stride"].value,
                           controls["padding"].value, controls["dilation"].value)
        if out is not None:
            set_range(controls["row"], 0, out[0] - 1)
            set_range(controls["col"], 0, out[1] - 1)

    def render(**values):
        return conv_figure(images, **values)

    return Explorer(controls, render, constrain)
