"""Chapter 05 widgets driven without a browser: the digit explorer and the live curves."""

import re

import numpy as np
import pytest
import torch
from torch import nn

from dlcourse.models.digit_view import predicted_labels
from dlcourse.train import History
from dlcourse.widgets.digits import DigitExplorer
from dlcourse.widgets.live import LiveCurves


def title(explorer):
    return explorer.figure._suptitle.get_text()


def test_explorer_slider_spans_the_chosen_subset(explorer_parts):
    model, images, labels = explorer_parts
    explorer = DigitExplorer(model, images, labels, max_channels=4)
    position = explorer.controls["position"]
    assert explorer.renders == 1 and title(explorer) == "test digit 0"
    assert (position.min, position.max) == (0, 11)
    position.value = 11
    assert explorer.renders == 2 and title(explorer) == "test digit 11"
    wrong = explorer.subsets["wrong"]
    assert 3 <= len(wrong) <= 11  # an untrained net gets most, not all, of 12 random images wrong
    explorer.controls["subset"].value = "wrong"  # position 11 is clamped to the last wrong one
    assert (position.min, position.max, position.value) == (0, len(wrong) - 1, len(wrong) - 1)
    assert explorer.renders == 3 and explorer.message == ""
    assert title(explorer) == (f"misclassified digit {len(wrong)} of {len(wrong)}: "
                               f"test digit {wrong[-1]}")
    for k in reversed(range(len(wrong))):  # every position of the slider shows a digit
        position.value = k
        assert title(explorer) == f"misclassified digit {k + 1} of {len(wrong)}: test digit " \
                                  f"{wrong[k]}"
    explorer.controls["subset"].value = "all"
    assert (position.max, position.value) == (11, 0) and title(explorer) == "test digit 0"
    assert explorer.renders == 3 + len(wrong)  # one picture per change


def test_explorer_starts_on_a_subset_and_explains_an_empty_one(explorer_parts):
    model, images, labels = explorer_parts
    explorer = DigitExplorer(model, images, labels, subset="wrong")
    assert explorer.controls["position"].max == len(explorer.subsets["wrong"]) - 1
    assert title(explorer).startswith("misclassified digit 1 of ")
    right = predicted_labels(model, images)  # labels the model gets all right
    explorer = DigitExplorer(model, images, right, subset="wrong")
    assert explorer.controls["position"].max == 0 and explorer.figure is None
    assert explorer.message == ("the model classifies all 12 test digits correctly: there is "
                                "no misclassified digit to show.")
    explorer.controls["subset"].value = "all"
    assert explorer.message == "" and explorer.controls["position"].max == 11
    with pytest.raises(ValueError, match=re.escape(
            "subset == 'misclassified', must be one of ('all', 'wrong')")):
        DigitExplorer(model, images, labels, subset="misclassified")


def test_explorer_needs_matching_images_and_labels(explorer_parts):
    model, images, labels = explorer_parts
    with pytest.raises(ValueError, match=r"images \(12\) and labels \(5\) must be"):
        DigitExplorer(model, images, labels[:5])


def test_live_curves_redraw_one_figure():
    live = LiveCurves("tiny")
    history = History()
    for epoch in (1, 2):
        for key in ("train_loss", "test_loss"):
            getattr(history, key).append(1.0 / epoch)
        for key in ("train_acc", "test_acc"):
            getattr(history, key).append(0.5 + 0.2 * epoch)
        history.epoch.append(epoch)
        live(history)
    assert live.updates == 2
    acc_ax = live.figure.axes[1]
    assert len(acc_ax.lines) == 2  # redrawn, not stacked
    np.testing.assert_allclose(acc_ax.lines[1].get_ydata(), [0.7, 0.9])
    assert live.figure._suptitle.get_text() == "tiny"
    on_validation = LiveCurves(evaluated_on="validation")
    on_validation(history)
    assert on_validation.figure.axes[1].lines[1].get_label() == "validation"


def test_live_curves_with_fit_call_it_after_each_evaluation():
    from dlcourse.train import fit

    X, y = torch.rand(40, 1, 28, 28), torch.arange(40) % 10
    live = LiveCurves()
    torch.manual_seed(0)
    fit(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), (X, y), (X, y), epochs=2,
        batch_size=20, evals_per_epoch=2, on_eval=live, progress=False)
    assert live.updates == 4
    assert len(live.figure.axes[0].lines[0].get_xdata()) == 4
