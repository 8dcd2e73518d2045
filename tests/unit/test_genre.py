"""Seed 000's LSTM classifier and the TF-IDF baseline: shapes, torch by hand, embedding start,
a baseline that learns a signal and none from shuffled labels, reproducible training."""

import numpy as np
import torch
from torch import nn

from dlcourse.data.passages import Passage
from dlcourse.models.genre import (
    PAD,
    UNK,
    GenreLSTM,
    PassageVocabulary,
    labels_of,
    predict_proba,
    train_genre,
)
from dlcourse.models.tfidf import make_tfidf, tfidf_genre, train_tfidf

LETTERS = "abcdefghijklmnopqrst"
SHARED = [f"word{a}{b}" for a in "ab" for b in LETTERS]  # 40 words both classes use
MARKERS = ([f"comic{a}" for a in LETTERS], [f"tragic{a}" for a in LETTERS])  # 20 per class


def passage(words, label=0):
    return Passage("play", ("comedies", "tragedies")[label], label, tuple(words))


def synthetic(n: int, length: int, seed: int, shuffle_labels: bool = False) -> list[Passage]:
    """``n`` passages of ``length`` shared words, three of them replaced by marker words of the
    label (an easy task); ``shuffle_labels`` then permutes the labels (no task left)."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n)
    passages = []
    for label in labels:
        words = list(rng.choice(SHARED, length))
        for position in rng.choice(length, 3, replace=False):
            words[position] = rng.choice(MARKERS[label])
        passages.append(words)
    if shuffle_labels:
        labels = rng.permutation(labels)
    return [passage(words, int(label)) for words, label in zip(passages, labels, strict=True)]


def test_vocabulary_ranks_training_words_after_pad_and_unk():
    vocab = PassageVocabulary.of_passages([passage("b a c b a b".split()), passage(["d"])])
    assert vocab.words == (PAD, UNK, "b", "a", "c", "d")  # by count, ties alphabetical
    assert PassageVocabulary.of_passages([passage("b a c b a b".split())], max_words=4).words == (
        PAD, UNK, "b", "a")
    ids = vocab.encode([passage("a b zebra".split()), passage("c d a b c".split())], maxlen=4)
    # like Keras's pad_sequences: pad in front, keep the last maxlen words; unknown -> <unk>
    assert ids.tolist() == [[0, 3, 2, 1], [5, 3, 2, 4]]
    assert ids.dtype == torch.int64


def test_shapes():
    torch.manual_seed(0)
    model = GenreLSTM(50, embedding_dim=6, hidden_size=7)
    ids = torch.randint(0, 50, (5, 11))
    assert model(ids).shape == (5,)
    assert model.embedding.weight.shape == (50, 6) and model.lstm.hidden_size == 7
    assert torch.equal(model.embedding.weight[0], torch.zeros(6))  # <pad> embeds to 0
    assert predict_proba(model, ids).shape == (5,)
    assert labels_of([passage("a".split(), 1), passage("b".split(), 0)]).tolist() == [1.0, 0.0]


def test_forward_is_lookup_then_lstm_then_linear():
    torch.manual_seed(1)
    model = GenreLSTM(30, embedding_dim=5, hidden_size=4, dropout=0.2).eval()
    lstm = nn.LSTM(5, 4, batch_first=True)  # a separate torch LSTM with the model's weights
    lstm.load_state_dict(model.lstm.state_dict())
    W = model.embedding.weight.detach()  # (V, E)
    ids = torch.randint(0, 30, (3, 9))
    x = W[ids]  # lookup: (3, 9) -> (3, 9, 5)
    _, (h, _) = lstm(x)  # h (1, 3, 4)
    expected = h[0] @ model.readout.weight.detach()[0] + model.readout.bias.detach()[0]  # (3,)
    with torch.no_grad():
        torch.testing.assert_close(model(ids), expected, atol=1e-6, rtol=0)
        p = predict_proba(model, ids)
    np.testing.assert_allclose(p, torch.sigmoid(expected).detach().numpy(), atol=1e-6)
    model.train()  # dropout on: the same ids give other logits
    assert not torch.allclose(model(ids), expected)


def test_from_vectors_copies_the_rows_of_the_words_found():
    vocab = PassageVocabulary(["king", "queen", "fool", "ghost"])  # ids 2..5
    words = ["ghost", "crown", "king"]  # "crown" is not in the vocabulary
    vectors = np.arange(9, dtype=float).reshape(3, 3) + 1.0  # (3, d=3): d differs from 128
    torch.manual_seed(7)
    model = GenreLSTM.from_vectors(vocab, vectors, words, hidden_size=4)
    torch.manual_seed(7)
    plain = GenreLSTM(vocab.size, embedding_dim=3, hidden_size=4)  # the same random start
    E = model.embedding.weight.detach()
    assert E.shape == (6, 3) and model.lstm.input_size == 3 and model.vectors_found == 2
    torch.testing.assert_close(E[vocab.index["ghost"]], torch.tensor([1.0, 2.0, 3.0]))
    torch.testing.assert_close(E[vocab.index["king"]], torch.tensor([7.0, 8.0, 9.0]))
    others = [vocab.index[w] for w in (UNK, "queen", "fool")]
    torch.testing.assert_close(E[others], plain.embedding.weight.detach()[others])
    assert torch.equal(E[0], torch.zeros(3))  # <pad>
    assert model.embedding.weight.requires_grad
    frozen = GenreLSTM.from_vectors(vocab, vectors, words, freeze=True)
    assert not frozen.embedding.weight.requires_grad and frozen.lstm.weight_ih_l0.requires_grad


def small_run(train, test, seed, **options):
    return train_genre(train, test, epochs=options.pop("epochs", 2), batch_size=16,
                       embedding_dim=8, hidden_size=8, seed=seed, progress=False, **options)


def test_training_repeats_for_a_seed_on_the_cpu():
    train, test = synthetic(96, 12, seed=0), synthetic(40, 12, seed=1)
    a, b, c = small_run(train, test, 3), small_run(train, test, 3), small_run(train, test, 4)
    assert a.history.train_loss == b.history.train_loss
    assert a.history.test_acc == b.history.test_acc
    for (name, p), q in zip(a.model.state_dict().items(), b.model.state_dict().values(),
                            strict=True):
        assert torch.equal(p, q), name
    assert a.history.train_loss != c.history.train_loss
    assert a.history.epoch == [1, 2] and a.test_acc == a.history.test_acc[-1]


def test_the_lstm_learns_an_easy_signal():
    train, test = synthetic(400, 12, seed=2), synthetic(200, 12, seed=3)
    run = small_run(train, test, 0, epochs=8, lr=1e-2)
    assert run.test_acc > 0.9
    assert run.vocab.size == 2 + len(SHARED) + 2 * len(LETTERS)


def test_a_frozen_embedding_stays_as_given():
    train, test = synthetic(64, 12, seed=4), synthetic(20, 12, seed=5)
    words = SHARED[:10] + ["comica", "tragicb"]
    vectors = np.random.default_rng(0).normal(size=(len(words), 5))
    frozen = small_run(train, test, 0, vectors=vectors, words=words, freeze=True)
    tuned = small_run(train, test, 0, vectors=vectors, words=words)
    rows = [frozen.vocab.index[w] for w in words]
    np.testing.assert_array_equal(frozen.model.embedding.weight.detach()[rows].numpy(),
                                  vectors.astype(np.float32))
    assert frozen.model.vectors_found == len(words) and frozen.model.embedding.weight.shape[1] == 5
    assert not np.allclose(tuned.model.embedding.weight.detach()[rows].numpy(), vectors, atol=1e-4)


def test_tfidf_finds_an_easy_signal_and_nothing_in_shuffled_labels():
    train, test = synthetic(600, 30, seed=6), synthetic(1000, 30, seed=7)
    assert tfidf_genre(train, test).test_acc > 0.9
    # shuffled labels: the weights learnt are noise, so each shuffle scores near chance, and
    # how near depends on that noise more than on the 1,000 test passages (0.45 to 0.57 here)
    runs = [tfidf_genre(synthetic(600, 30, seed, shuffle_labels=True), test)
            for seed in range(6, 11)]
    accuracy = [run.test_acc for run in runs]
    assert all(0.35 < acc < 0.65 for acc in accuracy) and abs(np.mean(accuracy) - 0.5) < 0.05
    assert runs[0].features == len(SHARED) + 2 * len(LETTERS)


def test_tfidf_settings_and_tokenizer():
    pipeline = make_tfidf()
    tfidf, logreg = pipeline.named_steps["tfidf"], pipeline.named_steps["logreg"]
    assert (tfidf.ngram_range, tfidf.min_df, tfidf.sublinear_tf, tfidf.lowercase) == (
        (1, 1), 2, True, False)
    assert (logreg.C, logreg.class_weight, logreg.max_iter) == (1.0, "balanced", 1000)
    run = train_tfidf(["O'er the Count's ball", "the ball", "a ghost", "a ghost o'er"],
                      [0, 0, 1, 1], ["the ball"], [0])
    assert sorted(run.pipeline.named_steps["tfidf"].vocabulary_) == ["a", "ball", "ghost",
                                                                    "o'er", "the"]
    assert run.test_acc == 1.0
