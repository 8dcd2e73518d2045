"""Schematic diagrams of a network (chapter 05): one box per tensor shape, the layers on the arrows.

Everything is read off the torch model by running one input through it
(:func:`architecture_steps`), so the picture cannot drift from the code:

    plot_architecture(FastCNN(), (1, 1, 28, 28), title="FastCNN")

A box is a stack of feature maps, drawn taller for larger maps and deeper for
more channels (both on a log scale, so that 28 x 28 and 1 x 1 fit side by
side), or a thin bar for a vector. Layers that keep the shape (batch norm,
activations, dropout) join the label of the layer before them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from matplotlib.patches import FancyArrowPatch, Rectangle
from torch import nn

from dlcourse.models.classic import summary
from dlcourse.plots.base import figure_and_axes
from dlcourse.train import check_model, eval_mode

MAP_FILL, VECTOR_FILL, EDGE = "#c6dbef", "#fdd0a2", "#08519c"  # feature maps, vectors, outlines
SHAPE_KEEPING = (nn.BatchNorm2d, nn.ReLU, nn.Tanh, nn.Sigmoid, nn.Dropout)  # joined to the layer
NAMES = {nn.BatchNorm2d: "batch norm", nn.ReLU: "ReLU", nn.Tanh: "tanh", nn.Sigmoid: "sigmoid",
         nn.Dropout: "dropout", nn.Linear: "dense", nn.Flatten: "flatten"}


@dataclass
class Step:
    """One arrow of the diagram: the layers it stands for, the shape they give, their parameters."""

    layers: list[str]
    shape: tuple[int, ...]  # without the batch dimension: (C, H, W) or (features,)
    params: int


def layer_label(module: nn.Module) -> str:
    """A short name for one layer: 'conv 5×5', 'max-pool 2×2', 'conv 5×5 pad 2, stride 2' ..."""
    if isinstance(module, nn.Conv2d):
        k = module.kernel_size
        text = f"conv {k[0]}×{k[1]}"
        padding = module.padding  # a tuple (p, p), or the string 'same' or 'valid'
        if isinstance(padding, str):
            text += f" {padding!r}" if padding != "valid" else ""
        elif padding[0]:
            text += f" pad {padding[0]}"
        if module.stride[0] > 1:
            text += f", stride {module.stride[0]}"
        return text
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        k = module.kernel_size if isinstance(module.kernel_size, int) else module.kernel_size[0]
        kind = "max" if isinstance(module, nn.MaxPool2d) else "avg"
        return f"{kind}-pool {k}×{k}"
    for kind, name in NAMES.items():
        if isinstance(module, kind):
            return name
    return type(module).__name__


def shape_label(shape: tuple[int, ...]) -> str:
    """'24 @ 12×12' for feature maps (C, H, W), '256' for a vector (n,)."""
    if len(shape) == 3:
        return f"{shape[0]} @ {shape[1]}×{shape[2]}"
    return f"{shape[0]:,}"


def architecture_steps(model: nn.Module, input_shape: tuple[int, ...]) -> list[Step]:
    """The steps of ``model`` on a batch of ``input_shape`` (1, C, H, W), in the order they ran.

    Runs the model once (hooks on every leaf module, the same ones
    :func:`dlcourse.models.classic.summary` uses); a layer that changes the
    shape starts a step, one that keeps it joins the current step. A model that
    flattens in ``forward`` gets a step ``flatten`` before its first dense layer.
    """
    check_model(model)
    table = summary(model, input_shape)  # checks input_shape; its rows give the parameters
    params = {row.name: row.params for row in table.rows}
    ran: list[tuple[str, nn.Module, tuple[int, ...]]] = []
    hooks = [module.register_forward_hook(
        lambda mod, args, out, name=name: ran.append((name, mod, tuple(out.shape[1:]))))
        for name, module in model.named_modules() if next(module.children(), None) is None]
    try:
        with eval_mode(model) as device:  # dropout off, batch norm's running statistics
            model(torch.zeros(input_shape, device=device))
    finally:
        for hook in hooks:
            hook.remove()
    steps: list[Step] = []
    shape = tuple(input_shape[1:])
    for name, module, out_shape in ran:
        if isinstance(module, nn.Linear) and len(shape) > 1:  # flattened inside forward
            shape = (math.prod(shape),)
            steps.append(Step(["flatten"], shape, 0))
        if steps and isinstance(module, SHAPE_KEEPING) and out_shape == shape:
            steps[-1].layers.append(layer_label(module))
            steps[-1].params += params.get(name, 0)
        else:
            steps.append(Step([layer_label(module)], out_shape, params.get(name, 0)))
        shape = out_shape
    return steps


def _box_size(shape: tuple[int, ...]) -> tuple[float, float, float]:
    """(width, height, depth) of a tensor's box: map size and channel count on log scales."""
    if len(shape) == 3:  # x is in units of the distance between boxes, y in its own units
        return 0.16, 0.6 + 0.5 * math.log2(shape[1]), 0.03 + 0.022 * math.log2(shape[0])
    return 0.06, 0.6 + 0.3 * math.log2(shape[0]), 0.0


