"""Key results a notebook records, for the headless run's report.

A notebook calls ``record("test_accuracy", 0.9931)``; the value is shown in
the notebook and stored in the cell output under a dedicated MIME type that
:mod:`dlcourse.runner` collects from the executed notebook.
"""

from __future__ import annotations

import math
import numbers

METRIC_MIME = "application/vnd.dlcourse.metric+json"


class Metric:
    """A named number shown as ``name = value`` and carried in its own MIME type."""

    def __init__(self, name: str, value: float):
        self.name, self.value = name, value

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": repr(self), METRIC_MIME: {"name": self.name, "value": self.value}}

    def __repr__(self) -> str:
        return f"{self.name} = {self.value:.6g}"


def record(name: str, value: float) -> Metric:
    """Record a key result of a chapter; return it so the cell shows it.

    Examples
    --------
    >>> record("test_accuracy", 0.99312)
    test_accuracy = 0.99312
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name == {name!r}, must be an identifier such as 'test_accuracy'.")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, got {type(value).__name__}.")
    if not math.isfinite(value):
        raise ValueError(f"value == {value}, must be finite.")
    return Metric(name, float(value))


def collect_metrics(notebook) -> dict[str, float]:
    """All metrics recorded in an executed notebook (an ``nbformat`` node), in cell order."""
    found = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if METRIC_MIME in data:
                found[data[METRIC_MIME]["name"]] = data[METRIC_MIME]["value"]
    return found
