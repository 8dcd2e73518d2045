"""The convolutional networks of chapter 05, all for MNIST (N, 1, 28, 28) -> logits (N, 10).

- :class:`FastCNN`: the chapter's default, > 99.3 % in 3 epochs (about 15 s) on a laptop CPU.
- :class:`KerasCNN`: the Keras example of seed 000 (conv32-conv64-pool-dense128),
  with PyTorch's default initialisation or Keras's Xavier-uniform (Glorot) / zero bias.
- :class:`TFCNN`: the TensorFlow tutorial network of seed 003 (5x5 conv32,
  5x5 conv64, fc1024, 'SAME' padding).

Every model has a ``features`` part (an ``nn.Sequential`` of named blocks that
map images to feature maps, looked into by :func:`dlcourse.models.inspect.feature_maps`)
and a ``classifier`` part (flattened features -> 10 class scores). The models
return logits; ``F.cross_entropy`` applies the softmax of the seeds' last layer.
:class:`Recipe` says how each is trained (``FAST_RECIPE``, ``KERAS_RECIPE``).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import asdict, dataclass, field

import torch
from torch import nn

from dlcourse.checks import flag, fraction, one_of, positive_int
from dlcourse.train import check_model


def conv_block(c_in: int, c_out: int, kernel: int, padding: int) -> nn.Sequential:
    """Conv2d + ReLU: (N, c_in, H, W) -> (N, c_out, H + 2p - k + 1, W + 2p - k + 1)."""
    for value, name in ((c_in, "c_in"), (c_out, "c_out"), (kernel, "kernel")):
        positive_int(value, name)
    positive_int(padding, "padding", minimum=0)
    return nn.Sequential(nn.Conv2d(c_in, c_out, kernel, padding=padding), nn.ReLU())


class MNISTNet(nn.Module):
    """``features`` then flatten then ``classifier``; the common shape of this module's nets."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Images (N, 1, 28, 28) -> class scores (N, 10)."""
        x = self.features(x)  # (N, C, H', W')
        return self.classifier(x.flatten(1))  # (N, C * H' * W') -> (N, 10)


class FastCNN(MNISTNet):
    """The chapter's default: two conv blocks with max-pooling and batch-norm, one dense layer.

    ::

        (N, 1, 28, 28) conv 5x5 -> (N, 24, 24, 24) pool, norm, ReLU -> (N, 24, 12, 12)
                       conv 3x3 -> (N, 32, 10, 10) pool, norm, ReLU -> (N, 32, 5, 5)
                       flatten (N, 800) -> dense (N, 256) -> dropout -> (N, 10)

    Three choices make it fast on a CPU without costing accuracy:

    - no padding: the maps shrink (28 -> 24, 12 -> 10), so there are fewer positions to compute;
    - pool *before* batch-norm and ReLU: max-pooling commutes with ReLU (and with
      batch-norm's per-channel scaling when it is positive), so normalising and
      rectifying the pooled maps does the same job on a quarter of the values;
    - channels-last memory layout (N, H, W, C), which the CPU's convolution kernels prefer.

    Parameters
    ----------
    batch_norm : bool, default True
        Normalise each pooled map over the batch (Görner's 99.5 % trick); it lets Adam
        use a large learning rate, which is what makes 3 epochs enough.
    dropout : float in [0, 1), default 0.25
        Fraction of the 256 dense units dropped in training.
    """

    def __init__(self, batch_norm: bool = True, dropout: float = 0.25):
        super().__init__()
        flag(batch_norm, "batch_norm")
        dropout = fraction(dropout, "dropout")

        def pool_norm_relu(channels: int) -> nn.Sequential:
            norm = [nn.BatchNorm2d(channels)] if batch_norm else []
            return nn.Sequential(nn.MaxPool2d(2), *norm, nn.ReLU())

        self.features = nn.Sequential(OrderedDict(
            conv1=nn.Conv2d(1, 24, 5, bias=not batch_norm),   # (N, 24, 24, 24)
            pool1=pool_norm_relu(24),                         # (N, 24, 12, 12)
            conv2=nn.Conv2d(24, 32, 3, bias=not batch_norm),  # (N, 32, 10, 10)
            pool2=pool_norm_relu(32),                         # (N, 32, 5, 5)
        ))
        self.classifier = nn.Sequential(
            nn.Linear(32 * 5 * 5, 256), nn.ReLU(), nn.Dropout(dropout), nn.Linear(256, 10))
        self.to(memory_format=torch.channels_last)  # conv weights stored (C_out, kH, kW, C_in)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Images (N, 1, 28, 28) -> class scores (N, 10), computed in channels-last layout."""
        return super().forward(x.contiguous(memory_format=torch.channels_last))


