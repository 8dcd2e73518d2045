"""dlcourse.models.word2vec: the vocabulary, subsampling, noise and pairs exactly by hand, the
skip-gram loss and its hand-written SGD step against NumPy and torch autograd, reproducible
training, and vectors that learn which words share contexts."""

import math
import re

import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose, assert_array_equal

from dlcourse.data.books import load_books, tokenize
from dlcourse.data.shakespeare import load_plays, split_by_play
from dlcourse.models.word2vec import (
    LR,
    SkipGram,
    TrainedVectors,
    WordVocabulary,
    alias_table,
    corpus_tokens,
    count_pairs,
    draw_noise,
    dynamic_spans,
    keep_probabilities,
    noise_distribution,
    skipgram_pairs,
    subsample,
    train_word2vec,
)
from dlcourse.nn.similarity import cosine

TOKENS = "the cat sat on the mat the dog sat on the log a cat and a dog".split()


def test_vocabulary_orders_by_count_then_alphabet_and_applies_min_count():
    vocab = WordVocabulary.of_tokens(TOKENS, min_count=2)
    # the 4, a/cat/dog/on/sat 2 each (alphabetical), and/log/mat 1 (below min_count)
    assert vocab.words == ["the", "a", "cat", "dog", "on", "sat"]
    assert vocab.counts.tolist() == [4, 2, 2, 2, 2, 2]
    assert vocab.counts.dtype == np.int64
    assert vocab.index == {"the": 0, "a": 1, "cat": 2, "dog": 3, "on": 4, "sat": 5}
    assert len(vocab) == vocab.size == 6
    assert repr(vocab) == "WordVocabulary(6 words: the, a, cat, dog, on, ...)"
    assert WordVocabulary.of_tokens(TOKENS, min_count=3).words == ["the"]
    everything = WordVocabulary.of_tokens(TOKENS, min_count=1)
    assert everything.words[-3:] == ["and", "log", "mat"] and everything.counts.sum() == 17


def test_encode_drops_words_outside_the_vocabulary():
    vocab = WordVocabulary.of_tokens(TOKENS, min_count=2)
    ids = vocab.encode("the mat sat on a log".split())  # mat and log are out
    assert ids.dtype == np.int64
    assert_array_equal(ids, [0, 5, 4, 1])
    assert vocab.encode([]).shape == (0,)


def test_keep_probabilities_follow_the_c_codes_formula():
    counts = np.array([9000, 900, 90, 9, 1])
    vocab = WordVocabulary(list("abcde"), counts)
    t = 1e-3
    f = counts / counts.sum()  # relative frequencies, total 10,000
    expected = np.minimum(1.0, np.sqrt(t / f) + t / f)
    assert_allclose(keep_probabilities(vocab, t), expected, rtol=1e-15)
    # by hand for "a": f = 0.9, t / f = 1/900: sqrt = 1/30, keep 1/30 + 1/900 = 31/900
    assert_allclose(keep_probabilities(vocab, t)[0], 31 / 900, rtol=1e-14)
    assert_allclose(keep_probabilities(vocab, t)[2], 1 / 3 + 1 / 9, rtol=1e-14)  # f = 0.009
    assert_array_equal(keep_probabilities(vocab, t)[3:], 1.0)  # f <= 2.6 t: always kept
    assert_array_equal(keep_probabilities(vocab, 0.0), 1.0)


def test_subsampling_keeps_each_word_at_its_rate():
    vocab = WordVocabulary(["a", "b"], [9990, 10])
    keep = keep_probabilities(vocab, 1e-2)  # a: f = 0.999, keep 0.1001 + 0.0100; b: 1
    assert_allclose(keep, [math.sqrt(0.01 / 0.999) + 0.01 / 0.999, 1.0], rtol=1e-14)
    ids = np.array([0, 1] * 10 + [0] * 9980)
    kept = subsample(ids, keep, np.random.default_rng(0))
    assert np.sum(kept == 1) == 10  # every b
    assert abs(np.sum(kept == 0) / 9990 - keep[0]) < 0.01  # 3 standard errors: 0.0094
    assert_array_equal(subsample(ids, np.ones(2), np.random.default_rng(0)), ids)


def test_noise_distribution_is_counts_to_the_three_quarters_normalised():
    vocab = WordVocabulary.of_tokens(TOKENS, min_count=1)
    p = noise_distribution(vocab)
    assert_allclose(p.sum(), 1.0, rtol=1e-15)
    weights = np.array([4, 2, 2, 2, 2, 2, 1, 1, 1]) ** 0.75  # counts of the 9 words
    assert_allclose(p, weights / weights.sum(), rtol=1e-15)
    assert_allclose(p[0] / p[-1], 4 ** 0.75, rtol=1e-14)  # 2.83, where the raw counts say 4
    assert_allclose(noise_distribution(vocab, power=1.0), vocab.counts / 17, rtol=1e-15)


