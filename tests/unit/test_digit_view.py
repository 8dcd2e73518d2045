"""What a network makes of test digits, computed without the widget (chapter 05)."""

import numpy as np
import pytest
import torch
from torch import nn

from dlcourse.models.digit_view import inside_digit, predicted_labels


def test_inside_digit(explorer_parts):
    model, images, _ = explorer_parts
    image, maps, probs = inside_digit(model, images, 3)
    np.testing.assert_array_equal(image, images[3, 0].numpy())
    assert [name for name, _ in maps] == ["conv1", "pool1", "conv2", "pool2"]
    assert probs.shape == (10,) and probs.sum() == pytest.approx(1, abs=1e-5)
    with pytest.raises(ValueError, match=r"index == 12, must be in 0..11"):
        inside_digit(model, images, 12)


def test_predicted_labels_are_the_argmax_of_the_logits():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3))
    images = torch.rand(7, 1, 2, 2)
    with torch.no_grad():
        expected = model(images).argmax(dim=1).numpy()
    predicted = predicted_labels(model, images)
    assert predicted.shape == (7,) and predicted.dtype.kind == "i"
    np.testing.assert_array_equal(predicted, expected)
