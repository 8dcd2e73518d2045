r"""Word vectors trained here (chapter 07): skip-gram with negative sampling (SGNS), in PyTorch.

Mikolov et al. (2013, "Distributed representations of words and phrases") learn two tables
of word vectors: an *input* vector :math:`v_w` for a word as a centre and an *output* vector
:math:`u_w` for it as a context. For every (centre c, context o) pair read from the text and
K *noise* words :math:`n_1..n_K` drawn from the unigram distribution raised to 3/4, the loss
is the logistic loss of telling the real context from the noise:

.. math:: \ell(c, o) = -\log\sigma(u_o \cdot v_c) - \sum_{k=1}^{K} \log\sigma(-u_{n_k} \cdot v_c)

What is read, as in the word2vec C code (which gensim follows):

- the vocabulary: words seen at least ``min_count`` times (:class:`WordVocabulary`); the
  others are dropped from the text before anything else;
- subsampling (:func:`keep_probabilities`): each occurrence of a word with relative
  frequency f is kept with probability :math:`\min(1, \sqrt{t / f} + t / f)`, redrawn every
  epoch; "the" and "of" are mostly dropped, rare words always kept;
- the dynamic window (:func:`skipgram_pairs`): for each kept centre word a span s is drawn
  uniformly in 1..window and the words up to s positions before and after it are its
  contexts, so near words are read more often than far ones (a word at distance d with
  probability (window - d + 1) / window);
- the noise distribution (:func:`noise_distribution`): :math:`P(w) \propto \mathrm{count}(w)^{3/4}`.

The pairs of an epoch are shuffled and read in batches of ``batch_size``; each batch is one
plain SGD step on the summed loss of its pairs (so every pair moves its rows as far as
word2vec's one-pair-at-a-time updates would), the rate falling linearly from ``lr`` to
``lr / 10,000`` over the run, as in word2vec. Input vectors start uniform in
[-0.5/d, 0.5/d), output vectors at zero (word2vec's start). Noise words are drawn with an
alias table (:func:`alias_table`), exact where word2vec's table of 10^8 slots rounds; a noise
word that happens to be the context is kept (word2vec skips it: 1 draw in 600 here).

The defaults are word2vec's (dim 100, window 5, 5 negatives, min_count 5, t = 1e-3) but for
4 epochs at twice its rate (0.05) instead of 5 at 0.025: the same analogies in 80 % of the
time on the books (benchmarks/README.md, chapter 07). One epoch of the books is 4.6 M pairs,
about 11 s on one idle core::

    tokens = corpus_tokens()                       # the four books, 1.07 M words
    use_idle_cores()                               # torch threads as chapters 05 and 06 set them
    result = train_word2vec(tokens, seed=0)        # about 45 s on one core
    nearest_words(result.vectors, result.vocab.words, "king", 8)

The input vectors are the word vectors the chapter evaluates (as word2vec saves them).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from dlcourse.checks import positive_int, positive_number
from dlcourse.device import pick_device
from dlcourse.progress import Progress

NOISE_POWER = 0.75  # P(w) ~ count^0.75 (Mikolov et al. 2013: better than the unigram or uniform)
SAMPLE = 1e-3  # the subsampling threshold t: word2vec's and gensim's default
DIM, WINDOW, NEGATIVES, MIN_COUNT = 100, 5, 5, 5  # word2vec's defaults (its -size is 100)
EPOCHS = 4  # word2vec and gensim read 5; 4 keep the default run within a minute on 2 cores
LR = 0.05  # twice word2vec's 0.025 for skip-gram, falling linearly to LR * 1e-4: on the
#            books, 4 epochs at 0.05 answer more analogies than 5 at 0.025 (benchmarks/README)
BATCH_SIZE = 1024  # pairs per SGD step: small enough that a frequent word's summed step stays
#                    near word2vec's one-pair steps, large enough to keep torch busy


class WordVocabulary:
    """The words a model gives vectors to, each with an id: by falling count, ties alphabetical.

    ``words[i]`` is the word of id i, ``counts[i]`` (int64) how often it was seen and
    ``index[word]`` its id. Build it from a list of tokens with :meth:`of_tokens`.
    """

    def __init__(self, words: Sequence[str], counts):
        if isinstance(words, str) or not isinstance(words, Sequence) or not all(
                isinstance(w, str) for w in words):
            raise TypeError(f"words must be a list of strings, got {type(words).__name__}.")
        counts = np.asarray(counts)
        if counts.shape != (len(words),) or (counts.size and counts.dtype.kind not in "iu"):
            raise ValueError(f"counts must be {len(words)} ints, one per word, got shape "
                             f"{counts.shape} dtype {counts.dtype}.")
        if not words:
            raise ValueError("words is empty: a vocabulary needs at least one word.")
        if len(set(words)) != len(words):
            raise ValueError("words holds a word twice: each word must have one id.")
        if counts.min() < 1:
            raise ValueError(f"counts must be >= 1, got {counts.min()}.")
        self.words = list(words)
        self.counts = counts.astype(np.int64)
        self.index = {w: i for i, w in enumerate(self.words)}

    @classmethod
    def of_tokens(cls, tokens: Sequence[str], min_count: int = MIN_COUNT) -> WordVocabulary:
        """The words seen at least ``min_count`` times in ``tokens``, most frequent first.

        Examples
        --------
        >>> vocab = WordVocabulary.of_tokens("b a c a b a".split(), min_count=2)
        >>> vocab.words, vocab.counts.tolist()
        (['a', 'b'], [3, 2])
        """
        tokens = _tokens(tokens)
        min_count = positive_int(min_count, "min_count")
        counts = Counter(tokens)
        kept = sorted((w for w, n in counts.items() if n >= min_count),
                      key=lambda w: (-counts[w], w))
        if not kept:
            raise ValueError(f"no word occurs min_count == {min_count} times in the "
                             f"{len(tokens)} tokens (the most frequent, "
                             f"{counts.most_common(1)[0][0]!r}, occurs "
                             f"{counts.most_common(1)[0][1]}); lower min_count.")
        return cls(kept, [counts[w] for w in kept])

    @property
    def size(self) -> int:
        return len(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def __repr__(self) -> str:
        head = ", ".join(self.words[:5])
        return f"WordVocabulary({self.size} words: {head}{', ...' if self.size > 5 else ''})"

    def encode(self, tokens: Sequence[str]) -> np.ndarray:
        """Ids (N,) int64 of the tokens in the vocabulary, in order; the others are dropped.

        word2vec drops the words it has no vector for before it reads windows, so the
        words on either side of a dropped rare word become neighbours.
        """
        tokens = _tokens(tokens, allow_empty=True)
        index = self.index
        return np.fromiter((index[t] for t in tokens if t in index), dtype=np.int64)


def _tokens(tokens, allow_empty: bool = False) -> list[str]:
    """``tokens`` as a list of strings (e.g. ``tokenize(text)``), else TypeError/ValueError."""
    if isinstance(tokens, str):
        raise TypeError("tokens must be a list of words, got one string; split it with "
                        "dlcourse.data.books.tokenize(text).")
    if not isinstance(tokens, Sequence):
        raise TypeError(f"tokens must be a list of words (strings), got "
                        f"{type(tokens).__name__}.")
    odd = next((t for t in tokens if not isinstance(t, str)), None)
    if odd is not None:
        raise TypeError(f"tokens must be a list of words (strings), got a "
                        f"{type(tokens).__name__} holding {type(odd).__name__} {odd!r:.40}; "
                        f"ids go to the model, words to the vocabulary.")
    if not tokens and not allow_empty:
        raise ValueError("tokens is empty: give at least one word.")
    return list(tokens)


def _vocab(vocab) -> WordVocabulary:
    if not isinstance(vocab, WordVocabulary):
        raise TypeError(f"vocab must be a WordVocabulary (WordVocabulary.of_tokens(tokens)), "
                        f"got {type(vocab).__name__}.")
    return vocab


def keep_probabilities(vocab: WordVocabulary, sample: float = SAMPLE) -> np.ndarray:
    r"""The probability (V,) that subsampling keeps one occurrence of each word.

    The word2vec C code's formula (also gensim's), with f = count / total count of the
    vocabulary's words and t = ``sample``:

    .. math:: p_{\text{keep}}(w) = \min\left(1, \sqrt{t / f(w)} + t / f(w)\right)

    It keeps every word with f <= t (3 + sqrt 5) / 2 ~ 2.6 t. The paper writes
    :math:`1 - \sqrt{t / f}` as the probability of *dropping*, with t around 1e-5 for corpora of
    billions of words; the code's version drops less, which suits a small corpus.
    ``sample = 0`` keeps everything.
    """
    vocab = _vocab(vocab)
    sample = positive_number(sample, "sample", allow_zero=True)
    if sample == 0:
        return np.ones(vocab.size)
    ratio = sample * vocab.counts.sum() / vocab.counts  # t / f, (V,)
    return np.minimum(1.0, np.sqrt(ratio) + ratio)


def noise_distribution(vocab: WordVocabulary, power: float = NOISE_POWER) -> np.ndarray:
    """P(w) = count(w)^power / sum of count^power (V,): where the negatives are drawn from."""
    vocab = _vocab(vocab)
    power = positive_number(power, "power", allow_zero=True)
    weights = vocab.counts.astype(np.float64) ** power  # (V,)
    return weights / weights.sum()


def dynamic_spans(n: int, window: int, rng: np.random.Generator) -> np.ndarray:
    """word2vec's dynamic window: a span (n,) int64 per position, uniform in 1..window."""
    n = positive_int(n, "n", minimum=0)
    window = positive_int(window, "window")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator (np.random.default_rng(seed)), got "
                        f"{type(rng).__name__}.")
    return rng.integers(1, window + 1, size=n)