def test_the_alias_table_holds_the_distribution_exactly_and_draws_from_it():
    p = noise_distribution(WordVocabulary.of_tokens(TOKENS, min_count=1))
    threshold, alias = alias_table(p)
    implied = threshold / len(p)  # slot i gives its own word threshold[i] / V ...
    np.add.at(implied, alias, (1 - threshold) / len(p))  # ... and alias[i] the rest
    assert_allclose(implied, p, rtol=1e-12)
    draws = draw_noise(torch.from_numpy(threshold), torch.from_numpy(alias), (100_000,),
                       torch.Generator().manual_seed(0))
    freq = np.bincount(draws.numpy(), minlength=len(p)) / 100_000
    assert np.abs(freq - p).max() < 0.005  # 3 standard errors of the largest p (0.19)


def test_skipgram_pairs_of_a_tiny_sentence_with_a_fixed_window():
    ids = np.array([7, 8, 9, 10])  # "the cat sat down" as ids
    centres, contexts = skipgram_pairs(ids, window=2)
    assert list(zip(centres.tolist(), contexts.tolist())) == [
        (7, 8), (7, 9),
        (8, 7), (8, 9), (8, 10),
        (9, 7), (9, 8), (9, 10),
        (10, 8), (10, 9)]
    assert centres.dtype == contexts.dtype == np.int64


def test_skipgram_pairs_with_drawn_spans_read_only_within_each_span():
    ids = np.array([7, 8, 9, 10, 11])
    centres, contexts = skipgram_pairs(ids, window=2, spans=[1, 2, 1, 2, 1])
    assert list(zip(centres.tolist(), contexts.tolist())) == [
        (7, 8),
        (8, 7), (8, 9), (8, 10),
        (9, 8), (9, 10),
        (10, 8), (10, 9), (10, 11),
        (11, 10)]
    assert count_pairs([1, 2, 1, 2, 1]) == 10
    spans = dynamic_spans(60_000, 5, np.random.default_rng(0))
    assert count_pairs(spans) == len(skipgram_pairs(np.arange(60_000), 5, spans)[0])
    assert spans.min() == 1 and spans.max() == 5
    assert np.abs(np.bincount(spans)[1:] / 60_000 - 0.2).max() < 0.01  # uniform in 1..5


def small_model(V=7, d=4, seed=0):
    model = SkipGram(V, d)
    with torch.no_grad():  # outputs non-zero, so every term of the gradient counts
        gen = torch.Generator().manual_seed(seed)
        model.inputs.weight.copy_(torch.randn(V, d, generator=gen))
        model.outputs.weight.copy_(torch.randn(V, d, generator=gen))
    return model


BATCH = (torch.tensor([0, 3, 3]), torch.tensor([1, 2, 4]),
         torch.tensor([[5, 6], [2, 0], [5, 5]]))  # centres (3,), contexts (3,), negatives (3, 2)


def test_the_loss_is_the_log_sigmoid_form_computed_by_hand():
    model = small_model()
    v = model.inputs.weight.detach().double().numpy()
    u = model.outputs.weight.detach().double().numpy()
    centres, contexts, negatives = (x.numpy() for x in BATCH)
    log_sigmoid = lambda x: -np.log1p(np.exp(-x))  # noqa: E731
    expected = [-log_sigmoid(u[o] @ v[c]) - sum(log_sigmoid(-u[n] @ v[c]) for n in ns)
                for c, o, ns in zip(centres, contexts, negatives)]
    assert_allclose(model(*BATCH).detach().numpy(), expected, rtol=1e-6)
    # the first pair written out: centre 0, context 1, noise 5 and 6
    by_hand = (math.log(1 + math.exp(-u[1] @ v[0])) + math.log(1 + math.exp(u[5] @ v[0]))
               + math.log(1 + math.exp(u[6] @ v[0])))
    assert_allclose(model(*BATCH)[0].item(), by_hand, rtol=1e-6)