class KerasCNN(MNISTNet):
    """The Keras MNIST example of seed 000, layer for layer.

    ::

        (N, 1, 28, 28) conv32 3x3 -> (N, 32, 26, 26) conv64 3x3 -> (N, 64, 24, 24)
        max-pool 2x2 -> (N, 64, 12, 12) dropout 0.25 -> flatten (N, 9216)
        dense 128 -> dropout 0.5 -> dense 10

    Parameters
    ----------
    init : {"torch", "keras"}, default "torch"
        ``"torch"`` keeps PyTorch's default (Kaiming-uniform with a = sqrt(5), uniform
        biases); ``"keras"`` uses Keras's defaults, Xavier-uniform (Keras: Glorot-uniform)
        weights U(-a, a) with a = sqrt(6 / (fan_in + fan_out)) and zero biases.
    """

    INITS = ("torch", "keras")

    def __init__(self, init: str = "torch"):
        super().__init__()
        one_of(init, "init", self.INITS)
        self.features = nn.Sequential(OrderedDict(
            conv1=conv_block(1, 32, 3, padding=0),   # (N, 32, 26, 26)
            conv2=conv_block(32, 64, 3, padding=0),  # (N, 64, 24, 24)
            pool=nn.MaxPool2d(2),                    # (N, 64, 12, 12)
            dropout=nn.Dropout(0.25),
        ))
        self.classifier = nn.Sequential(
            nn.Linear(64 * 12 * 12, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
        if init == "keras":
            for module in self.modules():
                if isinstance(module, (nn.Conv2d, nn.Linear)):
                    nn.init.xavier_uniform_(module.weight)
                    nn.init.zeros_(module.bias)


def init_bounds(model: nn.Module) -> list[dict]:
    """Each conv/dense layer's fans and the bound a of its uniform initialisation U(-a, a).

    ``torch``: PyTorch's default, Kaiming-uniform with a = sqrt(5), gives a = 1 / sqrt(fan_in).
    ``xavier``: Keras's default (its "glorot_uniform"), a = sqrt(6 / (fan_in + fan_out)).
    fan_in = C_in * kH * kW (inputs of one output unit), fan_out = C_out * kH * kW.
    """
    rows = []
    for name, module in check_model(model).named_modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            receptive = module.weight[0, 0].numel()  # kH * kW for a conv, 1 for a dense layer
            fan_in = module.weight.shape[1] * receptive
            fan_out = module.weight.shape[0] * receptive
            rows.append({"layer": name, "fan_in": fan_in, "fan_out": fan_out,
                         "torch": 1 / fan_in ** 0.5, "xavier": (6 / (fan_in + fan_out)) ** 0.5})
    return rows


class TFCNN(MNISTNet):
    """The TensorFlow tutorial CNN of seed 003 ('SAME' padding keeps the size through each conv).

    ::

        (N, 1, 28, 28) conv32 5x5 SAME -> (N, 32, 28, 28) pool -> (N, 32, 14, 14)
                       conv64 5x5 SAME -> (N, 64, 14, 14) pool -> (N, 64, 7, 7)
        flatten (N, 3136) -> fc 1024 -> fc 10

    The seed trains it with Adam at lr 1e-4 for 20,000 batches of 50, without
    dropout; 3.2 M of its 3.3 M parameters are in fc1.
    """

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(OrderedDict(
            conv1=conv_block(1, 32, 5, padding=2),   # (N, 32, 28, 28): 'SAME' = pad (5-1)/2
            pool1=nn.MaxPool2d(2),                   # (N, 32, 14, 14)
            conv2=conv_block(32, 64, 5, padding=2),  # (N, 64, 14, 14)
            pool2=nn.MaxPool2d(2),                   # (N, 64, 7, 7)
        ))
        self.classifier = nn.Sequential(nn.Linear(64 * 7 * 7, 1024), nn.ReLU(), nn.Linear(1024, 10))


@dataclass(frozen=True)
class Recipe:
    """How a network is trained: the keyword arguments of :func:`dlcourse.train.fit` that
    belong to the network (the caller picks epochs, seed and device).

    The defaults are :class:`FastCNN`'s recipe, 99.3 % in 3 epochs on full MNIST::

        fit(FastCNN(), train, test, epochs=3, **FAST_RECIPE.fit_kwargs())
    """

    batch_size: int = 256  # big batches use 2 cores well; one-cycle makes up for fewer steps
    optimizer: str = "adam"  # per-weight step sizes: one lr suits conv, batch-norm and dense
    lr: float = 0.01  # one-cycle peak: warm up to it over 30 % of the steps, then anneal
    schedule: str = "one-cycle"  # the warm-up makes the large peak safe, the anneal settles it
    optimizer_options: dict = field(default_factory=dict)  # none: Adam's own defaults serve

    def fit_kwargs(self) -> dict:
        """The fields as keyword arguments of ``fit`` (a fresh dict each call)."""
        return asdict(self)


FAST_RECIPE = Recipe()  # FastCNN
KERAS_RECIPE = Recipe(  # KerasCNN as in seed 000: 12 epochs
    batch_size=128, optimizer="adadelta", lr=1.0, schedule="constant",
    optimizer_options={"rho": 0.95, "eps": 1e-7})  # keras.optimizers.Adadelta()'s defaults