def skipgram_pairs(ids, window: int, spans=None) -> tuple[np.ndarray, np.ndarray]:
    """The skip-gram (centre, context) pairs of a text of word ids, in reading order.

    Position i is the centre of the pairs (ids[i], ids[j]) for every j != i with
    |j - i| <= spans[i], j inside the text; ``spans`` (N,) ints in 1..window, None for
    ``window`` everywhere (a fixed window). Pairs are ordered by centre position, then
    by context position.

    Returns
    -------
    centres, contexts : ndarray of int64, shape (P,)

    Examples
    --------
    >>> c, o = skipgram_pairs([10, 11, 12], window=1)
    >>> list(zip(c.tolist(), o.tolist()))
    [(10, 11), (11, 10), (11, 12), (12, 11)]
    """
    ids = np.asarray(ids)
    if ids.ndim != 1 or (ids.size and ids.dtype.kind not in "iu"):
        raise ValueError(f"ids must be a 1-D array of word ids, got shape {ids.shape} dtype "
                         f"{ids.dtype}.")
    window = positive_int(window, "window")
    n = len(ids)
    if spans is None:
        spans = np.full(n, window)
    spans = np.asarray(spans)
    if spans.shape != (n,) or (n and spans.dtype.kind not in "iu"):
        raise ValueError(f"spans must be {n} ints, one per id, got shape {spans.shape} dtype "
                         f"{spans.dtype}.")
    if n and (spans.min() < 1 or spans.max() > window):
        raise ValueError(f"spans must be in 1..{window} (window == {window}), got values from "
                         f"{spans.min()} to {spans.max()}.")
    offsets = np.concatenate([np.arange(-window, 0), np.arange(1, window + 1)])  # (2w,)
    positions = np.arange(n)[:, None] + offsets[None, :]  # (N, 2w): each centre's candidates
    use = (np.abs(offsets)[None, :] <= spans[:, None]) & (positions >= 0) & (positions < n)
    centres = np.broadcast_to(ids[:, None], positions.shape)[use]  # row-major: reading order
    return centres.astype(np.int64), ids[positions[use]].astype(np.int64)


