"""Reference solutions of chapter 07's exercises (shown by ``dlcourse.exercises.ch07.solution``)."""

import numpy as np


def my_lookup(ids, W):
    # W (V, d): row v is the vector of id v; ids of any shape (...) pick rows
    return W[ids]  # (..., d), the same as one_hot(ids, V) @ W without the one-hots


def my_lookup_backward(ids, grad_out, V):
    # ids (N,), grad_out (N, d): row ids[n] of W made output n, so it collects grad_out[n]
    dW = np.zeros((V, grad_out.shape[1]))  # (V, d): rows never looked up get 0
    np.add.at(dW, ids, grad_out)  # a scatter-add: a repeated id adds up all its gradients
    return dW


def my_cosine(vectors, v):
    # vectors (V, d), v (d,): the dot product of each row with v over both lengths
    dots = vectors @ v  # (V,)
    return dots / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(v))  # (V,)


def my_analogy(vectors, a, b, c):
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)  # (V, d), rows of length 1
    target = unit[b] - unit[a] + unit[c]  # (d,): a is to b as c is to ?
    scores = unit @ target / np.linalg.norm(target)  # (V,): the cosine of each row
    scores[[a, b, c]] = -np.inf  # the question's own words are not answers
    return int(np.argmax(scores))


def my_skipgram_pairs(ids, window):
    centres, contexts = [], []
    for i in range(len(ids)):  # each position is a centre once, in reading order
        for j in range(max(0, i - window), min(len(ids), i + window + 1)):  # both ways
            if j != i:
                centres.append(ids[i])
                contexts.append(ids[j])
    return np.array(centres), np.array(contexts)


def my_keep_probabilities(counts, t):
    f = counts / counts.sum()  # (V,): each word's frequency
    return np.minimum(1.0, np.sqrt(t / f) + t / f)  # word2vec's C code: keep rare words

