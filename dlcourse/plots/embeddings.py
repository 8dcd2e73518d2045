"""Chapter 07's figures of word vectors: words on a 2-D map, their neighbours, and analogies.

- :func:`plot_projection`: labelled words at 2-D coordinates (a PCA of the vectors,
  :func:`dlcourse.nn.projection.pca_2d`), the query words and their nearest neighbours in
  colour, and a panel listing the neighbours with their cosines.
- :func:`plot_axes_projection`: the same on custom axes (the coordinate along he - she,
  :func:`dlcourse.nn.projection.axis_projection`), with the words of each pair marked.
- :func:`plot_analogy`: the top answers of "a : b :: c : ?" as bars of their cosines.

Labels of the grey background words that would cover another label are left out (their
point stays); the queries and their neighbours are always labelled.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.textpath import TextPath
from matplotlib.transforms import Affine2D

from dlcourse.checks import as_float_array
from dlcourse.plots.base import figure_and_axes, new_figure

QUERY_COLOURS = ("#d7301f", "#1f78b4", "#33a02c", "#6a3d9a")  # one per query word
BACKGROUND = "#8c8c8c"  # the other words
PAIR = "#111111"  # the words that define a custom axis
FONT = 8  # points, the words on the map
LINE = 1.25  # a line of the neighbour list, in font sizes
MARGIN = 0.06  # of the data range, around the points
# Where a label may sit beside its point, tried in this order: (dx, dy) in points, alignment.
OFFSETS = ((3, 2, "left", "bottom"), (-3, 2, "right", "bottom"), (3, -2, "left", "top"),
           (-3, -2, "right", "top"), (5, 0, "left", "center"), (-5, 0, "right", "center"),
           (0, 4, "center", "bottom"), (0, -4, "center", "top"))


def _words(words, n: int, name: str = "words") -> list[str]:
    """``words`` as a list of n distinct strings, else TypeError/ValueError."""
    if isinstance(words, str) or not hasattr(words, "__len__"):
        raise TypeError(f"{name} must be a list of strings, got {type(words).__name__}.")
    words = list(words)
    if len(words) != n or len(set(words)) != n:
        raise ValueError(f"{name} has {len(words)} entries ({len(set(words))} distinct) for {n} "
                         f"points: give every point one word of its own.")
    return words


def _known(found: list[str], index: dict, name: str) -> None:
    missing = [w for w in found if w not in index]
    if missing:
        raise ValueError(f"{name} names {missing}, which are not among the words drawn: pass "
                         f"their coordinates too.")


def _neighbours(neighbours, highlight: list[str]) -> dict[str, list[tuple[str, float]]]:
    """{query: [(word, cosine), ...]} for the highlighted words (an empty list where none)."""
    if neighbours is None:
        return {query: [] for query in highlight}
    if not isinstance(neighbours, dict):
        raise TypeError(f"neighbours must be a dict query -> [(word, cosine), ...], got "
                        f"{type(neighbours).__name__}.")
    extra = [query for query in neighbours if query not in highlight]
    if extra:
        raise ValueError(f"neighbours has queries {extra} that are not in highlight "
                         f"{highlight}: highlight the words whose neighbours are listed.")
    return {query: [(str(w), float(s)) for w, s in neighbours.get(query, [])]
            for query in highlight}


@lru_cache(maxsize=8192)
def _text_path(word: str, size: float, weight: str) -> tuple[Path, tuple[float, float, float]]:
    """``word`` as a path in points with its baseline at 0, and (width, ascent, descent)."""
    path = TextPath((0, 0), word, prop=FontProperties(size=size, weight=weight))
    if len(path.vertices) == 0:  # a word of spaces
        return path, (0.0, 0.0, 0.0)
    # The control points' box: it holds the outline (Path.get_extents solves for the
    # curves' extremes, 20 ms a word), a little larger where a curve bulges less.
    low, high = path.vertices.min(axis=0), path.vertices.max(axis=0)  # (2,), (2,)
    return path, (float(high[0]), float(max(high[1], 0.0)), float(max(-low[1], 0.0)))


class WordLabels(PathCollection):
    """Word labels beside their points, drawn as one collection of text-shaped paths.

    A hundred text artists take most of the quarter second an explorer has to redraw; one
    collection of the words' outlines (cached per word) draws in a few milliseconds.

    Attributes
    ----------
    words : list of str
        The words labelled, in drawing order.
    points : ndarray of shape (n, 2)
        The point (data coordinates) each label belongs to.
    colours : list of str
        Each label's colour.
    """

    def __init__(self, ax: Axes, words, points, colours, paths):
        scale = Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans  # points -> pixels
        super().__init__(paths, offsets=np.asarray(points, dtype=float).reshape(-1, 2),
                         offset_transform=ax.transData, transform=scale, facecolors=colours,
                         edgecolors="none", zorder=7)
        self.words, self.colours = list(words), list(colours)
        self.points = np.asarray(points, dtype=float).reshape(-1, 2)
        self.set_in_layout(False)  # inside the axes: nothing to make room for


@lru_cache(maxsize=4096)
def _line_path(line: str, size: float) -> Path:
    """One line of monospace text as a path in points, its baseline at 0."""
    return TextPath((0, 0), line, prop=FontProperties(family="monospace", size=size))


class TextBlocks(PathCollection):
    """Blocks of monospace lines, one colour each, top-left at (x, 1) of an axes, as paths.

    Text artists lay out and render each line apart (about 10 ms a line on 2 busy cores:
    half of a redraw for 16 lines); the lines' outlines draw as one collection.

    Attributes
    ----------
    blocks : list of str
        The text of each block, its lines joined by newlines.
    """

    def __init__(self, ax: Axes, blocks, colours, x: float, size: float):
        paths, facecolors, y = [], [], 0.0  # y: points below the top
        for block, colour in zip(blocks, colours):
            for line in block:
                y -= LINE * size
                paths.append(_line_path(line, size).transformed(Affine2D().translate(0, y)))
                facecolors.append(colour)
            y -= LINE * size  # a blank line after each block
        super().__init__(paths, offsets=[(x, 1.0)], offset_transform=ax.transAxes,
                         transform=Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans,
                         facecolors=facecolors, edgecolors="none")
        self.blocks = ["\n".join(block) for block in blocks]
        self.set_clip_on(False)  # beside the map when drawn on a given axes
        self.set_in_layout(False)


class _Labeller:
    """Places word labels beside their points, skipping the ones that would cover another.

    Sizes are the words' outlines in points; the axes' size in inches is taken before
    drawing (the layout engine moves it a little, not enough to matter).
    """

    def __init__(self, ax: Axes, xlim, ylim):
        fig_w, fig_h = ax.figure.get_size_inches()
        box = ax.get_position()
        self.ax, self.xlim, self.ylim = ax, xlim, ylim
        self.width, self.height = box.width * fig_w * 72, box.height * fig_h * 72  # points
        self.boxes: list[tuple[float, float, float, float]] = []
        self.words: list[str] = []
        self.points: list[tuple[float, float]] = []
        self.colours: list[str] = []
        self.paths: list[Path] = []

    def place(self, x: float, y: float, word: str, colour: str, always: bool,
              weight: str = "normal", size: float = FONT) -> bool:
        """Label (x, y) with ``word`` where it covers no label placed before; where there is
        no such place, where it fits in the axes if ``always``, else not at all (False)."""
        px = (x - self.xlim[0]) / (self.xlim[1] - self.xlim[0]) * self.width  # points
        py = (y - self.ylim[0]) / (self.ylim[1] - self.ylim[0]) * self.height
        path, (w, _, _) = _text_path(word, size, weight)
        _, (_, ascent, descent) = _text_path("lp", size, weight)  # one baseline for all words
        fallback = None
        for dx, dy, ha, va in OFFSETS:
            shift_x = dx - {"left": 0.0, "center": w / 2, "right": w}[ha]  # to the baseline
            shift_y = dy + {"bottom": descent, "center": (descent - ascent) / 2,
                            "top": -ascent}[va]
            box = (px + shift_x, py + shift_y - descent, px + shift_x + w, py + shift_y + ascent)
            if self.inside(box):
                if self.covers_nothing(box):
                    self.add(x, y, word, colour, path, (shift_x, shift_y), box)
                    return True
                fallback = fallback or ((shift_x, shift_y), box)
        if always:  # covering another label, but inside the axes where it can
            shift, box = fallback or ((OFFSETS[0][0], OFFSETS[0][1] + descent), None)
            self.add(x, y, word, colour, path, shift, box)
        return always

    def inside(self, box) -> bool:
        """Whether ``box`` (left, bottom, right, top) lies inside the axes."""
        return box[0] >= 0 and box[1] >= 0 and box[2] <= self.width and box[3] <= self.height

    def covers_nothing(self, box) -> bool:
        """Whether ``box`` overlaps no label placed before."""
        return not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in self.boxes)

    def add(self, x, y, word, colour, path, shift, box) -> None:
        self.words.append(word)
        self.points.append((x, y))
        self.colours.append(colour)
        self.paths.append(path.transformed(Affine2D().translate(*shift)))
        if box is not None:
            self.boxes.append(box)

    def finish(self) -> WordLabels:
        """Add the labels placed to the axes as one :class:`WordLabels` collection."""
        labels = WordLabels(self.ax, self.words, self.points, self.colours, self.paths)
        self.ax.add_collection(labels, autolim=False)
        return labels


def _limits(points: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    low, high = points.min(axis=0), points.max(axis=0)  # (2,), (2,)
    span = np.where(high > low, high - low, 1.0)
    low, high = low - MARGIN * span, high + MARGIN * span
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def _neighbour_lines(neighbours: dict) -> list[list[str]]:
    """One block of lines per query: its name, then "rank. word cosine" per neighbour."""
    return [[f"nearest to “{query}”"] + [f"{i + 1:>2}. {word:<14.14} {score:5.2f}"
                                          for i, (word, score) in enumerate(found)]
            for query, found in neighbours.items()]


def plot_projection(coords, words, highlight=(), neighbours=None, title: str = "",
                    xlabel: str = "PCA 1", ylabel: str = "PCA 2", ax: Axes | None = None,
                    pairs=()) -> Figure:
    """Words at 2-D coordinates; the ``highlight`` words and their neighbours in colour.

    Parameters
    ----------
    coords : array_like of shape (n, 2)
        Where each word goes (its PCA coordinates, or its coordinates on custom axes).
    words : list of n str
        The words, in the order of ``coords``: a few frequent words (60 to 150 keep the
        labels readable), the queries and their neighbours.
    highlight : sequence of str
        Query words (at most 4), each drawn in its own colour of :data:`QUERY_COLOURS`.
    neighbours : dict of str -> list of (str, float), optional
        For a query, its nearest words and their cosines, best first
        (``dlcourse.nn.similarity.nearest_words``): drawn in the query's colour with a
        line to it, and listed with the cosines in a panel at the right.
    pairs : sequence of str
        Words marked in black (those that define custom axes).
    ax : Axes, optional
        Draw the map there (the list then goes beside it, at the right of the axes);
        by default a new figure with the map and a panel for the list.

    Returns
    -------
    Figure
        The map is ``fig.axes[0]``: its collections are the background points, then per
        query its points (the query first, then its neighbours) and the lines to them, and
        last the labels, one :class:`WordLabels` (``words``, ``points``, ``colours``). The map
        has no ticks: a projection's units mean nothing by themselves. The list is one
        :class:`TextBlocks` (``blocks``: one text per query), the collection of
        ``fig.axes[1]``, or the last of ``ax`` when ``ax`` was given.
    """
    coords = as_float_array(coords, "coords", ndim=2)
    if coords.shape[1] != 2 or len(coords) == 0:
        raise ValueError(f"coords has shape {coords.shape}, expected (n, 2) with n >= 1: one "
                         f"(x, y) per word.")
    if not np.isfinite(coords).all():
        raise ValueError("coords holds nan or inf: every word needs a finite place.")
    words = _words(words, len(coords))
    index = {word: i for i, word in enumerate(words)}
    highlight = [highlight] if isinstance(highlight, str) else list(highlight)
    if len(highlight) > len(QUERY_COLOURS):
        raise ValueError(f"highlight has {len(highlight)} words, at most {len(QUERY_COLOURS)} "
                         f"(one colour each).")
    pairs = list(pairs)
    neighbours = _neighbours(neighbours, highlight)
    _known(highlight, index, "highlight")
    _known(pairs, index, "pairs")
    for query, found in neighbours.items():
        _known([w for w, _ in found], index, f"neighbours[{query!r}]")

    panel = None
    if ax is None:
        fig, (ax, panel) = new_figure(1, 2, figsize=(9.6, 6.0), width_ratios=(3.1, 1.0))
    else:
        fig, ax = figure_and_axes(ax)
    xlim, ylim = _limits(coords)
    ax.set(xlim=xlim, ylim=ylim, xlabel=xlabel, ylabel=ylabel, xticks=[], yticks=[])
    ax.set_title(title, fontsize=10, y=1.0)  # a fixed y: no search for the ticks' extent
    coloured = {query: i for i, query in enumerate(highlight)}
    for i, query in enumerate(highlight):
        for word, _ in neighbours[query]:
            coloured.setdefault(word, i)  # a word near two queries takes the first one's colour
    plain = [i for i, word in enumerate(words) if word not in coloured and word not in pairs]
    ax.scatter(coords[plain, 0], coords[plain, 1], s=9, color=BACKGROUND, linewidths=0,
               zorder=2)
    labels = _Labeller(ax, xlim, ylim)
    for word in pairs:  # a pair word that is also a query or a neighbour keeps that label
        x, y = coords[index[word]]
        ax.plot([x], [y], "D", color=PAIR, markersize=6, zorder=5)
        if word not in coloured:
            labels.place(x, y, word, PAIR, always=True, weight="bold", size=FONT + 2)
    for i, query in enumerate(highlight):
        colour = QUERY_COLOURS[i]
        found = [index[w] for w, _ in neighbours[query] if coloured[w] == i]
        q = index[query]
        ax.scatter(coords[[q] + found, 0], coords[[q] + found, 1], s=[70] + [22] * len(found),
                   color=colour, edgecolors="white", linewidths=0.6, zorder=6)
        ax.add_collection(LineCollection([(coords[q], coords[j]) for j in found],
                                         colors=colour, linewidths=0.7, alpha=0.45, zorder=4))
        labels.place(*coords[q], query, colour, always=True, weight="bold", size=FONT + 3)
    for i, query in enumerate(highlight):
        for word, _ in neighbours[query]:
            if coloured[word] == i and word not in highlight:
                labels.place(*coords[index[word]], word, QUERY_COLOURS[i], always=True,
                             size=FONT + 1)
    for i in plain:  # in the given order: put the words that matter most first
        labels.place(*coords[i], words[i], BACKGROUND, always=False)
    labels.finish()

    where, x0 = (panel, 0.0) if panel is not None else (ax, 1.03)
    if panel is not None:
        panel.axis("off")
    blocks = _neighbour_lines(neighbours)
    height = where.get_position().height * fig.get_size_inches()[1]  # inches
    lines = sum(len(block) + 1 for block in blocks)  # a blank line after each block
    size = min(9.0, height * 72 / (LINE * max(lines, 1)))  # points: all lines fit
    if blocks:
        where.add_collection(TextBlocks(where, blocks, QUERY_COLOURS[:len(blocks)], x0, size),
                             autolim=False)
    if panel is not None and not blocks:
        panel.text(x0, 1.0, "type a word to see\nits nearest neighbours", va="top",
                   transform=panel.transAxes, fontsize=9, color="0.4", style="italic")
    return fig


def plot_axes_projection(coords, words, x_pair, y_pair=None, highlight=(), neighbours=None,
                         title: str = "", ylabel: str = "PCA 1", ax: Axes | None = None) -> Figure:
    """:func:`plot_projection` on custom axes: x along ``x_pair`` (a, b), y along ``y_pair``.

    Parameters
    ----------
    coords : array_like of shape (n, 2)
        Column 0: each word's coordinate along b - a of ``x_pair``
        (:func:`dlcourse.nn.projection.axis_projection`); column 1: along ``y_pair``'s, or
        (``y_pair`` None) another coordinate named by ``ylabel``, e.g. the first principal
        component.
    x_pair, y_pair : (str, str)
        The words (a, b) of each axis; they must be among ``words`` and are marked in black.
        The x axis reads "a ← → b", and a dotted line marks 0, half-way between a and b.
    """
    pairs = [_pair(x_pair, "x_pair")] + ([] if y_pair is None else [_pair(y_pair, "y_pair")])
    labels = [f"{a}   ←   {b} − {a}   →   {b}" for a, b in pairs]
    fig = plot_projection(coords, words, highlight, neighbours, title=title, xlabel=labels[0],
                          ylabel=labels[1] if y_pair is not None else ylabel, ax=ax,
                          pairs=list(dict.fromkeys(w for pair in pairs for w in pair)))
    ax = fig.axes[0] if ax is None else ax
    ax.axvline(0.0, color=PAIR, linestyle=":", linewidth=0.9, zorder=1)
    if y_pair is not None:
        ax.axhline(0.0, color=PAIR, linestyle=":", linewidth=0.9, zorder=1)
    return fig


def _pair(pair, name: str) -> tuple[str, str]:
    if isinstance(pair, str) or not hasattr(pair, "__len__") or len(pair) != 2:
        raise ValueError(f"{name} == {pair!r}, must be two words (a, b): the axis runs from a "
                         f"to b.")
    a, b = pair
    if a == b:
        raise ValueError(f"{name} == {pair!r}: the two words must differ.")
    return str(a), str(b)


def plot_analogy(answers, a: str, b: str, c: str, ax: Axes | None = None) -> Figure:
    """The answers of "a : b :: c : ?" (3CosAdd) as horizontal bars of their cosines, best on top.

    Parameters
    ----------
    answers : list of (str, float)
        Words and their cosines with b - a + c (unit vectors), best first
        (``dlcourse.nn.similarity.analogy_words``).
    a, b, c : str
        The question's words (excluded from the answers), for the title.

    Returns
    -------
    Figure
        One bar per answer (``ax.patches``, top to bottom), each word and cosine written
        on its bar; the best answer in colour.
    """
    if isinstance(answers, (str, dict)) or not hasattr(answers, "__len__") or not answers:
        raise ValueError(f"answers == {answers!r}, must be a non-empty list of (word, cosine).")
    words = [str(w) for w, _ in answers]
    scores = as_float_array([s for _, s in answers], "answers' cosines", ndim=1)
    fig, ax = figure_and_axes(ax, figsize=(6.4, 0.45 * len(words) + 1.3))
    rows = np.arange(len(words))[::-1]  # best on top
    colours = [QUERY_COLOURS[0]] + [BACKGROUND] * (len(words) - 1)
    ax.barh(rows, scores, color=colours, height=0.7)
    low = min(0.0, float(scores.min()))
    for row, word, score in zip(rows, words, scores):
        ax.text(max(score, 0.0) + 0.01, row, f"{word}  {score:.3f}", va="center", ha="left",
                fontsize=10, fontweight="bold" if row == rows[0] else "normal")
    ax.set(xlim=(low, 1.0), yticks=[], xlabel="cosine with b − a + c")
    ax.set_title(f"{a} : {b} :: {c} : ?   ({b} − {a} + {c}; {a}, {b}, {c} excluded)",
                 fontsize=10, y=1.0)
    ax.grid(axis="x", alpha=0.3)
    return fig


def plot_accuracy_vs_corpus(tokens, curves: dict, points: dict | None = None,
                            ax: Axes | None = None) -> Figure:
    """Analogy accuracy (on the covered questions) against the tokens read, on a log axis.

    Parameters
    ----------
    tokens : array_like of shape (n,)
        Corpus sizes, in tokens.
    curves : dict of str -> array_like of shape (n,)
        label -> accuracy (0 to 1) at each size: one line with markers per entry.
    points : dict of str -> (float, float), optional
        label -> (tokens, accuracy): single results (another method at one size), as stars.

    Returns
    -------
    Figure
        ``ax.lines``: one per curve, then one per point; the y axis in percent.
    """
    tokens = as_float_array(tokens, "tokens", ndim=1)
    if not isinstance(curves, dict) or not curves:
        raise ValueError(f"curves must be a non-empty dict label -> accuracies, got "
                         f"{type(curves).__name__}.")
    fig, ax = figure_and_axes(ax, figsize=(6.0, 3.6))
    for colour, (label, accuracy) in zip(QUERY_COLOURS, curves.items()):
        accuracy = as_float_array(accuracy, f"curves[{label!r}]", ndim=1)
        if accuracy.shape != tokens.shape:
            raise ValueError(f"curves[{label!r}] has {len(accuracy)} values for "
                             f"{len(tokens)} corpus sizes.")
        ax.plot(tokens, 100 * accuracy, marker="o", color=colour, label=label)
    for colour, (label, (size, accuracy)) in zip(QUERY_COLOURS[len(curves):],
                                                 (points or {}).items()):
        ax.plot([size], [100 * accuracy], marker="*", ms=14, ls="none", color=colour,
                label=label)
    ax.set_xscale("log")
    ax.set_xticks(tokens, [f"{t / 1e6:.2g} M" if t >= 1e6 else f"{t / 1e3:.0f} k"
                           for t in tokens])
    ax.minorticks_off()
    ax.set(xlabel="tokens of the books read", ylabel="correct (% of covered questions)",
           ylim=(0, None))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return fig
