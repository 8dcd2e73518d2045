"""The date translator: ids, masks that make padding harmless, one decoder in three uses."""

import re

import numpy as np
import pytest
import torch

from dlcourse.data.dates import characters, date_pairs
from dlcourse.decoding import beam_search, greedy_search
from dlcourse.models.seq2seq import (
    ATTENTIONS,
    END,
    START,
    DateTranslator,
    prefix_log_probs,
    source_ids,
    target_ids,
    target_text,
    text_problem,
    train_translator,
    translate,
)

TEXTS = ["3 May 1979", "1979年5月3日", "Thursday, September 30, 2049", "5/3/79"]


def model(attention, seed=0):
    torch.manual_seed(seed)
    return DateTranslator(attention, hidden_size=16, embedding_dim=8).double()


def test_ids_pad_and_round_trip():
    ids, lengths = source_ids(["5/3/79", "3 May"])
    assert ids.shape == (2, 6) and lengths.tolist() == [6, 5] and ids[1, 5] == 0
    assert "".join(characters()[i - 1] for i in ids[1, :5]) == "3 May"
    targets = target_ids(["1979-05-03"])
    assert targets.shape == (1, 11) and targets[0, -1] == END
    assert target_text(targets[0].tolist()) == "1979-05-03"
    assert target_text([1, START, 2, END, 3]) == "12"


@pytest.mark.parametrize("attention", ATTENTIONS)
def test_padding_changes_nothing(attention):
    """A text read alone or beside longer ones: the same translation, probability and weights."""
    net = model(attention)
    together = translate(net, TEXTS)
    for text, joint in zip(TEXTS, together):
        (alone,) = translate(net, [text])
        assert alone.iso == joint.iso
        assert np.isclose(alone.log_prob, joint.log_prob, rtol=1e-10)
        if attention == "none":
            assert alone.alignment is None
        else:
            assert joint.alignment.shape == (11, len(text))
            np.testing.assert_allclose(joint.alignment.sum(axis=1), 1, rtol=1e-10)
            np.testing.assert_allclose(alone.alignment, joint.alignment, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("attention", ATTENTIONS)
def test_step_by_step_decoding_equals_the_teacher_forced_decoder(attention):
    """translate's greedy loop, greedy_search over prefix_log_probs and a width-1 beam agree."""
    net = model(attention, seed=1)
    text = "jeudi 3 mai 1979"
    (fast,) = translate(net, [text])
    step = lambda prefixes: prefix_log_probs(net, text, prefixes)  # noqa: E731
    slow = greedy_search(step, START, max_len=11, eos=END)
    (beam, *_) = beam_search(step, START, beam_width=1, max_len=11, eos=END)
    assert target_text(slow.tokens) == fast.iso == target_text(beam.tokens)
    if slow.tokens[-1] == END or len(slow.tokens) == 11:
        assert np.isclose(slow.log_prob, fast.log_prob, rtol=1e-9)


def test_a_short_training_learns_the_task():
    torch.manual_seed(0)
    net = DateTranslator("additive", hidden_size=32, embedding_dim=16)
    train, test = date_pairs("train", 3000), date_pairs("test", 200)
    history = train_translator(net, train, test, steps=200, eval_every=100, progress=False)
    assert len(history) == 2 and history.test_loss[-1] < history.test_loss[0] < 2.0
    assert history.test_acc[-1] > 0.2  # from 0: a random decoder never writes a whole date


def test_unreadable_texts_get_a_message():
    assert text_problem("3 May 1979") == ""
    assert text_problem("") == "The text is empty: write a date, e.g. 3 May 1979."
    assert text_problem("x" * 41) == "The text has 41 characters; the models read at most 40."
    assert text_problem("3 Mäy 1979!?").startswith("The models never saw '!?'")
    with pytest.raises(ValueError, match=re.escape("The models never saw '€'")):
        source_ids(["3 € 1979"])
