r"""Decoding a sequence from a model (chapter 08): greedy, beam (集束搜索) and exhaustive search.

A sequence model gives, for every prefix, the log-probabilities of the next token. The
output :math:`y_1 \dots y_L` has :math:`\log P = \sum_t \log p(y_t \mid \text{start}, y_{<t})`.
Every search here ranks outputs by the score

.. math:: \mathrm{score} = \frac{\log P}{L^{\alpha}}

with :math:`L` the number of output tokens, **eos included** (the start token is not an output
token). :math:`\alpha = 0` is the raw log-probability, which favours short outputs (every token
multiplies P by a number below 1); :math:`\alpha > 0` divides that bias away.

Beam search is breadth-first search with pruning. Level t of the search tree holds outputs of
t tokens: expand every kept node by every token (B kept nodes, V tokens: B * V candidates), sort
the candidates by score, keep the best ``beam_width`` and prune the rest. A kept candidate that
ends with eos, or has max_len tokens, is finished: it leaves the beam for the list of results.
``eos=None`` is open-ended text (a language model with no end token): every output has
max_len tokens.
``beam_width = 1`` is greedy search; a beam as wide as the tree (V ** max_len) prunes nothing
and finds what exhaustive search finds.

The model is a function ``step(prefixes) -> log_probs``: ``prefixes`` is a list of B tuples of
token ids, each starting with the start token (all of the same length within one call), and
``log_probs`` is a (B, V) array of next-token log-probabilities in nats (each row's
log-sum-exp is 0; -inf marks a token of probability 0). It knows nothing of the network, so
any model fits: a wrapper stacks the prefixes into a (B, t) tensor and returns
``log_softmax`` of the last position's scores (an RNN wrapper that would rather not rerun the
whole prefix keeps its hidden states in a dict keyed by prefix: every prefix of a call extends
one of the previous call).

Ties in score go to the token sequence that is smaller lexicographically (smaller token ids
first), at every level and in the final ranking; greedy search's argmax picks the smallest
token id among equal maxima, the same rule.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlcourse.checks import as_float_array, flag, int_in_range, positive_int, positive_number

KEPT, PRUNED, FINISHED = "kept", "pruned", "finished"  # what beam search did with a node
MAX_SEQUENCES = 200_000  # exhaustive_search refuses a tree when V ** max_len is larger


@dataclass(frozen=True)
class Hypothesis:
    """One output: ``tokens`` (without the start token, with eos if it ended with one), its
    ``log_prob`` (natural log of its probability) and its
    ``score`` = log_prob / len(tokens) ** alpha."""

    tokens: tuple[int, ...]
    log_prob: float
    score: float


@dataclass(frozen=True)
class Node:
    """One candidate of beam search's tree: it extends node ``parent`` of the previous level
    (None on the first level: it extends the start token) by ``token``.

    ``log_prob`` and ``score`` are those of the whole output up to this token; ``status`` is
    ``"kept"`` (stays in the beam), ``"finished"`` (kept and complete: ended with eos or has
    max_len tokens) or ``"pruned"`` (not among the best ``beam_width`` of its level).
    """

    parent: int | None
    token: int
    log_prob: float
    score: float
    status: str


@dataclass(frozen=True)
class SearchTree:
    """Beam search's tree, level by level: ``levels[t]`` holds every candidate of t + 1 tokens,
    children grouped by parent in the order of their parents (so a drawing has no crossing
    edges), each parent's children in token order."""

    levels: tuple[tuple[Node, ...], ...]

    def tokens(self, level: int, index: int) -> tuple[int, ...]:
        """The output tokens of node ``index`` of ``levels[level]``, following its parents."""
        level = int_in_range(level, "level", 0, len(self.levels) - 1)
        index = int_in_range(index, "index", 0, len(self.levels[level]) - 1,
                             f" (level {level} has {len(self.levels[level])} nodes)")
        tokens = []
        for nodes in reversed(self.levels[:level + 1]):
            node = nodes[index]
            tokens.append(node.token)
            index = node.parent
        return tuple(reversed(tokens))


def _score(log_prob: float, length: int, alpha: float) -> float:
    """log_prob / length ** alpha: the length-normalised score of an output of ``length`` tokens."""
    return log_prob / length ** alpha


def _extend(hypothesis: Hypothesis, token: int, log_p: float, alpha: float) -> Hypothesis:
    """``hypothesis`` followed by ``token``, whose log-probability after it is ``log_p``."""
    log_prob = hypothesis.log_prob + float(log_p)
    tokens = hypothesis.tokens + (token,)
    return Hypothesis(tokens, log_prob, _score(log_prob, len(tokens), alpha))


def _rank_key(hypothesis: Hypothesis):
    """Best first: higher score, then the lexicographically smaller token sequence."""
    return -hypothesis.score, hypothesis.tokens


