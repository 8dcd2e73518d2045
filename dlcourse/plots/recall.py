"""Recall accuracy against distance, one line per cell (chapter 06)."""

from __future__ import annotations

from dlcourse.checks import as_float_array, number_in_range
from dlcourse.plots.base import figure_and_axes

COLOURS = {"rnn": "#d95f02", "lstm": "#1b9e77", "gru": "#7570b3"}


def plot_recall(distances, accuracy, cells, chance: float, steps: int | None = None, ax=None,
                labels=None):
    """Held-out accuracy (n_cells, n_distances) against distance T (log axis); chance dashed.

    ``labels`` (n_cells,) names the lines (default: the cells in capitals); a cell that comes
    again (e.g. the LSTM with another initialisation) is drawn again in its colour, dotted.
    Each line's markers are smaller than the one's before, so coinciding lines stay visible.
    """
    distances = as_float_array(distances, "distances", ndim=1)
    accuracy = as_float_array(accuracy, "accuracy", ndim=2)
    chance = number_in_range(chance, "chance", 0.0, 1.0)
    if accuracy.shape != (len(cells), len(distances)):
        raise ValueError(f"accuracy has shape {accuracy.shape}, expected (len(cells), "
                         f"len(distances)) = ({len(cells)}, {len(distances)}).")
    labels = [cell.upper() for cell in cells] if labels is None else list(labels)
    if len(labels) != len(cells):
        raise ValueError(f"labels has {len(labels)} entries, expected one per cell ({len(cells)}).")
    fig, ax = figure_and_axes(ax, figsize=(7.0, 3.8))
    for i, (cell, row, label) in enumerate(zip(cells, accuracy, labels, strict=True)):
        again = cell in cells[:i]
        ax.plot(distances, 100 * row, marker="s" if again else "o", ms=max(9 - 2 * i, 4), lw=2,
                ls=":" if again else "-", color=COLOURS.get(cell), label=label)  # later: smaller,
        # so that lines on top of each other (all at 100 %) still show every marker
    ax.axhline(100 * chance, color="k", lw=1, ls="--", label=f"chance, {100 * chance:.1f} %")
    ax.set_xscale("log")
    ax.set_xticks(distances, [f"{d:g}" for d in distances])
    ax.minorticks_off()
    ax.set(ylim=(0, 105), xlabel="distance T (steps between the symbol and the answer)",
           ylabel="held-out accuracy (%)",
           title="Recall the first symbol after T distractors"
                 + (f" ({steps} training steps)" if steps else ""))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    ax.grid(alpha=0.3, which="major")
    return fig
