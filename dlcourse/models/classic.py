"""Classic CNN architectures of seed 001 (chapter 05), and a layer table to compare them.

- :class:`LeNet5` (LeCun et al. 1998): conv 6 -> pool -> conv 16 -> pool -> conv 120 -> 84 -> 10.
- :class:`AlexNet` (Krizhevsky et al. 2012), one tower: 11x11 stride-4 conv, LRN, 62 M parameters.
- :class:`VGG` (Simonyan & Zisserman 2014): only 3x3 convs; halve the size, double the channels.
- :class:`Inception` (GoogLeNet, Szegedy et al. 2014): parallel 1x1/3x3/5x5/pool branches,
  with 1x1 convs that shrink the channels before the expensive 3x3 and 5x5.
- :class:`BasicBlock` (ResNet, He et al. 2015): y = ReLU(F(x) + shortcut(x)).

:func:`summary` lists each layer's output shape and parameter count. Build the
large models under ``with torch.device("meta"):`` to get shapes and counts
without allocating their weights or doing any arithmetic.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import torch
from torch import nn

from dlcourse.checks import one_of, positive_int
from dlcourse.models.cnn import MNISTNet, conv_block
from dlcourse.train import check_model


class LeNet5(MNISTNet):
    """LeNet-5 for MNIST, with tanh and average pooling as in the paper.

    The paper's input is 32 x 32; padding MNIST's 28 x 28 by 2 gives the same shapes::

        (N, 1, 28, 28) C1 conv 6 @ 5x5 pad 2 -> (N, 6, 28, 28) S2 avg-pool -> (N, 6, 14, 14)
        C3 conv 16 @ 5x5 -> (N, 16, 10, 10) S4 avg-pool -> (N, 16, 5, 5)
        C5 conv 120 @ 5x5 -> (N, 120, 1, 1) flatten -> F6 dense 84 -> dense 10

    C3 here connects every S2 map to every C3 map (the paper used a sparse table).
    """

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(OrderedDict(
            c1=nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.Tanh()),  # (N, 6, 28, 28)
            s2=nn.AvgPool2d(2),                                          # (N, 6, 14, 14)
            c3=nn.Sequential(nn.Conv2d(6, 16, 5), nn.Tanh()),            # (N, 16, 10, 10)
            s4=nn.AvgPool2d(2),                                          # (N, 16, 5, 5)
            c5=nn.Sequential(nn.Conv2d(16, 120, 5), nn.Tanh()),          # (N, 120, 1, 1)
        ))
        self.classifier = nn.Sequential(nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))


class AlexNet(nn.Module):
    """AlexNet as one tower: images (N, 3, 227, 227) -> logits (N, 1000).

    ::

        conv 96 @ 11x11 stride 4 -> (N, 96, 55, 55) LRN, max-pool 3 stride 2 -> (N, 96, 27, 27)
        conv 256 @ 5x5 pad 2     -> (N, 256, 27, 27) LRN, max-pool -> (N, 256, 13, 13)
        conv 384, 384, 256 @ 3x3 pad 1 -> (N, 256, 13, 13) max-pool -> (N, 256, 6, 6)
        flatten (N, 9216) -> dense 4096 -> dense 4096 -> dense 1000,
        dropout 0.5 before each of the first two dense layers
    """

    def __init__(self, n_classes: int = 1000):
        super().__init__()
        positive_int(n_classes, "n_classes")

        def lrn():
            return nn.LocalResponseNorm(size=5, alpha=1e-4, beta=0.75, k=2.0)

        self.features = nn.Sequential(
            nn.Conv2d(3, 96, 11, stride=4), nn.ReLU(), lrn(), nn.MaxPool2d(3, stride=2),
            nn.Conv2d(96, 256, 5, padding=2), nn.ReLU(), lrn(), nn.MaxPool2d(3, stride=2),
            nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(),
            nn.Conv2d(384, 384, 3, padding=1), nn.ReLU(),
            nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, stride=2))
        self.classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(),
            nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, n_classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Images (N, 3, 227, 227) -> class scores (N, n_classes)."""
        return self.classifier(self.features(x).flatten(1))  # (N, 256, 6, 6) -> (N, 9216)


