"""One display form for people's names and one format for dates, everywhere a practitioner reads.

Names: as the person's best record spells them (the latest record with the most name parts);
a record typed all in capitals or all in lower case is shown in title case ("SMITH" -> "Smith",
"o'brien" -> "O'Brien", "smith-jones" -> "Smith-Jones").
Dates: the GOV.UK style, "4 December 2026" and "4 December 2026 09:30" (local time).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/London")
NOT_RECORDED = "Name not recorded"


class NamedRecord(Protocol):
    @property
    def given_name(self) -> str | None: ...

    @property
    def surname(self) -> str | None: ...


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


FAMILY_SUFFIX = " family"


def family_label(label: str | None, family_id: int) -> str:
    """A family's label in the one display form: "SMITH family" -> "Smith family"; a family
    without a label is "Family 12"."""
    if not label or not label.strip():
        return f"Family {family_id}"
    if label.endswith(FAMILY_SUFFIX):
        return display_name(None, label.removesuffix(FAMILY_SUFFIX)) + FAMILY_SUFFIX
    return label


Moment = date | datetime | str | None


def _parsed(value: Moment) -> date | datetime | None:
    """A date or a moment; ISO text (as frozen minutes and payloads hold them) is read back."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
        except ValueError:
            return None
    return value


def long_date(day: Moment, weekday: bool = False) -> str:
    """'4 December 2026' ('Friday 4 December 2026' with the weekday); a moment in local time.
    Text that is not an ISO date is returned as it is (a date of birth typed as "about 1990")."""
    parsed = _parsed(day)
    if parsed is None:
        return day if isinstance(day, str) else ""
    if isinstance(parsed, datetime):
        parsed = _local(parsed).date()
    text = f"{parsed.day} {parsed:%B %Y}"
    return f"{parsed:%A} {text}" if weekday else text


def long_datetime(moment: Moment) -> str:
    """'4 December 2026 09:30' in local time."""
    parsed = _parsed(moment)
    if parsed is None:
        return moment if isinstance(moment, str) else ""
    if not isinstance(parsed, datetime):
        return long_date(parsed)
    local = _local(parsed)
    return f"{local.day} {local:%B %Y %H:%M}"


def short_time(moment: Moment) -> str:
    """'09:30' in local time (a moment on a page that already says the day)."""
    parsed = _parsed(moment)
    if not isinstance(parsed, datetime):
        return ""
    return f"{_local(parsed):%H:%M}"


def month_year(month: date | None, short: bool = False) -> str:
    """'December 2026' (a month of figures); 'Dec 2026' where space is tight (chart axes)."""
    if month is None:
        return ""
    return f"{month:%b %Y}" if short else f"{month:%B %Y}"


def iso(value: date | datetime | None, part: str = "date") -> str:
    """A machine format, for URLs and form values only (never for a person to read):
    '2026-12-04', or '2026-12' with part='month'."""
    if value is None:
        return ""
    return f"{value:%Y-%m}" if part == "month" else value.isoformat()


def _local(moment: datetime) -> datetime:
    """Local time (Europe/London); stored moments without a zone are UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_ZONE)
