"""dlcourse.plots.diagrams: each schematic returns a figure with its labelled parts."""

import re

import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

from dlcourse.plots.conv import WINDOW
from dlcourse.plots.diagrams import (
    ARROW,
    BACKWARD,
    CENTRE,
    CONTEXT,
    FILTER_COLOURS,
    LAYER_COLOURS,
    LOOKUP_W,
    LOOKUP_WORDS,
    NEURON_COLOURS,
    PICKED,
    draw_backprop_graph,
    draw_conv_channels,
    draw_gru_cell,
    draw_lstm_cell,
    draw_network,
    draw_neuron,
    draw_one_hot_lookup,
    draw_pooling_channels,
    draw_receptive_field,
    draw_skipgram_pairs,
    draw_unrolled_rnn,
)


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def filled(fig, colour):
    """Rectangles of the figure filled with ``colour`` (a hex string)."""
    return [p for p in fig.axes[0].patches
            if isinstance(p, Rectangle) and p.get_fill() and p.get_facecolor() == to_rgba(colour)]


def test_conv_diagram_has_one_filter_and_one_map_per_filter_each_as_deep_as_the_input():
    fig = draw_conv_channels(channels=3, filters=2)
    labels = texts(fig)
    assert isinstance(fig, Figure) and fig.axes[0].get_title() == "A convolution over channels"
    assert "input: C = 3 channels (R, G, B),\n6 × 6 each" in labels
    assert [t for t in labels if t.startswith("filter ")] == ["filter 1: 3 × 3 × 3",
                                                              "filter 2: 3 × 3 × 3"]
    assert [t for t in labels if t.startswith("map ")] == ["map 1", "map 2"]
    assert any("3·3·3 = 27 products" in t for t in labels)
    outlines = [p.get_edgecolor() for p in fig.axes[0].patches
                if isinstance(p, Rectangle) and not p.get_fill()]
    for colour in FILTER_COLOURS[:2]:  # each filter and the output cell it makes
        assert outlines.count(to_rgba(colour)) == 2
    four = draw_conv_channels(channels=4, filters=3)
    assert {"filter 3: 3 × 3 × 4", "input: C = 4 channels,\n6 × 6 each"} <= set(texts(four))


def test_pooling_diagram_keeps_the_depth_and_writes_the_pooled_values():
    fig = draw_pooling_channels(channels=3, size=2)
    labels = texts(fig)
    assert "input: C = 3 maps, 4 × 4" in labels
    assert "output: C = 3 maps, 2 × 2\n(depth unchanged)" in labels
    assert labels[:16] == ["1", "1", "2", "4", "5", "6", "7", "8", "3", "2", "1", "0",
                           "1", "2", "3", "4"]  # seed 003's 4 × 4 map on the front
    assert labels[17:21] == ["6", "8", "3", "4"]  # after the input label: seed 003's maxima
    assert "input: C = 5 maps, 4 × 4" in texts(draw_pooling_channels(channels=5))


def test_receptive_field_diagram_fills_exactly_the_cells_the_top_cell_depends_on():
    fig = draw_receptive_field([(3, 1), (2, 2), (3, 1)])
    labels = texts(fig)
    assert fig.axes[0].get_title() == "One cell of layer 3 depends on 8 input cells"
    assert labels == ["input", "layer 1: k = 3, s = 1: sees 3 inputs",
                      "layer 2: k = 2, s = 2: sees 4 inputs",
                      "layer 3: k = 3, s = 1: sees 8 inputs"]
    used = filled(fig, WINDOW)
    rows = sorted({round(p.get_y(), 1) for p in used})
    per_row = [sum(round(p.get_y(), 1) == y for p in used) for y in rows]
    assert per_row == [8, 6, 3, 1]  # input, layer 1, layer 2, the top cell
    dilated = texts(draw_receptive_field([(3, 1, 2)]))
    assert dilated[-1] == "layer 1: k = 3, s = 1, d = 2: sees 5 inputs"


def colour_of(fig, text):
    """The colour of the one text artist that reads ``text``."""
    (match,) = [t for ax in fig.axes for t in ax.texts if t.get_text() == text]
    return to_rgba(match.get_color())


def arrows(fig, colour):
    return [p for p in fig.axes[0].patches
            if isinstance(p, FancyArrowPatch) and p.get_edgecolor() == to_rgba(colour)]


