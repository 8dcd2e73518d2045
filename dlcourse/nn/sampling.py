r"""Sampling the next symbol from a model's scores (chapter 06): temperature and entropy.

A language model gives scores (logits) :math:`z` over the vocabulary; temperature
:math:`T` reshapes the distribution it samples from before drawing:

.. math:: p_i(T) = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}

:math:`T = 1` is the model's own distribution, :math:`T \to 0` puts all the mass on the
largest score (greedy decoding), :math:`T \to \infty` tends to uniform. The entropy
:math:`H(p) = -\sum_i p_i \ln p_i` (nats) measures how spread the choice is: 0 for a
certain choice, :math:`\ln V` for a uniform one over V symbols.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array, positive_number
from dlcourse.nn.activations import softmax


def with_temperature(logits, temperature: float) -> np.ndarray:
    """The distribution softmax(logits / temperature): logits (..., V) -> probabilities (..., V).

    ``temperature`` must be > 0 (greedy decoding is :func:`numpy.argmax`, the limit T -> 0).
    """
    temperature = positive_number(temperature, "temperature")
    return softmax(as_float_array(logits, "logits") / temperature)


def _distributions(probs: np.ndarray) -> np.ndarray:
    """``probs`` if it holds distributions along its last axis, else ValueError."""
    if probs.ndim == 0 or probs.shape[-1] == 0:
        raise ValueError(f"probs has shape {probs.shape}, must hold distributions along its last "
                         f"axis, e.g. [0.5, 0.5].")
    if (probs < 0).any() or np.abs(probs.sum(axis=-1) - 1.0).max() > 1e-6:
        raise ValueError(f"probs must be distributions: entries ≥ 0 that sum to 1 along the last "
                         f"axis, got sums {np.round(probs.sum(axis=-1), 6).ravel()[:5]} and "
                         f"smallest entry {probs.min():.3g}.")
    return probs


def entropy(probs) -> np.ndarray:
    """Entropy in nats of distributions along the last axis: probs (..., V) -> (...).

    Terms with p = 0 count 0 (the limit of p ln p); every row must be a distribution
    (entries ≥ 0 summing to 1).
    """
    probs = _distributions(as_float_array(probs, "probs"))
    terms = np.where(probs > 0, probs * np.log(np.where(probs > 0, probs, 1.0)), 0.0)
    return -terms.sum(axis=-1)


def draw(probs, rng: np.random.Generator) -> int:
    """One index drawn from the distribution ``probs`` (V,) with the generator ``rng``."""
    probs = _distributions(as_float_array(probs, "probs", ndim=1))
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), got "
                        f"{type(rng).__name__}.")
    return int(rng.choice(len(probs), p=probs / probs.sum()))
