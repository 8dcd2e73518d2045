"""Chapter 07's projection explorer, analogy box and their figures: what they draw, and the
messages they show for words they do not know."""

import re

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from numpy.testing import assert_allclose

from dlcourse.nn.projection import axis_projection, pca_2d
from dlcourse.nn.similarity import nearest_words
from dlcourse.plots.base import new_figure
from dlcourse.plots.embeddings import (
    BACKGROUND,
    PAIR,
    QUERY_COLOURS,
    TextBlocks,
    WordLabels,
    plot_accuracy_vs_corpus,
    plot_analogy,
    plot_axes_projection,
    plot_projection,
)
from dlcourse.widgets.embeddings import AnalogyBox, ProjectionExplorer

NAMED = ["the", "he", "she", "king", "queen", "man", "woman", "day", "night", "prince"]
WORDS = NAMED + [f"word{i}" for i in range(30)]  # 40 words, "most frequent" first
VECTORS = np.random.default_rng(0).normal(size=(40, 8))
UNIT = VECTORS / np.linalg.norm(VECTORS, axis=1, keepdims=True)

# Four orthonormal directions: royal, common, male, female; queen - king + man = woman exactly.
ROYAL, COMMON, MALE, FEMALE = np.eye(4)
ANALOGY = {"king": ROYAL + MALE, "queen": ROYAL + FEMALE, "man": COMMON + MALE,
           "woman": COMMON + FEMALE, "prince": ROYAL + 0.5 * MALE, "crown": 2 * ROYAL,
           "table": np.array([0.1, 0.2, 0.0, 0.3]), "chair": np.array([0.3, 0.1, 0.1, 0.0])}


def labels_of(fig) -> WordLabels:
    (labels,) = [c for c in fig.axes[0].collections if isinstance(c, WordLabels)]
    return labels


def listed(fig) -> list[str]:
    """The neighbour list: one block per query, in the panel (or its hint when empty)."""
    panel = fig.axes[1]
    return [b for c in panel.collections if isinstance(c, TextBlocks) for b in c.blocks] + [
        t.get_text() for t in panel.texts]


def block(query, found) -> str:
    return "\n".join([f"nearest to “{query}”"] + [f"{i + 1:>2}. {w:<14.14} {s:5.2f}"
                                                   for i, (w, s) in enumerate(found)])


def test_projection_colours_queries_and_neighbours_and_lists_the_cosines():
    coords = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0], [3.0, 1.0], [4.0, 0.0]])
    words = ["king", "queen", "prince", "table", "chair"]
    fig = plot_projection(coords, words, ["king"], {"king": [("queen", 0.9), ("prince", 0.8)]},
                          title="t")
    ax = fig.axes[0]
    background, query = ax.collections[0], ax.collections[1]
    assert_allclose(background.get_offsets(), coords[3:])  # table, chair in grey
    assert_allclose(query.get_offsets(), coords[:3])  # the query first, then its neighbours
    assert_allclose(query.get_facecolor(), [to_rgba(QUERY_COLOURS[0])])  # one for all three
    assert_allclose(query.get_sizes(), [70, 22, 22])
    assert len(ax.collections[2].get_segments()) == 2  # a line to each neighbour
    labels = labels_of(fig)
    assert labels.words == ["king", "queen", "prince", "table", "chair"]
    assert labels.colours == [QUERY_COLOURS[0]] * 3 + [BACKGROUND] * 2
    assert_allclose(labels.points, coords)
    assert listed(fig) == [block("king", [("queen", 0.9), ("prince", 0.8)])]
    lines = fig.axes[1].collections[0]
    assert len(lines.get_paths()) == 3  # one outline per line
    assert_allclose(lines.get_facecolor(), [to_rgba(QUERY_COLOURS[0])] * 3)
    assert ax.get_title() == "t" and ax.get_xticks().size == 0  # no ticks: units mean nothing


