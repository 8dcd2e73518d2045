"""Translating written dates to ISO dates with an encoder–decoder (chapters 08–09, seed 000).

The encoder, a bidirectional GRU, reads the characters of "Thursday, May 3, 1979";
the decoder, a GRU cell, writes "1979-05-03" and an end token, one character a step,
each step fed the character before (during training the right one: teacher forcing).
What the decoder learns of the input depends on ``attention``:

- ``"none"``: one fixed vector, the encoder's final states, at every step (the
  bottleneck seed 000 describes: the whole input squeezed into one vector);
- ``"additive"``: Bahdanau's score vᵀ tanh(W_q s + W_k h_j) of the decoder state s
  against every encoder state h_j, softmaxed into weights over the input;
- ``"dot"``: the scaled dot product (W_q s) · h_j / √d.

::

    train, test = date_pairs("train", 20_000), date_pairs("test", 1_000)
    torch.manual_seed(0)
    model = DateTranslator(attention="additive")
    history = train_translator(model, train, test, steps=1500)
    translate(model, ["3 May 1979"])           # [Translation('1979-05-03', log_prob=-0.001, ...)]
    exact_match(model, test)                    # share of test dates written exactly right

Model weights draw from torch's global generator: seed it before building the model.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dlcourse.checks import one_of, positive_int, positive_number
from dlcourse.data.dates import characters
from dlcourse.decoding import Hypothesis, beam_search
from dlcourse.device import pick_device
from dlcourse.progress import Progress
from dlcourse.train import History, check_model, eval_mode

ATTENTIONS = ("none", "additive", "dot")
PAD = 0  # source id 0 pads the texts of a batch to one length
TARGET_CHARS = "0123456789-"
START, END = len(TARGET_CHARS), len(TARGET_CHARS) + 1  # target ids after the characters
ISO_LENGTH = 10  # YYYY-MM-DD: the decoder writes 10 characters, then END
MAX_TEXT = 40  # longest text the models read (the formats write at most 29 characters)


def source_ids(texts) -> tuple[torch.Tensor, torch.Tensor]:
    """Texts -> (ids (N, S) int64, padded with :data:`PAD`, lengths (N,)); 1 + alphabet index."""
    if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must be a list of strings, e.g. ['3 May 1979'].")
    alphabet = {ch: i + 1 for i, ch in enumerate(characters())}
    for text in texts:
        problem = text_problem(text)
        if problem:
            raise ValueError(problem)
    lengths = torch.tensor([len(t) for t in texts])
    ids = torch.full((len(texts), int(lengths.max())), PAD)
    for row, text in enumerate(texts):
        ids[row, :len(text)] = torch.tensor([alphabet[ch] for ch in text])
    return ids, lengths


def text_problem(text: str) -> str:
    """Why a model cannot read ``text`` (empty, too long, unknown characters), or ''."""
    if not text:
        return "The text is empty: write a date, e.g. 3 May 1979."
    if len(text) > MAX_TEXT:
        return f"The text has {len(text)} characters; the models read at most {MAX_TEXT}."
    unknown = sorted(set(text) - set(characters()))
    if unknown:
        return (f"The models never saw {''.join(unknown)!r}; they read only these characters: "
                f"{characters()!r}.")
    return ""


def target_ids(isos) -> torch.Tensor:
    """ISO dates -> (N, 11) int64: 10 character ids then :data:`END`."""
    rows = [[TARGET_CHARS.index(ch) for ch in iso] + [END] for iso in isos]
    return torch.tensor(rows)


class DateTranslator(nn.Module):
    """Embedding → bidirectional GRU encoder; GRU-cell decoder with or without attention.

    Parameters
    ----------
    attention : "none", "additive" or "dot"
    hidden_size : int
        The decoder's state size; each encoder direction has ``hidden_size // 2`` units,
        so an encoder state h_j (both directions) has ``hidden_size`` entries too.
    embedding_dim : int
        Length of the character vectors (source and target).
    """

    def __init__(self, attention: str = "additive", hidden_size: int = 128,
                 embedding_dim: int = 32):
        super().__init__()
        self.attention = one_of(attention, "attention", ATTENTIONS)
        H = positive_int(hidden_size, "hidden_size", minimum=2)
        if H % 2:
            raise ValueError(f"hidden_size == {H}, must be even: the encoder's two directions "
                             f"have hidden_size // 2 units each.")
        E = positive_int(embedding_dim, "embedding_dim")
        self.hidden_size = H
        self.source_embedding = nn.Embedding(len(characters()) + 1, E, padding_idx=PAD)
        self.encoder = nn.GRU(E, H // 2, batch_first=True, bidirectional=True)
        self.bridge = nn.Linear(H, H)  # encoder's final states -> decoder's first state
        self.target_embedding = nn.Embedding(END + 1, E)
        self.decoder = nn.GRUCell(E + H, H)
        if attention == "additive":
            self.query = nn.Linear(H, H, bias=False)
            self.key = nn.Linear(H, H)
            self.score = nn.Linear(H, 1, bias=False)
        elif attention == "dot":
            self.query = nn.Linear(H, H, bias=False)
        self.readout = nn.Linear(2 * H, END + 1)

    def encode(self, ids: torch.Tensor, lengths: torch.Tensor):
        """What the decoder reads, and its first state s_0 (N, H).

        The first is ``memory`` = (encoder states (N, S, H), the padding mask (N, S) (True =
        a character), the fixed vector (N, H), the additive scores' keys W_k h_j (N, S, H) or
        None), which :meth:`step` takes at every step.
        """
        packed = nn.utils.rnn.pack_padded_sequence(self.source_embedding(ids), lengths.cpu(),
                                                   batch_first=True, enforce_sorted=False)
        out, last = self.encoder(packed)  # last: (2, N, H/2), forward and backward
        states, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True,
                                                     total_length=ids.shape[1])
        final = torch.cat([last[0], last[1]], dim=1)  # (N, H): the fixed vector
        mask = ids != PAD
        keys = self.key(states) if self.attention == "additive" else None  # (N, S, H)
        return (states, mask, final, keys), torch.tanh(self.bridge(final))

    def context(self, s, memory):
        """The context the decoder reads at one step (N, H) and its weights over the input (N, S).

        ``s`` is the decoder's state (N, H), ``memory`` what :meth:`encode` returned first.
        """
        states, mask, final, keys = memory
        if self.attention == "none":
            return final, None
        if self.attention == "additive":
            scores = self.score(torch.tanh(self.query(s)[:, None] + keys)).squeeze(2)  # (N, S)
        else:
            scores = (states @ self.query(s)[:, :, None]).squeeze(2) / math.sqrt(s.shape[1])
        weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)  # (N, S)
        return (weights[:, None] @ states).squeeze(1), weights  # (N, 1, S) @ (N, S, H)

    def step(self, token, s, memory):
        """One decoder step: the logits (N, 13) of the target after ``token`` (N,), the new
        state (N, H) and the attention weights (N, S) (None without attention)."""
        c, w = self.context(s, memory)
        s = self.decoder(torch.cat([self.target_embedding(token), c], dim=1), s)
        return self.readout(torch.cat([s, c], dim=1)), s, w

    def forward(self, ids, lengths, previous):
        """Logits (N, T, 13) of each next target given the ``previous`` targets (N, T) (from START).

        Also returns the attention weights (N, T, S), or None without attention.
        """
        memory, s = self.encode(ids, lengths)
        logits, weights = [], []
        for t in range(previous.shape[1]):
            logit, s, w = self.step(previous[:, t], s, memory)
            logits.append(logit)
            weights.append(w)
        alignment = None if self.attention == "none" else torch.stack(weights, dim=1)
        return torch.stack(logits, dim=1), alignment


def _teacher_inputs(targets: torch.Tensor) -> torch.Tensor:
    """START then every target but the last: what the decoder reads at each step."""
    return torch.cat([torch.full_like(targets[:, :1], START), targets[:, :-1]], dim=1)


@dataclass(frozen=True)
class Translation:
    """A decoded ``iso`` text, its ``log_prob`` (natural log, END included), the attention."""

    text: str
    iso: str
    log_prob: float
    alignment: np.ndarray | None  # (11, len(text)): output step x input character


def translate(model: DateTranslator, texts) -> list[Translation]:
    """Greedy translations of ``texts``: the most likely character at each step, up to END.

    All texts decode together for 11 steps; a translation's ``log_prob`` sums its steps
    up to and including its first END (or all 11 when it writes none).
    """
    ids, lengths = source_ids(list(texts))
    with eval_mode(model) as device:
        memory, s = model.encode(ids.to(device), lengths.to(device))
        token = torch.full((len(ids),), START, device=device)
        tokens, log_prob, weights = [], s.new_zeros(len(ids)), []
        writing = torch.ones(len(ids), dtype=torch.bool, device=device)  # no END written yet
        for _ in range(ISO_LENGTH + 1):
            logits, s, w = model.step(token, s, memory)
            logp = torch.log_softmax(logits, dim=1)
            token = logp.argmax(dim=1)
            log_prob += logp.gather(1, token[:, None]).squeeze(1) * writing
            writing &= token != END
            tokens.append(token)
            weights.append(w)
    tokens = torch.stack(tokens, dim=1).cpu().numpy()  # (N, 11)
    alignment = None if model.attention == "none" else torch.stack(weights, 1).cpu().numpy()
    return [Translation(text, target_text(row), float(lp),
                        None if alignment is None else alignment[i, :, :len(text)])
            for i, (text, row, lp) in enumerate(zip(texts, tokens, log_prob.cpu()))]


def target_text(ids) -> str:
    """Target ids -> text, up to the first END (START and END not written)."""
    out = []
    for i in ids:
        if i == END:
            break
        out.append(TARGET_CHARS[i] if i < START else "")
    return "".join(out)


def exact_match(model: DateTranslator, pairs, batch_size: int = 1000) -> float:
    """Share of ``pairs`` whose greedy translation is exactly their ISO date."""
    right = 0
    for start in range(0, len(pairs), batch_size):
        chunk = pairs[start:start + batch_size]
        right += sum(t.iso == p.iso for t, p in zip(translate(model, [p.text for p in chunk]),
                                                    chunk))
    return right / len(pairs)


def prefix_log_probs(model: DateTranslator, text: str, prefixes) -> np.ndarray:
    """log P(next target | text, prefix) (B, 13) for each prefix (a tuple of ids from START).

    The ``step`` that :func:`dlcourse.decoding.beam_search` calls: the decoder reads each
    prefix with teacher forcing (a prefix is at most 11 targets, so recomputing is cheap).
    """
    ids, lengths = source_ids([text] * len(prefixes))
    width = max(len(p) for p in prefixes)
    previous = torch.tensor([list(p) + [START] * (width - len(p)) for p in prefixes])
    with eval_mode(model) as device:
        logits, _ = model(ids.to(device), lengths.to(device), previous.to(device))
    last = torch.tensor([len(p) - 1 for p in prefixes], device=device)
    log_probs = torch.log_softmax(logits[torch.arange(len(prefixes)), last], dim=1)  # (B, 13)
    return log_probs.cpu().double().numpy()


def train_translator(model: DateTranslator, train_pairs, test_pairs, *, steps: int,
                     batch_size: int = 128, lr: float = 3e-3, eval_every: int = 250,
                     seconds: float | None = None, seed: int = 0, device: str = "auto",
                     progress: bool = True) -> History:
    """Adam on the cross-entropy of every target character, with teacher forcing.

    Every ``eval_every`` steps and at the end, ``History.test_acc`` gets the exact match on
    ``test_pairs`` (``test_loss``: their cross-entropy per character, teacher-forced).
    ``seconds``, if given, stops training once that much training time has passed (to give
    two models the same time). Batches are drawn with a generator seeded by ``seed``.
    """
    model = check_model(model)
    steps, batch_size = positive_int(steps, "steps"), positive_int(batch_size, "batch_size")
    eval_every = positive_int(eval_every, "eval_every")
    lr = positive_number(lr, "lr")
    limit = math.inf if seconds is None else positive_number(seconds, "seconds")
    if not train_pairs or not test_pairs:
        raise ValueError("train_pairs and test_pairs must both hold pairs (date_pairs(...)).")
    device = pick_device(device)
    model.to(device)
    ids, lengths = (t.to(device) for t in source_ids([p.text for p in train_pairs]))
    targets = target_ids([p.iso for p in train_pairs]).to(device)
    test = (*(t.to(device) for t in source_ids([p.text for p in test_pairs])),
            target_ids([p.iso for p in test_pairs]).to(device))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(positive_int(seed, "seed", minimum=0))
    history, elapsed, loss_sum, seen = History(), 0.0, 0.0, 0
    bar = Progress(steps, "training", "step", enabled=progress)
    for step in range(1, steps + 1):
        started = time.perf_counter()
        model.train()
        idx = torch.randint(len(targets), (batch_size,), generator=generator).to(device)
        width = int(lengths[idx].max())
        logits, _ = model(ids[idx, :width], lengths[idx], _teacher_inputs(targets[idx]))
        loss = F.cross_entropy(logits.flatten(0, 1), targets[idx].flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        elapsed += time.perf_counter() - started
        loss_sum, seen = loss_sum + loss.item(), seen + 1
        bar.update()
        done = step == steps or elapsed >= limit
        if step % eval_every == 0 or done:
            test_loss, test_acc = _evaluate(model, test_pairs, *test)
            history.epoch.append(step * batch_size / len(targets))
            history.train_loss.append(loss_sum / seen)
            history.train_acc.append(float("nan"))  # exact match is measured on the test set only
            history.test_loss.append(test_loss)
            history.test_acc.append(test_acc)
            history.lr.append(lr)
            history.seconds.append(elapsed)
            loss_sum, seen = 0.0, 0
            bar.set_postfix(exact=f"{test_acc:.3f}")
        if done:
            break
    bar.close()
    return history


def _evaluate(model, pairs, ids, lengths, targets) -> tuple[float, float]:
    with eval_mode(model):
        logits, _ = model(ids, lengths, _teacher_inputs(targets))
        loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten()).item()
    return loss, exact_match(model, pairs)


def beam_translate(model: DateTranslator, texts, beam_width: int, alpha: float = 0.0,
                   max_len: int = ISO_LENGTH + 1) -> list[Hypothesis]:
    """The best output of beam search for every text, all texts searched together.

    The same search as :func:`dlcourse.decoding.beam_search` with :func:`prefix_log_probs`
    as its ``step`` (expand every kept node by every target, keep the ``beam_width`` best of
    each text, a kept node that ends with END or has ``max_len`` targets is finished and
    leaves the beam; the best finished score log P / L ** alpha wins), but one decoder step
    serves every live node of every text: (texts x beam_width) rows per step, so measuring
    a thousand test dates at ten widths takes seconds. Returns one
    :class:`dlcourse.decoding.Hypothesis` per text (tokens without START, END included when
    written). Ties between equal scores may go another way than ``beam_search``'s.
    """
    k = positive_int(beam_width, "beam_width")
    alpha = positive_number(alpha, "alpha", allow_zero=True)
    max_len = positive_int(max_len, "max_len")
    ids, lengths = source_ids(list(texts))
    n, vocabulary = len(ids), END + 1
    rows = torch.arange(n)[:, None]  # (N, 1): each text's row of the (N, k) grids
    with eval_mode(model) as device:
        memory, s = model.encode(ids.to(device), lengths.to(device))

        def widen(t):  # (N, ...) -> (N * k, ...): a copy for each slot of the beam
            return None if t is None else t.repeat_interleave(k, dim=0)

        memory, s = tuple(map(widen, memory)), widen(s)
        token = torch.full((n * k,), START, device=device)
        log_p = torch.full((n, k), -math.inf, dtype=torch.float64)
        log_p[:, 0] = 0.0  # one live node per text at first: START alone
        outputs = torch.zeros((n, k, 0), dtype=torch.long)  # (N, k, length) tokens so far
        best = [Hypothesis((), -math.inf, -math.inf)] * n
        for length in range(1, max_len + 1):
            logits, s, _ = model.step(token, s, memory)
            step = torch.log_softmax(logits, dim=1)
            candidates = log_p[:, :, None] + step.cpu().double().view(n, k, vocabulary)
            top, index = candidates.view(n, k * vocabulary).topk(min(k, k * vocabulary), dim=1)
            parent, new = index // vocabulary, index % vocabulary  # (N, k) each
            outputs = torch.cat([outputs[rows, parent], new[:, :, None]], dim=2)
            finished = (top > -math.inf) & ((new == END) | (length == max_len))
            for i, j in finished.nonzero().tolist():
                score = float(top[i, j]) / length ** alpha
                if score > best[i].score:
                    best[i] = Hypothesis(tuple(outputs[i, j].tolist()), float(top[i, j]), score)
            log_p = top.masked_fill(finished, -math.inf)  # finished nodes leave the beam
            pick = (rows * k + parent).view(-1).to(device)  # each kept node's parent row
            s = s[pick]
            token = new.view(-1).to(device)
            if not torch.isfinite(log_p).any():
                break
    return best


def target_log_probs(model: DateTranslator, texts, isos) -> np.ndarray:
    """log P(iso + END | text) (N,) of given outputs, in nats: the teacher-forced sum.

    Beside a search's output it tells a **search error** (the right date scores higher than
    what the search found: a better search would have found it) from a **model error** (the
    model itself prefers the wrong output).
    """
    ids, lengths = source_ids(list(texts))
    targets = target_ids(list(isos))
    if len(targets) != len(ids):
        raise ValueError(f"texts and isos have lengths {len(ids)} and {len(targets)}; give one "
                         f"ISO date per text.")
    with eval_mode(model) as device:
        logits, _ = model(ids.to(device), lengths.to(device), _teacher_inputs(targets).to(device))
        log_p = torch.log_softmax(logits, dim=2).gather(2, targets.to(device)[:, :, None])
    return log_p.squeeze(2).double().sum(dim=1).cpu().numpy()


TARGET_NAMES = (*TARGET_CHARS, "START", "END")  # what each target id is, for drawings


def search_tree(model: DateTranslator, text: str, beam_width: int, alpha: float = 0.0):
    """Beam search's (hypotheses, :class:`dlcourse.decoding.SearchTree`) translating ``text``.

    :func:`dlcourse.decoding.beam_search` with :func:`prefix_log_probs` as its step, START
    and END as start and eos, at most 11 targets (10 characters and END).
    """
    problem = text_problem(text) if isinstance(text, str) else "text must be a string."
    if problem:
        raise ValueError(problem)
    return beam_search(lambda prefixes: prefix_log_probs(model, text, prefixes), START,
                       beam_width, ISO_LENGTH + 1, END, alpha, trace=True)
