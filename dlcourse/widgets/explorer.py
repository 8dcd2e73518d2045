"""The one widget pattern of the course: controls -> render function -> picture.

A chapter's explorer is ``Explorer(controls, render)`` where ``render(**values)``
returns a matplotlib Figure. Bad combinations (a render that raises
``ValueError``) show the message in the widget instead of a traceback.
``constrain(controls, changed)``, when given, runs before every render and keeps the
controls consistent with each other (a slider's range that follows another
control). Pictures are cached (as PNG) by the values that made them, so going
back to a state is instant, and a figure laid out like an earlier one reuses
its axes positions (constrained layout is half of the drawing time). Where
widgets cannot run (a notebook not yet trusted,
GitHub, nbviewer) the explorer's output shows its starting picture and says
to run the cell.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable

import ipywidgets as widgets
from matplotlib.figure import Figure

from dlcourse.plots.base import axes_positions, figure_png, layout_of, place_axes

CACHED_PICTURES = 32
STATIC_CAPTION = "A picture of the explorer's starting state: run the cell to explore."


class Explorer(widgets.VBox):
    """Controls on top (they wrap on narrow screens), the figure below; redraws on every change.

    Parameters
    ----------
    controls : dict of str -> ipywidgets.ValueWidget
        Keyword name of ``render`` -> the control that supplies it.
    render : callable
        ``render(**values) -> Figure``; raise ``ValueError`` for impossible values.
    constrain : callable, optional
        ``constrain(controls, changed)`` adjusts ranges and values of controls that depend on
        other controls; it runs before every render with the name of the control that
        changed (None for the first picture), and the changes it makes do not trigger
        renders of their own.
    columns : int
        Controls per row on a wide screen.

    Attributes
    ----------
    figure : Figure or None
        The figure shown (None when the last render failed); drawn again on demand
        when the picture came from the cache, which keeps PNG bytes only: cached
        figures would hold millions of objects that every garbage collection walks.
    message : str
        The error message of the last failed render, else "".
    renders : int
        How many pictures have been shown (tests use it).
    """

    def __init__(self, controls: dict, render: Callable[..., Figure],
                 constrain: Callable[[dict, str | None], None] | None = None, columns: int = 3):
        self.controls = dict(controls)
        self.render, self.constrain = render, constrain
        self.message, self.renders = "", 0
        self._figure, self._figure_values, self._shown = None, None, None
        self.pictures: OrderedDict[tuple, bytes] = OrderedDict()
        self.layouts: dict[tuple, list] = {}  # layout_of(figure) -> axes positions
        self._constraining = False
        self.image = widgets.Image(format="png", layout=widgets.Layout(
            max_width="100%", height="auto", object_fit="contain"))
        self.status = widgets.HTML()
        self.status.add_class("dlcourse-explorer-status")
        for control in self.controls.values():
            control.layout.width = "auto"  # fill its grid cell, never spill into the next
        grid = widgets.GridBox(list(self.controls.values()), layout=widgets.Layout(
            grid_template_columns=f"repeat(auto-fit, minmax(max(260px, calc(100% / {columns} - "
                                  f"8px)), 1fr))", grid_gap="2px 8px"))
        super().__init__([grid, self.status, self.image])
        self.add_class("dlcourse-explorer")
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    @property
    def values(self) -> dict:
        """The current value of every control, by keyword name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change=None) -> None:
        """Make the controls consistent, then show the picture of their values."""
        if self._constraining:
            return
        if self.constrain is not None:
            changed = next((name for name, control in self.controls.items()
                            if change is not None and control is change["owner"]), None)
            self._constraining = True
            try:
                self.constrain(self.controls, changed)
            finally:
                self._constraining = False
        values = self.values
        try:
            png = self.picture(values)
        except ValueError as exc:
            self._shown, self.message = None, str(exc)
            why = f"<span style='color:#b00020'>&#9888; {html.escape(str(exc), quote=False)}</span>"
            self.status.value = why + answered(change)
            self.image.layout.visibility = "hidden"  # keeps its place: the page does not jump
            return
        self._shown, self.message, self.status.value = values, "", ""
        self.image.value = png
        self.image.layout.visibility = "visible"
        self.renders += 1

    @property
    def figure(self) -> Figure | None:
        """The figure of the state shown, or None when its render failed."""
        if self._shown is None:
            return None
        if self._figure_values != self._shown:  # the picture came from the cache
            self._figure, self._figure_values = self.render(**self._shown), self._shown
        return self._figure

    def picture(self, values: dict) -> bytes:
        """The PNG for these values, from the cache when they were shown recently."""
        key = tuple(sorted(values.items()))
        if key in self.pictures:
            self.pictures.move_to_end(key)
            return self.pictures[key]
        fig = self.render(**values)
        self._figure, self._figure_values = fig, values
        layout = layout_of(fig)
        if layout in self.layouts:
            place_axes(fig, self.layouts[layout])
        self.pictures[key] = figure_png(fig)
        self.layouts.setdefault(layout, axes_positions(fig))
        if len(self.pictures) > CACHED_PICTURES:
            self.pictures.popitem(last=False)
        return self.pictures[key]

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, and for viewers that cannot run it a picture and a line of text."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{type(self).__name__}: {STATIC_CAPTION}"
        if self.figure is not None:
            bundle["image/png"] = figure_png(self.figure, caption=STATIC_CAPTION)
        return bundle


def answered(change) -> str:
    """Which change a message answers ("after seed → 1"), so that a message that still holds
    after the learner moved another control visibly answers that move too."""
    if change is None:
        return ""
    control = change["owner"]
    shown = control.label if isinstance(control, widgets.Dropdown) else change["new"]
    what = html.escape(f"{control.description} → {shown}", quote=False)
    return f" <span style='color:#666'>(after {what})</span>"


def slider(description: str, value, lo, hi, step, continuous: bool = False, **kwargs):
    """A labelled float or int slider (int when all of value, lo, hi and step are ints)."""
    is_int = all(isinstance(v, int) for v in (value, lo, hi, step))
    cls = widgets.IntSlider if is_int else widgets.FloatSlider
    return cls(value=value, min=lo, max=hi, step=step, description=description,
               continuous_update=continuous, style={"description_width": "initial"}, **kwargs)


def set_range(control, lo, hi) -> None:
    """Give a slider the range lo..hi, in an order ipywidgets allows; its value is clamped."""
    if lo > control.max:  # the new range lies above the old one: raise max first
        control.max, control.min = hi, lo
    else:
        control.min, control.max = lo, hi


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
