"""dlcourse.plots.diagrams: each schematic returns a figure with its labelled parts."""

import re

import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dlcourse.plots.conv import WINDOW
from dlcourse.plots.diagrams import (
    FILTER_COLOURS,
    draw_conv_channels,
    draw_pooling_channels,
    draw_receptive_field,
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


@pytest.mark.parametrize("call, message", [
    (lambda: draw_conv_channels(channels=7), "channels == 7 and filters == 2: the diagram draws "
                                             "at most 6 channels and 4 filters."),
    (lambda: draw_conv_channels(filters=0), "filters == 0, must be >= 1."),
    (lambda: draw_pooling_channels(size=3), "size == 3: the diagram draws at most 6 channels and "
                                            "a size of 1, 2 or 4"),
    (lambda: draw_receptive_field([]), "layers == [], must be a non-empty list"),
])
def test_diagrams_refuse_what_they_cannot_draw(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