class SkipGram(nn.Module):
    r"""Two tables of word vectors: ``inputs`` (centres, v) and ``outputs`` (contexts, u).

    ``forward(centres (B,), contexts (B,), negatives (B, K))`` returns the loss (B,) of each
    pair, :math:`\ell = -\log\sigma(u_o \cdot v_c) - \sum_k \log\sigma(-u_{n_k} \cdot v_c)`,
    for autograd. :meth:`sgd_step` takes one step with the gradient written out by hand,
    which is what training uses: with :math:`s_j = u_j \cdot v_c` and :math:`y_j` = 1 for the
    context, 0 for a noise word, :math:`\partial\ell / \partial s_j = \sigma(s_j) - y_j`, so

    .. math:: \frac{\partial\ell}{\partial v_c} = \sum_j (\sigma(s_j) - y_j)\, u_j, \qquad
              \frac{\partial\ell}{\partial u_j} = (\sigma(s_j) - y_j)\, v_c

    and a row that occurs several times in a batch adds up its gradients (the scatter-add
    of an embedding's backward). A batch touches a few hundred rows of 10,000: this updates
    only those, where autograd through ``nn.Embedding`` would build a gradient of the whole
    table.
    """

    def __init__(self, vocab_size: int, dim: int = DIM):
        super().__init__()
        self.vocab_size = positive_int(vocab_size, "vocab_size")
        self.dim = positive_int(dim, "dim")
        self.inputs = nn.Embedding(self.vocab_size, self.dim)
        self.outputs = nn.Embedding(self.vocab_size, self.dim)

    def reset(self, generator: torch.Generator) -> None:
        """word2vec's start: inputs uniform in [-0.5/d, 0.5/d), outputs zero."""
        with torch.no_grad():
            weights = torch.rand(self.vocab_size, self.dim, generator=generator)
            self.inputs.weight.copy_((weights - 0.5) / self.dim)
            self.outputs.weight.zero_()

    def scores(self, centres: torch.Tensor, contexts: torch.Tensor, negatives: torch.Tensor):
        """s (B, 1 + K): u_j . v_c for the context (column 0) and the noise words; and v, u, ids."""
        ids = torch.cat([contexts[:, None], negatives], dim=1)  # (B, 1 + K)
        v = F.embedding(centres, self.inputs.weight)  # (B, d)
        u = F.embedding(ids, self.outputs.weight)  # (B, 1 + K, d)
        return (u * v[:, None, :]).sum(dim=-1), v, u, ids  # (B, 1 + K, d) -> (B, 1 + K)

    def forward(self, centres: torch.Tensor, contexts: torch.Tensor,
                negatives: torch.Tensor) -> torch.Tensor:
        s = self.scores(centres, contexts, negatives)[0]  # (B, 1 + K)
        return -F.logsigmoid(s[:, 0]) - F.logsigmoid(-s[:, 1:]).sum(dim=1)  # (B,)

    @torch.no_grad()
    def sgd_step(self, centres: torch.Tensor, contexts: torch.Tensor, negatives: torch.Tensor,
                 lr: float) -> torch.Tensor:
        """One SGD step of rate ``lr`` on the summed loss of the B pairs; their losses (B,)."""
        s, v, u, ids = self.scores(centres, contexts, negatives)  # (B, 1+K), (B, d), (B, 1+K, d)
        g = torch.sigmoid(s)  # dl/ds = sigma(s) - y: y = 1 for column 0, 0 for the noise
        g[:, 0] -= 1.0
        grad_v = torch.bmm(g[:, None, :], u)[:, 0]  # (B, 1, 1 + K) @ (B, 1 + K, d) -> (B, d)
        grad_u = g[:, :, None] * v[:, None, :]  # (B, 1 + K, d)
        self.inputs.weight.index_add_(0, centres, grad_v, alpha=-lr)
        self.outputs.weight.index_add_(0, ids.reshape(-1), grad_u.reshape(-1, self.dim),
                                       alpha=-lr)  # (B * (1 + K), d) rows added in
        return -F.logsigmoid(s[:, 0]) - F.logsigmoid(-s[:, 1:]).sum(dim=1)  # (B,)


