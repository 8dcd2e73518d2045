"""Run a learner's function on cases with known answers and report, never raise.

A check returns a :class:`Report`: ``report.passed`` is a bool, and the report
prints one line per case (✓ or ✗ with the input, what was expected and what
came back), so a learner sees exactly which case is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Case:
    """One input (positional ``args``) and its expected output."""

    args: tuple
    expected: object
    label: str = ""


@dataclass
class Report:
    """The outcome of a check: a title and one line per case."""

    title: str
    lines: list[str] = field(default_factory=list)
    passed: bool = True

    def fail(self, line: str) -> None:
        self.passed = False
        self.lines.append(f"✗ {line}")

    def ok(self, line: str) -> None:
        self.lines.append(f"✓ {line}")

    def __repr__(self) -> str:
        verdict = "all correct" if self.passed else "not yet right"
        return "\n".join([f"{self.title}: {verdict}", *("  " + s for s in self.lines)])


def _short(x) -> str:
    text = np.array2string(np.asarray(x), precision=4, threshold=8, separator=", ") \
        if isinstance(x, (np.ndarray, list, tuple)) else repr(x)
    return text if len(text) <= 80 else text[:77] + "..."


def check_function(title: str, fn: Callable, cases: Iterable[Case], rtol: float = 1e-6,
                   atol: float = 1e-8) -> Report:
    """Call ``fn(*case.args)`` for each case and compare with ``case.expected`` numerically."""
    report = Report(title)
    if not callable(fn):
        report.fail(f"expected a function, got {type(fn).__name__}.")
        return report
    for case in cases:
        what = case.label or f"input {_short(case.args[0] if len(case.args) == 1 else case.args)}"
        try:
            with np.errstate(all="ignore"):  # overflow shows up as inf/nan in the report
                got = fn(*case.args)
        except Exception as exc:  # a learner's bug is reported, not raised
            report.fail(f"{what}: raised {type(exc).__name__}: {exc}")
            continue
        if got is None:
            report.fail(f"{what}: returned None — does your function end with `return ...`?")
            continue
        expected = np.asarray(case.expected)
        got_arr = np.asarray(got, dtype=float) if np.isscalar(got) or isinstance(
            got, (list, tuple, np.ndarray)) else None
        if got_arr is None:
            report.fail(f"{what}: returned a {type(got).__name__}, expected a number or array.")
        elif got_arr.shape != expected.shape:
            report.fail(f"{what}: shape {got_arr.shape}, expected {expected.shape}.")
        elif not np.allclose(got_arr, expected, rtol=rtol, atol=atol):
            hint = " (inf or nan: an overflow in exp?)" if not np.all(np.isfinite(got_arr)) else ""
            report.fail(f"{what}: got {_short(got_arr)}, expected {_short(expected)}.{hint}")
        else:
            report.ok(f"{what} -> {_short(got_arr)}")
    return report
