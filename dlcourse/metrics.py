"""Counting a classifier's mistakes (chapter 05): the confusion matrix and the wrong examples."""

from __future__ import annotations

import numpy as np

from dlcourse.checks import int_labels


def confusion_matrix(y_true, y_pred, n_classes: int = 10) -> np.ndarray:
    """Counts (n_classes, n_classes): row = true class, column = predicted class."""
    y_true = int_labels(y_true, "y_true")
    y_pred = int_labels(y_pred, "y_pred", len(y_true))
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def misclassified(y_true, y_pred) -> np.ndarray:
    """Indices (k,) of the examples whose predicted label differs from the true one, in order."""
    y_true = int_labels(y_true, "y_true")
    y_pred = int_labels(y_pred, "y_pred", len(y_true))
    return np.flatnonzero(y_true != y_pred)
