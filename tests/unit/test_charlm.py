"""The character language model: vocabulary, stream batches, training, evaluation, sampling."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlcourse.data.shakespeare import load_plays, split_by_play
from dlcourse.models.charlm import (
    CharLM,
    Vocabulary,
    evaluate,
    next_char_logits,
    next_char_probs,
    one_step,
    sample,
    stream_batches,
    text_of,
    train_charlm,
    unit_activations,
)
from dlcourse.nn.sampling import entropy
from dlcourse.plots.charlm import plot_lm_history, plot_unit_text
from dlcourse.widgets.live import LiveCurves

VOCAB = Vocabulary("abc\n")


def tiny(seed=0, cell="lstm"):
    torch.manual_seed(seed)
    return CharLM(VOCAB.size, hidden_size=8, num_layers=2, cell=cell)


def test_vocabulary_round_trip_and_sorted_ids():
    text = "cab\nbca"
    ids = VOCAB.encode(text)
    assert VOCAB.chars == "\nabc" and ids.dtype == np.int64
    assert ids.tolist() == [3, 1, 2, 0, 2, 3, 1]
    assert VOCAB.decode(ids) == text and VOCAB.decode(torch.as_tensor(ids)) == text


def test_vocabulary_of_all_plays_equals_that_of_the_training_plays():
    plays = load_plays()
    train, _ = split_by_play(plays)
    assert Vocabulary.of_plays(plays).chars == Vocabulary.of_plays(train).chars
    assert Vocabulary.of_plays(plays).size == 70


def test_stream_batches_shapes_and_streams_continue():
    ids = torch.arange(23)
    batches = list(stream_batches(ids, batch_size=2, seq_len=4))
    # n = (23 - 1) // 2 = 11 per stream: stream 0 is 0..10 -> 1..11, stream 1 is 11..21 -> 12..22
    assert [tuple(x.shape) for x, _ in batches] == [(2, 4), (2, 4), (2, 3)]
    x = torch.cat([x for x, _ in batches], dim=1)
    y = torch.cat([y for _, y in batches], dim=1)
    assert x.tolist() == [list(range(0, 11)), list(range(11, 22))]
    assert (y == x + 1).all()
    first, second = batches[0][0], batches[1][0]
    assert (second[:, 0] == first[:, -1] + 1).all()  # each row continues the row before
    shifted = next(stream_batches(ids, 2, 4, offset=3))[0]
    assert shifted[:, 0].tolist() == [3, 12]  # n = (23 - 3 - 1) // 2 = 9


def test_forward_shapes_lstm_and_gru():
    ids = torch.zeros(3, 5, dtype=torch.int64)
    logits, (h, c) = tiny()(ids)
    assert logits.shape == (3, 5, 4) and h.shape == c.shape == (2, 3, 8)
    logits, h = tiny(cell="gru")(ids)
    assert logits.shape == (3, 5, 4) and h.shape == (2, 3, 8)
    embedded = CharLM(4, 8, 1, "gru", embedding_size=3)
    assert embedded(ids)[0].shape == (3, 5, 4)


def test_evaluate_equals_cross_entropy_by_hand():
    model = tiny()
    ids = torch.as_tensor(VOCAB.encode("abcab\nca"))
    with torch.no_grad():
        logits, _ = model(ids[None, :-1])  # (1, 7, V)
    log_p = logits[0].log_softmax(dim=1)
    by_hand = -np.mean([log_p[t, ids[t + 1]].item() for t in range(7)])
    assert math.isclose(evaluate(model, ids, streams=1, seq_len=3), by_hand, rel_tol=1e-6)
    two = [F.cross_entropy(model(s[None, :-1])[0][0], s[1:], reduction="sum").item()
           for s in (ids[:4], ids[3:7])]  # two streams of 3 predictions, from zero states
    assert math.isclose(evaluate(model, ids, streams=2, seq_len=2), sum(two) / 6, rel_tol=1e-6)


def test_tiny_model_learns_a_repeated_string():
    ids = VOCAB.encode("abcab\n" * 1100)  # after "b" comes "c" or a newline: needs memory
    heldout = ids[:6400]  # 64 streams of 100 characters

    def run():
        torch.manual_seed(0)
        model = CharLM(VOCAB.size, hidden_size=16, num_layers=2)
        history = train_charlm(model, ids, heldout, steps=80, batch_size=8, seq_len=12, lr=2e-2,
                               schedule="constant", evals=4, progress=False)
        return model, history

    model, history = run()
    assert history.heldout_nats[0] > 0.2 and history.heldout_nats[-1] < 0.1
    assert history.step == [20, 40, 60, 80]
    assert history.chars == [1920, 3840, 5760, 7648]  # a pass has 69 batches, the last 8 x 8
    assert history.perplexity[-1] == pytest.approx(math.exp(history.heldout_nats[-1]))
    assert evaluate(model, heldout) == pytest.approx(history.heldout_nats[-1])
    assert run()[1].heldout_nats == history.heldout_nats  # the same seed gives the same run
    assert sample(model, VOCAB, "abca", 8, greedy=True) == "b\nabcab\n"


def test_sample_is_deterministic_per_seed_and_greedy_is_argmax():
    model = tiny(1)
    a = sample(model, VOCAB, "ab", 40, temperature=1.5, seed=3)
    assert a == sample(model, VOCAB, "ab", 40, temperature=1.5, seed=3)
    assert a != sample(model, VOCAB, "ab", 40, temperature=1.5, seed=4)
    assert len(a) == 40 and set(a) <= set(VOCAB.chars)
    first = sample(model, VOCAB, "ab", 1, greedy=True)
    assert first == VOCAB.chars[int(np.argmax(next_char_logits(model, VOCAB, "ab")))]


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("embedding_size", [None, 5])
def test_one_step_equals_the_model_on_the_whole_sequence(cell, embedding_size):
    torch.manual_seed(0)
    model = CharLM(7, 6, num_layers=2, cell=cell, embedding_size=embedding_size,
                   dropout=0.3).eval()  # dropout is off in evaluation, as when sampling
    ids = [1, 4, 2, 6, 0]
    with torch.no_grad():
        logits, state = model(torch.tensor([ids]))
        stepped, step_state = [], None
        for i in ids:
            step_logits, step_state = one_step(model, i, step_state)
            stepped.append(step_logits)
    torch.testing.assert_close(torch.stack(stepped), logits[0], rtol=0, atol=1e-6)
    pairs = zip(state, step_state) if cell == "lstm" else [(state, step_state)]  # (h, c) or h
    for part, step_part in pairs:
        torch.testing.assert_close(step_part, part, rtol=0, atol=1e-6)


def test_temperature_orders_the_entropy_of_the_next_char_distribution():
    model = tiny(2)
    probs = {t: next_char_probs(model, VOCAB, "abc", t) for t in (0.2, 1.0, 5.0)}
    logits = next_char_logits(model, VOCAB, "abc")
    np.testing.assert_allclose(probs[1.0], torch.softmax(torch.tensor(logits), 0).numpy(),
                               rtol=1e-12)
    h = [float(entropy(probs[t])) for t in (0.2, 1.0, 5.0)]
    assert h[0] < h[1] < h[2] < math.log(4)


def test_unit_activations_match_the_model_state():
    model = tiny(3)
    acts = unit_activations(model, VOCAB, "abc\nab")
    _, (h, c) = model(torch.as_tensor(VOCAB.encode("abc\nab"))[None])
    assert acts.shape == (6, 8)
    np.testing.assert_allclose(acts[-1], h[-1, 0].detach().numpy(), rtol=1e-5)
    cells = unit_activations(model, VOCAB, "abc\nab", layer=0, which="c")
    np.testing.assert_allclose(cells[-1], c[0, 0].detach().numpy(), rtol=1e-5)


def test_live_curves_plot_a_language_model_history(monkeypatch):
    ids = VOCAB.encode("abcab\n" * 50)
    shown = []
    monkeypatch.setattr("dlcourse.widgets.live.display",
                        lambda fig, display_id: shown.append(fig) or _Handle(shown))
    live = LiveCurves("tiny", plot=plot_lm_history)
    history = train_charlm(tiny(), ids, ids[:60], steps=6, batch_size=4, seq_len=10, evals=3,
                           on_eval=live, progress=False)
    assert live.updates == 3 and len(shown) == 3
    ax = live.figure.axes[0]
    assert [line.get_label() for line in ax.lines][:2] == ["train", "held-out"]
    np.testing.assert_allclose(ax.lines[1].get_ydata(), history.heldout_nats)
    np.testing.assert_allclose(ax.lines[1].get_xdata(), np.array(history.chars) / 1e6)


class _Handle:
    def __init__(self, shown):
        self.shown = shown

    def update(self, fig):
        self.shown.append(fig)


def test_plots_return_figures():
    history = train_charlm(tiny(), VOCAB.encode("abcab\n" * 30), VOCAB.encode("abc\n" * 5),
                           steps=4, batch_size=2, seq_len=8, evals=2, progress=False)
    fig = plot_lm_history(history, x="seconds", anchors={"anchor": 1.5})
    assert fig.axes[0].get_xlabel() == "seconds of training"
    fig = plot_unit_text("abc\nab", np.linspace(-1, 1, 6), title="unit 0")
    assert len(fig.axes[0].texts) == 6
    assert text_of(load_plays()[:1]).startswith("THESEUS:\n")
