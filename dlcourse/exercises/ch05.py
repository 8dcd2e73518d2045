"""Exercise checks of chapter 05 (a CNN on MNIST): recall, count parameters, derive a receptive
field, predict a shape, build a CNN.

    check_recall(**answers)               # five facts of the chapter, one keyword each
    check_conv_params(conv_params)        # conv_params(c_in, c_out, k) -> int
    check_receptive_field(fastcnn_conv2=..., lenet_c5=...)  # pixels seen, along one axis
    check_conv_output_size(output_size)   # output_size(n, f, stride, padding) -> int
    check_small_cnn(build, train, validation)  # build() -> a CNN within PARAM_BUDGET

The cases are layers of the chapter's networks (FastCNN, the Keras CNN, the TF
CNN, LeNet-5, AlexNet, VGG, GoogLeNet's 1x1 convolutions). The output-size
function takes its arguments in the order of :func:`dlcourse.nn.conv.output_size`,
the same as chapter 03's exercise, so one answer passes both checkers.

``hint(n)`` and ``solution(n)`` reveal a hint and a reference or worked answer of
exercises 1 to 6.
"""

from __future__ import annotations

import torch
from torch import nn

from dlcourse.data.mnist import as_float_tensors, load_mnist
from dlcourse.data.split import train_validation_split
from dlcourse.exercises.checker import (
    Case,
    Question,
    Report,
    built_model,
    check_answers,
    check_function,
)
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch05 as reference
from dlcourse.models.cnn import FAST_RECIPE
from dlcourse.nn.windows import receptive_field
from dlcourse.train import fit

PARAM_BUDGET = 20_000  # a tenth of FastCNN's 215,250: the dense layer must stay small
TARGET_ACCURACY = 0.98  # on the validation set after SMALL_CNN_EPOCHS
SMALL_CNN_EPOCHS = 1

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


RECALL = (
    Question("batch_norm_parameters_per_channel", 2.0,
             "learned parameters of batch normalisation per channel"),
    Question("lenet_c5_channels", 120.0, "channels of LeNet-5's C5 output"),
    Question("lenet_c5_map_size", 1.0,
             "height of LeNet-5's C5 output maps (their width is the same)"),
    Question("fastcnn_dense_inputs", 800.0, "features FastCNN's first dense layer reads"),
    Question("validation_digits", 5000.0, "training digits held out for validation"),
)

# (window, stride) along one axis, input side first; padding does not change the field's size
FASTCNN_WINDOWS = ((5, 1), (2, 2), (3, 1))  # conv1 5 x 5, pool1 2 x 2, conv2 3 x 3
LENET_WINDOWS = ((5, 1), (2, 2), (5, 1), (2, 2), (5, 1))  # C1, S2, C3, S4, C5


def check_recall(**answers) -> Report:
    """Five facts of the chapter, one keyword each (see :data:`RECALL`)."""
    return check_answers("recall", RECALL, answers)


def check_receptive_field(fastcnn_conv2=None, lenet_c5=None) -> Report:
    """The input pixels (along one axis) seen by one output of FastCNN's conv2 and LeNet-5's C5."""
    questions = (
        Question("fastcnn_conv2", float(receptive_field(FASTCNN_WINDOWS)[-1]),
                 "FastCNN: conv1 5 × 5, 2 × 2 pool, conv2 3 × 3"),
        Question("lenet_c5", float(receptive_field(LENET_WINDOWS)[-1]),
                 "LeNet-5: C1 5 × 5, S2 2 × 2, C3 5 × 5, S4 2 × 2, C5 5 × 5"),
    )
    return check_answers("receptive field", questions,
                         {"fastcnn_conv2": fastcnn_conv2, "lenet_c5": lenet_c5})


def check_conv_params(fn) -> Report:
    """Check ``fn(c_in, c_out, k)``: the parameters of a k x k Conv2d with a bias."""
    return check_function("conv layer parameter count", fn, CONV_PARAM_CASES)


def check_conv_output_size(fn) -> Report:
    """Check ``fn(n, f, stride, padding)``: the output height of a conv or pooling layer."""
    return check_function("conv/pool output size", fn, OUTPUT_SIZE_CASES)


