"""Fixtures shared by the unit tests."""

import pytest
import torch

from dlcourse.models.cnn import FastCNN


@pytest.fixture(scope="module")
def explorer_parts():
    """An untrained FastCNN (eval mode) and 12 random "digits" (12, 1, 28, 28) with labels."""
    torch.manual_seed(0)
    images = torch.rand(12, 1, 28, 28)
    labels = torch.arange(12) % 10
    return FastCNN().eval(), images, labels


@pytest.fixture(scope="session")
def reference_report():
    """``reference_report(module, n)``: exercise n's reference answer checked, once a session
    (chapter 05's exercise 4 trains a CNN: its report serves every test that reads it)."""
    reports = {}

    def report(module, number):
        key = (module.__name__, number)
        if key not in reports:
            reports[key] = module.SHEET[number].check_answer()
        return reports[key]

    return report
