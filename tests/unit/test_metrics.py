"""Counting a classifier's mistakes: the confusion matrix and the misclassified examples."""

import numpy as np
import pytest

from dlcourse.metrics import confusion_matrix, misclassified


def test_confusion_matrix_counts():
    counts = confusion_matrix([0, 1, 1, 9, 9, 9], [0, 1, 7, 9, 9, 4])
    assert counts.shape == (10, 10) and counts.sum() == 6 and counts.trace() == 4
    assert counts[1, 7] == 1 and counts[9, 4] == 1 and counts[9, 9] == 2
    with pytest.raises(ValueError, match=r"y_pred has shape \(2,\), must be 1-D with 3 entries"):
        confusion_matrix([1, 2, 3], [1, 2])


def test_confusion_matrix_agrees_with_a_plain_count():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 4, 200), rng.integers(0, 4, 200)
    counts = confusion_matrix(y_true, y_pred, n_classes=4)
    expected = [[np.sum((y_true == t) & (y_pred == p)) for p in range(4)] for t in range(4)]
    np.testing.assert_array_equal(counts, expected)


def test_misclassified_gives_the_wrong_indices_in_order():
    np.testing.assert_array_equal(misclassified([0, 1, 1, 9, 9, 9], [0, 1, 7, 9, 9, 4]), [2, 5])
    assert misclassified([3, 3], [3, 3]).size == 0
    with pytest.raises(ValueError, match=r"y_true has shape \(2, 1\), must be 1-D\."):
        misclassified([[1], [2]], [1, 2])
