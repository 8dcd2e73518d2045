"""Hold out a validation set (chapter 05): judge choices on it, keep the test set for the end.

Seed 003 splits MNIST's 70,000 digits into 55,000 to train on, 5,000 to
validate on and 10,000 to test on. The validation digits are drawn at random
from the training file, once, with their own seed, so the same split comes back
whatever seed the training uses:

    train, validation = train_validation_split((X_train, y_train), 5000)
"""

from __future__ import annotations

import torch

from dlcourse.checks import positive_int

SPLIT_SEED = 2_017  # fixed: the split must not move when a chapter's SEED changes


def train_validation_split(data, n_validation: int, seed: int = SPLIT_SEED):
    """Split ``data`` = (images (N, ...), labels (N,)) into a training and a validation pair.

    The ``n_validation`` validation examples are a random subset (drawn with a
    :class:`torch.Generator` seeded by ``seed``); the training pair holds the
    other N - n_validation in their original order. Both are new tensors.

    Returns
    -------
    (train_images, train_labels), (validation_images, validation_labels)
    """
    if not (isinstance(data, (tuple, list)) and len(data) == 2
            and all(isinstance(t, torch.Tensor) for t in data)):
        raise TypeError(f"data must be a pair of tensors (images, labels), got "
                        f"{type(data).__name__}.")
    images, labels = data
    if images.ndim < 1 or labels.ndim != 1 or len(images) != len(labels):
        raise ValueError(f"data: images {tuple(images.shape)} and labels {tuple(labels.shape)} "
                         f"must be (N, ...) and (N,) with the same N.")
    n_validation = positive_int(n_validation, "n_validation")
    if n_validation >= len(labels):
        raise ValueError(f"n_validation == {n_validation}, must be less than the {len(labels)} "
                         f"examples, so that some are left to train on.")
    seed = positive_int(seed, "seed", minimum=0)
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))
    held_out = torch.zeros(len(labels), dtype=torch.bool)
    held_out[order[:n_validation]] = True
    return (images[~held_out], labels[~held_out]), (images[held_out], labels[held_out])