def test_one_sgd_step_equals_autograd_on_the_summed_loss():
    reference, model = small_model(), small_model()
    lr = 0.1
    loss = reference(*BATCH)
    loss.sum().backward()  # torch's gradient of the summed loss, rows 3 and 5 repeated
    expected_in = reference.inputs.weight - lr * reference.inputs.weight.grad
    expected_out = reference.outputs.weight - lr * reference.outputs.weight.grad
    returned = model.sgd_step(*BATCH, lr=lr)
    assert_allclose(returned.numpy(), loss.detach().numpy(), rtol=1e-6)
    assert_allclose(model.inputs.weight.detach().numpy(), expected_in.detach().numpy(),
                    rtol=1e-6, atol=1e-7)
    assert_allclose(model.outputs.weight.detach().numpy(), expected_out.detach().numpy(),
                    rtol=1e-6, atol=1e-7)
    assert torch.equal(model.inputs.weight[[1, 2, 4, 5, 6]],
                       reference.inputs.weight[[1, 2, 4, 5, 6]])  # not a centre: untouched
    assert model(*BATCH).sum() < loss.sum()  # the step lowered the loss


def test_reset_starts_as_word2vec_does():
    model = SkipGram(50, 10)
    model.reset(torch.Generator().manual_seed(0))
    weights = model.inputs.weight.detach()
    assert weights.abs().max() <= 0.05 and weights.std() > 0.02  # uniform in [-0.05, 0.05)
    assert torch.count_nonzero(model.outputs.weight) == 0


def synthetic_corpus(n=6000, seed=0):
    """cat and dog are seen among the same words (purr, fur, milk...), car and bus among others."""
    rng = np.random.default_rng(seed)
    animal, vehicle = "purr fur milk paw tail".split(), "road fuel wheel gear tyre".split()
    tokens = []
    for _ in range(n):
        centre, context = ((rng.choice(["cat", "dog"]), animal) if rng.random() < 0.5
                           else (rng.choice(["car", "bus"]), vehicle))
        tokens += [rng.choice(context), centre, rng.choice(context)]
    return tokens


def test_words_that_share_contexts_end_up_close():
    result = train_word2vec(synthetic_corpus(3000), dim=10, window=1, epochs=3, sample=0.0,
                            batch_size=128, seed=0, progress=False)
    v, index = result.vectors, result.vocab.index
    same = cosine(v[index["cat"]], v[index["dog"]])
    other = [cosine(v[index[a]], v[index[b]]) for a in ("cat", "dog") for b in ("car", "bus")]
    assert same > 0.9 and cosine(v[index["car"]], v[index["bus"]]) > 0.9  # 0.999, 0.996
    assert max(other) < 0.3  # 0.11


def test_training_is_reproducible_for_a_seed_and_returns_what_it_says():
    tokens = synthetic_corpus(2000)
    first = train_word2vec(tokens, dim=8, epochs=2, batch_size=128, seed=3, progress=False)
    again = train_word2vec(tokens, dim=8, epochs=2, batch_size=128, seed=3, progress=False)
    other = train_word2vec(tokens, dim=8, epochs=2, batch_size=128, seed=4, progress=False)
    assert isinstance(first, TrainedVectors)
    vectors, vocab, history = first
    assert vectors.dtype == np.float32 and vectors.shape == (vocab.size, 8) == (14, 8)
    assert_array_equal(vectors, again.vectors)
    assert history.loss == again.history.loss
    assert not np.array_equal(vectors, other.vectors)
    assert len(history.loss) == len(history.lr) == sum(
        math.ceil(p / 128) for p in history.pairs_per_epoch)
    assert history.lr[0] == LR and history.lr[-1] == pytest.approx(LR * 1e-4, rel=1e-9)
    assert np.all(np.diff(history.lr) < 0)  # falling linearly, step by step
    assert_allclose(history.loss[0], 6 * math.log(2), rtol=1e-4)  # outputs start at 0: s = 0
    assert np.mean(history.loss[-10:]) < 0.8 * history.loss[0]


def test_corpus_tokens_are_the_books_then_the_given_plays_speeches():
    books = [w for book in load_books() for w in tokenize(book.text)]
    tokens = corpus_tokens()
    assert len(tokens) == 1_069_698 and tokens == books
    train, _ = split_by_play(load_plays())
    plays = train[:2]
    with_plays = corpus_tokens(plays)
    spoken = [w for p in plays for _, text in p.speeches for w in tokenize(text)]
    assert with_plays[:len(books)] == books and with_plays[len(books):] == spoken


@pytest.mark.parametrize("bad, fragment", [
    ({"tokens": "the cat sat"}, "tokens must be a list of words, got one string"),
    ({"min_count": 0}, "min_count == 0, must be >= 1."),
    ({"sample": -1e-3}, "sample == -0.001, must be >= 0 and finite."),
])
def test_train_word2vec_names_the_bad_argument(bad, fragment):
    kwargs = {"tokens": TOKENS, "min_count": 1, "progress": False} | bad
    with pytest.raises((TypeError, ValueError), match=re.escape(fragment)):
        train_word2vec(kwargs.pop("tokens"), **kwargs)
