"""Exercise checks of chapter 05 (a CNN on MNIST): count parameters, predict a shape, build a CNN.

    check_conv_params(conv_params)        # conv_params(c_in, c_out, k) -> int
    check_conv_output_size(output_size)   # output_size(n, f, stride, padding) -> int
    check_small_cnn(build, train, validation)  # build() -> a CNN within PARAM_BUDGET

The cases are layers of the chapter's networks (FastCNN, the Keras CNN, the TF
CNN, LeNet-5, AlexNet, VGG, GoogLeNet's 1x1 convolutions). The output-size
function takes its arguments in the order of :func:`dlcourse.nn.conv.output_size`,
the same as chapter 03's exercise, so one answer passes both checkers.
"""

from __future__ import annotations

import torch
from torch import nn

from dlcourse.exercises.checker import Case, Report, check_function
from dlcourse.models.cnn import FAST_RECIPE
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


def check_conv_params(fn) -> Report:
    """Check ``fn(c_in, c_out, k)``: the parameters of a k x k Conv2d with a bias."""
    return check_function("conv layer parameter count", fn, CONV_PARAM_CASES)


def check_conv_output_size(fn) -> Report:
    """Check ``fn(n, f, stride, padding)``: the output height of a conv or pooling layer."""
    return check_function("conv/pool output size", fn, OUTPUT_SIZE_CASES)


def reference_small_cnn() -> nn.Sequential:
    """A reference answer to the small-CNN exercise: 13,162 parameters, no dense layer at all."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 5), nn.MaxPool2d(2), nn.BatchNorm2d(16), nn.ReLU(),   # (N, 16, 12, 12)
        nn.Conv2d(16, 32, 3), nn.MaxPool2d(2), nn.BatchNorm2d(32), nn.ReLU(),  # (N, 32, 5, 5)
        nn.Conv2d(32, 10, 5), nn.Flatten())  # 5x5 conv on 5x5 maps: (N, 10, 1, 1) -> (N, 10)


def check_small_cnn(build, train=None, validation=None, seed: int = 0) -> Report:
    """Check ``build()``: a CNN for MNIST with at most ``PARAM_BUDGET`` parameters.

    The model must contain a ``Conv2d``, map images (N, 1, 28, 28) to finite scores
    (N, 10) and have at most 20,000 parameters. Given ``train`` and ``validation``
    pairs (images, labels), it is then trained for one epoch with ``FAST_RECIPE``
    (weights seeded with ``seed``) and must reach 98 % on the validation set.
    """
    report = Report("small CNN")
    if not callable(build):
        report.fail(f"expected a function that builds a model, got {type(build).__name__}.")
        return report
    try:
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            model = build()
    except Exception as exc:  # a learner's bug is reported, not raised
        report.fail(f"build() raised {type(exc).__name__}: {exc}")
        return report
    if not isinstance(model, nn.Module):
        hint = " — does your function end with `return ...`?" if model is None else ""
        report.fail(f"build() returned {type(model).__name__}, expected a torch.nn.Module{hint}")
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
    if train is None or validation is None or not report.passed:
        return report
    with torch.random.fork_rng():  # dropout draws from the global generator
        torch.manual_seed(seed)
        history = fit(model.train(), train, validation, epochs=SMALL_CNN_EPOCHS, seed=seed,
                      progress=False, **FAST_RECIPE.fit_kwargs())
    accuracy = history.test_acc[-1]
    (report.ok if accuracy >= TARGET_ACCURACY else report.fail)(
        f"validation accuracy {accuracy:.2%} after {SMALL_CNN_EPOCHS} epoch on "
        f"{len(train[1]):,} digits (target {TARGET_ACCURACY:.0%}) in {history.seconds[-1]:.0f} s")
    return report
