"""One display form for people's names and one format for dates, everywhere a practitioner reads.

Names: as the person's best record spells them (the latest record with the most name parts);
a record typed all in capitals or all in lower case is shown in title case ("SMITH" -> "Smith",
"o'brien" -> "O'Brien", "smith-jones" -> "Smith-Jones").
Dates: the GOV.UK style, "4 December 2026" and "4 December 2026 09:30" (local time).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/London")
NOT_RECORDED = "Name not recorded"


class NamedRecord(Protocol):
    given_name: str | None
    surname: str | None


def _cased(part: str) -> str:
    if part != part.upper() and part != part.lower():
        return part  # mixed case: as the record spells it ("McDonald", "de Souza")
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), part.lower())


def display_name(given: str | None, surname: str | None) -> str:
    parts = [_cased(p.strip()) for p in (given, surname) if p and p.strip()]
    return " ".join(parts) or NOT_RECORDED


R = TypeVar("R", bound=NamedRecord)


def _parts(record: NamedRecord) -> int:
    return sum(1 for p in (record.given_name, record.surname) if p and p.strip())


def best_record(records: Sequence[R]) -> R | None:
    """The latest record with the most name parts (records are in the order they arrived)."""
    best: R | None = None
    for record in records:
        if best is None or _parts(record) >= _parts(best):
            best = record
    return best


def best_name(records: Iterable[NamedRecord]) -> str:
    record = best_record(list(records))
    return display_name(record.given_name, record.surname) if record else NOT_RECORDED


def long_date(day: date | datetime | None) -> str:
    """'4 December 2026'."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = _local(day).date()
    return f"{day.day} {day:%B %Y}"


def long_datetime(moment: datetime | None) -> str:
    """'4 December 2026 09:30' in local time."""
    if moment is None:
        return ""
    local = _local(moment)
    return f"{local.day} {local:%B %Y %H:%M}"


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_ZONE) if moment.tzinfo else moment
