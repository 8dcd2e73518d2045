"""The date pairs: exact texts, repeatable draws, a split by date, the calendar year."""

import datetime as dt
import re

import pytest
from babel.dates import format_date

from dlcourse.data.dates import (
    FIRST,
    FORMAT_NAMES,
    FORMATS,
    LAST,
    SPLITS,
    characters,
    date_pairs,
    split_of,
    write_date,
)

MAY_3_1979 = {
    "iso": "1979-05-03", "us-long": "May 3, 1979", "us-full": "Thursday, May 3, 1979",
    "us-medium": "May 3, 1979", "us-numeric": "5/3/1979", "us-short": "05/03/79",
    "uk-long": "3 May 1979", "uk-medium": "Thu 3 May 1979", "de-numeric": "3.5.1979",
    "de-short": "03.05.79", "de-long": "3. Mai 1979", "fr-long": "3 mai 1979",
    "fr-full": "jeudi 3 mai 1979", "es-long": "3 de mayo de 1979", "zh-long": "1979年5月3日",
    "zh-full": "1979年5月3日星期四",
}


def test_every_format_writes_the_example_date_as_documented():
    assert {name: write_date(dt.date(1979, 5, 3), name) for name in FORMAT_NAMES} == MAY_3_1979


def test_the_calendar_year_not_the_week_based_year():
    """29 Dec 1986 is a Monday of week 1 of 1987: ``YYYY`` would write 1987."""
    day = dt.date(1986, 12, 29)
    assert format_date(day, "YYYY", locale="en_US") == "1987"  # the bug the patterns avoid
    assert all("Y" not in re.sub(r"'[^']*'", "", pattern) for _, _, pattern in FORMATS)
    for name in FORMAT_NAMES:
        text = write_date(day, name)
        assert ("1986" in text or "86" in text) and "1987" not in text, (name, text)


def test_one_text_names_one_date():
    """Within one century and one order per separator, no two days share a text."""
    days = [FIRST + dt.timedelta(days=d) for d in range(0, (LAST - FIRST).days + 1, 7)]
    days = set(days) | {dt.date(2001, 3, 5), dt.date(2001, 5, 3), dt.date(2049, 12, 31)}
    for name in FORMAT_NAMES:
        texts = {write_date(day, name) for day in days}
        assert len(texts) == len(days), name


def test_pairs_are_repeatable_and_extend_with_n():
    first = date_pairs("train", 200, seed=3)
    assert first == date_pairs("train", 200, seed=3)
    assert date_pairs("train", 500, seed=3)[:200] == first
    assert first != date_pairs("train", 200, seed=4)
    assert first[0].iso == first[0].date.isoformat()
    assert all(p.text == write_date(p.date, p.format) for p in first)


def test_the_first_training_pairs_of_seed_0():
    assert [(p.text, p.iso) for p in date_pairs("train", 3)] == [
        ("7. Februar 2035", "2035-02-07"), ("1/31/2001", "2001-01-31"),
        ("1980-10-25", "1980-10-25")]


def test_the_split_is_by_date_and_the_same_for_every_seed():
    seen = {s: {p.date for seed in (0, 1) for p in date_pairs(s, 3000, seed)} for s in SPLITS}
    assert not seen["train"] & seen["test"] and not seen["train"] & seen["validation"]
    assert not seen["validation"] & seen["test"]
    assert all(split_of(day) == s for s, days in seen.items() for day in days)
    counts = {s: sum(split_of(FIRST + dt.timedelta(days=d)) == s for d in range(36_525))
              for s in SPLITS}
    assert counts == {"train": 29_220, "validation": 3_652, "test": 3_653}


def test_formats_are_drawn_evenly():
    formats = [p.format for p in date_pairs("validation", 16_000)]
    assert all(800 < formats.count(name) < 1200 for name in FORMAT_NAMES)


def test_characters_cover_every_text():
    alphabet = set(characters())
    assert all(set(p.text) <= alphabet for s in SPLITS for p in date_pairs(s, 2000))
    assert {"年", "月", "日", "ä", "é", "/", "."} <= alphabet and len(alphabet) == 62


@pytest.mark.parametrize(("call", "exc", "message"), [
    (lambda: write_date(dt.date(1949, 12, 31), "iso"), ValueError,
     "day == 1949-12-31, must lie between 1950-01-01 and 2049-12-31"),
    (lambda: write_date("1979-05-03", "iso"), TypeError, "day must be a datetime.date, got str."),
    (lambda: split_of(dt.date(2050, 1, 1)), ValueError,
     "day == datetime.date(2050, 1, 1), must be a datetime.date between 1950-01-01 and "
     "2049-12-31."),
])
def test_days_outside_the_century_are_refused(call, exc, message):
    with pytest.raises(exc, match=re.escape(message)):
        call()
