"""Training curves that redraw in place while a model trains (chapter 05, seed 002's dashboard).

    live = LiveCurves("FastCNN")
    history = fit(model, train, test, on_eval=live)

    live = LiveCurves(plot=plot_lm_history)        # chapter 06's language model
    history = train_charlm(model, train_ids, heldout_ids, steps=300, on_eval=live)

Each call redraws the figure and updates one IPython display, so JupyterLab
shows the curves growing; a headless run (papermill, nbval) keeps the last,
complete figure as the cell's output.
"""

from __future__ import annotations

from collections.abc import Callable

from IPython.display import display

from dlcourse.plots.base import new_figure
from dlcourse.plots.curves import plot_history


class LiveCurves:
    """A callable for ``fit(on_eval=...)``: loss and accuracy curves, updated after each evaluation.

    Attributes
    ----------
    figure : Figure
        The figure being redrawn (complete once training ends).
    updates : int
        How many times it has been redrawn.

    ``plot`` (optional) draws another kind of history into one axes:
    ``plot(history, ax=..., title=...)``, e.g. ``dlcourse.plots.charlm.plot_lm_history``;
    by default the classification curves of :func:`dlcourse.plots.curves.plot_history`.
    """

    def __init__(self, title: str = "", evaluated_on: str = "test",
                 plot: Callable | None = None):
        if plot is not None and not callable(plot):
            raise TypeError(f"plot must be a function plot(history, ax=..., title=...), got "
                            f"{type(plot).__name__}.")
        self.title, self.evaluated_on = title, evaluated_on  # the set fit evaluates on
        self.plot = plot
        if plot is None:
            self.figure, self.axes = new_figure(1, 2, figsize=(9.0, 3.2))
        else:
            self.figure, self.axes = new_figure(1, 1, figsize=(6.0, 3.6))
        self.handle, self.updates = None, 0

    def __call__(self, history) -> None:
        if self.plot is None:
            plot_history(history, axes=self.axes, title=self.title,
                         evaluated_on=self.evaluated_on)
        else:
            self.plot(history, ax=self.axes, title=self.title)
        self.updates += 1
        if self.handle is None:
            self.handle = display(self.figure, display_id=True)
        else:
            self.handle.update(self.figure)
