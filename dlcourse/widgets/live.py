"""Training curves that redraw in place while a model trains (chapter 05, seed 002's dashboard).

    live = LiveCurves("FastCNN")
    history = fit(model, train, test, on_eval=live)

Each call redraws the figure and updates one IPython display, so JupyterLab
shows the curves growing; a headless run (papermill, nbval) keeps the last,
complete figure as the cell's output.
"""

from __future__ import annotations

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
    """

    def __init__(self, title: str = "", evaluated_on: str = "test"):
        self.title, self.evaluated_on = title, evaluated_on  # the set fit evaluates on
        self.figure, self.axes = new_figure(1, 2, figsize=(9.0, 3.2))
        self.handle, self.updates = None, 0

    def __call__(self, history) -> None:
        plot_history(history, axes=self.axes, title=self.title, evaluated_on=self.evaluated_on)
        self.updates += 1
        if self.handle is None:
            self.handle = display(self.figure, display_id=True)
        else:
            self.handle.update(self.figure)
