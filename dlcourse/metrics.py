"""Counting a classifier's mistakes (chapter 05): the confusion matrix and the wrong examples."""

from __future__ import annotations

import numpy as np

from dlcourse.checks import int_labels, positive_int


def confusion_matrix(y_true, y_pred, n_classes: int = 10) -> np.ndarray:
    """Counts (n_classes, n_classes): row = true class, column = predicted class."""
    y_true = int_labels(y_true, "y_true")
    y_pred = int_labels(y_pred, "y_pred", len(y_true))
    n_classes = positive_int(n_classes, "n_classes")
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if y.size and not (0 <= y.min() and y.max() < n_classes):
            raise ValueError(f"{name} holds labels from {y.min()} to {y.max()}, must be in "
                             f"[0, {n_classes - 1}] for n_classes == {n_classes}.")
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def misclassified(y_true, y_pred) -> np.ndarray:
    """Indices (k,) of the examples whose predicted label differs from the true one, in order."""
    y_true = int_labels(y_true, "y_true")
    y_pred = int_labels(y_pred, "y_pred", len(y_true))
    return np.flatnonzero(y_true != y_pred)
