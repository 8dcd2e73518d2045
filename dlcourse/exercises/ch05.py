"""Exercise checks of chapter 05 (a CNN on MNIST): count a conv layer's parameters, predict a shape.

    check_conv_params(conv_params)        # conv_params(c_in, c_out, k) -> int
    check_conv_output_size(output_size)   # output_size(n, f, stride, padding) -> int

The cases are layers of the chapter's networks (FastCNN, the Keras CNN, the TF
CNN, LeNet-5, AlexNet, VGG, GoogLeNet's 1x1 convolutions). The output-size
function takes its arguments in the order of :func:`dlcourse.nn.conv.output_size`,
the same as chapter 03's exercise, so one answer passes both checkers.

``hint(n)`` and ``solution(n)`` reveal a hint and a reference or worked answer of
exercises 1, 3 and 4.
"""

from __future__ import annotations

from dlcourse.exercises.checker import Case, Report, check_function
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch05 as reference

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


SHEET = Sheet("05", [
    Exercise(1, "implement", """
        A Conv2d(c_in, c_out, k) has c_out kernels; each is as deep as its input (c_in) and
        k × k wide, and each has one bias. The Keras network's first layer, 1 -> 32 with 3 × 3
        kernels, has 320.""",
        answer=reference.my_conv_params, check=check_conv_params),
    Exercise(3, "discuss", """
        plot_history draws the training and the test loss per epoch. The epoch after which the
        test loss stops falling is where its minimum is: np.argmin(history.test_loss) gives
        its index, history.epoch[...] the epoch.""",
        worked="""
        For each rung, h = ladder["relu5_decay"] and h.epoch[int(np.argmin(h.test_loss))] is
        the epoch with the lowest test loss. After it the training loss keeps falling while
        the test loss rises again: the network starts to fit its training digits rather than
        digits in general (overfitting), and the gap between the two curves widens. Dropout
        switches off a random quarter of the units at every step, so the network cannot rely
        on any one of them; its training loss falls more slowly, and where it works the
        test loss turns later (or not at all within the run) and the gap stays smaller.
        Read both numbers off your own run: they change with the seed and the machine, which
        is why the chapter does not print them.""",
        ),
    Exercise(4, "discuss", """
        Use the same seed, epochs and recipe for both networks, so that batch norm is the
        only difference. History.test_acc[-1] is the final accuracy and History.seconds[-1]
        the training time, without the evaluations: divide it by the number of epochs.""",
        worked="""
        Run the cell with the # signs removed, then compare no_bn_history with `history`, the
        FastCNN trained earlier in the chapter with the same recipe and seed:
        acc_gain = history.test_acc[-1] - no_bn_history.test_acc[-1] and
        cost = (history.seconds[-1] - no_bn_history.seconds[-1]) / EPOCHS seconds per epoch.
        Batch norm rescales every channel to mean 0 and variance 1 over the batch, so each
        layer sees inputs of a steady size however the earlier layers change; that lets the
        recipe's high one-cycle learning rate train quickly from the first epoch. Without it
        the same rate can make the first epoch unstable, so expect the short three-epoch run
        to end lower; your run says by how much. Its cost is one extra pass over every
        feature map, a small part of the time of the convolutions. Both numbers depend on
        your machine and seed: run it twice with different seeds before you trust a
        difference of a tenth of a percent.""",
        ),
])
hint, solution = SHEET.hint, SHEET.solution