def test_neuron_diagram_colours_each_biological_part_like_its_artificial_twin():
    fig = draw_neuron()
    labels = texts(fig)
    assert isinstance(fig, Figure)
    assert {"$x_1$", "$x_2$", "$x_3$", "$w_1$", "$w_2$", "$w_3$", r"$\Sigma$", "$g$", "$a$",
            r"$+\,b$"} <= set(labels)
    twins = {"dendrites": ("inputs $x_i$", "inputs"), "synapses": ("weights $w_i$", "weights"),
             "cell body": (r"$z = \sum_i w_i x_i + b$", "sum"),
             "axon": ("$a = g(z)$", "activation")}
    for part, (model, key) in twins.items():
        assert colour_of(fig, part) == colour_of(fig, model) == to_rgba(NEURON_COLOURS[key])
    assert colour_of(fig, "$w_2$") == to_rgba(NEURON_COLOURS["weights"])
    weights = arrows(fig, NEURON_COLOURS["weights"])
    assert len(weights) == 3  # one weighted arrow per input into the sum


def test_network_diagram_has_2_4_1_neurons_all_connections_and_the_names_of_chapter_02():
    fig = draw_network()
    labels = texts(fig)
    circles = [p for p in fig.axes[0].patches if isinstance(p, Circle)]
    assert len(circles) == 2 + 4 + 1
    assert [len(arrows(fig, colour)) for colour in LAYER_COLOURS] == [2 * 4, 4 * 1]
    assert colour_of(fig, "$W^{[1]}$: 2 × 4,  $b^{[1]}$: 4") == to_rgba(LAYER_COLOURS[0])
    assert colour_of(fig, "$W^{[2]}$: 4 × 1,  $b^{[2]}$: 1") == to_rgba(LAYER_COLOURS[1])
    assert {"8 weights + 4 biases", "4 weights + 1 bias", "$a^{[0]} = X$",
            "$z^{[1]} = a^{[0]}W^{[1]} + b^{[1]}$\n" r"$a^{[1]} = \sigma(z^{[1]})$",
            "$z^{[2]} = a^{[1]}W^{[2]} + b^{[2]}$\n" r"$\hat y = a^{[2]} = \sigma(z^{[2]})$",
            "each (N, 2)", "each (N, 4)", "each (N, 1)"} <= set(labels)


def test_backprop_graph_has_every_node_and_labels_each_backward_arrow_with_its_gradient():
    fig = draw_backprop_graph()
    labels = texts(fig)
    assert {"$X$", "$z^{[1]}$", "$a^{[1]}$", "$z^{[2]}$", "$a^{[2]}$", "$L$", "$W^{[1]}$",
            "$b^{[1]}$", "$W^{[2]}$", "$b^{[2]}$", "$y$", "$= a^{[0]}$"} <= set(labels)
    assert len(arrows(fig, ARROW)) == 10  # into z1 (3), a1, z2 (3), a2, L (2)
    assert len(arrows(fig, BACKWARD)) == 7  # L -> z2 -> a1 -> z1 and z -> W, b of both layers
    gradients = [t.get_text() for t in fig.axes[0].texts if t.get_color() == BACKWARD]
    assert gradients == [
        r"$\delta^{[2]} = (a^{[2]} - y)\,/\,N$" "\n(sigmoid + BCE together)",
        r"$\partial L/\partial a^{[1]} = \delta^{[2]}\, W^{[2]\top}$",
        r"$\delta^{[1]} = \partial L/\partial a^{[1]} \odot \sigma'(z^{[1]})$" "\n"
        r"$\sigma'(z^{[1]}) = a^{[1]}(1 - a^{[1]})$",
        r"$\partial L/\partial W^{[1]}$" "\n" r"$= a^{[0]\top} \delta^{[1]}$",
        r"$\partial L/\partial b^{[1]}$" "\n" r"$= \sum_n \delta^{[1]}_n$",
        r"$\partial L/\partial W^{[2]}$" "\n" r"$= a^{[1]\top} \delta^{[2]}$",
        r"$\partial L/\partial b^{[2]}$" "\n" r"$= \sum_n \delta^{[2]}_n$"]


