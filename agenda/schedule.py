"""When meetings happen and which referrals each one covers. Pure: no database, no Flask.

A meeting's cut-off is its agenda build time on the meeting day. A meeting covers everything
received after the PREVIOUS meeting's cut-off up to its own, so Monday's meeting covers the
weekend and the day after a bank holiday covers the holiday.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/London")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A schedule with no meeting in this many days is a mistake, not a schedule.
SEARCH_LIMIT_DAYS = 60


class ScheduleError(ValueError):
    pass


@dataclass(frozen=True)
class MeetingSchedule:
    """Meeting days (ISO weekdays, Monday = 1), local times, and dates without a meeting."""

    weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    meeting_time: time = time(9, 30)
    build_time: time = time(8, 30)
    non_meeting_dates: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= set(range(1, 8)):
            raise ScheduleError("Choose at least one meeting day.")
        if self.build_time >= self.meeting_time:
            raise ScheduleError("The agenda must be built before the meeting starts.")

    def is_meeting_date(self, day: date) -> bool:
        return day.isoweekday() in self.weekdays and day not in self.non_meeting_dates

    def next_meeting_date(self, after: date) -> date:
        """The first meeting date strictly after `after`."""
        return self._search(after, +1)

    def previous_meeting_date(self, before: date) -> date:
        """The last meeting date strictly before `before`."""
        return self._search(before, -1)

    def meeting_on_or_after(self, day: date) -> date:
        return day if self.is_meeting_date(day) else self.next_meeting_date(day)

    def cutoff(self, day: date) -> datetime:
        return local_to_utc(day, self.build_time)

    def starts_at(self, day: date) -> datetime:
        return local_to_utc(day, self.meeting_time)

    def window(self, day: date) -> tuple[datetime, datetime]:
        """(previous meeting's cut-off, this meeting's cut-off] for a meeting date."""
        if not self.is_meeting_date(day):
            raise ScheduleError(f"{day.isoformat()} is not a meeting date.")
        return self.cutoff(self.previous_meeting_date(day)), self.cutoff(day)

    def _search(self, start: date, step: int) -> date:
        day = start
        for _ in range(SEARCH_LIMIT_DAYS):
            day += timedelta(days=step)
            if self.is_meeting_date(day):
                return day
        raise ScheduleError(f"No meeting date within {SEARCH_LIMIT_DAYS} days of {start}.")


def local_to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LOCAL_ZONE).astimezone(UTC)


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_ZONE).date()


def parse_time(text: str) -> time:
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
        return time(hours, minutes)
    except ValueError as exc:
        raise ScheduleError(f"'{text}' is not a time like 09:30.") from exc


def parse_weekdays(text: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise ScheduleError(f"'{text}' is not a list of weekday numbers like 1,2,3,4,5.") from exc


def schedule_from_config(
    config: Mapping[str, Any], extra_dates: Iterable[date] = ()
) -> MeetingSchedule:
    """The schedule configured by AGENDA_MEETING_DAYS / _MEETING_TIME / _BUILD_TIME /
    _NON_MEETING_DATES (comma-separated ISO dates), plus any dates given."""
    dates = {date.fromisoformat(d.strip()) for d in _listed(config, "AGENDA_NON_MEETING_DATES")}
    return MeetingSchedule(
        weekdays=parse_weekdays(str(config.get("AGENDA_MEETING_DAYS", "1,2,3,4,5"))),
        meeting_time=parse_time(str(config.get("AGENDA_MEETING_TIME", "09:30"))),
        build_time=parse_time(str(config.get("AGENDA_BUILD_TIME", "08:30"))),
        non_meeting_dates=frozenset(dates | set(extra_dates)),
    )


def _listed(config: Mapping[str, Any], key: str) -> list[str]:
    value = config.get(key) or ""
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(item) for item in items if str(item).strip()]
