"""Chapter 05 widgets driven without a browser: the digit explorer and the live curves."""

import numpy as np
import pytest
import torch
from torch import nn

from dlcourse.train import History
from dlcourse.widgets.digits import DigitExplorer
from dlcourse.widgets.live import LiveCurves


def test_explorer_redraws_and_explains_a_bad_choice(explorer_parts):
    model, images, labels = explorer_parts
    explorer = DigitExplorer(model, images, labels, max_channels=4)
    assert explorer.renders == 1 and explorer.figure._suptitle.get_text() == "test digit 0"
    explorer.controls["position"].value = 7
    assert explorer.renders == 2 and explorer.figure._suptitle.get_text() == "test digit 7"
    n_wrong = len(explorer.subsets["wrong"])
    assert n_wrong >= 8  # an untrained net gets most of 12 random images wrong
    explorer.controls["position"].value = 11
    explorer.controls["subset"].value = "wrong"
    if n_wrong <= 11:
        assert explorer.figure is None
        assert explorer.message == (f"digit number 11: there are only {n_wrong} misclassified "
                                    f"digits; pick one below {n_wrong}.")
    explorer.controls["position"].value = 0
    first_wrong = int(explorer.subsets["wrong"][0])
    assert explorer.message == ""
    assert explorer.figure._suptitle.get_text() == f"test digit {first_wrong}"


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


def test_live_curves_with_fit_call_it_after_each_evaluation():
    from dlcourse.train import fit

    X, y = torch.rand(40, 1, 28, 28), torch.arange(40) % 10
    live = LiveCurves()
    torch.manual_seed(0)
    fit(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), (X, y), (X, y), epochs=2,
        batch_size=20, evals_per_epoch=2, on_eval=live, progress=False)
    assert live.updates == 4
    assert len(live.figure.axes[0].lines[0].get_xdata()) == 4
