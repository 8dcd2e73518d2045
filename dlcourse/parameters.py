"""A chapter's parameters: what type and range each one allows, checked before anything runs.

Every chapter's ``parameters`` cell declares each parameter on one line, with
its default, a comment saying what it is, and what values it allows, in
square brackets at the end of the comment::

    SEED = 0  # seed for every random draw [≥ 0]
    LR = 0.5  # learning rate [> 0]
    EPOCHS = 3  # passes over the training set [1 to 50]
    DEVICE = "auto"  # where torch runs [one of: auto, cpu, cuda, cuda:N]
    RUN_KERAS = False  # also train the Keras CNN

The type is the default's type (an int parameter takes whole numbers, a
float parameter any real number, a bool parameter true/false); numbers must
declare a range, strings may list their choices. ``cuda:N``
in a list of choices stands for ``cuda:0``, ``cuda:1``, ... Used by
``dlcourse run`` and ``dlcourse list`` (see :mod:`dlcourse.runner`).
"""

from __future__ import annotations

import ast
import math
import numbers
import re
from dataclasses import dataclass

SPEC = re.compile(r"\s*\[([^\[\]]*)\]\s*$")  # the bracket at the end of the comment
RANGE = re.compile(r"^(-?[\d.e+-]+) to (-?[\d.e+-]+)$")
BOUND = re.compile(r"^(≥|>) (-?[\d.e+-]+)$")  # no "=": papermill reads one "=" a line
TYPES = (bool, int, float, str)


class ParameterError(ValueError):
    """A parameter's value, or its declaration in the parameters cell, is not allowed."""


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: its default, help text and the values it allows."""

    name: str
    default: object
    help: str
    low: float = -math.inf  # smallest allowed number
    high: float = math.inf  # largest allowed number
    low_open: bool = False  # True for "> low", False for ">= low"
    choices: tuple[str, ...] = ()  # allowed strings ("cuda:N" stands for cuda:0, cuda:1, ...)

    @property
    def type(self) -> type:
        return type(self.default)

    def allowed(self) -> str:
        """What values are allowed, in words: 'an int from 1 to 50', 'one of auto, cpu'."""
        kind = {int: "an int", float: "a float", str: "a string", bool: "true or false"}[self.type]
        if self.choices:
            return f"one of {', '.join(self.choices)}"
        if self.low > -math.inf and self.high < math.inf:
            return f"{kind} from {_num(self.low)} to {_num(self.high)}"
        if self.low > -math.inf:
            return f"{kind} {'>' if self.low_open else '≥'} {_num(self.low)}"
        return kind

    def check(self, value):
        """``value`` if this parameter allows it (an int is accepted for a float); else raise."""
        ok = False
        if self.type is bool:
            ok = isinstance(value, bool)
        elif self.type is str:
            ok = isinstance(value, str) and (not self.choices or _is_choice(value, self.choices))
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):
            if self.type is int and not isinstance(value, numbers.Integral):
                ok = False
            else:
                above = value > self.low if self.low_open else value >= self.low
                ok = math.isfinite(value) and above and value <= self.high
        if not ok:
            raise ParameterError(f"parameter {self.name} == {value!r}, must be {self.allowed()}.")
        return float(value) if self.type is float else value


def _num(x: float) -> str:
    return f"{int(x)}" if float(x).is_integer() else f"{x:g}"


def _is_choice(value: str, choices: tuple[str, ...]) -> bool:
    patterns = [re.escape(c).replace("N", r"\d+") if c.endswith(":N") else re.escape(c)
                for c in choices]
    return any(re.fullmatch(p, value) for p in patterns)


def parse(name: str, default_source: str, help_text: str) -> Parameter:
    """A :class:`Parameter` from one line of a parameters cell (default as source text)."""
    for arg, value in (("default_source", default_source), ("help_text", help_text)):
        if not isinstance(value, str) and not (arg == "help_text" and value is None):
            raise TypeError(f"parameter {name}: {arg} must be the str text of the parameters "
                            f"cell, got {type(value).__name__} {value!r}.")
    try:
        default = ast.literal_eval(default_source)
    except (ValueError, SyntaxError) as exc:
        raise ParameterError(f"parameter {name}: default {default_source!r} is not a literal "
                             f"(a number, a string, True or False).") from exc
    if type(default) not in TYPES:
        raise ParameterError(f"parameter {name}: default {default!r} is a "
                             f"{type(default).__name__}; parameters are bool, int, float or str.")
    match = SPEC.search(help_text or "")
    spec = match.group(1).strip() if match else ""
    help_text = SPEC.sub("", help_text or "").strip()
    fields: dict = {}
    if spec.startswith("one of:"):
        fields["choices"] = tuple(c.strip() for c in spec.removeprefix("one of:").split(","))
    elif m := RANGE.match(spec):
        fields["low"], fields["high"] = float(m.group(1)), float(m.group(2))
    elif m := BOUND.match(spec):
        fields["low"], fields["low_open"] = float(m.group(2)), m.group(1) == ">"
    elif spec:
        raise ParameterError(f"parameter {name}: cannot read [{spec}]; write [1 to 50], [≥ 0], "
                             f"[> 0] or [one of: a, b].")
    parameter = Parameter(name, default, help_text, **fields)
    if parameter.type in (int, float) and not spec:
        raise ParameterError(f"parameter {name}: its comment must end with the values it allows, "
                             f"e.g. [1 to 50], [≥ 0], [> 0] or [one of: a, b].")
    parameter.check(default)
    return parameter
