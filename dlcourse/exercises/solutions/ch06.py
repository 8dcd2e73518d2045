"""Reference solutions of chapter 06's exercises (shown by ``dlcourse.exercises.ch06.solution``)."""

import numpy as np


def my_rnn_step(x, h, W_ih, W_hh, b_ih, b_hh):
    # x (N, H_in), h (N, H); W_ih (H, H_in), W_hh (H, H): torch's layout, hence the .T
    return np.tanh(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh)  # (N, H)


def my_lstm_step(x, h, c, W_ih, W_hh, b_ih, b_hh):
    a = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh  # (N, 4H): the row blocks i, f, g, o side by side
    a_i, a_f, a_g, a_o = np.split(a, 4, axis=-1)  # 4 x (N, H)
    i, f, o = (1 / (1 + np.exp(-z)) for z in (a_i, a_f, a_o))  # sigmoid gates in (0, 1)
    g = np.tanh(a_g)  # the candidate, in (-1, 1)
    c_new = f * c + i * g  # keep part of the old memory, write part of the candidate
    h_new = o * np.tanh(c_new)  # show part of the memory
    return h_new, c_new


def my_bptt_two_steps(x1, x2, w_ih, w_hh, h0):
    # forward: h1 = tanh(w_ih x1 + w_hh h0), h2 = tanh(w_ih x2 + w_hh h1), L = h2
    h1 = np.tanh(w_ih * x1 + w_hh * h0)
    h2 = np.tanh(w_ih * x2 + w_hh * h1)
    # w_hh is used twice: directly at step 2 (times h1) and inside h1 (times h0)
    dL_da2 = 1 - h2**2
    dL_dh1 = dL_da2 * w_hh
    dL_da1 = dL_dh1 * (1 - h1**2)
    dL_dw_hh = dL_da2 * h1 + dL_da1 * h0
    dL_dh0 = dL_da1 * w_hh
    return dL_dw_hh, dL_dh0


def my_softmax_with_temperature(logits, temperature):
    z = np.asarray(logits, dtype=float) / temperature  # T < 1 sharpens, T > 1 flattens
    e = np.exp(z - z.max(axis=-1, keepdims=True))  # stable: the largest exponent is 0
    return e / e.sum(axis=-1, keepdims=True)


def my_entropy(probs):
    p = np.asarray(probs, dtype=float)
    terms = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)  # 0 ln 0 counts 0
    return -terms.sum(axis=-1)  # nats
