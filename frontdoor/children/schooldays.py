"""When an Encompass notice is due: 08:00 (UK time) on the next school day.

A school day is a weekday that is not an England and Wales bank holiday (`holidays`) and, when
any school terms are recorded (`frontdoor schools terms FILE`), falls inside one of them. A
notice for an incident imported before 08:00 on a school day is due at 08:00 that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import SchoolTerm
from ..outcomes.workdays import is_working_day

LONDON = ZoneInfo("Europe/London")
SCHOOL_STARTS = time(8, 0)
SEARCH_DAYS = 400  # a gap longer than this between terms is a data error, not a holiday


def terms(session: Session) -> list[tuple[date, date]]:
    rows = session.execute(select(SchoolTerm.starts_on, SchoolTerm.ends_on))
    return [(start, end) for start, end in rows]


def is_school_day(day: date, term_dates: Sequence[tuple[date, date]]) -> bool:
    if not is_working_day(day):
        return False
    return not term_dates or any(start <= day <= end for start, end in term_dates)


def due_at(received: datetime, term_dates: Sequence[tuple[date, date]]) -> datetime:
    """08:00 on the next school day after `received` (that day, if before 08:00), in UTC."""
    local = received.astimezone(LONDON)
    day = local.date()
    if local.time() >= SCHOOL_STARTS or not is_school_day(day, term_dates):
        day += timedelta(days=1)
        for _ in range(SEARCH_DAYS):
            if is_school_day(day, term_dates):
                break
            day += timedelta(days=1)
    return datetime.combine(day, SCHOOL_STARTS, tzinfo=LONDON).astimezone(UTC)
