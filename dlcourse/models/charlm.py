"""A character-level language model on Shakespeare (chapter 06; seed 002: Görner's stacked GRUs).

The text is one long stream of character ids. It is cut into ``batch_size``
contiguous streams read side by side, ``seq_len`` characters at a time; the
hidden state is carried from one batch to the next (each row of a batch
continues the row before) and detached between batches: truncated
backpropagation through time. A softmax read-out scores the next character::

    plays = load_plays()
    vocab = Vocabulary.of_plays(plays)
    train, heldout = (vocab.encode(text_of(p)) for p in split_by_play(plays))
    torch.manual_seed(0)
    model = CharLM(vocab.size, hidden_size=256, num_layers=1, cell="lstm")
    history = train_charlm(model, train, heldout, steps=300, on_eval=LiveCurves(plot=...))
    evaluate(model, heldout)                 # nats per character; perplexity = exp(nats)
    sample(model, vocab, "ROMEO:\\n", 200, temperature=0.8, seed=0)

Losses are in nats per character (natural log); perplexity is exp of it.
Model weights draw from torch's global generator: seed it with
``torch.manual_seed(seed)`` before building the model.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dlcourse.checks import fraction, one_of, positive_int, positive_number
from dlcourse.device import pick_device
from dlcourse.nn.sampling import draw, with_temperature
from dlcourse.progress import Progress
from dlcourse.train import SCHEDULES, check_model, eval_mode, make_scheduler

CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}
STEP_KERNELS = {"lstm": torch.lstm_cell, "gru": torch.gru_cell, "rnn": torch.rnn_tanh_cell}


class Vocabulary:
    """The characters a model reads and writes, each with an id 0..size-1 (sorted by code point).

    Built from the text of all plays (:meth:`of_plays`). That is no leak of the
    held-out plays: the vocabulary is only the alphabet (which symbols exist,
    no counts, no order), the model needs an output for every symbol it may be
    asked to score, and the validation plays use no character the training
    plays lack, so the training plays alone give the same vocabulary (a test
    checks it).
    """

    def __init__(self, chars: str):
        if not isinstance(chars, str) or not chars:
            raise TypeError(f"chars must be a non-empty string of characters, got "
                            f"{type(chars).__name__} {chars!r:.40}.")
        self.chars = "".join(sorted(set(chars)))
        self.index = {c: i for i, c in enumerate(self.chars)}

    @classmethod
    def of_plays(cls, plays) -> Vocabulary:
        """The vocabulary of every character in ``plays`` (a list of Play)."""
        return cls(text_of(plays))

    @property
    def size(self) -> int:
        return len(self.chars)

    def __len__(self) -> int:
        return len(self.chars)

    def __repr__(self) -> str:
        return f"Vocabulary({self.size} characters: {self.chars!r:.60})"

    def encode(self, text: str) -> np.ndarray:
        """Ids (N,) int64 of the N characters of ``text``; ValueError for a character not in it."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}.")
        unknown = sorted(set(text) - set(self.index))
        if unknown:
            raise ValueError(f"text holds characters {unknown[:10]} that are not in the "
                             f"vocabulary of {self.size} characters; remove or replace them.")
        return np.fromiter((self.index[c] for c in text), dtype=np.int64, count=len(text))

    def decode(self, ids) -> str:
        """The text of ids (N,) (a list, array or tensor of ints in 0..size-1)."""
        ids = np.asarray(ids.cpu() if isinstance(ids, torch.Tensor) else ids)
        if ids.ndim != 1 or (ids.size and ids.dtype.kind not in "iu"):
            raise ValueError(f"ids must be a 1-D sequence of ints, got shape {ids.shape} dtype "
                             f"{ids.dtype}.")
        if ids.size and (ids.min() < 0 or ids.max() >= self.size):
            raise ValueError(f"ids must be in 0..{self.size - 1}, got values from {ids.min()} "
                             f"to {ids.max()}.")
        return "".join(self.chars[i] for i in ids)


def text_of(plays) -> str:
    """The plays' texts one after another (``Play.text``: "SPEAKER:\\nline\\n\\n" per speech)."""
    if not isinstance(plays, (list, tuple)) or not plays or not all(
            hasattr(p, "text") for p in plays):
        raise TypeError(f"plays must be a non-empty list of Play (load_plays()), got "
                        f"{type(plays).__name__}.")
    return "".join(play.text for play in plays)


