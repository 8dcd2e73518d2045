"""Beam search's figures (chapter 08): the search tree, widths and lengths.

- :func:`plot_search_tree`: beam search as breadth-first search with pruning, level by level:
  every kept node (blue), finished one (green) and the best pruned ones (grey, hollow), each
  labelled with its token and the cumulative log-probability of the output up to it, and on
  the right the beam after the last level drawn, ranked by score.
- :func:`plot_width_curves`: mean log-probability and exact match against the beam width.
- :func:`plot_lengths`: output length against the beam width, with and without length
  normalisation.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.transforms import Affine2D

from dlcourse.checks import int_in_range, positive_int
from dlcourse.decoding import FINISHED, KEPT, PRUNED, SearchTree
from dlcourse.plots.base import figure_and_axes, new_figure
from dlcourse.plots.diagrams import EDGE
from dlcourse.plots.embeddings import TextBlocks, WordLabels, _line_path

COLOURS = {KEPT: "#1f78b4", FINISHED: "#33a02c", PRUNED: "#9a9a9a"}
RANKED = 8  # lines of the ranked beam on the right
LABEL_SIZE = 7.5  # points: node labels and the ranked list (drawn as text-shaped paths: a
# hundred text artists would take most of the quarter second an explorer has to redraw)


def _shown_nodes(tree: SearchTree, level: int, pruned_shown: int) -> tuple[list[int], int]:
    """Indices of the nodes of ``levels[level]`` drawn, best score first, and how many are not."""
    nodes = tree.levels[level]
    order = sorted(range(len(nodes)), key=lambda i: -nodes[i].score)
    chosen = [i for i in order if nodes[i].status != PRUNED]
    pruned = [i for i in order if nodes[i].status == PRUNED]
    return chosen + pruned[:pruned_shown], max(0, len(pruned) - pruned_shown)


def plot_search_tree(tree: SearchTree, token_names, upto: int | None = None,
                     hypotheses=None, pruned_shown: int = 3, title: str = "",
                     joiner: str = "", eos: int | None = None):
    """The levels 1..``upto`` of beam search's tree and, on the right, its beam ranked.

    Parameters
    ----------
    tree : SearchTree
        ``beam_search(..., trace=True)[1]``.
    token_names : sequence of str
        The name drawn for each token id.
    upto : int, optional
        The last level drawn (1 .. len(tree.levels)); default all.
    hypotheses : list of Hypothesis, optional
        The search's result; shown ranked when the last level is drawn (else the nodes kept
        at level ``upto`` are).
    pruned_shown : int
        The best pruned candidates drawn per level; the others are counted ("+ 40 pruned").
    joiner : str
        Put between token names when writing an output ("" for characters, " " for words).
    eos : int, optional
        A token left out when writing an output in the ranked list (the end token).

    Returns
    -------
    Figure
        Axes 0: the tree (x: level, one column per level; text labels "<token> <log P>");
        axes 1: the ranked list, one text line per output, best first.
    """
    if not isinstance(tree, SearchTree):
        raise TypeError(f"tree must be a SearchTree (beam_search(..., trace=True)[1]), got "
                        f"{type(tree).__name__}.")
    names = [str(name) for name in token_names]
    levels = len(tree.levels)
    upto = levels if upto is None else int_in_range(upto, "upto", 1, levels,
                                                    f" (the tree has {levels} levels)")
    pruned_shown = positive_int(pruned_shown, "pruned_shown", minimum=0)
    rows = max(len(_shown_nodes(tree, t, pruned_shown)[0]) for t in range(levels))
    fig, (ax, side) = new_figure(1, 2, figsize=(11.0, 1.2 + 0.36 * max(rows, 6)),
                                 width_ratios=(3.2, 1.3))
    where = {}  # (level, index) -> (x, y)
    points = {status: [] for status in COLOURS}
    edges, labels, label_at, label_colours = [], [], [], []
    root = (0.0, 0.0)
    for t in range(upto):
        shown, hidden = _shown_nodes(tree, t, pruned_shown)
        for row, i in enumerate(shown):
            node = tree.levels[t][i]
            x, y = t + 1.0, -row
            where[t, i] = (x, y)
            points[node.status].append((x, y))
            parent = root if t == 0 else where[t - 1, node.parent]
            edges.append((parent, (x, y), node.status))
            labels.append(f"{names[node.token]} {node.log_prob:.2f}")
            label_at.append((x, y))
            label_colours.append(EDGE if node.status != PRUNED else COLOURS[PRUNED])
        if hidden:
            ax.text(t + 1.0, -rows + 0.55, f"+{hidden}", fontsize=7, ha="left",
                    va="center", color=COLOURS[PRUNED], style="italic")
    for status in (PRUNED, KEPT, FINISHED):
        segments = [(a, b) for a, b, s in edges if s == status]
        if segments:
            ax.add_collection(LineCollection(segments, colors=COLOURS[status], linewidths=
                                             1.6 if status != PRUNED else 0.8,
                                             linestyles="-" if status != PRUNED else ":",
                                             zorder=1))
    paths = [_line_path(label, LABEL_SIZE).transformed(Affine2D().translate(4, 3))
             for label in labels]
    ax.add_collection(WordLabels(ax, labels, label_at, label_colours, paths), autolim=False)
    ax.scatter(*root, s=60, color=EDGE, zorder=3)
    ax.text(-0.09, 0, "start", ha="right", va="center", fontsize=8)
    for status, xy in points.items():
        if xy:
            x, y = np.array(xy).T
            filled = status != PRUNED
            ax.scatter(x, y, s=36, zorder=3, label=status,
                       facecolor=COLOURS[status] if filled else "white",
                       edgecolor=COLOURS[status], linewidths=1.2)
    ax.set_xlim(-0.6, levels + 1.0)
    ax.set_ylim(-rows + 0.4, 0.6)
    ax.set_xticks(range(1, levels + 1))
    ax.set_yticks([])
    ax.set_xlabel("level t (output tokens so far)")
    for spine in ("left", "right", "top"):
        ax.spines[spine].set_visible(False)
    ax.legend(loc="upper right", fontsize=7.5, frameon=False, ncol=3, title_fontsize=7.5,
              title="+n: pruned, not drawn", bbox_to_anchor=(1.0, 1.12))
    ax.set_title(title, loc="left", fontsize=10)
    side.axis("off")
    if upto == levels and hypotheses is not None:
        head = "finished outputs, best first"
        lines = [(joiner.join(names[tok] for tok in h.tokens if tok != eos), h.log_prob, h.score)
                 for h in hypotheses[:RANKED]]
    else:
        head = f"beam after level {upto}, best first"
        kept = [i for i in _shown_nodes(tree, upto - 1, 0)[0]]
        lines = [(joiner.join(names[tok] for tok in tree.tokens(upto - 1, i) if tok != eos),
                  tree.levels[upto - 1][i].log_prob, tree.levels[upto - 1][i].score)
                 for i in kept[:RANKED]]
    side.set_title(head, loc="left", fontsize=9, fontweight="bold")
    rows_text = ["   output             log P   score"]
    rows_text += [f"{k + 1}. {text[:16]:16} {log_prob:7.2f} {score:7.2f}"
                  for k, (text, log_prob, score) in enumerate(lines)]
    side.add_collection(TextBlocks(side, [rows_text[:1], rows_text[1:]], ["0.35", EDGE],
                                   x=0.0, size=LABEL_SIZE), autolim=False)
    return fig


def plot_width_curves(widths, log_probs, exact, reference_log_prob=None, title: str = ""):
    """Mean log P of the output (left) and exact match (right) against the beam width.

    ``widths`` (W,), ``log_probs`` (W,) mean log-probabilities in nats, ``exact`` (W,) shares;
    ``reference_log_prob``, if given, draws the mean log P of the right answers.
    """
    widths, log_probs, exact = (np.asarray(a, dtype=float) for a in (widths, log_probs, exact))
    if not widths.shape == log_probs.shape == exact.shape or widths.ndim != 1:
        raise ValueError(f"widths, log_probs and exact must be 1-D of one length, got shapes "
                         f"{widths.shape}, {log_probs.shape} and {exact.shape}.")
    fig, (left, right) = new_figure(1, 2, figsize=(9.0, 3.2))
    left.plot(widths, log_probs, "o-", color=COLOURS[KEPT], label="beam's output")
    if reference_log_prob is not None:
        left.axhline(reference_log_prob, color=COLOURS[FINISHED], ls="--", label="right answer")
    left.set_xlabel("beam width k (1 = greedy)")
    left.set_ylabel("mean log P(output | input)")
    left.legend(fontsize=8)
    right.plot(widths, 100 * exact, "o-", color=COLOURS[KEPT])
    right.set_xlabel("beam width k (1 = greedy)")
    right.set_ylabel("exact match (%)")
    for ax in (left, right):
        ax.set_xticks(widths)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def plot_lengths(widths, lengths: dict, max_len: int, title: str = "", ax: Axes | None = None):
    """Output length against beam width, one line per alpha: ``lengths[alpha]`` (W,) tokens."""
    widths = np.asarray(widths, dtype=float)
    fig, ax = figure_and_axes(ax, figsize=(5.5, 3.2))
    for alpha, values in lengths.items():
        values = np.asarray(values, dtype=float)
        if values.shape != widths.shape:
            raise ValueError(f"lengths[{alpha}] has shape {values.shape}, widths {widths.shape}.")
        ax.plot(widths, values, "o-", label=f"α = {alpha:g}")
    ax.axhline(max_len, color="0.6", ls=":", lw=1)
    ax.set_xscale("log")
    ax.set_xticks(widths, [f"{w:g}" for w in widths])
    ax.set_xlabel("beam width k")
    ax.set_ylabel("output length (tokens, eos included)")
    ax.set_ylim(0, max_len * 1.08)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    ax.set_title(title, fontsize=10, loc="left")
    return fig

