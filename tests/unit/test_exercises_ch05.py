"""Chapter 05's build-a-CNN exercise: the reference passes, the starter and wrong nets fail."""

import pytest
from torch import nn

from dlcourse.data.mnist import as_float_tensors, load_mnist
from dlcourse.data.split import train_validation_split
from dlcourse.exercises.ch05 import PARAM_BUDGET, check_small_cnn, reference_small_cnn
from dlcourse.models.cnn import FastCNN
from dlcourse.models.ladder import mlp


def failures(report):
    return [line for line in report.lines if line.startswith("✗")]


def test_reference_reaches_the_target_on_the_validation_set():
    X, y = as_float_tensors(load_mnist("train"))
    train, validation = train_validation_split((X, y), 5000)
    report = check_small_cnn(reference_small_cnn, train, validation)
    assert report.passed, report
    assert "13,162 parameters (budget 20,000)" in repr(report)
    assert "validation accuracy" in report.lines[-1]


def test_without_data_only_the_build_is_checked():
    report = check_small_cnn(reference_small_cnn)
    assert report.passed and len(report.lines) == 3


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
