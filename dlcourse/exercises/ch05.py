"""Exercise checks of chapter 05 (a CNN on MNIST): count a conv layer's parameters, predict a shape.

    check_conv_params(conv_params)        # conv_params(c_in, c_out, k) -> int
    check_conv_output_size(output_size)   # output_size(n, f, stride, padding) -> int

The cases are layers of the chapter's networks (FastCNN, the Keras CNN, the TF
CNN, LeNet-5, AlexNet, VGG, GoogLeNet's 1x1 convolutions). The output-size
function takes its arguments in the order of :func:`dlcourse.nn.conv.output_size`,
the same as chapter 03's exercise, so one answer passes both checkers.
"""

from __future__ import annotations

from dlcourse.exercises.checker import Case, Report, check_function

CONV_PARAM_CASES = (  # (c_in, c_out, k) -> c_out * (c_in * k * k + 1): weights + one bias each
    Case((1, 32, 3), 320, "Keras conv1: 1 -> 32, 3x3"),
    Case((32, 64, 3), 18_496, "Keras conv2: 32 -> 64, 3x3"),
    Case((1, 32, 5), 832, "TF CNN conv1: 1 -> 32, 5x5"),
    Case((6, 16, 5), 2_416, "LeNet-5 C3: 6 -> 16, 5x5"),
    Case((192, 64, 1), 12_352, "GoogLeNet 1x1: 192 -> 64"),
    Case((3, 96, 11), 34_944, "AlexNet conv1: 3 -> 96, 11x11"),
)

OUTPUT_SIZE_CASES = (  # (n, f, stride, padding) -> floor((n + 2p - f) / s) + 1
    Case((28, 3, 1, 0), 26, "Keras conv1 on 28: k 3, no padding"),
    Case((28, 5, 1, 2), 28, "TF 'SAME' conv on 28: k 5, pad 2"),
    Case((24, 2, 2, 0), 12, "2x2 max-pool on 24: stride 2"),
    Case((227, 11, 4, 0), 55, "AlexNet conv1 on 227: k 11, stride 4"),
    Case((55, 3, 2, 0), 27, "AlexNet overlapping pool on 55: k 3, stride 2"),
    Case((14, 4, 2, 1), 7, "Görner conv3 on 14: k 4, pad 1, stride 2"),
)


def check_conv_params(fn) -> Report:
    """Check ``fn(c_in, c_out, k)``: the parameters of a k x k Conv2d with a bias."""
    return check_function("conv layer parameter count", fn, CONV_PARAM_CASES)


def check_conv_output_size(fn) -> Report:
    """Check ``fn(n, f, stride, padding)``: the output height of a conv or pooling layer."""
    return check_function("conv/pool output size", fn, OUTPUT_SIZE_CASES)
