"""Chapter 05's build-a-CNN exercise: the reference passes, the starter and wrong nets fail."""

import pytest
from torch import nn

from dlcourse.exercises.ch05 import PARAM_BUDGET, check_small_cnn
from dlcourse.exercises.solutions.ch05 import my_small_cnn
from dlcourse.models.cnn import FastCNN
from dlcourse.models.ladder import mlp


def failures(report):
    return [line for line in report.lines if line.startswith("✗")]


def test_reference_reaches_the_target_on_the_chapters_validation_set():
    report = check_small_cnn(my_small_cnn)  # trained on the 55,000 / 5,000 split by default
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