def _half_extent(shape: tuple[int, ...]) -> float:
    """How far a tensor's drawing reaches left or right of its centre."""
    width, _, depth = _box_size(shape)
    return width / 2 + depth / 2


def _draw_tensor(ax, x: float, shape: tuple[int, ...]) -> None:
    """Draw one tensor centred at ``x``: a stack of maps seen at an angle, or a thin bar."""
    width, height, depth = _box_size(shape)
    sheets = 1 if len(shape) == 1 else min(6, 1 + round(math.log2(shape[0])))
    for i in range(sheets):
        shift = depth * (i / max(sheets - 1, 1) - 0.5)  # back sheets up and to the right
        ax.add_patch(Rectangle((x - width / 2 + shift, -height / 2 + 4 * shift), width, height,
                               facecolor=VECTOR_FILL if len(shape) == 1 else MAP_FILL,
                               edgecolor=EDGE, linewidth=0.8))


def plot_architecture(model: nn.Module, input_shape: tuple[int, ...], title: str = "", ax=None):
    """Draw ``model`` as boxes (tensor shapes) joined by arrows (the layers between them).

    Parameters
    ----------
    model : nn.Module
        Any model that maps a batch of ``input_shape`` to logits.
    input_shape : tuple (1, C, H, W)
        The shape of one input batch.
    title : str
        Axes title; the total parameter count is added to it.
    ax : Axes, optional
        Where to draw; a new wide figure by default.

    Returns
    -------
    Figure
        Under each box its shape (C @ H×W, or n for a vector); above each arrow the
        layers it stands for; below it their parameter count.
    """
    steps = architecture_steps(model, input_shape)
    shapes = [tuple(input_shape[1:])] + [s.shape for s in steps]
    fig, ax = figure_and_axes(ax, figsize=(1.3 * len(shapes), 3.4))
    top = max(_box_size(s)[1] / 2 + 2 * _box_size(s)[2] for s in shapes)
    for i, shape in enumerate(shapes):
        _draw_tensor(ax, i, shape)
        ax.text(i, -top - 0.3, shape_label(shape), ha="center", va="top", fontsize=9,
                fontweight="bold" if i in (0, len(shapes) - 1) else "normal", gid="shape")
    for i, step in enumerate(steps):
        left, right = i + _half_extent(shapes[i]) + 0.04, i + 1 - _half_extent(shapes[i + 1]) - 0.06
        ax.add_patch(FancyArrowPatch((left, 0), (right, 0), arrowstyle="-|>", mutation_scale=11,
                                     color="0.35", linewidth=1.1, zorder=3))
        ax.text((left + right) / 2, 0.2, "\n".join(step.layers), ha="center", va="bottom",
                fontsize=8, linespacing=1.15, zorder=4)
        if step.params:
            ax.text((left + right) / 2, -0.2, f"{step.params:,}", ha="center", va="top",
                    fontsize=9, color="0.4", zorder=4)
    total = sum(s.params for s in steps)
    ax.set_title(f"{title + ': ' if title else ''}{total:,} parameters "
                 f"(grey: per layer); boxes: channels @ height×width", fontsize=10)
    ax.set_xlim(-0.5, len(shapes) - 0.5)
    ax.set_ylim(-top - 0.9, top + 0.1)
    ax.axis("off")
    return fig