def as_ids(ids, name: str = "ids", minimum: int = 2) -> torch.Tensor:
    """``ids`` (N,) as an int64 tensor (from a tensor, array or list of ints), N >= ``minimum``."""
    if isinstance(ids, str):
        raise TypeError(f"{name} must be character ids, got a string; use vocab.encode(text).")
    tensor = torch.as_tensor(ids)
    if tensor.ndim != 1 or tensor.dtype not in (torch.int64, torch.int32, torch.int16,
                                                torch.uint8):
        raise ValueError(f"{name} must be a 1-D sequence of integer ids, got shape "
                         f"{tuple(tensor.shape)} dtype {tensor.dtype}.")
    if len(tensor) < minimum:
        raise ValueError(f"{name} has {len(tensor)} ids, needs at least {minimum}.")
    return tensor.long()


class CharLM(nn.Module):
    """Characters in, next-character scores out: one-hot (or embedding) -> stacked RNN -> Linear.

    Parameters
    ----------
    vocab_size : int
        V, the number of characters.
    hidden_size : int
        H, the units per layer (Görner's "cell size").
    num_layers : int
        Stacked layers (Görner: 3 GRUs).
    cell : {"lstm", "gru", "rnn"}
        ``torch.nn.LSTM``, ``GRU`` or ``RNN`` (tanh).
    embedding_size : int, optional
        None reads one-hot vectors (V,); an int E learns an embedding (V -> E) first.
    dropout : float
        Between stacked layers (torch's ``dropout``), in [0, 1).

    Shape: ids (B, T) -> logits (B, T, V), and the state: h (num_layers, B, H),
    and for the LSTM the pair (h, c).
    """

    def __init__(self, vocab_size: int, hidden_size: int = 256, num_layers: int = 2,
                 cell: str = "lstm", embedding_size: int | None = None, dropout: float = 0.0):
        super().__init__()
        self.vocab_size = positive_int(vocab_size, "vocab_size", minimum=2)
        self.hidden_size = positive_int(hidden_size, "hidden_size")
        self.num_layers = positive_int(num_layers, "num_layers")
        self.cell = one_of(cell, "cell", CELLS)
        dropout = fraction(dropout, "dropout")
        if embedding_size is None:
            self.embedding, n_in = None, self.vocab_size
        else:
            n_in = positive_int(embedding_size, "embedding_size")
            self.embedding = nn.Embedding(self.vocab_size, n_in)
        self.rnn = CELLS[cell](n_in, self.hidden_size, self.num_layers, batch_first=True,
                               dropout=dropout if self.num_layers > 1 else 0.0)
        self.readout = nn.Linear(self.hidden_size, self.vocab_size)

    def forward(self, ids: torch.Tensor, state=None):
        """Logits (B, T, V) for ids (B, T), and the state after the last step."""
        if self.embedding is None:
            x = F.one_hot(ids, self.vocab_size).float()  # (B, T) -> (B, T, V)
        else:
            x = self.embedding(ids)  # (B, T) -> (B, T, E)
        h, state = self.rnn(x, state)  # (B, T, H)
        return self.readout(h), state  # (B, T, V)


def detach(state):
    """The state (a tensor or the LSTM's pair) cut from the graph of the batches before."""
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


def stream_batches(ids, batch_size: int, seq_len: int, offset: int = 0
                   ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """One pass over ``ids`` (N,) as ``batch_size`` contiguous streams, ``seq_len`` at a time.

    Stream b is ids[offset + b*n : offset + (b+1)*n + 1] with n = (N - offset - 1) // batch_size;
    batch k holds columns k*seq_len .. (k+1)*seq_len of every stream (the last batch may be
    shorter): inputs x (B, T) and targets y (B, T), y[:, t] = the character after x[:, t].
    Row b of batch k+1 continues row b of batch k, so the hidden state can be carried over.
    """
    ids = as_ids(ids)
    batch_size = positive_int(batch_size, "batch_size")
    seq_len = positive_int(seq_len, "seq_len")
    offset = positive_int(offset, "offset", minimum=0)
    n = (len(ids) - offset - 1) // batch_size
    if n < 1:
        raise ValueError(f"ids has {len(ids)} ids: too few for batch_size {batch_size} streams "
                         f"after offset {offset}; use a smaller batch_size.")
    x = ids[offset:offset + batch_size * n].view(batch_size, n)  # (B, n)
    y = ids[offset + 1:offset + 1 + batch_size * n].view(batch_size, n)  # (B, n)
    for start in range(0, n, seq_len):
        yield x[:, start:start + seq_len], y[:, start:start + seq_len]


def evaluate(model: CharLM, ids, streams: int = 64, seq_len: int = 200,
             chars: int | None = None) -> float:
    """Mean cross-entropy in nats per character of predicting ids[1:] from what precedes.

    The text is read as ``streams`` contiguous streams (each starting from a zero state);
    ``chars`` limits the score to the first chars // streams predictions of every stream
    (spread over the whole text); None scores all of them (the last < ``streams`` characters
    that do not fill a stream are left out). In evaluation mode, without gradients.
    """
    ids = as_ids(ids)
    streams = positive_int(streams, "streams")
    seq_len = positive_int(seq_len, "seq_len")
    per_stream = None if chars is None else positive_int(chars, "chars", minimum=streams) // streams
    streams = min(streams, len(ids) - 1)
    total, count = 0.0, 0
    with eval_mode(model) as device:
        state = None
        for x, y in stream_batches(ids, streams, seq_len):
            if per_stream is not None and count >= per_stream * streams:
                break
            if per_stream is not None:
                keep = per_stream - count // streams
                x, y = x[:, :keep], y[:, :keep]
            logits, state = model(x.to(device), state)  # (B, T, V)
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                     y.to(device).reshape(-1), reduction="sum").item()
            count += y.numel()
    return total / count