VGG_CONFIGS = {  # output channels of each 3x3 conv; "M" = 2x2 max-pool
    11: (64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"),
    13: (64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"),
    16: (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"),
    19: (64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
         512, 512, 512, 512, "M"),
}


class VGG(nn.Module):
    """VGG-11/13/16/19: images (N, 3, 224, 224) -> logits (N, 1000).

    Stacks of 3x3 convs (pad 1, size kept) and 2x2 max-pools (size halved):
    224 -> 112 -> 56 -> 28 -> 14 -> 7, while channels double 64 -> 512;
    then (N, 512 * 7 * 7) -> dense 4096 -> dense 4096 -> dense 1000.
    Two stacked 3x3 convs see a 5x5 patch with 2 * 9 C^2 weights instead of 25 C^2.
    """

    def __init__(self, depth: int = 16, n_classes: int = 1000):
        super().__init__()
        one_of(depth, "depth", VGG_CONFIGS)
        positive_int(n_classes, "n_classes")
        layers, c_in = [], 3
        for item in VGG_CONFIGS[depth]:
            if item == "M":
                layers.append(nn.MaxPool2d(2))
            else:
                layers += [nn.Conv2d(c_in, item, 3, padding=1), nn.ReLU()]
                c_in = item
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5), nn.Linear(4096, n_classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Images (N, 3, 224, 224) -> class scores (N, n_classes)."""
        return self.classifier(self.features(x).flatten(1))  # (N, 512, 7, 7) -> (N, 25088)


class Inception(nn.Module):
    """A GoogLeNet inception block: four branches side by side, concatenated along channels.

    ::

        x (N, c_in, H, W) -> 1x1 conv c1                          -> (N, c1, H, W)
                          -> 1x1 conv c3_reduce -> 3x3 conv c3    -> (N, c3, H, W)
                          -> 1x1 conv c5_reduce -> 5x5 conv c5    -> (N, c5, H, W)
                          -> 3x3 max-pool stride 1 -> 1x1 conv cp -> (N, cp, H, W)
        output (N, c1 + c3 + c5 + cp, H, W)

    The 1x1 "reduce" convs mix channels at each pixel and shrink c_in before the
    3x3 and 5x5 convs, whose cost grows with c_in (seed 001: fewer features, less
    computation). GoogLeNet's block 3a is ``Inception(192, 64, 96, 128, 16, 32, 32)``.
    """

    def __init__(self, c_in: int, c1: int, c3_reduce: int, c3: int, c5_reduce: int, c5: int,
                 cp: int):
        super().__init__()

        def conv(a, b, k):  # 'same' padding keeps H and W in every branch
            return conv_block(a, b, k, padding=k // 2)

        self.branch1 = conv(c_in, c1, 1)
        self.branch3 = nn.Sequential(conv(c_in, c3_reduce, 1), conv(c3_reduce, c3, 3))
        self.branch5 = nn.Sequential(conv(c_in, c5_reduce, 1), conv(c5_reduce, c5, 5))
        self.branch_pool = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), conv(c_in, cp, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, c_in, H, W) -> (N, c1 + c3 + c5 + cp, H, W)."""
        branches = (self.branch1, self.branch3, self.branch5, self.branch_pool)
        return torch.cat([branch(x) for branch in branches], dim=1)


class BasicBlock(nn.Module):
    """A ResNet basic block: y = ReLU(F(x) + shortcut(x)), F = conv3x3-BN-ReLU-conv3x3-BN.

    ``stride`` 2 halves H and W. The shortcut is the identity when the shape is
    kept; otherwise a 1x1 conv with the same stride (+ BN) matches the shape.
    The identity path lets the gradient reach early layers undiminished.
    Shape: (N, c_in, H, W) -> (N, c_out, H / stride, W / stride).
    """

    def __init__(self, c_in: int, c_out: int, stride: int = 1):
        super().__init__()
        positive_int(c_in, "c_in")
        positive_int(c_out, "c_out")
        if stride not in (1, 2):
            raise ValueError(f"stride == {stride!r}, must be 1 or 2.")
        self.residual = nn.Sequential(
            nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(c_out),
            nn.ReLU(),
            nn.Conv2d(c_out, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out))
        self.shortcut = nn.Identity() if stride == 1 and c_in == c_out else nn.Sequential(
            nn.Conv2d(c_in, c_out, 1, stride=stride, bias=False), nn.BatchNorm2d(c_out))
        self.relu = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, c_in, H, W) -> (N, c_out, H / stride, W / stride)."""
        return self.relu(self.residual(x) + self.shortcut(x))


SKIPPED = (nn.ReLU, nn.Tanh, nn.Sigmoid, nn.Dropout, nn.Identity)  # no parameters, shape kept


@dataclass
class Row:
    """One layer in a :class:`Summary`: its dotted name, type, output shape and parameters."""

    name: str
    kind: str
    shape: tuple[int, ...]
    params: int


@dataclass
class Summary:
    """A model's layers in the order they ran, with output shapes and parameter counts."""

    rows: list[Row]
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    total_params: int

    def __repr__(self) -> str:
        lines = [f"{'layer':<22}{'type':<18}{'output shape':<22}{'parameters':>12}"]
        lines += [f"{r.name:<22}{r.kind:<18}{str(r.shape):<22}{r.params:>12,}" for r in self.rows]
        lines.append(f"{'total':<62}{self.total_params:>12,}")
        return "\n".join(lines)


def summary(model: nn.Module, input_shape: tuple[int, ...]) -> Summary:
    """Run ``model`` on an input of ``input_shape`` (N, C, H, W) and list its layers.

    Activations, dropout and identities are left out of the rows (they keep the
    shape and have no parameters). Works on a model built under
    ``with torch.device("meta"):`` — then nothing is allocated or computed.
    """
    check_model(model)
    if not (isinstance(input_shape, tuple) and len(input_shape) == 4
            and all(isinstance(n, int) and n > 0 for n in input_shape)):
        raise ValueError(f"input_shape == {input_shape!r}, must be a tuple (N, C, H, W) of "
                         f"positive ints.")
    rows, hooks = [], []
    for name, module in model.named_modules():
        if next(module.children(), None) is None and not isinstance(module, SKIPPED):
            def record(mod, args, out, name=name):
                rows.append(Row(name, type(mod).__name__, tuple(out.shape),
                                sum(p.numel() for p in mod.parameters())))
            hooks.append(module.register_forward_hook(record))
    device = next(model.parameters()).device
    try:
        with torch.no_grad():
            out = model(torch.zeros(input_shape, device=device))
    finally:
        for hook in hooks:
            hook.remove()
    return Summary(rows, input_shape, tuple(out.shape), sum(p.numel() for p in model.parameters()))
