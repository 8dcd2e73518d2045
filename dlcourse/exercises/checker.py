"""Run a learner's function on cases with known answers and report, never raise.

A check returns a :class:`Report`: ``report.passed`` is a bool, and the report
prints one line per case (✓ or ✗ with the input, what was expected and what
came back), so a learner sees exactly which case is wrong.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from dlcourse.checks import positive_number


@dataclass
class Case:
    """One input (positional ``args``) and its expected output.

    ``diagnose(got, expected)``, if given, names a known mistake behind a wrong
    answer of the right shape (one sentence), or returns "" when it sees none;
    ``diagnose_shape(got)`` does the same for an answer of the wrong shape (a mistake
    that changes the shape, such as pairs that only look forward).
    """

    args: tuple
    expected: object
    label: str = ""
    diagnose: Callable[[np.ndarray, np.ndarray], str] | None = None
    diagnose_shape: Callable[[np.ndarray], str] | None = None


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


def shorten(x) -> str:
    """``x`` on one line of at most 80 characters; ragged lists and odd objects use ``repr``."""
    try:
        text = np.array2string(np.asarray(x), precision=4, threshold=8, separator=", ") \
            if isinstance(x, (np.ndarray, list, tuple)) else repr(x)
    except Exception:  # e.g. a ragged list, which NumPy refuses to make an array of
        text = repr(x)
    text = " ".join(text.split())  # one line: an array's rows side by side
    return text if len(text) <= 80 else text[:77] + "..."


def as_answer(got) -> tuple[np.ndarray | None, str]:
    """A learner's returned value as a float array, or None and a sentence saying what it is.

    Numbers, lists, tuples and arrays of real numbers are answers; strings, complex
    numbers, ragged lists and other objects are described, never raised about.
    """
    if got is None:
        return None, "returned None — does your function end with `return ...`?"
    if not (np.isscalar(got) or isinstance(got, (list, tuple, np.ndarray))):
        return None, f"returned a {type(got).__name__}, expected a number or array."
    try:
        arr = np.asarray(got)
    except Exception:  # a ragged list: rows of different lengths
        return None, f"returned {shorten(got)}, a ragged list (rows of different lengths)."
    if arr.dtype.kind not in "biuf":
        kind = {"c": "complex numbers", "U": "text", "S": "text"}.get(arr.dtype.kind,
                                                                       "not only numbers")
        return None, f"returned {shorten(got)} ({kind}), expected real numbers."
    return arr.astype(float), ""


def check_function(title: str, fn: Callable, cases: Iterable[Case], rtol: float = 1e-6,
                   atol: float = 1e-8) -> Report:
    """Call ``fn(*case.args)`` for each case and compare with ``case.expected`` numerically.

    ``rtol`` and ``atol`` are the course author's tolerances (checked, a TypeError or
    ValueError if wrong); everything about ``fn`` is reported, never raised.
    """
    rtol, atol = positive_number(rtol, "rtol"), positive_number(atol, "atol", allow_zero=True)
    report = Report(title)
    if not callable(fn):
        report.fail(f"expected a function, got {type(fn).__name__}.")
        return report
    for case in cases:
        what = case.label or f"input {shorten(case.args[0] if len(case.args) == 1 else case.args)}"
        try:
            with np.errstate(all="ignore"):  # overflow shows up as inf/nan in the report
                got = fn(*copy.deepcopy(case.args))  # a function that edits its input in place
                # must not change the next case
        except Exception as exc:  # a learner's bug is reported, not raised
            report.fail(f"{what}: raised {type(exc).__name__}: {exc}")
            continue
        expected = np.asarray(case.expected)
        got_arr, problem = as_answer(got)
        if got_arr is None:
            report.fail(f"{what}: {problem}")
        elif got_arr.shape != expected.shape:
            known = case.diagnose_shape(got_arr) if case.diagnose_shape else ""
            report.fail(f"{what}: shape {got_arr.shape}, expected {expected.shape}"
                        + (f": {known}" if known else "."))
        elif not np.allclose(got_arr, expected, rtol=rtol, atol=atol):
            finite = np.all(np.isfinite(got_arr))
            known = case.diagnose(got_arr, expected) if case.diagnose and finite else ""
            hint = "" if finite else " (inf or nan: an overflow, or 0 / 0?)"
            report.fail(f"{what}: {known}" if known else
                        f"{what}: got {shorten(got_arr)}, expected {shorten(expected)}.{hint}")
        else:
            report.ok(f"{what} -> {shorten(got_arr)}")
    return report


@dataclass
class Question:
    """One question of a quiz: the keyword of its answer, the answer, and the question itself.

    ``expected`` is a number (compared with ``rtol``) or a word (compared ignoring case).
    """

    name: str
    expected: float | str
    text: str
    rtol: float = 1e-3


def _wrong_answer(question: Question, answer) -> str:
    """Why ``answer`` is not ``question.expected`` (one sentence), or "" when it is."""
    if isinstance(question.expected, str):
        if not isinstance(answer, str):
            kind = type(answer).__name__
            return f"answered {shorten(answer)} ({kind}), expected a word in quotes."
        right = answer.strip().lower() == question.expected.lower()
        return "" if right else f"{answer!r} is not right."
    got, problem = as_answer(answer)
    if got is None:
        return problem.replace("returned", "answered", 1)
    if got.shape != ():
        return f"answered {shorten(answer)}, expected one number."
    right = np.isclose(got, question.expected, rtol=question.rtol, atol=1e-12)
    return "" if right else f"{shorten(answer)} is not right."


def check_answers(title: str, questions: Iterable[Question], answers: Mapping) -> Report:
    """Compare a learner's keyword ``answers`` with the ``questions``: one line per question.

    A missing or None answer reads "no answer yet"; a wrong one is named without giving the
    right answer away (``solution(n)`` does that); an unknown keyword is reported.
    """
    questions = list(questions)
    report = Report(title)
    known = [q.name for q in questions]
    for name in answers:
        if name not in known:
            report.fail(f"{name}: no such question; the answers are named {', '.join(known)}.")
    for question in questions:
        answer = answers.get(question.name)
        if answer is None:
            report.fail(f"{question.name}: no answer yet ({question.text}).")
            continue
        problem = _wrong_answer(question, answer)
        if problem:
            report.fail(f"{question.name}: {problem} ({question.text})")
        else:
            report.ok(f"{question.name} = {shorten(answer)}")
    return report


def built_model(build, report: Report, seed: int | None = None):
    """``build()``'s torch module, or None after a ✗ line saying what came back instead.

    For the build-a-network exercises: ``build`` must be a function returning an
    ``nn.Module``; a learner's exception is reported, not raised. ``seed`` seeds the
    weights without touching the caller's random state.
    """
    import torch
    from torch import nn

    if not callable(build):
        report.fail(f"expected a function that builds a model, got {type(build).__name__}.")
        return None
    try:
        with torch.random.fork_rng():
            if seed is not None:
                torch.manual_seed(seed)
            model = build()
    except Exception as exc:  # a learner's bug is reported, not raised
        report.fail(f"build() raised {type(exc).__name__}: {exc}")
        return None
    if not isinstance(model, nn.Module):
        hint = " — does your function end with `return ...`?" if model is None else ""
        report.fail(f"build() returned {type(model).__name__}, expected a torch.nn.Module{hint}")
        return None
    return model