@dataclass
class LMHistory:
    """What happened while a language model trained, one entry per evaluation.

    ``chars`` = characters read so far; ``train_nats`` = mean training loss (nats/char) over
    the steps since the previous evaluation; ``heldout_nats`` = :func:`evaluate` on the held-out
    ids; ``seconds`` = training time so far, without the evaluations.
    """

    step: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    chars: list[int] = field(default_factory=list)
    train_nats: list[float] = field(default_factory=list)
    heldout_nats: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)

    @property
    def perplexity(self) -> list[float]:
        """exp(held-out nats/char) per evaluation."""
        return [math.exp(n) for n in self.heldout_nats]

    def __len__(self) -> int:
        return len(self.step)

    def __repr__(self) -> str:
        if not self.step:
            return "LMHistory(empty)"
        return (f"LMHistory({len(self)} evaluations, step {self.step[-1]}: held-out "
                f"{self.heldout_nats[-1]:.3f} nats/char, {self.seconds[-1]:.1f} s of training)")


def train_charlm(model: CharLM, train_ids, heldout_ids, *, steps: int, batch_size: int = 64,
                 seq_len: int = 100, lr: float = 3e-3, schedule: str = "one-cycle",
                 clip: float = 1.0, seed: int = 0, device: str = "cpu", evals: int = 5,
                 eval_chars: int | None = None, on_eval: Callable[[LMHistory], None] | None = None,
                 progress: bool = True) -> LMHistory:
    """Train ``model`` for exactly ``steps`` batches of truncated BPTT with Adam; return a history.

    Parameters
    ----------
    train_ids, heldout_ids : (N,) ints
        Character ids (``vocab.encode``) of the training and held-out plays.
    steps : int
        Gradient steps (batches of ``batch_size`` streams x ``seq_len`` characters); the run is
        the same for the same seed, whatever the machine's speed.
    lr, schedule : float, {"constant", "one-cycle", "exponential"}
        Adam's learning rate, per step by :func:`dlcourse.train.make_scheduler`
        (the exponential decay goes to lr / 30, Görner's 0.003 -> 0.0001).
    clip : float
        Gradient norms above ``clip`` are scaled down to it (exploding gradients).
    seed : int
        Each pass after the first starts its streams at an offset drawn in 0..seq_len-1
        from ``torch.Generator().manual_seed(seed)``.
    device : str
        ``"auto"``, ``"cpu"``, ``"cuda"``...: model and data are moved there.
    evals : int
        Evaluations, evenly spaced, the last after the last step; each adds a row and calls
        ``on_eval(history)``. ``eval_chars`` limits each to that many held-out characters
        spread over all held-out plays (:func:`evaluate`'s ``chars``; None: all).
    """
    check_model(model)
    train_ids = as_ids(train_ids, "train_ids")
    heldout_ids = as_ids(heldout_ids, "heldout_ids")
    steps = positive_int(steps, "steps")
    batch_size = positive_int(batch_size, "batch_size")
    seq_len = positive_int(seq_len, "seq_len")
    lr = positive_number(lr, "lr")
    one_of(schedule, "schedule", SCHEDULES)
    clip = positive_number(clip, "clip")
    positive_int(seed, "seed", minimum=0)
    evals = positive_int(evals, "evals")
    if evals > steps:
        raise ValueError(f"evals == {evals}, must be <= steps ({steps}).")
    if on_eval is not None and not callable(on_eval):
        raise TypeError(f"on_eval must be a function of the LMHistory, got "
                        f"{type(on_eval).__name__}.")
    device = pick_device(device)
    model.to(device)
    train_ids = train_ids.to(device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    scheduler = make_scheduler(opt, schedule, steps, lr_min=lr / 30, decay_steps=max(1, steps / 3))
    eval_after = {math.ceil(steps * k / evals) for k in range(1, evals + 1)}
    generator = torch.Generator().manual_seed(seed)
    history = LMHistory()
    seconds, loss_sum, loss_chars, chars, step = 0.0, 0.0, 0, 0, 0
    bar = Progress(steps, "training", "step", enabled=progress)
    model.train()
    offset = 0
    while step < steps:
        state = None
        started = time.perf_counter()
        for x, y in stream_batches(train_ids, batch_size, seq_len, offset):
            logits, state = model(x, detach(state))  # (B, T, V)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), clip)
            opt.step()
            if scheduler is not None:
                scheduler.step()
            step += 1
            loss_sum += loss.item() * y.numel()
            loss_chars += y.numel()
            chars += y.numel()
            bar.update()
            if step in eval_after:
                seconds += time.perf_counter() - started
                heldout = evaluate(model, heldout_ids, chars=eval_chars)
                history.step.append(step)
                history.seconds.append(seconds)
                history.chars.append(chars)
                history.train_nats.append(loss_sum / loss_chars)
                history.heldout_nats.append(heldout)
                history.lr.append(opt.param_groups[0]["lr"])
                bar.set_postfix(heldout=f"{heldout:.3f} nats/char")
                loss_sum, loss_chars = 0.0, 0
                if on_eval is not None:
                    on_eval(history)
                started = time.perf_counter()
            if step == steps:
                break
        else:
            seconds += time.perf_counter() - started
        offset = int(torch.randint(seq_len, (1,), generator=generator))
    bar.close()
    return history


def _prime_state(model: CharLM, vocab: Vocabulary, prime: str, device):
    """Logits (V,) after reading ``prime``, and the state then."""
    if not isinstance(vocab, Vocabulary):
        raise TypeError(f"vocab must be a Vocabulary, got {type(vocab).__name__}.")
    if not isinstance(prime, str) or not prime:
        raise ValueError(f"prime must be a non-empty string (the text to continue), got "
                         f"{prime!r}.")
    ids = torch.as_tensor(vocab.encode(prime), device=device)[None]  # (1, T)
    logits, state = model(ids)
    return logits[0, -1], state


def next_char_logits(model: CharLM, vocab: Vocabulary, prime: str) -> np.ndarray:
    """The model's scores (V,) for the character after ``prime``, as a NumPy float64 copy.

    ``dlcourse.nn.sampling.with_temperature(logits, T)`` turns them into the distribution
    at temperature T and ``entropy`` measures it; greedy decoding is ``argmax``.
    """
    check_model(model)
    with eval_mode(model) as device:
        logits, _ = _prime_state(model, vocab, prime, device)
    return logits.double().cpu().numpy()


def next_char_probs(model: CharLM, vocab: Vocabulary, prime: str,
                    temperature: float = 1.0) -> np.ndarray:
    """softmax(logits / temperature) (V,) for the character after ``prime`` (ids as in vocab)."""
    return with_temperature(next_char_logits(model, vocab, prime), temperature)


def sample(model: CharLM, vocab: Vocabulary, prime: str, length: int = 200,
           temperature: float = 1.0, seed: int = 0, greedy: bool = False) -> str:
    """``length`` characters continuing ``prime`` (the prime itself not included).

    Each character is drawn from with_temperature(logits, temperature) by
    ``dlcourse.nn.sampling.draw`` with ``np.random.default_rng(seed)`` (same seed, same text),
    or, with ``greedy=True``, is the argmax of the logits (temperature and seed unused).
    """
    check_model(model)
    length = positive_int(length, "length")
    temperature = positive_number(temperature, "temperature")
    positive_int(seed, "seed", minimum=0)
    if not isinstance(greedy, bool):
        raise TypeError(f"greedy must be True or False, got {type(greedy).__name__}.")
    rng = np.random.default_rng(seed)
    out = []
    with eval_mode(model) as device:
        logits, state = _prime_state(model, vocab, prime, device)
        for _ in range(length):
            scores = logits.double().cpu().numpy()  # (V,)
            i = int(np.argmax(scores)) if greedy else draw(with_temperature(scores, temperature),
                                                           rng)
            out.append(i)
            logits, state = one_step(model, i, state)
    return vocab.decode(out)


def one_step(model: CharLM, char_id: int, state):
    """Logits (V,) and state after one more character: what ``model`` gives for ids [[char_id]].

    It runs torch's one-step kernels (``torch.lstm_cell``, ``gru_cell``, ``rnn_tanh_cell``)
    on the model's own weights, layer by layer: the same numbers, about 3x faster than the
    whole-sequence ``nn.LSTM`` for one step of one sequence (which is what sampling does).
    ``state`` is the model's (``None`` at the start); call it without gradients.
    """
    rnn, layers = model.rnn, model.num_layers
    if model.embedding is None:
        x = F.one_hot(torch.tensor([char_id], device=rnn.weight_hh_l0.device),
                      model.vocab_size).float()  # (1, V)
    else:
        x = model.embedding.weight[char_id][None]  # (1, E)
    if state is None:
        zeros = rnn.weight_hh_l0.new_zeros(layers, 1, model.hidden_size)
        state = (zeros, zeros) if model.cell == "lstm" else zeros
    hs, cs = [], []
    for k in range(layers):
        weights = (getattr(rnn, f"{name}_l{k}") for name in
                   ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
        if model.cell == "lstm":
            x, c = torch.lstm_cell(x, (state[0][k], state[1][k]), *weights)
            cs.append(c)
        else:
            x = STEP_KERNELS[model.cell](x, state[k], *weights)
        hs.append(x)
    h = torch.stack(hs)  # (num_layers, 1, H)
    return model.readout(x)[0], ((h, torch.stack(cs)) if model.cell == "lstm" else h)


def unit_activations(model: CharLM, vocab: Vocabulary, text: str, layer: int = -1,
                     which: str = "h") -> np.ndarray:
    """Every unit's value after each character of ``text``: (len(text), H) NumPy array.

    ``which="h"`` is the hidden state h_t of ``layer`` (default the top one, in [-1, 1]);
    ``"c"`` the LSTM's memory cell c_t (Karpathy's "what one cell tracks" plots show tanh(c)).
    Column j is unit j's activation per character, for the coloured-text view.
    """
    check_model(model)
    one_of(which, "which", ("h", "c"))
    if which == "c" and model.cell != "lstm":
        raise ValueError(f"which == 'c' needs an LSTM (the memory cell), the model's cell is "
                         f"{model.cell!r}; use which='h'.")
    layers = model.num_layers
    if isinstance(layer, bool) or not isinstance(layer, int) or not -layers <= layer < layers:
        raise ValueError(f"layer == {layer!r}, must be an int in {-layers}..{layers - 1}.")
    rows = []
    with eval_mode(model):
        if not isinstance(vocab, Vocabulary):
            raise TypeError(f"vocab must be a Vocabulary, got {type(vocab).__name__}.")
        ids = vocab.encode(text)  # (N,)
        if len(ids) == 0:
            raise ValueError("text is empty; give at least one character.")
        state = None
        for i in ids:
            _, state = one_step(model, int(i), state)
            h = state if model.cell != "lstm" else state[0 if which == "h" else 1]
            rows.append(h[layer, 0].cpu().numpy())  # (H,)
    return np.stack(rows)  # (len(text), H)


def prefix_step(model: CharLM, vocab: Vocabulary, prime: str):
    """``(step, start)`` for :func:`dlcourse.decoding.beam_search` continuing ``prime``.

    ``start`` is the id of the prime's last character; ``step(prefixes)`` returns the
    next-character log-probabilities (B, V) after prime + each prefix's later characters.
    Each prefix extends one of the previous call's by one character, so ``step`` runs one
    :func:`one_step` from the state it kept for that parent (states of older prefixes are
    dropped): a beam of width B costs B one-character steps per level.
    """
    check_model(model)
    with eval_mode(model) as device:
        logits, state = _prime_state(model, vocab, prime, device)
    start = int(vocab.encode(prime[-1])[0])
    kept = {(start,): (torch.log_softmax(logits.double(), dim=0).cpu().numpy(), state)}

    def step(prefixes):
        level = {}
        with eval_mode(model):
            for prefix in map(tuple, prefixes):
                if prefix not in kept:
                    _, parent_state = kept[prefix[:-1]]
                    out, new_state = one_step(model, prefix[-1], parent_state)
                    kept[prefix] = (torch.log_softmax(out.double(), dim=0).cpu().numpy(),
                                    new_state)
                level[prefix] = kept[prefix]
        kept.clear()
        kept.update(level)
        return np.stack([level[tuple(p)][0] for p in prefixes])

    return step, start
