"""Chapter 09's figures of attention: where a translator looks, and what the fixed vector costs.

- :func:`plot_alignment`: attention weights as a heatmap, the output characters down the
  side and the input characters along the bottom (any weights: a translation's alignment,
  or the weights of :func:`dlcourse.nn.attention.scaled_dot_product_attention`).
- :func:`plot_translation`: one translation (:func:`dlcourse.models.seq2seq.translate`)
  with its probability in the title; the date explorer's picture.
- :func:`plot_alignments`: several translations side by side (the date formats).
- :func:`plot_accuracy_by_length`: exact match against the input's length, one line per
  model, in one figure.

The date formats write Chinese characters (年, 月, 日, 星期…). Matplotlib's own font has no
Chinese glyphs, so the labels fall back to a CJK font of the system (Noto Sans CJK, which
``make chromium`` installs, WenQuanYi or others: :func:`cjk_family`); where there is none,
a Chinese character is labelled with its pinyin instead of an empty box.
"""

from __future__ import annotations

import functools
import math
import re

import numpy as np
from matplotlib.axes import Axes

from dlcourse.checks import as_float_array, one_of, positive_int
from dlcourse.plots.base import figure_and_axes, new_figure

CJK = re.compile(r"[\u3000-\u9fff]")
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Droid Sans Fallback", "SimHei", "Microsoft YaHei",
                "PingFang SC", "Heiti SC", "Noto Serif CJK SC", "AR PL UMing CN")
CJK_FILES = re.compile(r"cjk|wqy|droidsansfallback|sourcehan|simhei|msyh|pingfang|uming",
                       re.IGNORECASE)
PINYIN = {"年": "nian", "月": "yue", "日": "ri", "星": "xing", "期": "qi", "一": "yi", "二": "er",
          "三": "san", "四": "si", "五": "wu", "六": "liu"}  # every Chinese character dates use
SPACE = "␣"  # a space, made visible
END_LABEL = "end"  # the row of the step that wrote the end token
CMAP = "Blues"
LENGTH_COLOURS = ("#d95f02", "#1b9e77", "#7570b3", "#e7298a")  # one per model


@functools.cache
def cjk_family() -> str:
    """The name of a font family with Chinese glyphs that matplotlib can use, or ""."""
    from matplotlib import font_manager

    def known() -> str:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FAMILIES if name in names), "")

    found = known()
    if not found:  # installed after matplotlib built its font list: add the files
        for path in font_manager.findSystemFonts():
            if CJK_FILES.search(path):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # an unreadable font file
                    continue
        found = known()
    return found


def char_label(ch: str) -> str:
    """How a character is labelled on an axis: a space as ␣, Chinese as itself or its pinyin."""
    if ch == " ":
        return SPACE
    if CJK.match(ch) and not cjk_family():
        return PINYIN.get(ch, f"U+{ord(ch):04X}")
    return ch


def _font_families() -> list[str]:
    family = cjk_family()
    return ["DejaVu Sans", family] if family else ["DejaVu Sans"]


def plot_alignment(weights, source, target, title: str = "", ax: Axes | None = None,
                   colorbar: bool = True, figsize=None, aspect: str = "equal",
                   xlabel: str = "input character", ylabel: str = "output"):
    """A heatmap of attention ``weights`` (T, S): row t is output t's weights over the inputs.

    Parameters
    ----------
    weights : array_like of shape (T, S)
        Each row sums to 1 (or 0 for a row with nothing to attend to).
    source : str or list of S str
        The input labels (a text's characters), along the bottom.
    target : str or list of T str
        The output labels, down the side.
    figsize : (float, float), optional
        Of a new figure; by default it grows with S and T.
    aspect : "equal" or "auto"
        Square cells, or cells that fill the axes (a figure of fixed size).
    xlabel, ylabel : str
        What the columns (keys) and rows (queries) are.
    """
    weights = as_float_array(weights, "weights", ndim=2)
    source, target = list(source), list(target)
    T, S = weights.shape
    if len(source) != S or len(target) != T:
        raise ValueError(f"weights has shape {weights.shape} = (outputs, inputs), but "
                         f"{len(target)} target and {len(source)} source labels were given.")
    fig, ax = figure_and_axes(ax, figsize=figsize or (max(4.0, 0.3 * S + 2.0), 0.3 * T + 1.6))
    aspect = one_of(aspect, "aspect", ("equal", "auto"))
    image = ax.imshow(weights, cmap=CMAP, vmin=0.0, vmax=1.0, aspect=aspect,
                      interpolation="nearest")
    families = _font_families()
    ax.set_xticks(range(S), [char_label(ch) for ch in source], fontfamily=families, fontsize=9)
    ax.set_yticks(range(T), [char_label(ch) if len(ch) == 1 else ch for ch in target],
                  fontfamily=families, fontsize=9)
    ax.tick_params(length=0)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.set_ylabel(ylabel, fontsize=9)
    if title:
        ax.set_title(title, fontsize=10, fontfamily=families)
    if colorbar:
        fig.colorbar(image, ax=ax, shrink=0.8, label="attention weight")
    return fig