def _search_args(step, start, max_len, eos, alpha) -> tuple[int, int, int, float]:
    """The arguments every search shares, checked: start, max_len, eos, alpha."""
    if not callable(step):
        raise TypeError(f"step must be a function prefixes -> log-probabilities (B, V), got "
                        f"{type(step).__name__}.")
    eos = None if eos is None else positive_int(eos, "eos", minimum=0)
    return (positive_int(start, "start", minimum=0), positive_int(max_len, "max_len"),
            eos, positive_number(alpha, "alpha", allow_zero=True))


def _next_log_probs(step, start: int, eos: int, outputs: list[tuple[int, ...]]) -> np.ndarray:
    """``step`` called on the prefixes (start, *output) of ``outputs``: log-probabilities (B, V),
    checked (shape, finite or -inf, each row's log-sum-exp 0 to 1e-6, eos one of the V tokens)."""
    prefixes = [(start, *output) for output in outputs]
    log_probs = as_float_array(step(prefixes), "step(prefixes)")
    if log_probs.ndim != 2 or log_probs.shape[0] != len(prefixes) or log_probs.shape[1] == 0:
        raise ValueError(f"step returned shape {log_probs.shape} for {len(prefixes)} prefixes, "
                         f"expected (B, V) = ({len(prefixes)}, V): one row of next-token "
                         f"log-probabilities per prefix.")
    bad = np.isnan(log_probs) | (log_probs == np.inf)
    if bad.any():
        row, token = np.argwhere(bad)[0]
        raise ValueError(f"step returned {log_probs[row, token]} for token {token} after prefix "
                         f"{prefixes[row]}; log-probabilities must be finite or -inf.")
    log_sums = np.logaddexp.reduce(log_probs, axis=1)  # (B,): log of each row's total probability
    wrong = np.abs(log_sums) > 1e-6
    if wrong.any():
        row = int(np.argmax(wrong))
        raise ValueError(f"step returned a row with log-sum-exp {log_sums[row]:.6g} after prefix "
                         f"{prefixes[row]}, expected 0: each row must be log-probabilities "
                         f"(apply log_softmax to the scores).")
    vocabulary = log_probs.shape[1]
    if eos is not None and eos >= vocabulary:
        raise ValueError(f"eos == {eos}, must be a token id in 0..{vocabulary - 1} (step returns "
                         f"{vocabulary} log-probabilities per prefix).")
    return log_probs


def greedy_search(step, start: int, max_len: int, eos: int) -> Hypothesis:
    """The output that takes the most likely token at every step, until eos or max_len tokens.

    Returns one :class:`Hypothesis` with score = log_prob (alpha = 0: every step compares
    outputs of one length, so alpha changes no choice).
    """
    start, max_len, eos, _ = _search_args(step, start, max_len, eos, 0.0)
    output = Hypothesis((), 0.0, 0.0)
    while len(output.tokens) < max_len and output.tokens[-1:] != (eos,):
        row = _next_log_probs(step, start, eos, [output.tokens])[0]  # (V,)
        token = int(np.argmax(row))  # the first of equal maxima: the smallest token id
        output = _extend(output, token, row[token], 0.0)
    return output


def beam_search(step, start: int, beam_width: int, max_len: int, eos: int, alpha: float = 0.0,
                trace: bool = False):
    """Beam search: keep the ``beam_width`` best candidates at every level, prune the rest.

    Returns the finished hypotheses (ended with eos or cut at ``max_len`` tokens), best score
    first; with ``trace=True`` the pair (hypotheses, :class:`SearchTree`).

    The search stops when the beam is empty or when no kept node can beat the best finished
    score. That stop is exact: adding tokens only lowers log P (each log p <= 0), and a
    negative log P divided by L ** alpha is highest at the longest length, so no extension of
    a node scores above ``node.log_prob / max_len ** alpha``. The first hypothesis is then the
    one a search to max_len returns; the list holds those finished before the stop.
    """
    beam_width = positive_int(beam_width, "beam_width")
    start, max_len, eos, alpha = _search_args(step, start, max_len, eos, alpha)
    trace = flag(trace, "trace")
    beam = [(None, Hypothesis((), 0.0, 0.0))]  # (index of its node in the last level, hypothesis)
    finished, levels = [], []
    for length in range(1, max_len + 1):
        log_probs = _next_log_probs(step, start, eos, [h.tokens for _, h in beam])  # (B, V)
        # Expand every kept node by every token: B * V candidates (parent node, hypothesis).
        candidates = [(parent, _extend(h, token, log_p, alpha))
                      for (parent, h), row in zip(beam, log_probs)
                      for token, log_p in enumerate(row)]
        # Sort them by score, keep the best beam_width, prune the rest.
        ranked = sorted(range(len(candidates)), key=lambda i: _rank_key(candidates[i][1]))
        kept = set(ranked[:beam_width])
        beam, nodes = [], []
        for i, (parent, h) in enumerate(candidates):
            if i not in kept:
                status = PRUNED
            elif h.tokens[-1] == eos or length == max_len:
                status = FINISHED
                finished.append(h)
            else:
                status = KEPT
                beam.append((i, h))
            nodes.append(Node(parent, h.tokens[-1], h.log_prob, h.score, status))
        levels.append(tuple(nodes))
        if not beam:
            break
        best_to_come = max(h.log_prob for _, h in beam) / max_len ** alpha  # see the docstring
        if finished and max(h.score for h in finished) > best_to_come:
            break
    hypotheses = sorted(finished, key=_rank_key)
    return (hypotheses, SearchTree(tuple(levels))) if trace else hypotheses


