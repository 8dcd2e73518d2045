"""Chapter 07's explorers of word vectors: a projection explorer and an analogy box.

    ProjectionExplorer(vectors, words)    # type or pick words: see them and their neighbours
    AnalogyBox(vectors, words)            # a : b :: c : ?  ->  the top 5 answers

:class:`ProjectionExplorer` shows a few frequent words and the words typed, with their
nearest neighbours (cosine, :func:`dlcourse.nn.similarity.nearest_words`), either on the
first two principal components of all the vectors (:func:`dlcourse.nn.projection.pca_2d`,
computed once) or on custom axes between two words such as she -> he
(:func:`dlcourse.nn.projection.axis_projection`), as TensorBoard's Embedding Projector
does. The vectors are scaled to length 1 first: neighbours are ranked by cosine, which
ignores length, and the picture should show the same geometry.

:class:`AnalogyBox` answers "a is to b as c is to ?" with 3CosAdd
(:func:`dlcourse.nn.similarity.analogy_words`) and draws the answers as bars of their
cosines (a figure, not an HTML table: the explorer's stored picture, picture cache and
message line come with it, and the bars show at a glance how far the best answer is ahead).
Unknown words are answered in the widget's message line, with the nearest spellings.

Both redraw in under 0.1 s on an idle 2-core machine (``benchmarks/explorer_render.py``):
the PCA is computed once, and the map's labels are path collections
(:class:`dlcourse.plots.embeddings.WordLabels`), not a hundred text artists.
"""

from __future__ import annotations

import re

import ipywidgets as widgets
import numpy as np

from dlcourse.checks import as_float_array, int_in_range, one_of, positive_int
from dlcourse.nn.projection import axis_projection, pca_2d
from dlcourse.nn.similarity import analogy_words, nearest_words
from dlcourse.plots.embeddings import (
    QUERY_COLOURS,
    plot_analogy,
    plot_axes_projection,
    plot_projection,
)
from dlcourse.widgets.explorer import Explorer, slider

MODES = ("PCA", "custom axes")
MAX_K = 15  # neighbours listed per query word (the panel holds 4 queries of 15)
SEPARATORS = re.compile(r"[,;\s]+")  # between the words typed into one box


def _unit_rows(vectors, words) -> tuple[np.ndarray, list[str], dict[str, int]]:
    """The rows scaled to length 1, the words, and word -> row; clear errors for bad input."""
    vectors = as_float_array(vectors, "vectors", ndim=2)
    if len(vectors) < 2:
        raise ValueError(f"vectors has shape {vectors.shape}, expected (V, d) with V >= 2 words.")
    if isinstance(words, str) or not hasattr(words, "__len__"):
        raise TypeError(f"words must be a list of the V words, got {type(words).__name__}.")
    words = [str(w) for w in words]
    if len(words) != len(vectors) or len(set(words)) != len(words):
        raise ValueError(f"words has {len(words)} entries ({len(set(words))} distinct) for the "
                         f"{len(vectors)} rows of vectors: give every row one word of its own.")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)  # (V, 1)
    if (norms == 0).any():
        row = int(np.argmax(norms[:, 0] == 0))
        raise ValueError(f"vectors has a zero row at index {row} ({words[row]!r}): it has no "
                         f"direction, so no cosine; leave it out (a padding row?).")
    return vectors / norms, words, {w: i for i, w in enumerate(words)}


def _word_box(description: str, value: str, options) -> widgets.Combobox:
    """A text box that suggests ``options`` and takes any word (checked by the render)."""
    return widgets.Combobox(value=value, options=list(options), description=description,
                            ensure_option=False, continuous_update=False,
                            placeholder="type a word", style={"description_width": "initial"})


