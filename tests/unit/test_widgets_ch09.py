"""Chapter 09's figures, diagrams and date box: what they draw, and the messages the box shows
for text the translator cannot read (driven without a browser)."""

import math

import numpy as np
import pytest
import torch
from matplotlib.patches import Circle, FancyArrowPatch

import dlcourse.plots.attention as plots
from dlcourse.models.seq2seq import MAX_TEXT, DateTranslator, translate
from dlcourse.plots.attention import (
    END_LABEL,
    SPACE,
    TRANSLATION_SIZE,
    char_label,
    plot_accuracy_by_length,
    plot_alignment,
    plot_alignments,
    plot_translation,
    translation_rows,
)
from dlcourse.plots.diagrams import (
    ATTENDED,
    FIXED,
    SEQ2SEQ_TEXT,
    SEQ2SEQ_WEIGHTS,
    draw_encoder_decoder,
)
from dlcourse.widgets.attention import DateBox


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    return DateTranslator("additive", hidden_size=8, embedding_dim=4)  # untrained: any output


def tick_texts(ax, axis):
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in ticks]


def test_alignment_heatmap_shows_the_weights_with_characters_on_both_axes():
    weights = np.array([[0.7, 0.2, 0.1], [0.0, 0.5, 0.5]])
    fig = plot_alignment(weights, "a b", ["x", "end"], title="t")
    ax = fig.axes[0]
    assert np.array_equal(ax.images[0].get_array(), weights)
    assert ax.images[0].get_clim() == (0.0, 1.0)
    assert tick_texts(ax, "x") == ["a", SPACE, "b"] and tick_texts(ax, "y") == ["x", "end"]
    assert ax.get_xlabel() == "input character" and ax.get_title() == "t"
    assert len(fig.axes) == 2  # the heatmap and its colour bar
    assert len(plot_alignment(weights, "abc", "xy", colorbar=False).axes) == 1


def test_alignment_checks_its_labels_and_aspect():
    with pytest.raises(ValueError, match=r"weights has shape \(2, 3\) = \(outputs, inputs\), but 2 "
                                         r"target and 4 source labels were given"):
        plot_alignment(np.zeros((2, 3)), "abcd", "xy")
    with pytest.raises(ValueError, match="aspect == 'square'"):
        plot_alignment(np.zeros((2, 3)), "abc", "xy", aspect="square")


def test_chinese_characters_are_drawn_in_a_cjk_font_or_labelled_in_pinyin(monkeypatch):
    assert char_label(" ") == SPACE and char_label("M") == "M"
    if plots.cjk_family():  # a CJK font is installed (make chromium installs Noto Sans CJK)
        assert char_label("年") == "年"
        fig = plot_alignment(np.eye(2), "年月", "ab")
        families = fig.axes[0].get_xticklabels()[0].get_fontfamily()
        assert families == ["DejaVu Sans", plots.cjk_family()]
    monkeypatch.setattr(plots, "cjk_family", lambda: "")
    assert [char_label(ch) for ch in "1979年5月3日星期四"] == [
        "1", "9", "7", "9", "nian", "5", "yue", "3", "ri", "xing", "qi", "si"]


def test_translation_figure_titles_the_date_and_its_probability(model):
    (t,) = translate(model, ["3 May 1979"])
    fig = plot_translation(t)
    ax = fig.axes[0]
    rows = translation_rows(t)
    assert rows == (list(t.iso) + [END_LABEL])[:11]
    assert tick_texts(ax, "y") == rows and tick_texts(ax, "x") == list("3␣May␣1979")
    assert np.allclose(ax.images[0].get_array(), t.alignment[:len(rows)])
    p = math.exp(t.log_prob)
    assert ax.get_title() == f"3 May 1979  →  {t.iso or '(nothing)'}   P = {p:.3f}"
    assert tuple(fig.get_size_inches()) == TRANSLATION_SIZE  # the same size for every text
    (longer,) = translate(model, ["Wednesday, September 27, 1978"])
    assert tuple(plot_translation(longer).get_size_inches()) == TRANSLATION_SIZE


def test_translation_without_attention_has_no_heatmap():
    torch.manual_seed(0)
    (t,) = translate(DateTranslator("none", hidden_size=4), ["3 May 1979"])
    with pytest.raises(ValueError, match="translation has no alignment"):
        plot_translation(t)


def test_alignments_grid_names_its_panels(model):
    translations = translate(model, ["3 May 1979", "1979年5月3日", "5/3/79"])
    fig = plot_alignments(translations, ncols=2, names=["uk", "zh", "us"])
    heatmaps = [ax for ax in fig.axes if ax.images]
    assert len(fig.axes) == 4 and len(heatmaps) == 3 and not fig.axes[3].axison
    assert [ax.get_title().split(":")[0] for ax in heatmaps] == ["uk", "zh", "us"]
    assert heatmaps[1].get_title().startswith("zh: 1979年5月3日  →  ")
    with pytest.raises(ValueError, match="names has 1 entries for 3 translations"):
        plot_alignments(translations, names=["uk"])
    with pytest.raises(ValueError, match="translations is empty"):
        plot_alignments([])


