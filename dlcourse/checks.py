"""Argument checks for every public function of ``dlcourse``: one place, one wording.

Each check raises ``TypeError``/``ValueError`` naming the argument, the value
received and what is allowed, so a learner can act on the message.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_float_array(x, name: str, ndim: int | None = None) -> np.ndarray:
    """``x`` as a float array (float32 stays float32, anything else becomes float64).

    TypeError for non-real dtypes, ValueError for a wrong ``ndim``.
    """
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # NumPy's "inhomogeneous shape": rows of different lengths
        raise ValueError(f"{name} is ragged: its rows have different lengths, so it is not an "
                         f"array; give every row the same number of values.") from exc
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers (bool, int or float), got dtype "
                        f"{arr.dtype}.")
    if arr.dtype != np.float32:
        arr = arr.astype(np.float64, copy=False)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} has shape {arr.shape} ({arr.ndim}-D), expected a {ndim}-D "
                         f"array.")
    return arr


def flag(value, name: str) -> bool:
    """``value`` if it is True or False (a NumPy bool too), else TypeError."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}.")
    return bool(value)


def positive_number(value, name: str, allow_zero: bool = False) -> float:
    """``value`` as a float; TypeError if it is not a real number, ValueError if too small."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}.")
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} == {value}, must be {'>= 0' if allow_zero else '> 0'} "
                         f"and finite.")
    return float(value)


def positive_int(value, name: str, minimum: int = 1) -> int:
    """``value`` as an int; TypeError if it is not an int, ValueError if below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}.")
    if value < minimum:
        raise ValueError(f"{name} == {value}, must be >= {minimum}.")
    return int(value)


def int_in_range(value, name: str, lo: int, hi: int, context: str = "") -> int:
    """``value`` as an int in lo..hi; TypeError if not an int, ValueError (+ context) outside."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}.")
    if not lo <= value <= hi:
        raise ValueError(f"{name} == {value}, must be in {lo}..{hi}{context}.")
    return int(value)


def number_in_range(value, name: str, lo: float, hi: float, context: str = "") -> float:
    """``value`` as a float in [lo, hi]; TypeError if not a real, ValueError (+ context) outside."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}.")
    if not lo <= value <= hi:  # also catches nan
        raise ValueError(f"{name} == {value}, must be in [{lo:g}, {hi:g}]{context}.")
    return float(value)


def fraction(value, name: str) -> float:
    """``value`` as a float in [0, 1); used for decay rates such as momentum's beta."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}.")
    if not 0 <= value < 1:
        raise ValueError(f"{name} == {value}, must be in [0, 1).")
    return float(value)


def same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """ValueError when ``a`` and ``b`` differ in shape, with both shapes in the message."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; "
                         f"they must match (reshape one, e.g. y.reshape(-1, 1)).")


def one_of(value, name: str, allowed) -> object:
    """``value`` if it is one of ``allowed`` (any iterable), else ValueError listing them."""
    allowed = tuple(allowed)
    try:
        ok = value in allowed
    except (TypeError, ValueError):  # e.g. an array, whose == is elementwise
        ok = False
    if not ok:
        raise ValueError(f"{name} == {value!r}, must be one of {allowed}.")
    return value


def int_labels(y, name: str, n: int | None = None) -> np.ndarray:
    """``y`` as a 1-D int array of class labels (with ``n`` entries, if given), else ValueError."""
    y = np.asarray(y)
    if y.ndim != 1 or (n is not None and len(y) != n):
        raise ValueError(f"{name} has shape {y.shape}, must be 1-D"
                         + (f" with {n} entries." if n is not None else "."))
    if y.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}.")
    if y.dtype.kind == "f" and not np.all(y == np.round(y)):  # also catches nan
        raise ValueError(f"{name} must hold whole-number class labels, got {y[y != np.round(y)][0]}"
                         f" (use argmax of the class scores for predicted labels).")
    return y.astype(int)
