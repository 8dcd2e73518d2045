"""A chapter's exercise sheet: for each exercise a hint, a reference answer and its checker.

Each chapter module (``dlcourse.exercises.ch01`` ...) builds one :class:`Sheet` and
exports its ``hint`` and ``solution``, so a learner who is stuck types ``hint(3)``
and, to compare, ``solution(3)``. A reference answer is one of three kinds:

- a function (the reference solution of an "implement" exercise): ``solution(n)``
  shows its source, ready to paste;
- a mapping of keyword answers (a quiz checked by ``check(**answers)``), shown with
  the worked answer that explains them;
- a worked answer in prose only (a discussion item with nothing to check).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from dlcourse.checks import one_of, positive_int
from dlcourse.exercises.checker import Report


@dataclass(frozen=True)
class Reveal:
    """Text a learner asked for (a hint or a solution); a notebook cell shows it as it is."""

    title: str
    body: str

    def __repr__(self) -> str:
        return f"{self.title}\n\n{self.body.strip()}"


@dataclass(frozen=True)
class Exercise:
    """One exercise: its number, rung of the ladder, hint, reference answer and checker.

    ``rung`` is one of :data:`RUNGS`. ``answer`` is a reference function, a mapping of
    keyword answers, or None for a discussion item; ``worked`` explains the answer in
    prose. ``check`` is the checker (None for a discussion item).
    """

    number: int
    rung: str
    hint: str
    answer: Callable | Mapping | None = None
    worked: str = ""
    check: Callable[..., Report] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        one_of(self.rung, "rung", RUNGS)
        if self.answer is None and not self.worked:
            raise ValueError(f"exercise {self.number} has neither a reference answer nor a "
                             f"worked answer; give one of them.")
        if (self.answer is None) != (self.check is None):
            raise ValueError(f"exercise {self.number}: a reference answer and a checker go "
                             f"together (answer is {type(self.answer).__name__}, "
                             f"check is {type(self.check).__name__}).")

    def check_answer(self) -> Report:
        """The checker's report on the reference answer (it must pass: a unit test says so)."""
        if self.check is None:
            raise ValueError(f"exercise {self.number} is a discussion item without a checker.")
        if isinstance(self.answer, Mapping):
            return self.check(**self.answer)
        return self.check(self.answer)

    def solution_text(self) -> str:
        """The reference answer as a learner reads it: source, keyword answers, worked answer."""
        parts = []
        if callable(self.answer):
            parts.append(inspect.getsource(self.answer))
        elif isinstance(self.answer, Mapping):
            keywords = "".join(f"    {k}={v!r},\n" for k, v in self.answer.items())
            parts.append(f"{self.check.__name__}(\n{keywords})")
        if self.worked:
            parts.append(inspect.cleandoc(self.worked))
        return "\n\n".join(p.strip() for p in parts)


RUNGS = ("recall", "implement", "derive", "experiment", "discuss")


class Sheet:
    """The exercises of one chapter, looked up by number.

    Parameters
    ----------
    chapter : str
        The chapter's number, such as ``"01"``.
    exercises : list of Exercise
        Numbered 1, 2, 3 ... (gaps allowed where an exercise has no sheet entry).
    """

    def __init__(self, chapter: str, exercises: list[Exercise]) -> None:
        numbers = [e.number for e in exercises]
        if len(set(numbers)) != len(numbers):
            raise ValueError(f"exercise numbers == {numbers}, must not repeat.")
        self.chapter = chapter
        self.exercises = {e.number: e for e in exercises}

    def __getitem__(self, number: int) -> Exercise:
        positive_int(number, "number")
        one_of(number, "number", self.exercises)
        return self.exercises[number]

    def hint(self, number: int) -> Reveal:
        """The hint of exercise ``number``: where to look, without the answer."""
        return Reveal(f"Chapter {self.chapter}, exercise {number}: a hint",
                      inspect.cleandoc(self[number].hint))

    def solution(self, number: int) -> Reveal:
        """The reference answer of exercise ``number`` (try the hint first)."""
        return Reveal(f"Chapter {self.chapter}, exercise {number}: a reference answer",
                      self[number].solution_text())