def test_accuracy_by_length_draws_one_line_per_model_in_percent():
    fig = plot_accuracy_by_length(["≤ 10", "11+"], {"none": [0.25, 0.5], "additive": [1.0, 0.99]},
                                  counts=[300, 700])
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["none", "additive"]
    assert np.allclose(ax.lines[0].get_ydata(), [25, 50])
    assert np.allclose(ax.lines[1].get_ydata(), [100, 99])
    assert tick_texts(ax, "x") == ["≤ 10\n(300 dates)", "11+\n(700 dates)"]
    with pytest.raises(ValueError, match=r"accuracies\['none'\] has 1 values for 2 bins"):
        plot_accuracy_by_length(["a", "b"], {"none": [0.1]})
    with pytest.raises(ValueError, match="accuracies is empty"):
        plot_accuracy_by_length(["a"], {})


def test_encoder_decoder_diagram_without_and_with_attention():
    def texts(fig):
        return [t.get_text() for t in fig.axes[0].texts]

    fixed = draw_encoder_decoder(attention=False)
    assert "fixed vector c\n(H numbers)" in texts(fixed)
    assert [t for t in texts(fixed) if t.startswith("$h_")] == [f"$h_{{{j}}}$" for j in range(1, 7)]
    assert list(SEQ2SEQ_TEXT) == [t for t in texts(fixed) if t in SEQ2SEQ_TEXT and len(t) == 1][:6]
    assert not any(t.startswith("$c_") for t in texts(fixed))
    orange = [p for p in fixed.axes[0].patches if isinstance(p, FancyArrowPatch)
              and np.allclose(p.get_edgecolor()[:3], plots_rgb(FIXED))]
    assert len(orange) == 2 + 4  # into c from both ends, out of c to each decoder step
    attending = draw_encoder_decoder(attention=True)
    assert "fixed vector c\n(H numbers)" not in texts(attending)
    contexts = [t for t in texts(attending) if t.startswith("$c_")]
    assert contexts == [f"$c_{{{t}}}$" for t in range(1, 5)]
    red = [p for p in attending.axes[0].patches if isinstance(p, FancyArrowPatch)
           and np.allclose(p.get_edgecolor()[:3], plots_rgb(ATTENDED)) and p.get_linewidth() != 1.4]
    assert sorted(p.get_linewidth() for p in red) == sorted(0.3 + 6 * w for w in SEQ2SEQ_WEIGHTS)
    assert sum(isinstance(p, Circle) for p in attending.axes[0].patches) == 6 + 4 + 4
    with pytest.raises(TypeError, match="attention must be True or False, got 'dot'"):
        draw_encoder_decoder(attention="dot")


def plots_rgb(colour):
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


def test_date_box_redraws_for_readable_text_and_says_why_not_otherwise(model):
    box = DateBox(model, text="3 May 1979")
    assert box.renders == 1 and box.message == "" and box.figure is not None
    first = box.figure.axes[0].get_title()
    assert first.startswith("3 May 1979  →  ")
    for text, said in [("", "The text is empty: write a date, e.g. 3 May 1979."),
                       ("x" * (MAX_TEXT + 1), f"The text has {MAX_TEXT + 1} characters; the "
                                              f"models read at most {MAX_TEXT}."),
                       ("3 May 1979 ☃", "The models never saw '☃'")]:
        box.controls["text"].value = text
        assert box.message.startswith(said) and box.figure is None and box.renders == 1
        assert box.image.layout.visibility == "hidden"
    box.controls["text"].value = "1979年5月3日"
    assert box.renders == 2 and box.message == "" and box.image.layout.visibility == "visible"
    (expected,) = translate(model, ["1979年5月3日"])
    assert box.figure.axes[0].get_title() == (
        f"1979年5月3日  →  {expected.iso or '(nothing)'}   P = {math.exp(expected.log_prob):.3f}")
    box.controls["text"].value = "3 May 1979"  # from the picture cache
    assert box.renders == 3 and box.figure.axes[0].get_title() == first


def test_date_box_wants_an_attention_model_and_text():
    torch.manual_seed(0)
    with pytest.raises(ValueError, match="model has attention='none'"):
        DateBox(DateTranslator("none", hidden_size=4))
    with pytest.raises(TypeError, match="model must be a DateTranslator, got str"):
        DateBox("a model")
    with pytest.raises(TypeError, match="text must be a string, got int"):
        DateBox(DateTranslator("dot", hidden_size=4), text=1979)
