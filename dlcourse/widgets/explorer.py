"""The one widget pattern of the course: controls -> render function -> figure.

A chapter's explorer is ``Explorer(controls, render)`` where ``render(**values)``
returns a matplotlib Figure. Bad combinations (a render that raises
``ValueError``) show the message in the widget instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
from IPython.display import display
from matplotlib.figure import Figure


class Explorer(widgets.VBox):
    """Controls on top, a fixed-height output below that redraws on every change.

    Parameters
    ----------
    controls : dict of str -> ipywidgets.ValueWidget
        Keyword name of ``render`` -> the control that supplies it.
    render : callable
        ``render(**values) -> Figure``; raise ``ValueError`` for impossible values.
    height : str
        CSS height of the output area; fixed so the page does not jump.

    Attributes
    ----------
    figure : Figure or None
        The last figure drawn (None when the last render failed).
    message : str
        The error message of the last failed render, else "".
    renders : int
        How many times the figure has been drawn (tests use it).
    """

    def __init__(self, controls: dict, render: Callable[..., Figure], height: str = "420px",
                 columns: int = 3):
        self.controls = dict(controls)
        self.render = render
        self.figure, self.message, self.renders = None, "", 0
        self.output = widgets.Output(layout=widgets.Layout(height=height, overflow="hidden"))
        self.status = widgets.HTML()
        grid = widgets.GridBox(
            list(self.controls.values()),
            layout=widgets.Layout(grid_template_columns=f"repeat({columns}, minmax(0, 1fr))"),
        )
        super().__init__([grid, self.status, self.output])
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    @property
    def values(self) -> dict:
        """The current value of every control, by keyword name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change=None) -> None:
        """Redraw with the current values (called on every control change)."""
        try:
            fig = self.render(**self.values)
        except ValueError as exc:
            self.figure, self.message = None, str(exc)
            self.status.value = f"<span style='color:#b00020'>&#9888; {exc}</span>"
            self.output.clear_output()
            return
        self.figure, self.message = fig, ""
        self.status.value = ""
        self.renders += 1
        self.output.clear_output(wait=True)
        with self.output:
            display(fig)


def slider(description: str, value, lo, hi, step, continuous: bool = False, **kwargs):
    """A labelled float or int slider (int when all of value, lo, hi and step are ints)."""
    is_int = all(isinstance(v, int) for v in (value, lo, hi, step))
    cls = widgets.IntSlider if is_int else widgets.FloatSlider
    return cls(value=value, min=lo, max=hi, step=step, description=description,
               continuous_update=continuous, style={"description_width": "initial"}, **kwargs)


def log_slider(description: str, value: float, lo_exp: float, hi_exp: float, step: float,
               readout_format: str = ".3f"):
    """A labelled slider over 10**lo_exp .. 10**hi_exp (a learning rate), in exponent steps."""
    return widgets.FloatLogSlider(value=value, base=10, min=lo_exp, max=hi_exp, step=step,
                                  description=description, continuous_update=False,
                                  readout_format=readout_format,
                                  style={"description_width": "initial"})


def dropdown(description: str, options, value=None):
    """A labelled dropdown over ``options`` (a list, or a dict label -> value)."""
    if value is None:
        value = list(options.values())[0] if isinstance(options, dict) else options[0]
    return widgets.Dropdown(options=options, value=value, description=description,
                            style={"description_width": "initial"})
