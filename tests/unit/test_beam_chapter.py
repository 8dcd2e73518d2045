"""Chapter 08 beyond decoding's core: the batched beam over dates, the character model's step,
open-ended search (eos=None), repetition, the toy table, and the figures and explorer."""

import math

import numpy as np
import pytest
import torch

from dlcourse.data.dates import date_pairs
from dlcourse.decoding import (
    D2L_DEFAULT,
    D2L_TABLE,
    D2L_TOKENS,
    FINISHED,
    PRUNED,
    beam_search,
    exhaustive_search,
    greedy_search,
    repeated_ngram_share,
    table_step,
)
from dlcourse.models.charlm import CharLM, Vocabulary, prefix_step, sample
from dlcourse.models.seq2seq import (
    END,
    START,
    TARGET_NAMES,
    DateTranslator,
    beam_translate,
    prefix_log_probs,
    search_tree,
    target_ids,
    target_log_probs,
)
from dlcourse.plots.beam import (
    plot_lengths,
    plot_search_tree,
    plot_width_curves,
)
from dlcourse.widgets.beam import beam_explorer

TEXTS = ["3 May 1979", "1979年5月3日", "Thursday, September 30, 2049", "5/3/79", "3.5.1979"]
VOCAB = Vocabulary("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz:,.\n")


@pytest.fixture(scope="module")
def translator():
    torch.manual_seed(3)  # an untrained model: unsure everywhere, so widths differ
    return DateTranslator("none", hidden_size=16, embedding_dim=8).double()


@pytest.fixture(scope="module")
def charlm():
    torch.manual_seed(0)
    return CharLM(len(VOCAB), hidden_size=16, num_layers=1)


@pytest.mark.parametrize("alpha", [0.0, 1.0])
def test_the_batched_beam_is_beam_search_with_prefix_log_probs(translator, alpha):
    for k in (1, 2, 5, 20):
        batched = beam_translate(translator, TEXTS, k, alpha)
        for text, got in zip(TEXTS, batched):
            step = lambda p, text=text: prefix_log_probs(translator, text, p)  # noqa: E731
            want = beam_search(step, START, k, 11, END, alpha)[0]
            assert got.tokens == want.tokens
            assert math.isclose(got.log_prob, want.log_prob, rel_tol=1e-9)
            assert math.isclose(got.score, want.score, rel_tol=1e-9)
    greedy = beam_translate(translator, TEXTS, 1)
    for text, got in zip(TEXTS, greedy):
        want = greedy_search(lambda p, text=text: prefix_log_probs(translator, text, p),
                             START, 11, END)
        assert got.tokens == want.tokens


def test_an_untrained_model_ends_early_in_a_wide_beam(translator):
    # Without training END is as likely as any target: a wide beam at alpha 0 finds short outputs.
    found = beam_translate(translator, TEXTS, 20)
    assert max(len(h.tokens) for h in found) < 11 and all(h.tokens[-1] == END for h in found)


def test_target_log_probs_is_the_sum_of_the_steps(translator):
    isos = ["1979-05-03", "2049-09-30"]
    got = target_log_probs(translator, TEXTS[:2], isos)
    for text, iso, value in zip(TEXTS, isos, got):
        targets = target_ids([iso])[0].tolist()
        prefixes = [(START, *targets[:t]) for t in range(len(targets))]
        rows = prefix_log_probs(translator, text, prefixes)
        assert math.isclose(value, sum(rows[t, y] for t, y in enumerate(targets)), rel_tol=1e-9)
    with pytest.raises(ValueError, match="texts and isos have lengths 2 and 1"):
        target_log_probs(translator, TEXTS[:2], isos[:1])


def test_search_tree_levels_and_the_readable_errors(translator):
    hypotheses, tree = search_tree(translator, "3 May 1979", 3)
    assert hypotheses[0] == beam_translate(translator, ["3 May 1979"], 3)[0]
    assert all(len(level) == (13 if t == 0 else 13 * 3) or len(level) % 13 == 0
               for t, level in enumerate(tree.levels))
    with pytest.raises(ValueError, match="The text is empty"):
        search_tree(translator, "", 3)


def test_open_ended_search_runs_to_max_len_and_width_one_is_greedy_sampling(charlm):
    step, start = prefix_step(charlm, VOCAB, "ROMEO:\n")
    assert start == VOCAB.encode("\n")[0]
    only = beam_search(step, start, 1, 40, None)[0]
    assert len(only.tokens) == 40
    assert VOCAB.decode(only.tokens) == sample(charlm, VOCAB, "ROMEO:\n", 40, greedy=True)
    step, start = prefix_step(charlm, VOCAB, "ROMEO:\n")
    wide = beam_search(step, start, 4, 40, None)[0]
    assert wide.log_prob >= only.log_prob - 1e-9


def test_the_character_step_matches_rerunning_the_model(charlm):
    step, start = prefix_step(charlm, VOCAB, "AB")
    rows = step([(start,)])
    rows = step([(start, 3), (start, 5)])
    for token, row in zip((3, 5), rows):
        logits = charlm(torch.tensor([VOCAB.encode("AB").tolist() + [token]]))[0][0, -1]
        np.testing.assert_allclose(row, torch.log_softmax(logits.double(), 0).detach().numpy(),
                                   rtol=1e-5, atol=1e-6)


