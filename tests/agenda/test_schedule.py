"""Cut-off rules: each meeting covers everything since the previous meeting's cut-off."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from agenda.schedule import MeetingSchedule, ScheduleError, schedule_from_config

WEEKDAYS = MeetingSchedule()  # Monday to Friday, build 08:30, meeting 09:30 (London)
CHRISTMAS = MeetingSchedule(non_meeting_dates=frozenset({date(2026, 12, 25)}))


@pytest.mark.parametrize(
    ("schedule", "meeting", "window_opens", "window_closes"),
    [
        # Tuesday: since Monday's cut-off (GMT in winter: London 08:30 = 08:30 UTC).
        (
            WEEKDAYS,
            date(2026, 11, 24),
            datetime(2026, 11, 23, 8, 30),
            datetime(2026, 11, 24, 8, 30),
        ),
        # Monday covers the weekend: since Friday's cut-off.
        (
            WEEKDAYS,
            date(2026, 11, 30),
            datetime(2026, 11, 27, 8, 30),
            datetime(2026, 11, 30, 8, 30),
        ),
        # The day after a non-meeting date covers it: Monday 28th since Thursday 24th.
        (
            CHRISTMAS,
            date(2026, 12, 28),
            datetime(2026, 12, 24, 8, 30),
            datetime(2026, 12, 28, 8, 30),
        ),
        # British Summer Time: 08:30 in London is 07:30 UTC.
        (WEEKDAYS, date(2026, 7, 7), datetime(2026, 7, 6, 7, 30), datetime(2026, 7, 7, 7, 30)),
    ],
)
def test_a_meeting_covers_everything_since_the_previous_meetings_cutoff(
    schedule: MeetingSchedule, meeting: date, window_opens: datetime, window_closes: datetime
) -> None:
    assert schedule.window(meeting) == (
        window_opens.replace(tzinfo=UTC),
        window_closes.replace(tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("day", "is_meeting"),
    [
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 12, 25), False),  # a non-meeting date on a weekday
        (date(2026, 12, 24), True),
    ],
)
def test_meeting_dates_are_the_meeting_weekdays_except_non_meeting_dates(
    day: date, is_meeting: bool
) -> None:
    assert CHRISTMAS.is_meeting_date(day) is is_meeting


def test_the_next_meeting_skips_weekends_and_non_meeting_dates() -> None:
    assert CHRISTMAS.next_meeting_date(date(2026, 12, 24)) == date(2026, 12, 28)
    assert CHRISTMAS.previous_meeting_date(date(2026, 12, 28)) == date(2026, 12, 24)
    assert CHRISTMAS.meeting_on_or_after(date(2026, 12, 26)) == date(2026, 12, 28)


def test_a_non_meeting_date_has_no_window() -> None:
    with pytest.raises(ScheduleError, match="not a meeting date"):
        CHRISTMAS.window(date(2026, 12, 25))


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"AGENDA_MEETING_DAYS": ""}, "at least one meeting day"),
        ({"AGENDA_BUILD_TIME": "10:00"}, "before the meeting starts"),
        ({"AGENDA_MEETING_TIME": "half nine"}, "not a time"),
    ],
)
def test_a_schedule_that_cannot_work_is_refused(settings: dict[str, str], message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        schedule_from_config(settings)


def test_the_schedule_comes_from_configuration() -> None:
    schedule = schedule_from_config(
        {
            "AGENDA_MEETING_DAYS": "1,3,5",
            "AGENDA_MEETING_TIME": "10:00",
            "AGENDA_BUILD_TIME": "09:00",
            "AGENDA_NON_MEETING_DATES": "2026-12-25, 2026-12-28",
        }
    )
    assert schedule.weekdays == {1, 3, 5}
    assert (schedule.meeting_time, schedule.build_time) == (time(10), time(9))
    assert schedule.next_meeting_date(date(2026, 12, 23)) == date(2026, 12, 30)
