"""Written dates and their ISO form (chapters 08–09): a translation task a learner can read.

Every pair is a date written one of :data:`FORMATS` ways ("Thursday, May 3, 1979",
"3.5.1979", "1979年5月3日", ...) and the same date as ``YYYY-MM-DD``. The texts come
from babel's ``format_date`` with fixed locales and patterns, so the data is the same on
every machine and never depends on today's date:

    train = date_pairs("train", 10_000, seed=0)
    train[0]   # DatePair(text='7. Februar 2035', iso='2035-02-07', ...)

Two rules make every text name exactly one date:

- the days run from :data:`FIRST` to :data:`LAST`, one century, so a two-digit year
  is unambiguous (50–99 → 1950–1999, 00–49 → 2000–2049);
- each numeric separator has one order: "/" is month first (US), "." day first.

The patterns write the calendar year ``yyyy``, never ``YYYY``: in CLDR patterns
``YYYY`` is the *week-based* year, which writes 29 December 1986 as 1987.

The split is by date: every day of the century belongs, once and for all, to the
training, validation or test days (:func:`split_of`), so the test dates are dates
the model never saw, in any format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np

from dlcourse.checks import one_of, positive_int

FIRST, LAST = dt.date(1950, 1, 1), dt.date(2049, 12, 31)
SPLITS = ("train", "validation", "test")
SPLIT_SHARES = (0.8, 0.1, 0.1)  # of the century's 36,525 days
SPLIT_SEED = 2_019  # fixed: the split must not move when a chapter's SEED changes

# (name, babel locale, CLDR pattern); the examples are 3 May 1979.
FORMATS: tuple[tuple[str, str, str], ...] = (
    ("iso", "en_US", "yyyy-MM-dd"),                   # 1979-05-03
    ("us-long", "en_US", "MMMM d, yyyy"),             # May 3, 1979
    ("us-full", "en_US", "EEEE, MMMM d, yyyy"),       # Thursday, May 3, 1979
    ("us-medium", "en_US", "MMM d, yyyy"),            # May 3, 1979 (Sep 30, 2024)
    ("us-numeric", "en_US", "M/d/yyyy"),              # 5/3/1979
    ("us-short", "en_US", "MM/dd/yy"),                # 05/03/79
    ("uk-long", "en_GB", "d MMMM yyyy"),              # 3 May 1979
    ("uk-medium", "en_GB", "EEE d MMM yyyy"),         # Thu 3 May 1979
    ("de-numeric", "de_DE", "d.M.yyyy"),              # 3.5.1979
    ("de-short", "de_DE", "dd.MM.yy"),                # 03.05.79
    ("de-long", "de_DE", "d. MMMM yyyy"),             # 3. Mai 1979
    ("fr-long", "fr_FR", "d MMMM yyyy"),              # 3 mai 1979
    ("fr-full", "fr_FR", "EEEE d MMMM yyyy"),         # jeudi 3 mai 1979
    ("es-long", "es_ES", "d 'de' MMMM 'de' yyyy"),    # 3 de mayo de 1979
    ("zh-long", "zh_CN", "yyyy年M月d日"),              # 1979年5月3日
    ("zh-full", "zh_CN", "yyyy年M月d日EEEE"),          # 1979年5月3日星期四
)
FORMAT_NAMES = tuple(name for name, _, _ in FORMATS)


@dataclass(frozen=True)
class DatePair:
    """A written ``text``, its ``iso`` translation, the ``date`` and the ``format``'s name."""

    text: str
    iso: str
    date: dt.date
    format: str


def write_date(day: dt.date, format: str) -> str:
    """``day`` written in the format named ``format`` (one of :data:`FORMAT_NAMES`)."""
    from babel.dates import format_date

    if not isinstance(day, dt.date):
        raise TypeError(f"day must be a datetime.date, got {type(day).__name__}.")
    if not FIRST <= day <= LAST:
        raise ValueError(f"day == {day}, must lie between {FIRST} and {LAST}: a two-digit "
                         f"year names a date only within one century.")
    _, locale, pattern = FORMATS[FORMAT_NAMES.index(one_of(format, "format", FORMAT_NAMES))]
    return format_date(day, pattern, locale=locale)


@cache
def _split_index() -> np.ndarray:
    """(days,) int: the split (an index into :data:`SPLITS`) of each day since FIRST."""
    days = (LAST - FIRST).days + 1
    order = np.random.default_rng(SPLIT_SEED).permutation(days)
    bounds = np.round(np.cumsum(SPLIT_SHARES[:2]) * days).astype(int)
    index = np.empty(days, dtype=int)
    for i, part in enumerate(np.split(order, bounds)):
        index[part] = i
    return index


def split_of(day: dt.date) -> str:
    """The split ("train", "validation" or "test") that ``day`` belongs to, for every seed."""
    if not isinstance(day, dt.date) or not FIRST <= day <= LAST:
        raise ValueError(f"day == {day!r}, must be a datetime.date between {FIRST} and {LAST}.")
    return SPLITS[_split_index()[(day - FIRST).days]]


def date_pairs(split: str, n: int, seed: int = 0) -> list[DatePair]:
    """``n`` pairs drawn from the days of ``split``, each in a random format.

    The same ``(split, n, seed)`` gives the same pairs; a larger ``n`` with the same
    seed starts with the pairs of a smaller one. Days repeat when ``n`` exceeds the
    split's days (29,220 / 3,652 / 3,653 for train / validation / test).
    """
    days = np.flatnonzero(_split_index() == SPLITS.index(one_of(split, "split", SPLITS)))
    n = positive_int(n, "n")
    seed = positive_int(seed, "seed", minimum=0)
    rng = np.random.default_rng([seed, SPLITS.index(split)])
    drawn = rng.integers(0, [len(days), len(FORMATS)], size=(n, 2))  # (n, 2): day, format
    pairs = []
    for offset, f in zip(days[drawn[:, 0]], drawn[:, 1]):
        day = FIRST + dt.timedelta(days=int(offset))
        pairs.append(DatePair(write_date(day, FORMAT_NAMES[f]), day.isoformat(), day,
                              FORMAT_NAMES[f]))
    return pairs


@cache
def characters() -> str:
    """Every character a format can write, sorted: the input alphabet of the date models."""
    year = [dt.date(1979, 1, 1) + dt.timedelta(days=d) for d in range(365)]  # every month, weekday
    return "".join(sorted({ch for name in FORMAT_NAMES for day in year + [dt.date(2048, 1, 1)]
                           for ch in write_date(day, name)} | set("0123456789")))
