"""Key results a notebook records, for the headless run's report.

A notebook calls ``record("test_accuracy", 0.9931)``; the value is shown in
the notebook, and the exact number is stored in the output's metadata under a
dedicated key that :mod:`dlcourse.runner` collects from the executed notebook
(metadata, so that nbval compares only the shown, rounded text).
"""

from __future__ import annotations

import math
import numbers

METRIC_MIME = "application/vnd.dlcourse.metric+json"


class Metric:
    """A named number shown as ``name = value``, its exact value in the output metadata."""

    def __init__(self, name: str, value: float):
        self.name, self.value = name, value

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/plain": repr(self)}
        metadata = {METRIC_MIME: {"name": self.name, "value": self.value}}
        return data, metadata

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
            metric = output.get("metadata", {}).get(METRIC_MIME)
            if metric:
                found[metric["name"]] = metric["value"]
    return found
