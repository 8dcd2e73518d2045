"""Reference solutions of chapter 09's exercises (shown by ``dlcourse.exercises.ch09.solution``)."""

import numpy as np


def my_masked_softmax(scores, mask):
    # scores (L, S); mask (L, S), True = the key takes part
    scores = np.where(mask, scores, -np.inf)  # a masked key gets exp(-inf) = 0
    top = scores.max(axis=-1, keepdims=True)  # (L, 1): subtract it, no overflow
    top = np.where(np.isneginf(top), 0.0, top)  # a fully masked row: nothing to subtract
    e = np.exp(scores - top)
    total = e.sum(axis=-1, keepdims=True)  # (L, 1)
    return e / np.where(total == 0, 1.0, total)  # a fully masked row stays all zeros


def my_attention(q, k, v):
    # q (..., L, E), k (..., S, E), v (..., S, Ev)
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])  # (..., L, S)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = e / e.sum(axis=-1, keepdims=True)  # softmax over the keys (the last axis)
    return weights @ v  # (..., L, S) @ (..., S, Ev) -> (..., L, Ev)