def check_small_cnn(build, train=None, validation=None, seed: int = 0) -> Report:
    """Check ``build()``: a CNN for MNIST with at most ``PARAM_BUDGET`` parameters.

    The model must contain a ``Conv2d``, map images (N, 1, 28, 28) to finite scores
    (N, 10) and have at most 20,000 parameters. It is then trained for one epoch with
    ``FAST_RECIPE`` (weights seeded with ``seed``) on ``train`` and must reach 98 % on
    ``validation``: pairs (images, labels), by default the chapter's 55,000 / 5,000 split.
    """
    report = Report("small CNN")
    model = built_model(build, report, seed)
    if model is None:
        return report
    convs = sum(isinstance(m, nn.Conv2d) for m in model.modules())
    (report.ok if convs else report.fail)(f"{convs} Conv2d layer(s)"
                                          + ("" if convs else ": a CNN needs at least one"))
    n_params = sum(p.numel() for p in model.parameters())
    (report.ok if n_params <= PARAM_BUDGET else report.fail)(
        f"{n_params:,} parameters (budget {PARAM_BUDGET:,})")
    try:
        with torch.no_grad():
            scores = model.eval()(torch.zeros(2, 1, 28, 28))
    except Exception as exc:
        report.fail(f"on images (2, 1, 28, 28) the model raised {type(exc).__name__}: {exc}")
        return report
    shape = tuple(scores.shape) if isinstance(scores, torch.Tensor) else type(scores).__name__
    if shape != (2, 10) or not torch.isfinite(scores).all():
        report.fail(f"images (2, 1, 28, 28) -> {shape}, expected finite scores (2, 10)")
        return report
    report.ok("images (2, 1, 28, 28) -> scores (2, 10)")
    if not report.passed:
        return report
    if train is None or validation is None:
        train, validation = train_validation_split(as_float_tensors(load_mnist("train")), 5000)
    with torch.random.fork_rng():  # dropout draws from the global generator
        torch.manual_seed(seed)
        history = fit(model.train(), train, validation, epochs=SMALL_CNN_EPOCHS, seed=seed,
                      progress=False, **FAST_RECIPE.fit_kwargs())
    accuracy = history.test_acc[-1]
    (report.ok if accuracy >= TARGET_ACCURACY else report.fail)(
        f"validation accuracy {accuracy:.2%} after {SMALL_CNN_EPOCHS} epoch on "
        f"{len(train[1]):,} digits (target {TARGET_ACCURACY:.0%}) in {history.seconds[-1]:.0f} s")
    return report

SHEET = Sheet("05", [
    Exercise(1, "recall", """
        Section 3 says what batch norm learns and how many features FastCNN's dense layer
        reads; section 7's table gives LeNet-5's C5; section 1 the split.""",
        answer=dict(batch_norm_parameters_per_channel=2, lenet_c5_channels=120,
                    lenet_c5_map_size=1, fastcnn_dense_inputs=800, validation_digits=5000),
        worked="""
        Batch norm learns a scale γ and a shift β per channel. C5 has 120 filters of 5 × 5 on
        S4's 5 × 5 maps, so each gives one number: (120, 1, 1). FastCNN's last pooled maps are
        32 @ 5 × 5 = 800 features. 5,000 of the 60,000 training digits are held out.""",
        check=check_recall),
    Exercise(2, "implement", """
        A Conv2d(c_in, c_out, k) has c_out kernels; each is as deep as its input (c_in) and
        k × k wide, and each has one bias. The Keras network's first layer, 1 -> 32 with 3 × 3
        kernels, has 320.""",
        answer=reference.my_conv_params, check=check_conv_params),
    Exercise(3, "derive", """
        Chapter 03's rule, layer by layer from the input: r grows by (k − 1) · J, where J is
        the product of the strides before the layer (r = J = 1 at the input). A 2 × 2 pooling
        window with stride 2 is a layer with k = 2, s = 2.""",
        answer=dict(fastcnn_conv2=10, lenet_c5=32),
        worked="""
        FastCNN: conv1 gives r = 5; the pool adds (2 − 1) · 1 = 1, so 6, and J becomes 2;
        conv2 adds (3 − 1) · 2 = 4: 10 × 10 pixels. LeNet-5: 5, 6 (J = 2), 6 + 4 · 2 = 14,
        14 + 1 · 2 = 16 (J = 4), 16 + 4 · 4 = 32: C5 sees a 32 × 32 window, the whole digit
        with C1's padding of 2, which is why LeNet-5's input was 32 × 32.""",
        check=check_receptive_field),
    Exercise(4, "experiment", """
        FastCNN spends 205,056 of its parameters in the dense layer that reads its 800
        features. Fewer channels, or a last 5 × 5 convolution with 10 filters that turns
        5 × 5 maps into 10 scores, keep a network small; keep batch norm, which makes the
        recipe's large learning rate safe.""",
        answer=reference.my_small_cnn, check=check_small_cnn),
    Exercise(5, "discuss", """
        plot_history draws the training and the validation loss per epoch (History keeps
        the loss of the set fit evaluated on, here the validation set, in test_loss). The
        epoch after which it stops falling is where its minimum is:
        np.argmin(history.test_loss) gives its index, history.epoch[...] the epoch.""",
        worked="""
        For each rung, h = ladder["relu5_decay"] and h.epoch[int(np.argmin(h.test_loss))] is the
        epoch with the lowest validation loss. After it the training loss keeps falling while
        the validation loss rises again: the network starts to fit its training digits rather
        than digits in general (overfitting), and the gap between the two curves widens. Dropout
        switches off a random quarter of the units at every step, so the network cannot rely on
        any one of them; its training loss falls more slowly, and where it works the validation
        loss turns later (or not at all within the run) and the gap stays smaller. Read both
        numbers off your own run: they change with the seed and the machine, which is why the
        chapter does not print them.""",
        ),
    Exercise(6, "discuss", """
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