def test_exhaustive_search_without_eos_scores_every_sequence_of_max_len():
    step = table_step({}, [0.5, 0.3, 0.2])
    every = exhaustive_search(step, 99, 3, None)
    assert len(every) == 27 and all(len(h.tokens) == 3 for h in every)
    assert math.isclose(sum(math.exp(h.log_prob) for h in every), 1.0)
    assert every[0].tokens == (0, 0, 0)


def test_repeated_ngram_share():
    assert repeated_ngram_share("the cat the cat the cat".split(), 2) == 3 / 5
    assert repeated_ngram_share("abcdef", 2) == 0.0
    assert repeated_ngram_share("aaaa", 1) == 0.75
    with pytest.raises(ValueError, match="tokens has 2 items, fewer than n == 3"):
        repeated_ngram_share("ab", 3)


def test_d2l_table_and_its_tree_drawing():
    step = table_step(D2L_TABLE, D2L_DEFAULT)
    hypotheses, tree = beam_search(step, 99, 2, 4, 3, trace=True)
    fig = plot_search_tree(tree, D2L_TOKENS, hypotheses=hypotheses, joiner=" ")
    labels = fig.axes[0].collections[-4].words if hasattr(fig.axes[0].collections[-4], "words") \
        else next(c.words for c in fig.axes[0].collections if hasattr(c, "words"))
    # Level 1 best first: A (log 0.5) and B kept, then the best pruned ones
    assert labels[:4] == ["A -0.69", "B -1.61", "C -1.61", "<eos> -2.30"]
    assert "<eos> -2.92" in labels and "<eos> -3.04" in labels  # the two finished outputs
    ranked = next(c for c in fig.axes[1].collections if hasattr(c, "blocks")).blocks[1]
    assert ranked.splitlines()[0].startswith("1. A C B <eos>") and "-2.92" in ranked
    three = plot_search_tree(tree, D2L_TOKENS, upto=3, hypotheses=hypotheses, joiner=" ")
    words = next(c.words for c in three.axes[0].collections if hasattr(c, "words"))
    assert not any(w.startswith("<eos> -2.92") for w in words)  # level 4 not drawn
    assert three.axes[1].get_title(loc="left") == "beam after level 3, best first"
    with pytest.raises(ValueError, match=r"upto == 5, must be in 1..4 \(the tree has 4 levels\)"):
        plot_search_tree(tree, D2L_TOKENS, upto=5)
    statuses = {n.status for level in tree.levels for n in level}
    assert {PRUNED, FINISHED} <= statuses


def test_the_other_figures():
    curves = plot_width_curves([1, 2, 3], [-1.0, -0.9, -0.9], [0.5, 0.6, 0.6],
                               reference_log_prob=-1.2)
    np.testing.assert_allclose(curves.axes[1].lines[0].get_ydata(), [50, 60, 60])
    with pytest.raises(ValueError, match="widths, log_probs and exact must be 1-D of one length"):
        plot_width_curves([1, 2], [-1.0], [0.5, 0.6])
    lengths = plot_lengths([1, 20], {0.0: [80, 1], 1.0: [80, 80]}, 80)
    assert [line.get_label() for line in lengths.axes[0].lines[:2]] == ["α = 0", "α = 1"]


def test_the_explorer_follows_its_controls(translator):
    explorer = beam_explorer(translator, [TEXTS[0], TEXTS[2], TEXTS[3]], beam_width=2)
    levels = len(search_tree(translator, TEXTS[0], 2)[1].levels)
    assert explorer.controls["step"].max == explorer.controls["step"].value == levels
    first = explorer.image.value
    explorer.controls["beam_width"].value = 5
    assert explorer.image.value != first and "beam width 5" in explorer.figure.axes[0].get_title(
        loc="left")
    levels5 = len(search_tree(translator, TEXTS[0], 5)[1].levels)
    assert explorer.controls["step"].max == explorer.controls["step"].value == levels5
    explorer.controls["step"].value = 1
    assert explorer.figure.axes[1].get_title(loc="left") == "beam after level 1, best first"
    explorer.controls["beam_width"].value = 3  # the step stays where the learner put it
    assert explorer.controls["step"].value == 1
    explorer.controls["text"].value = TEXTS[2]
    assert TEXTS[2] in explorer.figure.axes[0].get_title(loc="left")
    assert TARGET_NAMES[END] == "END" and not explorer.message


def test_explorer_arguments(translator):
    with pytest.raises(ValueError, match="beam_width == 11, must be in 1..10"):
        beam_explorer(translator, ["3 May 1979"], beam_width=11)
    with pytest.raises(ValueError, match="never saw"):
        beam_explorer(translator, ["3 May 1979 ☃"])
    with pytest.raises(TypeError, match="texts must be a non-empty list of date texts"):
        beam_explorer(translator, "3 May 1979")
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got NoneType"):
        beam_explorer(None, ["3 May 1979"])


def test_date_pairs_feed_the_batched_beam(translator):
    pairs = date_pairs("test", 7, seed=1)
    assert len(beam_translate(translator, [p.text for p in pairs], 3)) == 7
