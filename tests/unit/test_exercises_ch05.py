"""Chapter 05's exercises: the recall and receptive-field answers are the models' own numbers;
the build-a-CNN reference passes, the starter and wrong nets fail."""

import pytest
import torch
from torch import nn

from dlcourse.exercises import ch05
from dlcourse.exercises.ch05 import (
    PARAM_BUDGET,
    SHEET,
    check_recall,
    check_receptive_field,
    check_small_cnn,
)
from dlcourse.exercises.solutions.ch05 import my_small_cnn
from dlcourse.models.classic import LeNet5, summary
from dlcourse.models.cnn import FastCNN
from dlcourse.models.ladder import mlp


def failures(report):
    return [line for line in report.lines if line.startswith("✗")]


def test_reference_reaches_the_target_on_the_chapters_validation_set(reference_report):
    assert SHEET[4].answer is my_small_cnn and SHEET[4].check is check_small_cnn
    report = reference_report(ch05, 4)  # trained on the 55,000 / 5,000 split by default
    assert report.passed, report
    assert "13,162 parameters (budget 20,000)" in repr(report)
    assert "validation accuracy" in report.lines[-1] and "on 55,000 digits" in report.lines[-1]


def test_the_starter_fails_with_a_hint():
    report = check_small_cnn(lambda: None)
    assert failures(report) == ["✗ build() returned NoneType, expected a torch.nn.Module — does "
                                "your function end with `return ...`?"]


def test_fast_cnn_is_over_the_budget():
    assert sum(p.numel() for p in FastCNN().parameters()) > PARAM_BUDGET
    assert failures(check_small_cnn(FastCNN)) == ["✗ 215,250 parameters (budget 20,000)"]


def test_a_dense_net_is_not_a_cnn():
    tiny = lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 10))  # noqa: E731
    assert failures(check_small_cnn(tiny)) == ["✗ 0 Conv2d layer(s): a CNN needs at least one"]
    assert not check_small_cnn(lambda: mlp(nn.ReLU)).passed  # and over the budget too


@pytest.mark.parametrize("build, fragment", [
    (lambda: nn.Sequential(nn.Conv2d(1, 4, 3), nn.Flatten()), "-> (2, 2704), expected finite"),
    (lambda: nn.Sequential(nn.Conv2d(1, 4, 3), nn.Linear(3, 10)), "raised RuntimeError"),
    (lambda: 1 / 0, "build() raised ZeroDivisionError: division by zero"),
    ("not a function", "expected a function that builds a model, got str"),
])
def test_broken_builds_are_reported_not_raised(build, fragment):
    report = check_small_cnn(build)
    assert not report.passed and fragment in repr(report), report


def test_recall_answers_are_the_chapters_numbers():
    lenet = summary(LeNet5(), (1, 1, 28, 28))
    c5 = next(row for row in lenet.rows if row.name == "features.c5.0")
    bn = FastCNN().features.pool1[1]
    dense = FastCNN().classifier[0]
    answers = SHEET[1].answer
    assert c5.shape == (1, answers["lenet_c5_channels"], answers["lenet_c5_map_size"], 1)
    assert sum(p.numel() for p in bn.parameters()) == 2 * 24  # γ and β for each of 24 channels
    assert answers["batch_norm_parameters_per_channel"] == 2
    assert dense.in_features == answers["fastcnn_dense_inputs"] == 800
    report = check_recall(**{**answers, "lenet_c5_channels": 16})
    assert failures(report) == ["✗ lenet_c5_channels: 16 is not right. "
                                "(channels of LeNet-5's C5 output)"]


def test_fastcnn_receptive_field_is_what_autograd_sees():
    """The input pixels that reach one conv2 output, found by backpropagating from it.

    A linear stand-in with FastCNN's windows (an average pool in place of the max, all
    weights 1) sends a gradient to every pixel an output depends on.
    """
    features = FastCNN().features
    conv1, pool, conv2 = features.conv1, features.pool1[0], features.conv2
    stand_in = nn.Sequential(nn.Conv2d(1, 1, conv1.kernel_size, conv1.stride, bias=False),
                             nn.AvgPool2d(pool.kernel_size, pool.stride),
                             nn.Conv2d(1, 1, conv2.kernel_size, conv2.stride, bias=False))
    for conv in (stand_in[0], stand_in[2]):
        nn.init.ones_(conv.weight)
    x = torch.zeros(1, 1, 28, 28, requires_grad=True)
    stand_in(x)[0, 0, 4, 4].backward()
    rows, cols = torch.nonzero(x.grad[0, 0], as_tuple=True)
    assert (int(rows.max() - rows.min()) + 1, int(cols.max() - cols.min()) + 1) == (10, 10)
    assert SHEET[3].answer["fastcnn_conv2"] == 10


@pytest.mark.parametrize("answers, wrong", [
    (dict(fastcnn_conv2=30, lenet_c5=32), ["fastcnn_conv2"]),  # the product of the windows
    (dict(fastcnn_conv2=8, lenet_c5=17), ["fastcnn_conv2", "lenet_c5"]),  # strides ignored
    (dict(fastcnn_conv2=10, lenet_c5="32"), ["lenet_c5"]),  # text, not a number
])
def test_wrong_receptive_fields_fail(answers, wrong):
    report = check_receptive_field(**answers)
    assert [line.split(":")[0] for line in failures(report)] == [f"✗ {n}" for n in wrong]
