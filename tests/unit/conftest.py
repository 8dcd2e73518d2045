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
