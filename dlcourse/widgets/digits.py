"""Chapter 05's explorer: pick a test digit, see its feature maps and class probabilities.

    DigitExplorer(model, X_test, y_test)       # in a notebook cell

The compute part (:mod:`dlcourse.models.digit_view`) runs the trained model; the
figure is :class:`dlcourse.plots.mnist.DigitInside` (one figure, redrawn for each
digit); the widget only wires them.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import one_of
from dlcourse.metrics import misclassified
from dlcourse.models.digit_view import inside_digit, predicted_labels
from dlcourse.plots.mnist import DigitInside
from dlcourse.widgets.explorer import Explorer, dropdown, set_range, slider

SUBSETS = {"all test digits": "all", "misclassified only": "wrong"}


class DigitExplorer(Explorer):
    """A slider over test digits (all, or only the misclassified ones) -> what the model sees.

    The slider spans the chosen subset; ``subset`` ("all" or "wrong") is the one shown first.
    """

    def __init__(self, model, images, labels, max_channels: int = 8, subset: str = "all"):
        if len(images) != len(labels) or len(images) == 0:
            raise ValueError(f"images ({len(images)}) and labels ({len(labels)}) must be "
                             f"non-empty and of the same length.")
        one_of(subset, "subset", SUBSETS.values())
        self.model, self.images = model, images
        self.labels = np.asarray(labels.cpu() if hasattr(labels, "cpu") else labels)
        self.subsets = {"all": np.arange(len(images)),
                        "wrong": misclassified(self.labels, predicted_labels(model, images))}
        self.max_channels, self.inside = max_channels, None
        controls = {"subset": dropdown("show", SUBSETS, subset),
                    "position": slider("digit number", 0, 0, len(images) - 1, 1)}
        super().__init__(controls, self.draw, self.fit_slider, columns=2)

    def fit_slider(self, controls: dict, changed: str | None = None) -> None:
        """The position slider spans the chosen subset (one position when it is empty)."""
        chosen = self.subsets[controls["subset"].value]
        set_range(controls["position"], 0, max(len(chosen) - 1, 0))

    def draw(self, subset: str, position: int):
        """The figure for digit number ``position`` of ``subset`` ("all" or "wrong")."""
        chosen = self.subsets[subset]
        if len(chosen) == 0:
            raise ValueError(f"the model classifies all {len(self.labels)} test digits "
                             f"correctly: there is no misclassified digit to show.")
        index = int(chosen[position])
        image, maps, probs = inside_digit(self.model, self.images, index)
        label = int(self.labels[index])
        if self.inside is None:
            self.inside = DigitInside(image, maps, probs, label, self.max_channels)
        fig = self.inside.show(image, maps, probs, label)
        rank = f"misclassified digit {position + 1} of {len(chosen)}: " if subset == "wrong" else ""
        fig.suptitle(f"{rank}test digit {index}")
        return fig
