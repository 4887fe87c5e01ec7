"""Working days in England and Wales: weekends and bank holidays are skipped."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.outcomes.workdays import is_working_day, next_working_day


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 1), date(2025, 12, 2)),  # Monday → Tuesday
        (date(2025, 11, 28), date(2025, 12, 1)),  # Friday → Monday
        (date(2025, 11, 29), date(2025, 12, 1)),  # Saturday → Monday
        (date(2025, 12, 24), date(2025, 12, 29)),  # Christmas Day and Boxing Day
        (date(2026, 4, 2), date(2026, 4, 7)),  # Good Friday and Easter Monday
        (date(2026, 12, 24), date(2026, 12, 29)),  # Boxing Day on a Saturday: Monday 28 off
        (date(2026, 8, 28), date(2026, 9, 1)),  # late summer bank holiday
    ],
)
def test_the_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


def test_scottish_holidays_are_not_english_ones() -> None:
    assert is_working_day(date(2026, 1, 2))  # a bank holiday in Scotland only
    assert not is_working_day(date(2026, 1, 1))
