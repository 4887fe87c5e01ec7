"""Dates of birth: parsing the formats agencies send, and treating impossible dates as missing."""

from __future__ import annotations

import re
from datetime import date

EARLIEST_BIRTH_YEAR = 1900

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _build(year: int, month: int, day: int, today: date) -> date | None:
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None
    if parsed.year < EARLIEST_BIRTH_YEAR or parsed > today:
        return None
    return parsed


def parse_date_of_birth(text: str | None, today: date | None = None) -> date | None:
    """Parse `yyyy-mm-dd`, `dd/mm/yyyy` or `yyyymmdd`; anything impossible becomes None.

    Impossible means: not one of those forms, not a real calendar date (31/02/1990), in the
    future, or before 1900. A time part after an ISO date is ignored.
    """
    if not text:
        return None
    cleaned = text.strip()
    today = today or date.today()
    if match := _ISO.match(cleaned):
        year, month, day = (int(g) for g in match.groups())
        return _build(year, month, day, today)
    if match := _DMY.match(cleaned):
        day, month, year = (int(g) for g in match.groups())
        return _build(year, month, day, today)
    if match := _COMPACT.match(cleaned):
        year, month, day = (int(g) for g in match.groups())
        return _build(year, month, day, today)
    return None


def date_digits(text: str | None) -> str:
    """The digits of a written date as `yyyymmdd`, possible or not (`1949-00-13` ->
    `19490013`, `31/02/1990` -> `19900231`); empty when the text is none of the forms. An
    impossible date is no date of birth, but a typing slip away from one it still is evidence."""
    cleaned = (text or "").strip()
    if match := _ISO.match(cleaned) or _COMPACT.match(cleaned):
        year, month, day = match.groups()[:3]
    elif match := _DMY.match(cleaned):
        day, month, year = match.groups()
    else:
        return ""
    return f"{year}{int(month):02d}{int(day):02d}"


def day_month_swapped(a: date, b: date) -> bool:
    """True when b is a with day and month exchanged (and they differ)."""
    return a.year == b.year and a.day == b.month and a.month == b.day and a != b


def years_apart(a: date, b: date) -> float:
    return abs((a - b).days) / 365.25