def translation_rows(translation) -> list[str]:
    """The row labels of a translation's alignment: the characters written, then "end"."""
    rows = list(translation.iso)
    steps = len(translation.alignment)
    return (rows + [END_LABEL])[:steps]


TRANSLATION_SIZE = (9.0, 4.4)  # inches: one size for every text, so the explorer never jumps


def plot_translation(translation, ax: Axes | None = None, colorbar: bool = True,
                     aspect: str = "auto"):
    """One translation's alignment, titled with the text, the ISO date and its probability.

    A new figure is :data:`TRANSLATION_SIZE` whatever the text's length (up to 40
    characters), its cells stretched to fill it (``aspect="auto"``): the explorer's picture
    keeps its size and layout from one text to the next.
    """
    if getattr(translation, "alignment", None) is None:
        raise ValueError("translation has no alignment: it comes from a model without "
                         "attention (attention='none'), which reads one fixed vector.")
    rows = translation_rows(translation)
    weights = np.asarray(translation.alignment)[:len(rows)]  # (rows, S)
    p = math.exp(translation.log_prob)
    title = f"{translation.text}  →  {translation.iso or '(nothing)'}   P = {p:.3f}"
    return plot_alignment(weights, translation.text, rows, title=title, ax=ax, colorbar=colorbar,
                          figsize=TRANSLATION_SIZE, aspect=aspect)


def plot_alignments(translations, ncols: int = 2, names=None):
    """Several translations' alignments in a grid, ``ncols`` a row (one colour scale).

    ``names``, one per translation, start the panels' titles (the model's or format's name).
    """
    translations = list(translations)
    names = [""] * len(translations) if names is None else [str(n) for n in names]
    if len(names) != len(translations):
        raise ValueError(f"names has {len(names)} entries for {len(translations)} "
                         f"translations; give one name each.")
    if not translations:
        raise ValueError("translations is empty: give at least one (translate(model, texts)).")
    widest = max(len(t.text) for t in translations)
    ncols = positive_int(ncols, "ncols")
    nrows = math.ceil(len(translations) / ncols)
    fig, axes = new_figure(nrows, ncols, figsize=(ncols * (0.24 * widest + 1.6), nrows * 3.2),
                           squeeze=False)
    for ax, translation, name in zip(axes.flat, translations, names):
        plot_translation(translation, ax=ax, colorbar=False, aspect="equal")
        if name:
            ax.set_title(f"{name}: {ax.get_title()}", fontsize=10, fontfamily=_font_families())
    for ax in axes.flat[len(translations):]:
        ax.axis("off")
    fig.suptitle("Where the decoder looks: one row per output character, weights over the "
                 "input's characters", fontsize=11)
    return fig


def plot_accuracy_by_length(bins, accuracies, counts=None, title: str = "",
                            ax: Axes | None = None):
    """Exact match (%) against the input's length, one line per model, in one axes.

    Parameters
    ----------
    bins : list of str
        The length bins' labels ("≤ 10", "11–16", ...), along the x axis.
    accuracies : dict of str -> list of float
        Model name -> exact match (0 to 1) per bin.
    counts : list of int, optional
        Test texts per bin, written under the bin's label.
    """
    bins = [str(b) for b in bins]
    if not accuracies:
        raise ValueError("accuracies is empty: give {model name: [exact match per bin]}.")
    fig, ax = figure_and_axes(ax, figsize=(6.0, 3.6))
    x = np.arange(len(bins))
    for colour, (name, values) in zip(LENGTH_COLOURS, accuracies.items()):
        values = as_float_array(values, f"accuracies[{name!r}]", ndim=1)
        if len(values) != len(bins):
            raise ValueError(f"accuracies[{name!r}] has {len(values)} values for "
                             f"{len(bins)} bins.")
        ax.plot(x, 100 * values, "o-", color=colour, label=name, linewidth=2)
    labels = bins if counts is None else [f"{b}\n({n:,} dates)" for b, n in zip(bins, counts)]
    ax.set_xticks(x, labels)
    ax.set_ylim(-3, 103)
    ax.set_xlabel("length of the written date (characters)")
    ax.set_ylabel("exact match on unseen dates (%)")
    ax.grid(alpha=0.3)
    ax.legend(loc="center right", fontsize=9)
    ax.set_title(title or "Exact match against the input's length", fontsize=10)
    return fig
