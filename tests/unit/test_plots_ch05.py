"""Chapter 05 figures: what they draw, and the errors for arrays of the wrong shape."""

import io

import numpy as np
import PIL.Image
import pytest
from matplotlib.figure import Figure

from dlcourse.metrics import confusion_matrix
from dlcourse.plots.base import figure_png
from dlcourse.plots.curves import plot_history, plot_ladder
from dlcourse.plots.mnist import (
    DigitInside,
    plot_confusion,
    plot_digit_inside,
    plot_digits,
    plot_feature_maps,
    plot_filters,
    plot_misclassified,
    plot_probabilities,
)
from dlcourse.train import History


def history(final_acc=0.99):
    return History(epoch=[1, 2, 3], train_loss=[0.5, 0.2, 0.1], train_acc=[0.9, 0.95, 0.97],
                   test_loss=[0.3, 0.1, 0.05], test_acc=[0.95, 0.98, final_acc],
                   lr=[1e-3] * 3, seconds=[1.0, 2.0, 3.0])


def renders(fig):
    fig.savefig(io.BytesIO(), format="png")
    return True


def test_confusion_figure_writes_the_counts():
    fig = plot_confusion(confusion_matrix([0, 1, 1, 9, 9, 9], [0, 1, 7, 9, 9, 4]))
    assert fig.axes[0].get_title() == "4 of 6 right, 2 wrong"
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["1", "1", "1", "1", "2"]
    assert renders(fig)
    colourbar_ticks = fig.axes[1].get_yticks()
    assert len(colourbar_ticks) >= 2 and all(t == int(t) for t in colourbar_ticks)  # counts
    with pytest.raises(ValueError, match=r"counts has shape \(3, 3\) and dtype int64, must be "
                                         r"\(10, 10\) integers"):
        plot_confusion(np.eye(3, dtype=np.int64))


def test_curves_have_train_and_test_lines_and_redraw_in_place():
    fig = plot_history(history(), title="FastCNN")
    loss_ax, acc_ax = fig.axes
    assert [line.get_label() for line in acc_ax.lines] == ["train", "test"]
    np.testing.assert_array_equal(acc_ax.lines[1].get_ydata(), [0.95, 0.98, 0.99])
    assert acc_ax.get_title() == "test accuracy 99.00% (best 99.00%)"
    same = plot_history(history(0.97), axes=fig.axes)
    assert same is fig and len(fig.axes[1].lines) == 2  # cleared, not stacked
    assert fig.axes[1].get_title() == "test accuracy 97.00% (best 98.00%)"
    assert renders(fig)


def test_curves_and_ladder_name_the_set_they_were_evaluated_on():
    acc_ax = plot_history(history(), evaluated_on="validation").axes[1]
    assert [line.get_label() for line in acc_ax.lines] == ["train", "validation"]
    assert acc_ax.get_title() == "validation accuracy 99.00% (best 99.00%)"
    curves, bars = plot_ladder({"cnn": history()}, evaluated_on="validation").axes
    assert curves.get_ylabel() == "validation accuracy"
    assert bars.get_title() == "each rung's final validation accuracy"


def test_ladder_shows_each_rung():
    fig = plot_ladder({"softmax": history(0.92), "cnn": history(0.99)})
    curves, bars = fig.axes
    assert [line.get_label() for line in curves.lines] == ["softmax", "cnn"]
    assert [t.get_text() for t in bars.texts] == [" 92.00%", " 99.00%"]
    assert [t.get_text() for t in bars.get_yticklabels()] == ["softmax", "cnn"]
    with pytest.raises(ValueError, match="histories is empty"):
        plot_ladder({})


def test_digit_grids():
    images = np.random.default_rng(0).random((5, 28, 28))
    fig = plot_digits(images, [1, 2, 3, 4, 5], [1, 2, 8, 4, 5], ncols=3)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["1", "2", "3 → 8", "4", "5"]
    fig = plot_misclassified(images, [1, 2, 3, 4, 5], [7, 2, 8, 4, 5], n=1)
    assert [ax.get_title() for ax in fig.axes if ax.get_title()] == ["1 → 7"]
    assert fig._suptitle.get_text().startswith("1 of the 2 misclassified")
    with pytest.raises(ValueError, match="no misclassified digits"):
        plot_misclassified(images, [1, 2, 3, 4, 5], [1, 2, 3, 4, 5])
    with pytest.raises(ValueError, match=r"images has shape \(28, 28\), must be \(N, H, W\)"):
        plot_digits(images[0], [1])


def test_filters_and_feature_maps():
    fig = plot_filters(np.random.default_rng(0).normal(size=(24, 1, 5, 5)), ncols=8)
    assert sum(bool(ax.images) for ax in fig.axes) == 24
    assert "24 learned 5×5 filters" in fig._suptitle.get_text()
    with pytest.raises(ValueError, match=r"weights has shape \(24, 5, 5\), must be \(C_out, 1"):
        plot_filters(np.zeros((24, 5, 5)))
    maps = [("conv1", np.ones((24, 28, 28))), ("pool1", np.ones((3, 14, 14)))]
    fig = plot_feature_maps(np.zeros((28, 28)), maps, max_channels=4)
    assert len(fig.axes) == 2 * 5
    assert sum(bool(ax.images) for ax in fig.axes) == 2 + 4 + 3  # inputs + 4 + 3 channels
    assert fig.axes[5].get_ylabel() == "pool1\n3×14×14"
    with pytest.raises(ValueError, match=r"feature maps of 'x' have shape \(28, 28\)"):
        plot_feature_maps(np.zeros((28, 28)), [("x", np.zeros((28, 28)))])


def test_probabilities_and_digit_inside():
    probs = np.full(10, 0.02)
    probs[4] = 0.82
    fig = plot_probabilities(probs, true_label=9)
    ax = fig.axes[0]
    assert ax.get_title() == "predicted 4 (82.0%), true 9"
    assert ax.patches[9].get_linewidth() == 1.5
    with pytest.raises(ValueError, match=r"probs has shape \(9,\), must be \(10,\)"):
        plot_probabilities(np.ones(9) / 9)
    fig = plot_digit_inside(np.zeros((28, 28)), [("conv1", np.ones((8, 28, 28)))], probs, 4)
    assert isinstance(fig, Figure) and renders(fig)


def test_digit_inside_redrawn_for_another_digit_looks_like_a_new_figure():
    rng = np.random.default_rng(0)
    digits = [(rng.random((28, 28)), [("conv1", rng.random((8, 28, 28))),
                                      ("pool1", rng.random((5, 14, 14)))],
               rng.dirichlet(np.ones(10)), label) for label in (3, 7)]
    inside = DigitInside(*digits[0], max_channels=6)
    redrawn = pixels(inside.show(*digits[1]))
    assert np.array_equal(redrawn, pixels(plot_digit_inside(*digits[1], max_channels=6)))
    assert not np.array_equal(redrawn, pixels(plot_digit_inside(*digits[0], max_channels=6)))
    image, maps, probs, label = digits[1]
    with pytest.raises(ValueError, match=r"feature maps of shapes \[\(8, 28, 28\)\] cannot "
                                         r"replace \[\(8, 28, 28\), \(5, 14, 14\)\]"):
        inside.show(image, maps[:1], probs, label)


def pixels(fig) -> np.ndarray:
    """The RGBA pixels of ``fig`` as the explorers draw them."""
    return np.asarray(PIL.Image.open(io.BytesIO(figure_png(fig))))
