"""Reference solutions of chapter 08's exercises (shown by ``dlcourse.exercises.ch08.solution``)."""

import numpy as np


def my_beam_step(log_p, next_log_probs, beam_width):
    # log_p (B,): each kept node's log P; next_log_probs (B, V): log p(token | its output)
    candidates = log_p[:, None] + next_log_probs  # (B, V): every node expanded by every token
    flat = candidates.ravel()  # (B * V,): candidate b * V + v extends node b by token v
    best = np.argsort(-flat, kind="stable")[:beam_width]  # sort by score, keep k, prune the rest
    V = next_log_probs.shape[1]
    return np.stack([best // V, best % V], axis=1)  # (k, 2): (parent, token), best first


def my_score(log_prob, length, alpha):
    # length normalisation: log P divided by L ** alpha (L counts the output tokens, eos too)
    return log_prob / length ** alpha


def my_greedy(step, start, max_len, eos):
    tokens = []
    while len(tokens) < max_len and (not tokens or tokens[-1] != eos):
        row = step([(start, *tokens)])[0]  # (V,): log-probabilities of the next token
        tokens.append(int(np.argmax(row)))  # the likeliest token, the first of equal ones
    return tokens
