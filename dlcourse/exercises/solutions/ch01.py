"""Reference solutions of chapter 01's exercises (shown by ``dlcourse.exercises.ch01.solution``)."""

import numpy as np


def my_sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # never overflows: -|z| <= 0
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))  # e / (1 + e) = 1 / (1 + exp(-z)) for z < 0


def my_relu_grad(z):
    return (np.asarray(z) > 0).astype(float)  # 0 at z = 0, as in PyTorch


def my_softmax(z):
    e = np.exp(z - np.max(z))  # the largest score becomes 0: no overflow, same result
    return e / e.sum()


def my_neuron(x, w, b):
    return 1 / (1 + np.exp(-(w @ x + b)))


def my_softmax_jacobian(z):
    s = my_softmax(z)  # (K,), your softmax of exercise 4
    return np.diag(s) - np.outer(s, s)  # J[i, j] = s_i (δ_ij - s_j), (K, K)
