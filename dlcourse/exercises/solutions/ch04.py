"""Reference solutions of chapter 04's exercises (shown by ``dlcourse.exercises.ch04.solution``)."""

import numpy as np
from torch import nn


def my_max_pool(X):
    H, W = X.shape
    windows = X.reshape(H // 2, 2, W // 2, 2)  # window (i, j) is windows[i, :, j, :]
    return windows.max(axis=(1, 3))  # (H/2, W/2)


def my_max_pool_backward(X, dLdY):
    H, W = X.shape
    dLdX = np.zeros_like(X, dtype=float)
    for i in range(H // 2):
        for j in range(W // 2):
            window = X[2 * i:2 * i + 2, 2 * j:2 * j + 2]  # (2, 2)
            r, c = np.unravel_index(np.argmax(window), window.shape)  # where the maximum is
            dLdX[2 * i + r, 2 * j + c] = dLdY[i, j]  # only the maximum affected the output
    return dLdX


def my_avg_pool_backward(X, dLdY):
    # Y[i, j] = (sum of its 4 cells) / 4, so each cell gets a quarter of dLdY[i, j]
    return np.repeat(np.repeat(dLdY, 2, axis=0), 2, axis=1) / 4  # (H, W), X's shape


def my_pooled_net():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),  # (N, 32, 13, 13)
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),  # (N, 64, 5, 5)
        nn.Flatten(), nn.Linear(64 * 5 * 5, 10),  # 1,600 activations -> 10 scores
    )