def test_unrolled_rnn_labels_every_step_with_the_same_shared_weights():
    fig = draw_unrolled_rnn(steps=4)
    labels = texts(fig)
    cells = [t for t in labels if re.fullmatch(r"\$h_\{.+\}\$", t)]
    assert cells == ["$h_{t}$", "$h_{1}$", "$h_{2}$", "$h_{3}$", "$h_{T}$"]
    assert "$h_0$" in labels and "=" in labels
    assert [t for t in labels if t.startswith("$x_")] == ["$x_{t}$", "$x_{1}$", "$x_{2}$",
                                                          "$x_{3}$", "$x_{T}$"]
    assert labels.count(r"$\hat y_{T}$") == 1
    assert labels.count("$W_{ih}$") == 5 and labels.count("$W_{hh}$") == 5  # folded + 4 steps
    two = texts(draw_unrolled_rnn(steps=2))
    assert two.count("$W_{hh}$") == 3 and "$h_{T}$" in two and "$h_{3}$" not in two


def test_lstm_cell_has_torch_gates_i_f_g_o_and_the_cell_state_line():
    labels = texts(draw_lstm_cell())
    assert [t for t in labels if t in ("$i$", "$f$", "$g$", "$o$")] == ["$f$", "$i$", "$g$",
                                                                        "$o$"]
    assert labels.count(r"$\sigma$") == 3 and labels.count(r"$\tanh$") == 2  # g and tanh(c_t)
    assert labels.count(r"$\odot$") == 3 and labels.count("$+$") == 1
    assert {"$c_{t-1}$", "$c_t$", "$h_t$", "$[h_{t-1}, x_t]$",
            r"$c_t = f \odot c_{t-1} + i \odot g$", r"$h_t = o \odot \tanh(c_t)$"} <= set(labels)
    assert any(r"$W_{ii}, W_{if}, W_{ig}, W_{io}$" in t and "weight_ih" in t for t in labels)


def test_gru_cell_has_gates_r_z_candidate_n_and_no_memory_cell():
    labels = texts(draw_gru_cell())
    assert [t for t in labels if t in ("$r$", "$z$", "$n$")] == ["$r$", "$n$", "$z$"]
    assert labels.count(r"$\sigma$") == 2 and labels.count(r"$\tanh$") == 1
    assert labels.count(r"$\odot$") == 3 and labels.count("$+$") == 1
    assert {"$h_{t-1}$", "$h_t$", "$W_{hn} h_{t-1} + b_{hn}$", "$1 - z$"} <= set(labels)
    assert not any("c_" in t for t in labels)  # no memory cell
    assert (r"$n = \tanh(W_{in} x_t + b_{in} + r \odot (W_{hn} h_{t-1} + b_{hn}))$" "\n"
            r"$h_t = (1 - z) \odot n + z \odot h_{t-1}$") in labels


def test_one_hot_lookup_picks_the_row_of_w_where_the_one_is():
    fig = draw_one_hot_lookup(word_id=2)
    labels = texts(fig)
    assert labels[:6] == ["0", "0", "1", "0", "0", "0"]  # the one-hot row
    assert labels[6:12] == list(LOOKUP_WORDS)  # the word of each position
    start = labels.index("×") + 1
    assert labels[start:start + 18] == [f"{v:g}" for v in LOOKUP_W.ravel()]  # W, row by row
    assert labels[start + 18:start + 24] == list(LOOKUP_WORDS)  # its rows' words
    after = labels.index("=") + 1
    assert labels[after:after + 3] == ["0.7", "-0.1", "0.6"] == [f"{v:g}" for v in LOOKUP_W[2]]
    assert {"one_hot(2): 1 × V", "W: V × d", "W[2]: 1 × d"} <= set(labels)
    assert fig.axes[0].get_title() == "One-hot × W = a row of W (V = 6 words, d = 3)"
    assert len(filled(fig, PICKED)) == 1 + 3 + 3  # the 1, the row of W, the result
    last = texts(draw_one_hot_lookup(word_id=5))
    after = last.index("=") + 1
    assert last[after:after + 3] == ["-0.6", "0.2", "0.3"] and "W[5]: 1 × d" in last


SENTENCE = ["to", "sherlock", "holmes", "she", "is", "always", "the", "woman"]  # Doyle's first


