"""The dashboard's filters, read from the query string: a range of months and an agency.

Nothing personal ever goes in the URL: the only parameters are `from`, `to` (months, as
YYYY-MM) and `agency` (an agency id). Periods are whole calendar months, never single days:
comparing two periods one day apart would give away that day's small counts (for example
whether the one family discussed that day had a repeat incident). See docs/outcomes.md.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from .figures import add_months
from .rows import Filters

MAX_MONTHS = 60  # a longer period is refused: it would be slow and unreadable as a chart
MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass
class FilterInput:
    start: str = ""  # YYYY-MM, as typed (or the default)
    end: str = ""
    agency: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def default_filters(as_of: date) -> Filters:
    """The last twelve calendar months, this one included."""
    return Filters(start=add_months(as_of.replace(day=1), -11), end=_month_end(as_of))


def parse(
    args: Mapping[str, str], as_of: date, agency_ids: set[int]
) -> tuple[Filters, FilterInput]:
    """The filters asked for (defaults for what is missing) and what to show back, with any
    errors by field name. With errors, the returned filters are the defaults."""
    default = default_filters(as_of)
    given = FilterInput(
        args.get("from", "").strip(), args.get("to", "").strip(), args.get("agency", "").strip()
    )
    start = _month(given, "from", given.start, default.start)
    end = _month_end(_month(given, "to", given.end, default.end))
    agency_id = _agency(given, agency_ids)
    if not given.errors and start > end:
        given.errors["from"] = "The first month must be on or before the last month."
    if not given.errors and end >= add_months(start, MAX_MONTHS):
        given.errors["to"] = f"Choose a period of at most {MAX_MONTHS} months."
    if given.errors:
        return default, given
    given.start, given.end = f"{start:%Y-%m}", f"{end:%Y-%m}"
    return Filters(start, end, agency_id), given


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _month(given: FilterInput, name: str, text: str, default: date) -> date:
    """The first day of the month `text` names (YYYY-MM)."""
    if not text:
        return default.replace(day=1)
    match = MONTH.fullmatch(text)
    if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 2000:
        return date(int(match[1]), int(match[2]), 1)
    given.errors[name] = "Enter a month as year and month, for example 2026-01."
    return default.replace(day=1)


def _agency(given: FilterInput, agency_ids: set[int]) -> int | None:
    if not given.agency:
        return None
    if given.agency.isdigit() and int(given.agency) in agency_ids:
        return int(given.agency)
    given.errors["agency"] = "Choose an agency from the list."
    return None