@dataclass
class Word2VecHistory:
    """One entry per SGD step: ``loss`` = mean loss per pair of the batch, ``lr`` the rate.

    ``pairs_per_epoch`` = the pairs read in each epoch (subsampling redraws them);
    ``seconds`` = the training time (without building the vocabulary).
    """

    loss: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    pairs_per_epoch: list[int] = field(default_factory=list)
    seconds: float = 0.0

    def __len__(self) -> int:
        return len(self.loss)

    def __repr__(self) -> str:
        if not self.loss:
            return "Word2VecHistory(empty)"
        tail = np.mean(self.loss[-max(1, len(self.loss) // 20):])
        return (f"Word2VecHistory({len(self)} steps, {sum(self.pairs_per_epoch):,} pairs, "
                f"loss {self.loss[0]:.3f} -> {tail:.3f} per pair, {self.seconds:.1f} s)")


class TrainedVectors(NamedTuple):
    """What :func:`train_word2vec` returns: ``vectors`` (V, d) float32, ``vocab``, ``history``."""

    vectors: np.ndarray
    vocab: WordVocabulary
    history: Word2VecHistory


def alias_table(p) -> tuple[np.ndarray, np.ndarray]:
    """Walker's alias table of a distribution p (V,): (threshold (V,), alias (V,) int64).

    Drawing i uniformly in 0..V-1 and r uniformly in [0, 1), then taking i if
    r < threshold[i] else alias[i], gives word w with probability exactly p[w]: each of
    the V slots holds 1/V of probability, split between its own word and one other
    (Vose's construction: fill each under-full slot from an over-full word). Two lookups
    in arrays of V per draw, where inverse-CDF sampling searches the cumulative sums.
    """
    p = np.asarray(p, dtype=np.float64)
    if p.ndim != 1 or not len(p) or (p < 0).any() or not np.isclose(p.sum(), 1.0, atol=1e-9):
        raise ValueError(f"p must be a 1-D probability distribution (>= 0, summing to 1), got "
                         f"shape {p.shape} summing to {p.sum():.6g}.")
    V = len(p)
    scaled = p * V  # slot mass in units of 1/V
    threshold, alias = np.ones(V), np.arange(V)
    small = [i for i in range(V) if scaled[i] < 1.0]
    large = [i for i in range(V) if scaled[i] >= 1.0]
    while small and large:
        i, j = small.pop(), large[-1]
        threshold[i], alias[i] = scaled[i], j  # slot i: word i up to scaled[i], then word j
        scaled[j] -= 1.0 - scaled[i]
        if scaled[j] < 1.0:
            small.append(large.pop())
    return threshold, alias.astype(np.int64)  # slots left over are full (rounding only)


def draw_noise(threshold: torch.Tensor, alias: torch.Tensor, shape: tuple[int, ...],
               generator: torch.Generator) -> torch.Tensor:
    """Word ids (int64) of ``shape`` drawn with the alias table of :func:`alias_table`."""
    slots = torch.randint(len(threshold), shape, generator=generator)
    r = torch.rand(shape, generator=generator, dtype=threshold.dtype)  # (shape)
    return torch.where(r < threshold.take(slots), slots, alias.take(slots))


def subsample(ids: np.ndarray, keep: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The ids (M,) that survive subsampling, in order: each kept with probability keep[id]."""
    return ids[rng.random(len(ids)) < keep[ids]]


def count_pairs(spans) -> int:
    """How many pairs :func:`skipgram_pairs` reads from a text with these ``spans`` (N,)."""
    spans = np.asarray(spans, dtype=np.int64)
    i = np.arange(len(spans))  # position i has min(s, i) words before, min(s, N-1-i) after
    return int((np.minimum(spans, i) + np.minimum(spans, len(spans) - 1 - i)).sum())


def plan_epochs(ids: np.ndarray, keep: np.ndarray, window: int, epochs: int,
                rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each epoch's subsampled text and spans, [(kept ids (M,), spans (M,) int8), ...].

    Drawn before training starts, so the number of steps (and the rate's schedule) is known
    exactly. Words are dropped before the windows are read, so a window reaches past them.
    """
    plans = []
    for _ in range(epochs):
        kept = subsample(ids, keep, rng)  # (M,)
        plans.append((kept, dynamic_spans(len(kept), window, rng).astype(np.int8)))
    return plans


def train_word2vec(tokens: Sequence[str], *, dim: int = DIM, window: int = WINDOW,
                   negatives: int = NEGATIVES, min_count: int = MIN_COUNT, sample: float = SAMPLE,
                   epochs: int = EPOCHS, lr: float = LR, batch_size: int = BATCH_SIZE,
                   seed: int = 0, device: str = "cpu", progress: bool = True) -> TrainedVectors:
    """Train skip-gram with negative sampling on ``tokens``; return the input vectors.

    Parameters
    ----------
    tokens : list of str
        The text as words (:func:`corpus_tokens`, or ``tokenize(text)``), read as one stream.
    dim, window, negatives, min_count : int
        Vector length d, the largest span of the dynamic window, noise words K per pair, and
        the vocabulary's threshold (:meth:`WordVocabulary.of_tokens`).
    sample : float
        The subsampling threshold t (:func:`keep_probabilities`); 0 keeps every word.
    epochs : int
        Passes over the text, each with freshly drawn subsampling, spans and order (all
        drawn before the first step, :func:`plan_epochs`).
    lr, batch_size : float, int
        Plain SGD on the summed loss of ``batch_size`` pairs, the rate falling linearly from
        ``lr`` to ``lr * 1e-4`` over the run (word2vec's schedule).
    seed : int
        Seeds the starting vectors, the noise words (``torch.Generator``) and subsampling,
        spans and order (``np.random.default_rng``): on the CPU a seed gives the same vectors.
    device : str
        ``"auto"``, ``"cpu"``, ``"cuda"``...: where the tables live and the steps run.
    progress : bool
        Show a :class:`dlcourse.progress.Progress` bar with the recent loss.

    Returns
    -------
    TrainedVectors
        ``vectors`` (V, d) float32 (the input table), ``vocab``, ``history`` (loss per step).
    """
    dim, window = positive_int(dim, "dim"), positive_int(window, "window")
    negatives = positive_int(negatives, "negatives")
    epochs, batch_size = positive_int(epochs, "epochs"), positive_int(batch_size, "batch_size")
    lr = positive_number(lr, "lr")
    sample = positive_number(sample, "sample", allow_zero=True)
    positive_int(seed, "seed", minimum=0)
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be True or False, got {type(progress).__name__}.")
    vocab = WordVocabulary.of_tokens(tokens, min_count)
    keep = keep_probabilities(vocab, sample)
    device = pick_device(device)
    ids = vocab.encode(tokens)
    rng = np.random.default_rng(seed)
    generator = torch.Generator().manual_seed(seed)
    model = SkipGram(vocab.size, dim)
    model.reset(generator)
    model.to(device)
    threshold, alias = (torch.from_numpy(a) for a in alias_table(noise_distribution(vocab)))
    plans = plan_epochs(ids, keep, window, epochs, rng)
    history = Word2VecHistory(pairs_per_epoch=[count_pairs(spans) for _, spans in plans])
    total_steps = sum(math.ceil(p / batch_size) for p in history.pairs_per_epoch)
    if total_steps == 0:
        raise ValueError(f"tokens give no (centre, context) pair: {len(ids)} of the "
                         f"{len(tokens)} tokens are in the vocabulary; give a longer text.")
    started, step = time.perf_counter(), 0
    bar = Progress(total_steps, "word2vec", unit="batch", enabled=progress)
    for kept, spans in plans:
        centres, contexts = skipgram_pairs(kept, window, spans)  # (P,), (P,)
        order = torch.from_numpy(rng.permutation(len(centres)))  # shuffled pairs
        centres, contexts = torch.from_numpy(centres)[order], torch.from_numpy(contexts)[order]
        for start in range(0, len(centres), batch_size):
            c = centres[start:start + batch_size]
            o = contexts[start:start + batch_size]
            n = draw_noise(threshold, alias, (len(c), negatives), generator)  # (B, K)
            rate = lr * (1.0 - (1.0 - 1e-4) * step / max(1, total_steps - 1))  # lr -> lr/1e4
            loss = model.sgd_step(c.to(device), o.to(device), n.to(device), rate)  # (B,)
            step += 1
            history.loss.append(loss.mean().item())
            history.lr.append(rate)
            bar.update()
            if step % 100 == 0:
                bar.set_postfix(loss=f"{np.mean(history.loss[-100:]):.3f}")
    bar.set_postfix(loss=f"{np.mean(history.loss[-100:]):.3f}")
    bar.close()
    history.seconds = time.perf_counter() - started
    vectors = model.inputs.weight.detach().cpu().numpy().astype(np.float32)
    return TrainedVectors(vectors, vocab, history)


def corpus_tokens(plays=()) -> list[str]:
    """The four books' words (:func:`dlcourse.data.books.load_books`), then the plays' speeches.

    ``plays`` (a list of :class:`dlcourse.data.shakespeare.Play`) adds their spoken text, the
    speakers' names left out: pass the training plays only (``split_by_play(load_plays())[0]``)
    when the vectors will serve a model judged on the others.
    """
    from dlcourse.data.books import load_books, tokenize
    from dlcourse.data.shakespeare import Play

    if isinstance(plays, Play) or not isinstance(plays, (list, tuple)) or not all(
            isinstance(p, Play) for p in plays):
        raise TypeError(f"plays must be a list of Play (load_plays()), got "
                        f"{type(plays).__name__}.")
    tokens = [word for book in load_books() for word in tokenize(book.text)]
    for play in plays:
        for _, text in play.speeches:
            tokens.extend(tokenize(text))
    return tokens

