"""The meeting schedule in force: configuration, overridden by the administrator's page."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy.orm import Session

from frontdoor.audit import service as audit
from frontdoor.db import db, transaction
from frontdoor.models import MeetingScheduleSettings, NonMeetingDate, utcnow

from . import dao
from .criteria import CriteriaSettings, settings_from_config
from .ordering import OrderingRules, rules_from_config
from .schedule import MeetingSchedule, ScheduleError, parse_time, schedule_from_config


def current_schedule(session: Session | None = None) -> MeetingSchedule:
    session = session or db.session()
    configured = schedule_from_config(
        current_app.config, (d.day for d in dao.non_meeting_dates(session))
    )
    saved = dao.schedule_settings(session)
    if saved is None:
        return configured
    return MeetingSchedule(
        weekdays=frozenset(int(d) for d in saved.weekdays.split(",")),
        meeting_time=parse_time(saved.meeting_time),
        build_time=parse_time(saved.build_time),
        non_meeting_dates=configured.non_meeting_dates,
    )


def ordering_rules() -> OrderingRules:
    return rules_from_config(current_app.config)


def criteria_settings() -> CriteriaSettings:
    return settings_from_config(current_app.config)


def save_schedule(weekdays: set[int], meeting_time: str, build_time: str) -> MeetingSchedule:
    """Validate and store the schedule; raises ScheduleError."""
    checked = MeetingSchedule(
        weekdays=frozenset(weekdays),
        meeting_time=parse_time(meeting_time),
        build_time=parse_time(build_time),
    )
    with transaction() as tx:
        row = dao.schedule_settings(tx) or MeetingScheduleSettings()
        row.weekdays = ",".join(str(d) for d in sorted(checked.weekdays))
        row.meeting_time = checked.meeting_time.strftime("%H:%M")
        row.build_time = checked.build_time.strftime("%H:%M")
        row.updated_at = utcnow()
        tx.add(row)
        tx.flush()
        audit.record(
            tx, "agenda.schedule_changed", object_type="meeting_schedule", object_id=row.id
        )
    return checked


def add_non_meeting_date(day: date, reason: str) -> None:
    with transaction() as tx:
        if any(d.day == day for d in dao.non_meeting_dates(tx)):
            raise ScheduleError(f"{day.isoformat()} is already a non-meeting date.")
        row = NonMeetingDate(day=day, reason=reason.strip() or "No meeting")
        tx.add(row)
        tx.flush()
        audit.record(
            tx, "agenda.non_meeting_date_added", object_type="non_meeting_date", object_id=row.id
        )


def remove_non_meeting_date(row_id: int) -> None:
    with transaction() as tx:
        row = tx.get(NonMeetingDate, row_id)
        if row is None:
            raise ScheduleError("That date is not in the list.")
        tx.delete(row)
        audit.record(
            tx, "agenda.non_meeting_date_removed", object_type="non_meeting_date", object_id=row_id
        )


def non_meeting_dates() -> list[NonMeetingDate]:
    return dao.non_meeting_dates(db.session())