def label_boxes(fig):
    """Each label's box (left, bottom, right, top) in pixels, as the figure is laid out now."""
    labels = labels_of(fig)
    scale = fig.dpi / 72  # the paths are in points
    boxes = []
    for path, point in zip(labels.get_paths(), labels.points):
        x, y = fig.axes[0].transData.transform(point)
        box = path.get_extents()
        boxes.append((x + box.x0 * scale, y + box.y0 * scale, x + box.x1 * scale,
                      y + box.y1 * scale))
    return boxes


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_background_labels_that_would_cover_another_are_left_out():
    crowd = [f"word{i}" for i in range(12)]
    coords = np.vstack([[0.0, 0.0], np.full((12, 2), 5.0), [9.0, 9.0]])  # 12 on one spot
    fig = plot_projection(coords, ["war"] + crowd + ["rest"], ["war"])
    labels = labels_of(fig).words
    assert labels[0] == "war" and "rest" in labels
    assert 4 <= sum(w in labels for w in crowd) <= 8  # around the spot: at most 8 places
    boxes = label_boxes(fig)
    assert not any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    dense = np.zeros((6, 2))
    dense[0] = 1.0
    fig = plot_projection(dense, ["a", "b", "c", "d", "e", "f"], ["b"],
                          {"b": [("c", 0.5), ("d", 0.4)]})
    assert labels_of(fig).words[:3] == ["b", "c", "d"]  # query and neighbours: always labelled
    assert len(fig.axes[0].collections[0].get_offsets()) == 3  # a, e, f still get points
    assert listed(plot_projection(dense, list("abcdef"))) == [
        "type a word to see\nits nearest neighbours"]


def test_axes_projection_names_its_axes_and_marks_the_pair_words():
    coords = np.array([[-1.0, 0.2], [1.0, -0.1], [0.3, 0.5], [-0.2, -0.4]])
    fig = plot_axes_projection(coords, ["she", "he", "king", "queen"], ("she", "he"),
                               highlight=["king"], neighbours={"king": [("queen", 0.7)]})
    ax = fig.axes[0]
    assert ax.get_xlabel() == "she   ←   he − she   →   he" and ax.get_ylabel() == "PCA 1"
    labels = labels_of(fig)
    assert labels.words[:2] == ["she", "he"] and labels.colours[:2] == [PAIR, PAIR]
    assert [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == ":"] == [0.0]
    both = plot_axes_projection(coords, ["she", "he", "day", "night"], ("she", "he"),
                                ("night", "day"))
    assert both.axes[0].get_ylabel() == "night   ←   day − night   →   day"
    assert labels_of(both).words == ["she", "he", "night", "day"]
    assert len([line for line in both.axes[0].lines if line.get_linestyle() == ":"]) == 2
    query = plot_axes_projection(coords, ["she", "he", "king", "queen"], ("she", "he"),
                                 highlight=["he"], neighbours={"he": [("she", 0.8)]})
    labels = labels_of(query)
    assert labels.words[:2] == ["he", "she"] and len(labels.words) == 4  # each word once
    assert labels.colours[:2] == [QUERY_COLOURS[0]] * 2  # the query's colours win


def test_projection_on_a_given_axes_lists_beside_it():
    fig, (left, right) = new_figure(1, 2)
    plot_projection([[0.0, 0.0], [1.0, 1.0]], ["king", "queen"], ["king"],
                    {"king": [("queen", 0.5)]}, ax=right)
    blocks = right.collections[-1]
    assert isinstance(blocks, TextBlocks) and blocks.blocks == [block("king", [("queen", 0.5)])]
    assert_allclose(blocks.get_offsets(), [(1.03, 1.0)])  # beside the map, in axes fractions
    assert len(fig.axes) == 2 and not right.texts


def test_analogy_bars_are_the_cosines_best_on_top():
    answers = [("queen", 0.91), ("princess", 0.62), ("crown", -0.1)]
    fig = plot_analogy(answers, "man", "woman", "king")
    ax = fig.axes[0]
    bars = ax.patches
    assert_allclose([b.get_width() for b in bars], [0.91, 0.62, -0.1])
    assert [b.get_y() + b.get_height() / 2 for b in bars] == [2, 1, 0]  # best on top
    assert to_rgba(bars[0].get_facecolor()) == to_rgba(QUERY_COLOURS[0])
    assert [t.get_text() for t in ax.texts] == ["queen  0.910", "princess  0.620",
                                                "crown  -0.100"]
    assert ax.get_title().startswith("man : woman :: king : ?") and ax.get_xlim()[0] == -0.1