class ProjectionExplorer(Explorer):
    """Type or pick words; see them, their k nearest neighbours and frequent words on a 2-D map.

    Parameters
    ----------
    vectors : array_like of shape (V, d)
        One word vector per row (scaled to length 1 here).
    words : list of V str
        The vocabulary in row order, most frequent first (as the models build it).
    query : str
        The words shown first: one to four, separated by commas or spaces.
    k : int
        Neighbours per query word, 1 to 15.
    background : int or list of str
        The grey words: the ``background`` most frequent ones (the first of ``words``),
        or a list of words. 60 to 150 keep the labels readable.
    x_pair, y_pair : (str, str)
        The custom axes: x along x_pair[1] - x_pair[0]; y along y_pair's, or the first
        principal component when y_pair is ("", "").
    mode : {"PCA", "custom axes"}
    """

    def __init__(self, vectors, words, query: str = "prince", k: int = 8, background=100,
                 x_pair=("she", "he"), y_pair=("", ""), mode: str = "PCA"):
        self.unit, self.words, self.index = _unit_rows(vectors, words)
        V = len(self.words)
        k = int_in_range(k, "k", 1, min(MAX_K, V - 1))
        one_of(mode, "mode", MODES)
        if isinstance(background, (int, np.integer)) and not isinstance(background, bool):
            self.background = self.words[:positive_int(int(background), "background")]
        else:
            self.background = list(dict.fromkeys(str(w) for w in background))
            unknown = [w for w in self.background if w not in self.index]
            if unknown:
                raise ValueError(f"background names {unknown}, which are not in words.")
        self.coords, self.ratio = pca_2d(self.unit)  # all V words, once: (V, 2), (2,)
        options = sorted(self.background)
        x_pair, y_pair = tuple(x_pair), tuple(y_pair)
        controls = {
            "query": _word_box("word(s)", query, options),
            "k": slider("neighbours k", k, 1, min(MAX_K, V - 1), 1),
            "mode": widgets.ToggleButtons(options=MODES, value=mode, description="map",
                                          style={"description_width": "initial",
                                                 "button_width": "auto"}),
            "x_from": _word_box("x axis from", x_pair[0], options),
            "x_to": _word_box("to", x_pair[1], options),
            "y_from": _word_box("y axis from (blank: PCA 1)", y_pair[0], options),
            "y_to": _word_box("to", y_pair[1], options),
        }
        super().__init__(controls, self.draw, self.enable_axes, columns=3)

    @staticmethod
    def enable_axes(controls: dict, changed: str | None = None) -> None:
        """The four axis boxes take words only in the custom-axes mode."""
        pca = controls["mode"].value == "PCA"
        for name in ("x_from", "x_to", "y_from", "y_to"):
            controls[name].disabled = pca

    def queries(self, text: str) -> list[str]:
        """The words typed (lower-cased; at most four), each checked against the vocabulary."""
        queries = list(dict.fromkeys(w for w in SEPARATORS.split(text.strip().lower()) if w))
        if len(queries) > len(QUERY_COLOURS):
            raise ValueError(f"{len(queries)} words typed ({', '.join(queries)}): at most "
                             f"{len(QUERY_COLOURS)} at a time, one colour each.")
        for word in queries:
            self.lookup(word, "word")
        return queries

    def lookup(self, word: str, name: str) -> int:
        """The row of ``word``; unknown words are a ValueError the widget shows."""
        if word not in self.index:
            try:
                nearest_words(self.unit, self.words, word, 1)
            except KeyError as exc:  # the vocabulary's message, with the closest spellings
                raise ValueError(str(exc.args[0]).replace("word ==", f"{name}:", 1)) from None
        return self.index[word]

    def draw(self, query: str, k: int, mode: str, x_from: str, x_to: str, y_from: str,
             y_to: str):
        """The map of the background words, the queries and their neighbours."""
        queries = self.queries(query)
        neighbours = {q: nearest_words(self.unit, self.words, q, k) for q in queries}
        found = [w for q in queries for w, _ in neighbours[q]]
        pairs = []
        if mode == "custom axes":
            pairs = [self.axis(x_from, x_to, "x axis")]
            if y_from.strip() or y_to.strip():
                pairs.append(self.axis(y_from, y_to, "y axis"))
        shown = list(dict.fromkeys(queries + found + [w for pair in pairs for w in pair]
                                   + self.background))
        rows = [self.index[w] for w in shown]
        V = len(self.words)
        if mode == "PCA":
            r1, r2 = self.ratio
            return plot_projection(
                self.coords[rows], shown, queries, neighbours,
                title=f"PCA of all {V:,} word vectors (unit length): {len(shown)} words shown",
                xlabel=f"PCA 1 ({r1:.1%} of the variance)",
                ylabel=f"PCA 2 ({r2:.1%} of the variance)")
        (a, b), y_pair = pairs[0], pairs[1] if len(pairs) > 1 else None
        unit = self.unit[rows]  # (n, d)
        x = axis_projection(unit, self.unit[self.index[a]], self.unit[self.index[b]])  # (n,)
        if y_pair is None:
            y = self.coords[rows, 0]
        else:
            y = axis_projection(unit, self.unit[self.index[y_pair[0]]],
                                self.unit[self.index[y_pair[1]]])
        return plot_axes_projection(
            np.stack([x, y], axis=1), shown, (a, b), y_pair, queries, neighbours,
            title=f"{len(shown)} of {V:,} word vectors (unit length) on custom axes",
            ylabel=f"PCA 1 ({self.ratio[0]:.1%} of the variance)")

    def axis(self, a: str, b: str, name: str) -> tuple[str, str]:
        """The two words of an axis, checked: both known, and different."""
        a, b = a.strip().lower(), b.strip().lower()
        if not a or not b:
            raise ValueError(f"{name}: type both words (from, to), e.g. she and he.")
        self.lookup(a, f"{name} from")
        self.lookup(b, f"{name} to")
        if a == b:
            raise ValueError(f"{name}: from and to are both {a!r}; pick two different words.")
        return a, b


class AnalogyBox(Explorer):
    """a : b :: c : ?  Three word boxes -> the ``k`` best answers of 3CosAdd, with cosines.

    Parameters
    ----------
    vectors : array_like of shape (V, d)
    words : list of V str
        The vocabulary in row order, most frequent first; the boxes suggest the first
        ``suggestions`` of them (any word of the vocabulary can be typed).
    a, b, c : str
        The question shown first: "a is to b as c is to ?".
    k : int
        How many answers, 1 to 10.
    """

    def __init__(self, vectors, words, a: str = "he", b: str = "she", c: str = "king",
                 k: int = 5, suggestions: int = 300):
        self.unit, self.words, self.index = _unit_rows(vectors, words)
        self.k = int_in_range(k, "k", 1, min(10, len(self.words) - 3))
        options = sorted(self.words[:positive_int(suggestions, "suggestions")])
        controls = {"a": _word_box("a", a, options), "b": _word_box("is to b", b, options),
                    "c": _word_box("as c", c, options)}
        super().__init__(controls, self.draw, columns=3)

    def draw(self, a: str, b: str, c: str):
        """The bars of the best answers to a : b :: c : ?."""
        a, b, c = (w.strip().lower() for w in (a, b, c))
        for word, name in ((a, "a"), (b, "b"), (c, "c")):
            if not word:
                raise ValueError(f"{name} is empty: type a word.")
        try:
            answers = analogy_words(self.unit, self.words, a, b, c, self.k)
        except KeyError as exc:  # an unknown word: the vocabulary's message, in the widget
            raise ValueError(exc.args[0]) from None
        return plot_analogy(answers, a, b, c)