def exhaustive_search(step, start: int, max_len: int, eos: int, alpha: float = 0.0):
    """Every output scored, best first: each ends at its first eos or is cut at ``max_len`` tokens.

    The outputs are the sequences of non-eos tokens of length 0..max_len-1 followed by eos, and
    those of length max_len, at most V ** max_len of them; ValueError above ``MAX_SEQUENCES``.
    ``step`` is called once per prefix length, on every prefix of that length.
    """
    start, max_len, eos, alpha = _search_args(step, start, max_len, eos, alpha)
    rows = {(): _next_log_probs(step, start, eos, [()])[0]}  # output so far -> next log-probs (V,)
    vocabulary = len(rows[()])
    if vocabulary ** max_len > MAX_SEQUENCES:
        raise ValueError(f"exhaustive_search would score up to V ** max_len = {vocabulary} ** "
                         f"{max_len} = {vocabulary ** max_len} outputs, more than MAX_SEQUENCES "
                         f"= {MAX_SEQUENCES}; use beam_search or a smaller max_len.")
    others = [token for token in range(vocabulary) if token != eos]
    for length in range(1, max_len):
        outputs = list(itertools.product(others, repeat=length))
        if outputs:  # none when eos is the only token
            rows.update(zip(outputs, _next_log_probs(step, start, eos, outputs)))
    sequences = [] if eos is None else [body + (eos,) for length in range(max_len)
                                        for body in itertools.product(others, repeat=length)]
    sequences += itertools.product(others, repeat=max_len)
    hypotheses = []
    for tokens in sequences:
        hypothesis = Hypothesis((), 0.0, 0.0)
        for token in tokens:
            hypothesis = _extend(hypothesis, token, rows[hypothesis.tokens][token], alpha)
        hypotheses.append(hypothesis)
    return sorted(hypotheses, key=_rank_key)


def repeated_ngram_share(tokens, n: int) -> float:
    """Share of the n-grams of ``tokens`` that already occurred earlier in it (0: none repeats).

    ``tokens`` is any sequence (characters of a text, words, ids): of its len - n + 1 n-grams,
    the share equal to an n-gram that starts at an earlier position. A text that loops
    ("the the the ...") tends to 1; ValueError when it is shorter than n.
    """
    n = positive_int(n, "n")
    tokens = list(tokens)
    if len(tokens) < n:
        raise ValueError(f"tokens has {len(tokens)} items, fewer than n == {n}: it has no n-gram.")
    seen, repeats = set(), 0
    for i in range(len(tokens) - n + 1):
        gram = tuple(tokens[i:i + n])
        repeats += gram in seen
        seen.add(gram)
    return repeats / (len(tokens) - n + 1)


def table_step(table: dict, default) -> Callable:
    """A ``step`` read from a table: ``table[output so far]`` is the next-token distribution.

    ``table`` maps tuples of output tokens (without the start token) to probabilities (V,)
    that sum to 1; an output not in it gets ``default``. The chapter's toy models (d2l's
    example, :data:`D2L_TABLE`) and the exercises are such tables.
    """
    if not isinstance(table, dict):
        raise TypeError(f"table must be a dict of output tuples -> probabilities, got "
                        f"{type(table).__name__}.")
    with np.errstate(divide="ignore"):  # a probability of 0 is a log-probability of -inf
        rows = {tuple(key): np.log(as_float_array(value, f"table[{key!r}]", ndim=1))
                for key, value in table.items()}
        fallback = np.log(as_float_array(default, "default", ndim=1))

    def step(prefixes):
        return np.stack([rows.get(tuple(prefix[1:]), fallback) for prefix in prefixes])

    return step


# d2l's "Beam Search" example (tokens A, B, C, <eos> = 0, 1, 2, 3): greedy writes A B C <eos>
# (0.5 * 0.4 * 0.4 * 0.6 = 0.048), a beam of 2 finds A C B <eos> (0.5 * 0.3 * 0.6 * 0.6 = 0.054).
D2L_TOKENS = ("A", "B", "C", "<eos>")
D2L_TABLE = {(): [0.5, 0.2, 0.2, 0.1], (0,): [0.1, 0.4, 0.3, 0.2],
             (0, 1): [0.2, 0.2, 0.4, 0.2], (0, 1, 2): [0.1, 0.1, 0.2, 0.6],
             (0, 2): [0.1, 0.6, 0.2, 0.1], (0, 2, 1): [0.1, 0.2, 0.1, 0.6]}
D2L_DEFAULT = [0.25] * 4
