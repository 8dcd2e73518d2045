"""The architecture diagrams: every label is read off the torch model, never typed by hand."""

import io

import pytest
import torch
from torch import nn

from dlcourse.models.classic import LeNet5
from dlcourse.models.cnn import FastCNN
from dlcourse.plots.architecture import architecture_steps, plot_architecture, shape_label


def shapes_by_running(model, x):
    """The shape after each block of ``model.features`` and each layer of its classifier,
    found by running ``x`` through them one at a time (independently of the diagram's hooks)."""
    shapes = [tuple(x.shape[1:])]
    with torch.no_grad():
        model.eval()
        for block in model.features:
            x = block(x)
            shapes.append(tuple(x.shape[1:]))
        x = x.flatten(1)
        shapes.append(tuple(x.shape[1:]))
        for layer in model.classifier:
            x = layer(x)
            if tuple(x.shape[1:]) != shapes[-1]:
                shapes.append(tuple(x.shape[1:]))
    return shapes


@pytest.mark.parametrize("build", [FastCNN, LeNet5], ids=["FastCNN", "LeNet5"])
def test_box_labels_are_the_shapes_the_model_computes(build):
    model = build()
    x = torch.zeros(1, 1, 28, 28)
    fig = plot_architecture(model, (1, 1, 28, 28), title=build.__name__)
    expected = [shape_label(s) for s in shapes_by_running(model, x)]
    assert [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "shape"] == expected
    fig.savefig(io.BytesIO(), format="png")


@pytest.mark.parametrize("build", [FastCNN, LeNet5], ids=["FastCNN", "LeNet5"])
def test_parameters_on_the_arrows_add_up_to_the_model(build):
    model = build()
    steps = architecture_steps(model, (1, 1, 28, 28))
    total = sum(p.numel() for p in model.parameters())
    assert sum(step.params for step in steps) == total
    title = plot_architecture(model, (1, 1, 28, 28), title="net").axes[0].get_title()
    assert title.startswith(f"net: {total:,} parameters")


def test_fast_cnn_steps_name_its_layers_and_fold_the_shape_keeping_ones():
    steps = architecture_steps(FastCNN(), (1, 1, 28, 28))
    assert [step.layers for step in steps] == [
        ["conv 5×5"], ["max-pool 2×2", "batch norm", "ReLU"], ["conv 3×3"],
        ["max-pool 2×2", "batch norm", "ReLU"], ["flatten"], ["dense", "ReLU", "dropout"],
        ["dense"]]
    conv1 = FastCNN().features.conv1
    assert steps[0].params == conv1.weight.numel()  # no bias: batch norm follows


def test_lenet5_first_layer_shows_its_padding_and_the_c5_maps_are_1x1():
    steps = architecture_steps(LeNet5(), (1, 1, 28, 28))
    assert steps[0].layers == ["conv 5×5 pad 2", "tanh"] and steps[0].shape == (6, 28, 28)
    assert steps[4].shape == (120, 1, 1) and steps[4].params == 120 * (16 * 25 + 1)


def test_strided_conv_is_labelled_with_its_stride():
    net = nn.Sequential(nn.Conv2d(1, 4, 3, stride=2), nn.Flatten(), nn.Linear(4 * 13 * 13, 10))
    steps = architecture_steps(net, (1, 1, 28, 28))
    assert [s.layers for s in steps] == [["conv 3×3, stride 2"], ["flatten"], ["dense"]]
    assert [s.shape for s in steps] == [(4, 13, 13), (676,), (10,)]


def test_the_model_keeps_its_training_mode():
    model = FastCNN().train()
    architecture_steps(model, (1, 1, 28, 28))
    assert model.training


def test_not_a_model_is_refused():
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got str"):
        architecture_steps("FastCNN", (1, 1, 28, 28))
    with pytest.raises(ValueError, match=r"input_shape == \(28, 28\)"):
        architecture_steps(FastCNN(), (28, 28))
