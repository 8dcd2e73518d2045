"""Seed 000's LSTM text classifier in PyTorch, on Shakespeare's comedies and tragedies (chapter 07).

Seed 000 is the Keras IMDB script: ``Embedding(20000, 128)`` ->
``LSTM(128, dropout=0.2, recurrent_dropout=0.2)`` -> ``Dense(1, sigmoid)``,
binary cross-entropy, Adam, reviews cut to ``maxlen`` 80 words, batches of 32,
2 epochs. Here the same network reads the passages of
:mod:`dlcourse.data.passages` (80 words of a play; 0 comedy, 1 tragedy)::

    train, test = genre_passages()
    run = train_genre(train, test, seed=0)      # 2 epochs, about 15 s on 2 cores
    run.test_acc, run.history

What maps to what:

- ``Embedding(20000, 128)``: :class:`PassageVocabulary` keeps the most frequent
  words of the *training* passages (at most ``max_words`` ids in all), with id 0
  for ``<pad>`` and id 1 for ``<unk>`` (any other word); the vocabulary of the
  training plays is about 15,000 words, so the seed's 20,000 keeps them all.
- ``maxlen`` 80: :meth:`PassageVocabulary.encode` keeps the last ``maxlen`` words and
  pads shorter inputs in front with ``<pad>``, as Keras's ``pad_sequences`` does
  (``padding="pre"``, ``truncating="pre"``), so the LSTM's last step reads a word;
  the passages are 80 words, so nothing is cut or padded.
- ``dropout=0.2`` (Keras: on the LSTM's inputs): dropout on the embedded words.
- ``recurrent_dropout=0.2`` (Keras: on the state fed back at every step):
  ``torch.nn.LSTM`` has none, and building it would mean a Python loop over the 80
  steps around ``torch.lstm_cell`` instead of the fused kernel (about 3 times
  slower: 70 ms against 25 ms for a batch's forward and backward on 2 cores; Keras,
  too, gives up its fused cuDNN kernel for it). Instead the
  last hidden state is dropped out (rate ``dropout``) before the read-out: the same
  amount of noise between the recurrence and the decision, one mask per sequence.
- ``Dense(1, sigmoid)`` + binary cross-entropy: one logit and
  ``BCEWithLogitsLoss`` (the sigmoid inside the loss, which is numerically safer);
  the prediction is "tragedy" where the logit is > 0 (probability > 0.5).
- The training plays hold more tragedy than comedy (about 64 : 36; IMDB is
  balanced), so the loss weighs the tragedies by n_comedy / n_tragedy
  (``pos_weight``): both classes count alike, and always answering "tragedy" earns
  nothing. The TF-IDF baseline (:mod:`dlcourse.models.tfidf`) balances alike.
- Adam, learning rate 1e-3 (Keras's default), batches of 32, 2 epochs: the seed's,
  which fit the chapter's budget on 2 cores as they are (about 7 s an epoch).

``vectors`` and ``words`` start the embedding from word vectors learnt elsewhere
(:meth:`GenreLSTM.from_vectors`), frozen or fine-tuned.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from dlcourse.checks import as_float_array, flag, fraction, positive_int, positive_number
from dlcourse.data.passages import Passage
from dlcourse.device import pick_device
from dlcourse.progress import Progress
from dlcourse.train import History, check_model, eval_mode

PAD, UNK = "<pad>", "<unk>"  # ids 0 and 1
MAX_WORDS = 20_000  # seed 000's max_features
MAXLEN = 80  # seed 000's maxlen
EMBEDDING_DIM = HIDDEN_SIZE = 128  # seed 000's Embedding(., 128), LSTM(128)
DROPOUT = 0.2  # seed 000's dropout (and recurrent_dropout; see the module docstring)
BATCH_SIZE, EPOCHS, LR = 32, 2, 1e-3  # seed 000's batch and epochs; Keras's Adam rate


class PassageVocabulary:
    """Words -> ids: 0 is ``<pad>``, 1 is ``<unk>``, then ``words`` from id 2 on.

    Build it from the training passages with :meth:`of_passages` (most frequent first).
    """

    def __init__(self, words: Sequence[str]):
        if isinstance(words, str) or not all(isinstance(w, str) for w in words):
            raise TypeError(f"words must be a list of words (str), got "
                            f"{type(words).__name__} {words!r:.40}.")
        self.words = (PAD, UNK, *words)
        self.index = {w: i for i, w in enumerate(self.words)}
        if len(self.index) != len(self.words):
            repeated = sorted(w for w, n in Counter(self.words).items() if n > 1)
            raise ValueError(f"words must be distinct and not {PAD!r} or {UNK!r}, got "
                             f"{repeated[:5]} more than once.")

    @classmethod
    def of_passages(cls, passages: Sequence[Passage], max_words: int = MAX_WORDS
                    ) -> PassageVocabulary:
        """The ``max_words - 2`` most frequent words of ``passages`` (ties alphabetical),
        after ``<pad>`` and ``<unk>``: at most ``max_words`` ids, as Keras's ``num_words``."""
        max_words = positive_int(max_words, "max_words", minimum=3)
        _check_passages(passages, "passages")
        counts = Counter(word for p in passages for word in p.words)
        ranked = sorted(counts, key=lambda w: (-counts[w], w))
        return cls(ranked[:max_words - 2])

    @property
    def size(self) -> int:
        return len(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def __repr__(self) -> str:
        return f"PassageVocabulary({self.size} ids: {', '.join(self.words[:6])}, ...)"

    def encode(self, passages: Sequence[Passage], maxlen: int = MAXLEN) -> torch.Tensor:
        """Ids (N, maxlen) int64 of N passages: the last ``maxlen`` words of each, a shorter
        one padded in front with ``<pad>`` (0); words not in the vocabulary are ``<unk>`` (1)."""
        maxlen = positive_int(maxlen, "maxlen")
        _check_passages(passages, "passages")
        ids = torch.zeros(len(passages), maxlen, dtype=torch.int64)  # (N, maxlen), all <pad>
        for row, passage in enumerate(passages):
            kept = passage.words[-maxlen:]
            if kept:
                ids[row, maxlen - len(kept):] = torch.tensor(
                    [self.index.get(word, 1) for word in kept])
        return ids


def _check_passages(passages, name: str) -> None:
    if not (isinstance(passages, (list, tuple)) and passages
            and all(isinstance(p, Passage) for p in passages)):
        raise TypeError(f"{name} must be a non-empty list of Passage, as genre_passages() "
                        f"returns, got {type(passages).__name__}.")


class GenreLSTM(nn.Module):
    """Word ids -> Embedding -> dropout -> LSTM -> last hidden state -> dropout -> Linear(H, 1).

    Parameters
    ----------
    vocab_size : int
        V, the ids of the vocabulary (``<pad>`` = 0 embeds to zeros and learns nothing).
    embedding_dim : int
        E, the size of a word vector (seed: 128).
    hidden_size : int
        H, the LSTM's units (seed: 128).
    dropout : float
        Rate on the embedded words and on the last hidden state, in [0, 1) (seed: 0.2).

    Shape: ids (B, T) int64 -> logits (B,): log-odds of "tragedy"; sigmoid gives the
    probability, Keras's ``Dense(1, sigmoid)`` output.
    """

    def __init__(self, vocab_size: int, embedding_dim: int = EMBEDDING_DIM,
                 hidden_size: int = HIDDEN_SIZE, dropout: float = DROPOUT):
        super().__init__()
        self.vocab_size = positive_int(vocab_size, "vocab_size", minimum=2)
        embedding_dim = positive_int(embedding_dim, "embedding_dim")
        self.hidden_size = positive_int(hidden_size, "hidden_size")
        self.embedding = nn.Embedding(self.vocab_size, embedding_dim, padding_idx=0)
        self.dropout = nn.Dropout(fraction(dropout, "dropout"))
        self.lstm = nn.LSTM(embedding_dim, self.hidden_size, batch_first=True)
        self.readout = nn.Linear(self.hidden_size, 1)
        self.vectors_found = 0  # embedding rows copied by from_vectors

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.dropout(self.embedding(ids))  # (B, T) -> (B, T, E)
        _, (h, _) = self.lstm(x)  # h: (1, B, H), the state after the last step
        return self.readout(self.dropout(h[-1])).squeeze(-1)  # (B, H) -> (B, 1) -> (B,)

    @classmethod
    def from_vectors(cls, vocab: PassageVocabulary, vectors, words: Sequence[str],
                     hidden_size: int = HIDDEN_SIZE, dropout: float = DROPOUT,
                     freeze: bool = False) -> GenreLSTM:
        """A model whose embedding starts from word vectors: ``vectors`` (V2, d) for ``words``.

        The embedding has d columns (d need not be 128). Row i of a word of ``vocab`` that is
        ``words[j]`` becomes ``vectors[j]``; the other rows keep torch's random start
        (N(0, 1)) and ``<pad>`` stays 0. ``freeze=True`` keeps the whole embedding fixed
        (only the LSTM and read-out learn); ``False`` fine-tunes it. The number of rows
        copied is ``model.vectors_found``. Weights draw from torch's global generator.
        """
        if not isinstance(vocab, PassageVocabulary):
            raise TypeError(f"vocab must be a PassageVocabulary, got {type(vocab).__name__}.")
        vectors = as_float_array(vectors, "vectors", ndim=2)
        if isinstance(words, str) or not all(isinstance(w, str) for w in words):
            raise TypeError(f"words must be a list of the V2 words (str) of the rows of "
                            f"vectors, got {type(words).__name__}.")
        if len(words) != len(vectors) or vectors.shape[1] == 0:
            raise ValueError(f"vectors has shape {vectors.shape} but words holds {len(words)} "
                             f"words; give one row of at least one number per word.")
        if not np.isfinite(vectors).all():
            raise ValueError("vectors holds nan or inf; give finite numbers.")
        freeze = flag(freeze, "freeze")
        model = cls(vocab.size, vectors.shape[1], hidden_size, dropout)
        row_of = {word: j for j, word in enumerate(words)}
        found = [(i, row_of[w]) for i, w in enumerate(vocab.words) if i >= 2 and w in row_of]
        with torch.no_grad():
            if found:
                rows, source = map(list, zip(*found, strict=True))
                model.embedding.weight[rows] = torch.as_tensor(vectors[source],
                                                               dtype=torch.float32)
        model.embedding.weight.requires_grad_(not freeze)
        model.vectors_found = len(found)
        return model


@dataclass
class GenreRun:
    """One trained classifier: the ``model``, its ``vocab``, the :class:`~dlcourse.train.History`
    (one row per epoch: the class-weighted training loss and the training accuracy, both in
    training mode, with dropout; the test set's weighted loss and accuracy), ``test_acc``
    (the last row's) and ``seconds`` of training (without the evaluations).
    """

    model: GenreLSTM
    vocab: PassageVocabulary
    history: History
    test_acc: float
    seconds: float


def labels_of(passages: Sequence[Passage]) -> torch.Tensor:
    """The labels (N,) float32 of ``passages`` (0 comedy, 1 tragedy), BCE's targets."""
    _check_passages(passages, "passages")
    return torch.tensor([float(p.label) for p in passages])


def predict_proba(model: GenreLSTM, ids: torch.Tensor, batch_size: int = 500) -> np.ndarray:
    """P(tragedy) (N,) float64 for ids (N, T), in evaluation mode (no dropout)."""
    check_model(model)
    batch_size = positive_int(batch_size, "batch_size")
    if not isinstance(ids, torch.Tensor) or ids.ndim != 2 or ids.dtype != torch.int64:
        raise TypeError(f"ids must be an int64 tensor (N, T), as vocab.encode(passages) "
                        f"returns, got {type(ids).__name__}"
                        f"{f' {ids.dtype} {tuple(ids.shape)}' if torch.is_tensor(ids) else ''}.")
    with eval_mode(model) as device:
        logits = torch.cat([model(ids[i:i + batch_size].to(device)).cpu()
                            for i in range(0, len(ids), batch_size)])
    return torch.sigmoid(logits).double().numpy()


def _evaluate(model, ids, labels, loss_fn) -> tuple[float, float]:
    with eval_mode(model) as device:
        logits = torch.cat([model(ids[i:i + 500].to(device)) for i in range(0, len(ids), 500)])
        loss = loss_fn(logits, labels.to(device)).item()
        acc = ((logits > 0).float() == labels.to(device)).float().mean().item()
    return loss, acc


def train_genre(train: Sequence[Passage], test: Sequence[Passage], *, epochs: int = EPOCHS,
                batch_size: int = BATCH_SIZE, lr: float = LR, max_words: int = MAX_WORDS,
                maxlen: int = MAXLEN, embedding_dim: int = EMBEDDING_DIM,
                hidden_size: int = HIDDEN_SIZE, dropout: float = DROPOUT, vectors=None,
                words: Sequence[str] | None = None, freeze: bool = False, seed: int = 0,
                device: str = "cpu", progress: bool = True) -> GenreRun:
    """Train a :class:`GenreLSTM` on ``train`` and score it on ``test``; return a :class:`GenreRun`.

    Parameters
    ----------
    train, test : lists of Passage
        From :func:`dlcourse.data.passages.genre_passages`; the vocabulary is built from
        ``train`` alone (:meth:`PassageVocabulary.of_passages` with ``max_words``).
    epochs, batch_size, lr : int, int, float
        Passes over ``train``, passages per Adam step, Adam's learning rate (seed: 2, 32, 1e-3).
    maxlen, embedding_dim, hidden_size, dropout
        See :meth:`PassageVocabulary.encode` and :class:`GenreLSTM`; ``embedding_dim`` is
        unused when ``vectors`` is given (the vectors' width is the embedding's).
    vectors, words : (V2, d) floats and V2 words, optional
        Start the embedding from these word vectors (:meth:`GenreLSTM.from_vectors`),
        fine-tuned, or fixed with ``freeze=True``. Give both or neither.
    seed : int
        Seeds the weights, the dropout masks and the order of every epoch: the same seed
        gives the same run on a CPU.
    device : str
        ``"auto"``, ``"cpu"``, ``"cuda"`` ... (:func:`dlcourse.device.pick_device`).
    progress : bool
        Show a progress bar (:class:`dlcourse.progress.Progress`) with the test accuracy.
    """
    _check_passages(train, "train")
    _check_passages(test, "test")
    epochs, batch_size = positive_int(epochs, "epochs"), positive_int(batch_size, "batch_size")
    lr, seed = positive_number(lr, "lr"), positive_int(seed, "seed", minimum=0)
    if (vectors is None) != (words is None):
        raise ValueError(f"vectors and words go together: got vectors "
                         f"{'None' if vectors is None else 'given'} and words "
                         f"{'None' if words is None else 'given'}; give both or neither.")
    freeze = flag(freeze, "freeze")
    device = pick_device(device)
    vocab = PassageVocabulary.of_passages(train, max_words)
    X_train, y_train = vocab.encode(train, maxlen), labels_of(train)  # (N, T), (N,)
    X_test, y_test = vocab.encode(test, maxlen), labels_of(test)
    n_tragedy = int(y_train.sum())
    if n_tragedy in (0, len(y_train)):
        raise ValueError(f"train holds {n_tragedy} tragedies of {len(y_train)} passages; it "
                         f"needs both classes.")
    # weigh each tragedy n_comedy / n_tragedy: both classes weigh the same in the loss
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(y_train) - n_tragedy) / n_tragedy,
                                                           device=device))
    cuda = [torch.device(device).index or 0] if device.startswith("cuda") else []
    with torch.random.fork_rng(devices=cuda):  # weights and dropout draw from torch's generator
        torch.manual_seed(seed)
        if vectors is None:
            model = GenreLSTM(vocab.size, embedding_dim, hidden_size, dropout)
        else:
            model = GenreLSTM.from_vectors(vocab, vectors, words, hidden_size, dropout, freeze)
        model.to(device)
        X_train, y_train = X_train.to(device), y_train.to(device)
        opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=lr)
        generator = torch.Generator().manual_seed(seed)
        steps = math.ceil(len(y_train) / batch_size)
        history, seconds = History(), 0.0
        bar = Progress(epochs * steps, "training", "batch", enabled=progress)
        for epoch in range(epochs):
            model.train()
            started = time.perf_counter()
            order = torch.randperm(len(y_train), generator=generator).to(device)
            loss_sum, correct = 0.0, 0
            for start in range(0, len(y_train), batch_size):
                idx = order[start:start + batch_size]
                logits = model(X_train[idx])  # (B,)
                loss = loss_fn(logits, y_train[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                loss_sum += loss.item() * len(idx)
                correct += ((logits > 0).float() == y_train[idx]).sum().item()
                bar.update()
            seconds += time.perf_counter() - started
            test_loss, test_acc = _evaluate(model, X_test, y_test, loss_fn)
            history.epoch.append(epoch + 1)
            history.train_loss.append(loss_sum / len(y_train))
            history.train_acc.append(correct / len(y_train))
            history.test_loss.append(test_loss)
            history.test_acc.append(test_acc)
            history.lr.append(lr)
            history.seconds.append(seconds)
            bar.set_postfix(test_acc=f"{test_acc:.4f}")
        bar.close()
    return GenreRun(model, vocab, history, history.test_acc[-1], seconds)
