"""Chapter 06's temperature explorer and its figure: what they draw, and the messages they show."""

import math

import numpy as np
import pytest
import torch

from dlcourse.models.charlm import CharLM, Vocabulary, next_char_logits, sample
from dlcourse.nn.sampling import entropy, with_temperature
from dlcourse.plots.sampling import plot_next_char
from dlcourse.widgets.sampling import temperature_explorer

VOCAB = Vocabulary("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz:,.\n")


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    return CharLM(len(VOCAB), hidden_size=16, num_layers=1)


def bar_heights(fig):
    bars = fig.axes[0]
    return np.array([p.get_height() for p in bars.patches[:20]])


def bar_labels(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_bars_are_the_distribution_at_the_temperature_in_the_models_order():
    logits = np.linspace(2.0, -2.0, len(VOCAB))
    probs, model_probs = with_temperature(logits, 0.5), with_temperature(logits, 1.0)
    fig = plot_next_char(probs, model_probs, VOCAB.chars, 0.5, "ROMEO:\n", "But soft")
    np.testing.assert_allclose(bar_heights(fig), probs[:20])
    labels = bar_labels(fig)
    assert labels[:4] == ["↵", "␣", ",", "."]  # sorted by code point: "\n" < " " < "," < "."
    title = fig.axes[0].get_title()
    assert f"entropy {float(entropy(probs)):.2f} nats" in title
    assert f"uniform over {len(VOCAB)}: {math.log(len(VOCAB)):.2f}" in title
    assert "ROMEO:↵" in title
    marks = fig.axes[0].collections[0].get_segments()  # the model's own level on each bar
    np.testing.assert_allclose([y for (_, y), _ in marks], model_probs[:20])
    assert fig.axes[1].get_title(loc="left") == "sampled at T = 0.5"
    long = plot_next_char(probs, model_probs, VOCAB.chars, 0.5, "A", "ab\n" * 11 + "x" * 80)
    assert long.axes[1].get_title(loc="left") == "sampled at T = 0.5 (the last 10 lines)"
    assert long.axes[1].texts[0].get_text() == "ab\n" * 8 + "x" * 76 + "\nxxxx"


def test_invisible_characters_get_names_and_lengths_must_agree():
    chars = " \na"
    fig = plot_next_char([0.5, 0.3, 0.2], [0.5, 0.3, 0.2], chars, 1.0, "x", "y")
    assert bar_labels(fig) == ["␣", "↵", "a"]
    with pytest.raises(ValueError, match="probs, model_probs and chars have lengths 2, 3 and 3"):
        plot_next_char([0.5, 0.5], [0.5, 0.3, 0.2], chars, 1.0, "x", "y")


def test_explorer_redraws_with_the_temperature_and_samples_what_sample_writes(model):
    explorer = temperature_explorer(model, VOCAB, prime="ROMEO:\n", temperature=1.0, length=40)
    logits = next_char_logits(model, VOCAB, "ROMEO:\n")
    np.testing.assert_allclose(bar_heights(explorer.figure),
                               np.sort(with_temperature(logits, 1.0))[::-1][:20])
    first = explorer.image.value
    explorer.controls["temperature"].value = 0.3
    assert explorer.renders == 2 and explorer.image.value != first
    cold = with_temperature(logits, 0.3)
    assert f"entropy {float(entropy(cold)):.2f}" in explorer.figure.axes[0].get_title()
    shown = explorer.figure.axes[1].texts[0].get_text()
    assert shown.endswith(sample(model, VOCAB, "ROMEO:\n", 40, 0.3, 0).splitlines()[-1])


def test_greedy_text_does_not_depend_on_the_seed(model):
    explorer = temperature_explorer(model, VOCAB, prime="A", length=30)
    explorer.controls["greedy"].value = True
    greedy = explorer.figure.axes[1].texts[0].get_text()
    explorer.controls["seed"].value = 7
    assert explorer.figure.axes[1].texts[0].get_text() == greedy
    assert explorer.figure.axes[1].get_title(loc="left").startswith("greedy")


def test_prime_typed_with_backslash_n_and_bad_primes_give_messages(model):
    explorer = temperature_explorer(model, VOCAB, length=20)
    explorer.controls["prime"].value = "JULIET:\\nO"
    assert explorer.message == "" and "JULIET:↵O" in explorer.figure.axes[0].get_title()
    explorer.controls["prime"].value = "{x}"
    assert "text holds characters ['{', '}'] that are not in the vocabulary" in explorer.message
    explorer.controls["prime"].value = ""
    assert explorer.message.startswith("prime must be a non-empty string")
    with pytest.raises(ValueError, match="temperature == 3, must be in"):
        temperature_explorer(model, VOCAB, temperature=3)
