"""Reference solutions of chapter 03's exercises (shown by ``dlcourse.exercises.ch03.solution``)."""

import numpy as np

from dlcourse.nn.conv import conv2d


def my_output_size(n, f, stride, padding):
    # the floor //: a last window that does not fit is dropped
    return (n + 2 * padding - f) // stride + 1


def my_conv1d_valid(x, h):
    flipped = h[::-1]  # convolution flips the kernel; cross-correlation would not
    m = len(h)
    return np.array([np.dot(x[i:i + m], flipped) for i in range(len(x) - m + 1)])


def my_conv2d(X, W, stride, padding):
    Xp = np.pad(X, ((0, 0), (padding, padding), (padding, padding)))  # (C, H + 2p, W + 2p)
    F, _, kh, kw = W.shape
    Ho = (Xp.shape[1] - kh) // stride + 1
    Wo = (Xp.shape[2] - kw) // stride + 1
    out = np.zeros((F, Ho, Wo))
    for f in range(F):
        for i in range(Ho):
            for j in range(Wo):
                rows, cols = i * stride, j * stride  # the window's top-left cell
                window = Xp[:, rows:rows + kh, cols:cols + kw]  # (C, kh, kw)
                out[f, i, j] = np.sum(window * W[f])  # all C·kh·kw products added up
    return out


def my_same_padding(f, dilation):
    # n_out = n + 2p - d(f - 1) - 1 + 1 with stride 1; n_out = n gives 2p = d(f - 1)
    return dilation * (f - 1) // 2


def my_unseen_columns(n, f, stride):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1, 1, n, n))  # (N, C, H, W): one n × n image
    W = rng.normal(size=(1, 1, f, f))  # one f × f kernel
    base = conv2d(X, W, stride=stride)
    unseen = []
    for j in range(n):
        changed = X.copy()
        changed[..., j] += 1.0  # change one column of the input
        if np.allclose(conv2d(changed, W, stride=stride), base):  # no output noticed
            unseen.append(j)
    return unseen
