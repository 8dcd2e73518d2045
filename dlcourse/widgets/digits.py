"""Chapter 05's explorer: pick a test digit, see its feature maps and class probabilities.

    DigitExplorer(model, X_test, y_test)       # in a notebook cell

The compute part (:func:`inside_digit`) runs the trained model; the figure is
:func:`dlcourse.plots.training.plot_digit_inside`; the widget only wires them.
"""

from __future__ import annotations

import numpy as np

from dlcourse.models.inspect import feature_maps
from dlcourse.plots.training import plot_digit_inside
from dlcourse.train import predict_proba
from dlcourse.widgets.explorer import Explorer, dropdown, slider

SUBSETS = {"all test digits": "all", "misclassified only": "wrong"}


def inside_digit(model, images, index: int):
    """Image (H, W), feature maps [(block, (C, H', W'))] and probabilities (10,) of one digit.

    ``images`` is a tensor (N, 1, 28, 28); ``index`` picks one of them.
    """
    if not 0 <= index < len(images):
        raise ValueError(f"index == {index}, must be in 0..{len(images) - 1}.")
    image = images[index]  # (1, 28, 28)
    probs = predict_proba(model, image.unsqueeze(0))[0].numpy()  # (1, 10) -> (10,)
    return image[0].cpu().numpy(), feature_maps(model, image), probs


class DigitExplorer(Explorer):
    """A slider over test digits (all, or only the misclassified ones) -> what the model sees."""

    def __init__(self, model, images, labels, max_channels: int = 8):
        if len(images) != len(labels) or len(images) == 0:
            raise ValueError(f"images ({len(images)}) and labels ({len(labels)}) must be "
                             f"non-empty and of the same length.")
        self.model, self.images = model, images
        self.labels = np.asarray(labels.cpu() if hasattr(labels, "cpu") else labels)
        predicted = predict_proba(model, images).argmax(dim=1).numpy()
        self.subsets = {"all": np.arange(len(images)),
                        "wrong": np.flatnonzero(predicted != self.labels)}
        self.max_channels = max_channels
        controls = {"subset": dropdown("show", SUBSETS),
                    "position": slider("digit number", 0, 0, len(images) - 1, 1)}
        super().__init__(controls, self.draw, height="470px", columns=2)

    def draw(self, subset: str, position: int):
        """The figure for digit number ``position`` of ``subset`` ("all" or "wrong")."""
        chosen = self.subsets[subset]
        if position >= len(chosen):
            raise ValueError(f"digit number {position}: there are only {len(chosen)} "
                             f"misclassified digits; pick one below {len(chosen)}.")
        index = int(chosen[position])
        image, maps, probs = inside_digit(self.model, self.images, index)
        fig = plot_digit_inside(image, maps, probs, int(self.labels[index]), self.max_channels)
        fig.suptitle(f"test digit {index}")
        return fig
