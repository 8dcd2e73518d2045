"""One training loop for every PyTorch model of the course (chapter 05 onwards).

The data are in-memory tensors: ``images`` (N, C, H, W) float32 and ``labels``
(N,) int64, as :func:`dlcourse.data.mnist.as_float_tensors` returns them. Each
epoch is a random permutation from a seeded :class:`torch.Generator`, sliced
by hand into batches: no ``DataLoader`` worker processes, which only slow a
2-core machine down (see NOTES: 5.1 s with 0 workers, 6.6-7.6 s with 1-2).

    history = fit(model, (X_train, y_train), (X_test, y_test), epochs=3,
                  lr=3e-3, schedule="one-cycle", seed=0)
    history.test_acc[-1]        # test accuracy after the last epoch

``fit`` evaluates ``evals_per_epoch`` times per epoch; each evaluation adds a
row to the :class:`History` and calls ``on_eval(history)`` (the live plot).
Model weights and dropout draw from torch's global generator: seed it with
``torch.manual_seed(seed)`` before building the model.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from dlcourse.checks import one_of, positive_int, positive_number
from dlcourse.device import pick_device
from dlcourse.nn.optim import exponential_decay
from dlcourse.progress import Progress

TORCH_OPTIMIZERS = {  # fit's optimizer names (dlcourse.nn.optim.OPTIMIZERS are the NumPy ones)
    "adam": torch.optim.Adam,
    "sgd": torch.optim.SGD,
    "adadelta": torch.optim.Adadelta,
}
SCHEDULES = ("constant", "one-cycle", "exponential")


@dataclass
class History:
    """What happened during training, one entry per evaluation.

    ``epoch`` is fractional (0.5 = half-way through the first epoch);
    ``train_loss``/``train_acc`` are averaged over the batches since the
    previous evaluation (in training mode, so with dropout active, and on
    the augmented images when ``fit`` augments);
    ``test_loss``/``test_acc`` are measured on the whole test set;
    ``seconds`` is the training time so far, without the evaluations.
    """

    epoch: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.epoch)

    def __repr__(self) -> str:
        if not self.epoch:
            return "History(empty)"
        return (f"History({len(self)} evaluations, epoch {self.epoch[-1]:g}: "
                f"test accuracy {self.test_acc[-1]:.4f}, {self.seconds[-1]:.1f} s of training)")


def _check_data(name: str, data) -> tuple[torch.Tensor, torch.Tensor]:
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        raise TypeError(f"{name} must be a pair of tensors (images, labels), "
                        f"got {type(data).__name__}{_length(data)}.")
    if not all(isinstance(t, torch.Tensor) for t in data):
        raise TypeError(f"{name} must be a pair of tensors (images, labels), got a pair of "
                        f"({', '.join(type(t).__name__ for t in data)}); convert with "
                        f"dlcourse.data.mnist.as_float_tensors or torch.as_tensor.")
    images, labels = data
    if not images.is_floating_point() or labels.dtype != torch.int64:
        raise TypeError(f"{name}: images must be floats and labels int64 class indices, got "
                        f"{images.dtype} and {labels.dtype}; convert with images.float() and "
                        f"labels.long() (or dlcourse.data.mnist.as_float_tensors).")
    if images.ndim < 2 or labels.ndim != 1 or len(images) != len(labels) or len(labels) == 0:
        raise ValueError(f"{name}: images {tuple(images.shape)} and labels {tuple(labels.shape)} "
                         f"must be (N, ...) and (N,) with the same N > 0.")
    return images, labels


def check_model(model) -> nn.Module:
    """``model`` if it is a ``torch.nn.Module``, else a TypeError naming what it is."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    return model


def _length(data) -> str:
    """`` of length n`` for a sized object that is not a pair, else nothing."""
    return f" of length {len(data)}" if isinstance(data, (tuple, list)) else ""


@contextmanager
def eval_mode(model: nn.Module) -> Iterator[torch.device]:
    """Put ``model`` in evaluation mode (dropout off, batch-norm running statistics) without
    gradients; yield the device its weights are on; restore its mode afterwards, even on error."""
    was_training = check_model(model).training
    model.eval()
    try:
        with torch.no_grad():
            yield next(model.parameters()).device
    finally:
        model.train(was_training)


