"""Working days in England and Wales: Monday to Friday, less the bank holidays."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.isoweekday() <= 5 and day not in _bank_holidays(day.year)


@lru_cache(maxsize=4096)
def next_working_day(day: date) -> date:
    """The first working day strictly after `day` (Friday → Monday; Christmas Eve → 29 Dec)."""
    candidate = day + timedelta(days=1)
    while not is_working_day(candidate):
        candidate += timedelta(days=1)
    return candidate