@pytest.mark.parametrize("call, message", [
    (lambda: plot_projection([[0.0, 0.0]], ["a", "b"]), "words has 2 entries (2 distinct) for 1"),
    (lambda: plot_projection([[0.0, 0.0, 0.0]], ["a"]), "coords has shape (1, 3), expected (n, 2)"),
    (lambda: plot_projection([[0.0, 0.0]], ["a"], ["b"]),
     "highlight names ['b'], which are not among the words drawn"),
    (lambda: plot_projection([[0.0, 0.0]], ["a"], ["a"], {"a": [("z", 0.3)]}),
     "neighbours['a'] names ['z'], which are not among the words drawn"),
    (lambda: plot_projection([[0.0, 0.0]], ["a"], [], {"a": []}),
     "neighbours has queries ['a'] that are not in highlight []"),
    (lambda: plot_projection(np.zeros((5, 2)), list("abcde"), list("abcde")),
     "highlight has 5 words, at most 4 (one colour each)."),
    (lambda: plot_axes_projection(np.zeros((1, 2)), ["a"], ("a", "a")),
     "x_pair == ('a', 'a'): the two words must differ."),
    (lambda: plot_analogy([], "a", "b", "c"), "answers == [], must be a non-empty list"),
])
def test_figures_refuse_what_they_cannot_draw(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_explorer_starts_with_the_query_its_neighbours_and_a_stored_picture():
    explorer = ProjectionExplorer(VECTORS, WORDS, query="king", k=5, background=20)
    fig = explorer.figure
    found = nearest_words(UNIT, WORDS, "king", 5)
    assert listed(fig) == [block("king", found)]
    labels = labels_of(fig)
    assert labels.words[:6] == ["king"] + [w for w, _ in found]
    coords, ratio = pca_2d(UNIT)  # the PCA of all 40 unit vectors, not of the words shown
    shown = {w: p for w, p in zip(labels.words, labels.points)}
    for word in ["king", "the", "word9"]:
        assert_allclose(shown[word], coords[WORDS.index(word)])
    assert fig.axes[0].get_xlabel() == f"PCA 1 ({ratio[0]:.1%} of the variance)"
    assert len(fig.axes[0].collections[0].get_offsets()) + 6 == len(set(WORDS[:20]) | {
        "king", *(w for w, _ in found)})  # the grey points: the background words left
    assert all(explorer.controls[n].disabled for n in ("x_from", "x_to", "y_from", "y_to"))
    bundle = explorer._repr_mimebundle_()
    assert bundle["image/png"].startswith(b"\x89PNG") and "run the cell" in bundle["text/plain"]


def test_typing_words_redraws_with_their_neighbours():
    explorer = ProjectionExplorer(VECTORS, WORDS, query="king", k=3, background=10)
    first = explorer.image.value
    explorer.controls["query"].value = "Night, day"  # two words, any case
    assert explorer.renders == 2 and explorer.image.value != first and explorer.message == ""
    assert listed(explorer.figure) == [block("night", nearest_words(UNIT, WORDS, "night", 3)),
                                       block("day", nearest_words(UNIT, WORDS, "day", 3))]
    colours = dict(zip(labels_of(explorer.figure).words, labels_of(explorer.figure).colours))
    assert colours["night"] == QUERY_COLOURS[0] and colours["day"] == QUERY_COLOURS[1]
    explorer.controls["k"].value = 7
    assert [len(text.splitlines()) for text in listed(explorer.figure)] == [8, 8]
    assert explorer.controls["k"].max == 15
    explorer.controls["query"].value = ""
    assert explorer.message == "" and listed(explorer.figure) == [
        "type a word to see\nits nearest neighbours"]


def test_unknown_words_are_answered_in_the_widget():
    explorer = ProjectionExplorer(VECTORS, WORDS, query="king", background=10)
    explorer.controls["query"].value = "kng"
    assert explorer.figure is None
    assert explorer.message == ("word: 'kng' is not in the vocabulary (40 words); did you mean "
                                "'king'?")
    assert "&#9888; word: 'kng'" in explorer.status.value
    explorer.controls["query"].value = "king, xyzzy"
    assert explorer.message == "word: 'xyzzy' is not in the vocabulary (40 words)."
    explorer.controls["query"].value = "he she king queen man"
    assert explorer.message.startswith("5 words typed (he, she, king, queen, man): at most 4")
    explorer.controls["query"].value = "queen"
    assert explorer.message == "" and listed(explorer.figure)[0].startswith("nearest to “queen”")


def test_custom_axes_measure_along_the_word_pairs():
    explorer = ProjectionExplorer(VECTORS, WORDS, query="king", k=3, background=12)
    explorer.controls["mode"].value = "custom axes"
    assert not any(explorer.controls[n].disabled for n in ("x_from", "x_to", "y_from", "y_to"))
    fig = explorer.figure
    assert fig.axes[0].get_xlabel() == "she   ←   he − she   →   he"
    labels = labels_of(fig)
    shown = dict(zip(labels.words, labels.points))
    she, he = UNIT[WORDS.index("she")], UNIT[WORDS.index("he")]
    coords, _ = pca_2d(UNIT)
    for word in ("king", "she", "the"):
        row = WORDS.index(word)
        assert_allclose(shown[word], [axis_projection(UNIT[row], she, he), coords[row, 0]])
    explorer.controls["y_from"].value = "night"
    assert explorer.message == "y axis: type both words (from, to), e.g. she and he."
    explorer.controls["y_to"].value = "day"
    assert explorer.message == ""
    shown = dict(zip(labels_of(explorer.figure).words, labels_of(explorer.figure).points))
    night, day = UNIT[WORDS.index("night")], UNIT[WORDS.index("day")]
    assert_allclose(shown["king"][1], axis_projection(UNIT[WORDS.index("king")], night, day))
    explorer.controls["x_to"].value = "she"
    assert explorer.message == "x axis: from and to are both 'she'; pick two different words."
    explorer.controls["x_to"].value = "hee"
    assert explorer.message.startswith("x axis to: 'hee' is not in the vocabulary (40 words); "
                                       "did you mean 'he'")
    explorer.controls["mode"].value = "PCA"  # the axis boxes no longer count
    assert explorer.message == "" and explorer.figure.axes[0].get_xlabel().startswith("PCA 1")


def test_analogy_box_answers_with_3cosadd_and_explains_unknown_words():
    box = AnalogyBox(np.stack(list(ANALOGY.values())), list(ANALOGY), "king", "queen", "man")
    bars = box.figure.axes[0].patches
    assert len(bars) == 5 and box.figure.axes[0].texts[0].get_text() == "woman  1.000"
    assert_allclose(bars[0].get_width(), 1.0)
    box.controls["c"].value = "prince"  # queen - king + prince: royal, a little male, female
    assert box.message == "" and box.figure.axes[0].get_title().startswith(
        "king : queen :: prince : ?")
    box.controls["b"].value = "quen"
    assert box.message == "b == 'quen' is not in the vocabulary (8 words); did you mean 'queen'?"
    box.controls["b"].value = " "
    assert box.message == "b is empty: type a word."
    with pytest.raises(ValueError, match=re.escape("k == 6, must be in 1..5")):
        AnalogyBox(np.stack(list(ANALOGY.values())), list(ANALOGY), k=6)


@pytest.mark.parametrize("call, exc, message", [
    (lambda: ProjectionExplorer(VECTORS, WORDS[:39]), ValueError,
     "words has 39 entries (39 distinct) for the 40 rows of vectors"),
    (lambda: ProjectionExplorer(np.vstack([VECTORS[:39], np.zeros(8)]), WORDS), ValueError,
     "vectors has a zero row at index 39 ('word29')"),
    (lambda: ProjectionExplorer(VECTORS, WORDS, k=16), ValueError, "k == 16, must be in 1..15"),
    (lambda: ProjectionExplorer(VECTORS, WORDS, mode="tsne"), ValueError,
     "mode == 'tsne', must be one of ('PCA', 'custom axes')"),
    (lambda: ProjectionExplorer(VECTORS, WORDS, background=["king", "kaiser"]), ValueError,
     "background names ['kaiser'], which are not in words."),
    (lambda: ProjectionExplorer(VECTORS, "the he she"), TypeError,
     "words must be a list of the V words, got str."),
])
def test_explorers_refuse_bad_vectors_and_settings(call, exc, message):
    with pytest.raises(exc, match=re.escape(message)):
        call()


def test_accuracy_vs_corpus_draws_percent_on_a_log_axis_with_a_star_per_point():
    fig = plot_accuracy_vs_corpus([1e5, 5e5, 1e6], {"PPMI": [0.01, 0.05, 0.1]},
                                  points={"word2vec": (1e6, 0.2)})
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and len(ax.lines) == 2
    assert_allclose(ax.lines[0].get_ydata(), [1, 5, 10])
    assert ax.lines[1].get_marker() == "*" and ax.lines[1].get_ydata()[0] == 20
    assert [t.get_text() for t in ax.get_xticklabels()] == ["100 k", "500 k", "1 M"]
    with pytest.raises(ValueError, match=r"curves\['PPMI'\] has 2 values for 3 corpus sizes"):
        plot_accuracy_vs_corpus([1e5, 5e5, 1e6], {"PPMI": [0.1, 0.2]})