def boxes(fig, colour):
    """The words in the rounded boxes outlined in ``colour``."""
    ax = fig.axes[0]
    found = []
    for patch in ax.patches:
        if isinstance(patch, FancyBboxPatch) and patch.get_edgecolor() == to_rgba(colour):
            x, y = patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2
            found += [t.get_text() for t in ax.texts if t.get_position() == (x, y)]
    return found


def test_skipgram_pairs_are_the_window_around_the_centre_and_the_negatives():
    fig = draw_skipgram_pairs(SENTENCE, 3, 2, ["utter", "before", "i"])
    labels = texts(fig)
    assert labels[:8] == SENTENCE  # one box per word, in order
    assert boxes(fig, CENTRE) == ["she"]
    assert boxes(fig, CONTEXT) == ["sherlock", "holmes", "is", "always"]
    assert len(arrows(fig, CONTEXT)) == 4  # one arc from the centre to each context word
    assert [t for t in labels if t.endswith("→ 1")] == [
        "(she, sherlock)  → 1", "(she, holmes)  → 1", "(she, is)  → 1", "(she, always)  → 1"]
    assert [t for t in labels if t.endswith("→ 0")] == [
        "(she, utter)  → 0", "(she, before)  → 0", "(she, i)  → 0"]
    assert "window = 2: 4 context words" in labels
    assert any(t.startswith("negative pairs (label 0): k = 3 noise words") for t in labels)
    edge = texts(draw_skipgram_pairs(SENTENCE, 0, 3, []))
    assert [t for t in edge if t.endswith("→ 1")] == [
        "(to, sherlock)  → 1", "(to, holmes)  → 1", "(to, she)  → 1"]  # nothing to its left


def test_skipgram_pairs_of_a_long_sentence_show_the_words_near_the_centre():
    long = [f"w{i}" for i in range(30)]
    labels = texts(draw_skipgram_pairs(long, 15, 2, ["x"]))
    assert labels[0] == "…" and labels[1:12] == [f"w{i}" for i in range(10, 21)]
    assert labels[12] == "…"  # 3 more words on each side than the window, then "…"
    assert [t for t in labels if t.endswith("→ 1")] == [
        f"(w15, w{i})  → 1" for i in (13, 14, 16, 17)]


@pytest.mark.parametrize("call, message", [
    (lambda: draw_conv_channels(channels=7), "channels == 7 and filters == 2: the diagram draws "
                                             "at most 6 channels and 4 filters."),
    (lambda: draw_conv_channels(filters=0), "filters == 0, must be >= 1."),
    (lambda: draw_pooling_channels(size=3), "size == 3: the diagram draws at most 6 channels and "
                                            "a size of 1, 2 or 4"),
    (lambda: draw_receptive_field([]), "layers == [], must be a non-empty list"),
    (lambda: draw_unrolled_rnn(steps=0), "steps == 0, must be >= 1."),
    (lambda: draw_unrolled_rnn(steps=7), "steps == 7: the diagram draws at most 6 steps."),
    (lambda: draw_one_hot_lookup(word_id=6), "word_id == 6, must be in 0..5 (a row of W, which "
                                             "has 6)."),
    (lambda: draw_skipgram_pairs(["she"], 0, 2, []), "sentence_tokens has 1 words, at least 2"),
    (lambda: draw_skipgram_pairs(SENTENCE, 8, 2, []), "centre_index == 8, must be in 0..7 (a "
                                                      "word of the sentence, which has 8)."),
    (lambda: draw_skipgram_pairs(SENTENCE, 3, 0, []), "window == 0, must be >= 1."),
    (lambda: draw_skipgram_pairs(SENTENCE, 3, 2, ["a"] * 11), "negatives has 11 words: the "
                                                              "diagram draws at most 10."),
])
def test_diagrams_refuse_what_they_cannot_draw(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


@pytest.mark.parametrize("call, message", [
    (lambda: draw_skipgram_pairs("to sherlock holmes", 1, 2, []),
     "sentence_tokens must be a list of words, got str; tokenize the sentence first."),
    (lambda: draw_skipgram_pairs(SENTENCE, 3, 2, "utter"),
     "negatives must be a list of words, got str."),
])
def test_skipgram_diagram_wants_lists_of_words(call, message):
    with pytest.raises(TypeError, match=re.escape(message)):
        call()