def evaluate(model: nn.Module, images: torch.Tensor, labels: torch.Tensor,
             batch_size: int = 1000) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of ``model`` on ``images`` (N, C, H, W), ``labels`` (N,).

    The model is put in evaluation mode (dropout off, batch-norm running
    statistics) and back into the mode it was in.
    """
    _check_data("(images, labels)", (images, labels))
    batch_size = positive_int(batch_size, "batch_size")
    total_loss, correct = 0.0, 0
    with eval_mode(model) as device:
        for start in range(0, len(labels), batch_size):
            x = images[start:start + batch_size].to(device)
            y = labels[start:start + batch_size].to(device)
            logits = model(x)  # (B, 10)
            total_loss += F.cross_entropy(logits, y, reduction="sum").item()
            correct += (logits.argmax(dim=1) == y).sum().item()
    return total_loss / len(labels), correct / len(labels)


def predict_proba(model: nn.Module, images: torch.Tensor, batch_size: int = 1000) -> torch.Tensor:
    """Class probabilities (N, 10) of ``images`` (N, C, H, W), on the CPU, in evaluation mode."""
    if not isinstance(images, torch.Tensor):
        raise TypeError(f"images must be a tensor (N, C, H, W), got {type(images).__name__}.")
    batch_size = positive_int(batch_size, "batch_size")
    with eval_mode(model) as device:
        chunks = [F.softmax(model(images[s:s + batch_size].to(device)), dim=1).cpu()
                  for s in range(0, len(images), batch_size)]
    return torch.cat(chunks)


def make_scheduler(optimizer: torch.optim.Optimizer, schedule: str, total_steps: int,
                   lr_min: float | None = None, decay_steps: int = 2000):
    """A per-batch learning-rate scheduler, or None for ``"constant"``.

    ``"one-cycle"``: warm up to the optimizer's lr over the first 30 % of the
    ``total_steps``, then anneal to almost zero (Smith & Topin 2017).
    ``"exponential"``: Görner's decay from lr to ``lr_min`` after t batches,
    lr_t = lr_min + (lr - lr_min) * exp(-t / decay_steps) (seed 002: 0.003 -> 0.0001
    with decay_steps = 2000, whatever the length of the run).
    """
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(f"optimizer must be a torch.optim.Optimizer, got "
                        f"{type(optimizer).__name__}.")
    one_of(schedule, "schedule", SCHEDULES)
    total_steps = positive_int(total_steps, "total_steps")
    lr = optimizer.param_groups[0]["lr"]
    if schedule == "constant":
        return None
    if schedule == "one-cycle":
        return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=total_steps)
    if lr_min is None:
        raise ValueError(f"lr_min == None, must be in (0, lr={lr}] for the exponential "
                         f"schedule.")
    exponential_decay(0, lr, lr_min, decay_steps)  # checks lr_min and decay_steps once
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda t: exponential_decay(t, lr, lr_min, decay_steps) / lr)


def fit(model: nn.Module, train, test, *, epochs: int = 3, batch_size: int = 256,
        optimizer: str = "adam", lr: float = 1e-3, optimizer_options: dict | None = None,
        schedule: str = "constant", lr_min: float | None = None, decay_steps: int = 2000,
        seed: int = 0, augment: Callable[[torch.Tensor], torch.Tensor] | None = None,
        device: str = "cpu", evals_per_epoch: int = 1,
        on_eval: Callable[[History], None] | None = None, progress: bool = True,
        evaluated_on: str = "test") -> History:
    """Train ``model`` with cross-entropy on in-memory tensors; return its :class:`History`.

    Parameters
    ----------
    model : nn.Module
        Maps images (B, C, H, W) to class scores (logits) (B, n_classes).
    train, test : (images, labels)
        Tensors of shape (N, C, H, W) float32 and (N,) int64, on any device.
    epochs : int
        Passes over the training set.
    batch_size : int
        Images per gradient step; the last, smaller batch of an epoch is kept.
    optimizer : {"adam", "sgd", "adadelta"}
        With learning rate ``lr`` and extra keyword arguments ``optimizer_options``
        (e.g. ``{"rho": 0.95}`` for Adadelta).
    schedule : {"constant", "one-cycle", "exponential"}
        How the learning rate changes per batch; ``lr_min`` and ``decay_steps``
        shape the exponential decay (see :func:`make_scheduler`).
    seed : int
        Seeds the :class:`torch.Generator` that shuffles each epoch.
    augment : callable, optional
        Applied to every training batch of images before the model sees it
        (e.g. :class:`dlcourse.augment.RandomShiftRotate`); never to the test set.
    device : str
        ``"auto"``, ``"cpu"``, ``"cuda"`` ...; model and data are moved there.
    evals_per_epoch : int
        Evaluations on the test set per epoch (each adds a History row), at most the
        number of batches per epoch (a ValueError otherwise).
    on_eval : callable, optional
        Called with the History after each evaluation (e.g. a live plot).
    progress : bool
        Show a progress bar (:class:`dlcourse.progress.Progress`: in a notebook, one line
        redrawn at most once a second; elsewhere on stderr).
    evaluated_on : {"test", "validation"}
        Which set ``test`` is; the progress bar labels its accuracy ``test_acc`` or
        ``val_acc`` (History keeps it in ``test_acc`` either way).
    """
    check_model(model)
    validating = one_of(evaluated_on, "evaluated_on", ("test", "validation")) == "validation"
    acc_label = "val_acc" if validating else "test_acc"
    X_train, y_train = _check_data("train", train)
    X_test, y_test = _check_data("test", test)
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    evals_per_epoch = positive_int(evals_per_epoch, "evals_per_epoch")
    steps_per_epoch = math.ceil(len(y_train) / batch_size)
    if evals_per_epoch > steps_per_epoch:
        raise ValueError(f"evals_per_epoch == {evals_per_epoch}, but an epoch has only "
                         f"{steps_per_epoch} batch(es) ({len(y_train)} images, batch_size "
                         f"{batch_size}); evaluate at most once per batch, or use a smaller "
                         f"batch_size.")
    one_of(optimizer, "optimizer", TORCH_OPTIMIZERS)
    lr = positive_number(lr, "lr")
    if optimizer_options is not None and not isinstance(optimizer_options, dict):
        raise TypeError(f"optimizer_options must be a dict of keyword arguments such as "
                        f"{{'rho': 0.95}}, got {type(optimizer_options).__name__}.")
    positive_int(seed, "seed", minimum=0)
    if augment is not None and not callable(augment):
        raise TypeError(f"augment must be a function of a batch of images, "
                        f"got {type(augment).__name__}.")
    if on_eval is not None and not callable(on_eval):
        raise TypeError(f"on_eval must be a function of the History, got {type(on_eval).__name__}.")
    device = pick_device(device)
    model.to(device)
    X_train, y_train = X_train.to(device), y_train.to(device)
    X_test, y_test = X_test.to(device), y_test.to(device)

    opt = TORCH_OPTIMIZERS[optimizer](model.parameters(), lr=lr, **(optimizer_options or {}))
    scheduler = make_scheduler(opt, schedule, epochs * steps_per_epoch, lr_min, decay_steps)
    # the batch numbers (1-based, within an epoch) after which to evaluate
    eval_after = {math.ceil(steps_per_epoch * k / evals_per_epoch)
                  for k in range(1, evals_per_epoch + 1)}
    generator = torch.Generator().manual_seed(seed)
    history = History()
    seconds, loss_sum, correct, seen = 0.0, 0.0, 0, 0
    bar = Progress(epochs * steps_per_epoch, "training", "batch", enabled=progress)
    model.train()
    for epoch in range(epochs):
        order = torch.randperm(len(y_train), generator=generator).to(device)
        started = time.perf_counter()
        for step in range(1, steps_per_epoch + 1):
            idx = order[(step - 1) * batch_size:step * batch_size]
            x, y = X_train[idx], y_train[idx]  # (B, C, H, W), (B,)
            if augment is not None:
                x = augment(x)
            logits = model(x)  # (B, n_classes)
            loss = F.cross_entropy(logits, y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if scheduler is not None:
                scheduler.step()
            loss_sum += loss.item() * len(y)
            correct += (logits.argmax(dim=1) == y).sum().item()
            seen += len(y)
            bar.update()
            if step in eval_after:
                seconds += time.perf_counter() - started
                test_loss, test_acc = evaluate(model, X_test, y_test)
                history.epoch.append(epoch + step / steps_per_epoch)
                history.train_loss.append(loss_sum / seen)
                history.train_acc.append(correct / seen)
                history.test_loss.append(test_loss)
                history.test_acc.append(test_acc)
                history.lr.append(opt.param_groups[0]["lr"])
                history.seconds.append(seconds)
                bar.set_postfix(**{acc_label: f"{test_acc:.4f}"})
                loss_sum, correct, seen = 0.0, 0, 0
                if on_eval is not None:
                    on_eval(history)
                started = time.perf_counter()
    bar.close()
    return history
