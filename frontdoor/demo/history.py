"""The demo's history: the past weeks of daily meetings, each run through the real services.

For every working day with a meeting in the last `weeks` weeks, oldest first:
1. the leads mark done the actions they finished since the day before (`complete`);
2. that night's police notifications arrive, through the real import, received at 07:00–08:00
   (UK time) that morning, and are resolved against the person index;
3. the agenda is built at the 08:30 cut-off, as the morning build does;
4. the meeting is held and closed (`meetings.hold`): attendance and apologies, the chair's review
   of incomplete actions, risk / decision / MARAC, actions agreed, minutes frozen.

Each step runs with the clock set to when it would have happened (`frontdoor.models.base.
clock_at`), so receipt times, completion times, item clocks and the minutes' closing time are
those of the day. Families come back when the police report them again (the population's
high-need families are most of the incidents), which gives the dashboard its repeat incidents.
"""

from __future__ import annotations

import heapq
import io
import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from agenda.build import build_agenda
from agenda.schedule import MeetingSchedule
from agenda.settings import current_schedule
from agenda.tracking.notifications import mark_read

from ..db import db
from ..identity.resolution import resolve_pending
from ..intake.service import import_police_file
from ..models import BuildTrigger, Meeting, User, utcnow
from ..models.base import clock_at
from ..outcomes.workdays import is_working_day
from .meetings import Cast, Completion, at_local, complete_as_lead, hold, plan_completions
from .model import AGENCY_CODES, Population
from .police import police_notifications, write_police_csv

HISTORY_WEEKS = 16  # more than three months, so the 3-month repeat-incident window has passed
HISTORY_INCIDENTS = 8  # police incidents a night in the history (last night has more)


@dataclass
class HistorySummary:
    weeks: int = 0
    meetings: int = 0
    referrals: int = 0
    discussed: int = 0
    actions: int = 0
    reviews: int = 0
    completed: int = 0
    first: date | None = None
    last: date | None = None

    def describe(self) -> str:
        if not self.meetings:
            return "No history (--history-weeks 0)."
        return (
            f"History: {self.meetings} meetings closed from {self.first} to {self.last}"
            f" ({self.referrals} referrals, {self.discussed} family discussions,"
            f" {self.actions} actions agreed, {self.completed} completed by their leads,"
            f" {self.reviews} reviewed by the chair)."
        )


@dataclass(frozen=True)
class HistoryInput:
    pop: Population
    agency_ids: dict[str, int]
    seed: int
    weeks: int
    incidents: int
    until: date  # the first date not in the history (today's meeting)
    domain: str


def meeting_days(schedule: MeetingSchedule, until: date, weeks: int) -> list[date]:
    """The meeting dates before `until`, back `weeks` weeks, bank holidays left out."""
    start = until - timedelta(weeks=weeks)
    days = (start + timedelta(days=n) for n in range((until - start).days))
    return [d for d in days if schedule.is_meeting_date(d) and is_working_day(d)]


def load_history(given: HistoryInput) -> HistorySummary:
    summary = HistorySummary(weeks=given.weeks)
    if given.weeks <= 0:
        return summary
    schedule = current_schedule()
    cast = _cast(given.agency_ids, given.domain)
    rng = random.Random(f"{given.seed}:history")
    pending: list[Completion] = []
    held = set(db.session().scalars(select(Meeting.meeting_date)))  # a second load adds none
    db.session().rollback()
    with _quiet_audit_log():
        for day in (d for d in meeting_days(schedule, given.until, given.weeks) if d not in held):
            summary.completed += _complete_before(pending, schedule.cutoff(day))
            summary.referrals += _night(given, day, rng)
            _build(schedule, day)
            _meeting(rng, cast, schedule, day, pending, summary)
        summary.completed += _complete_before(pending, utcnow())
        if summary.last is not None:
            _read_notices(cast, at_local(summary.last, 17))
    return summary


def _read_notices(cast: Cast, moment: datetime) -> None:
    """The partners had read their notices by the end of the last day: today's are new."""
    with clock_at(moment):
        for user_id in cast.partners.values():
            mark_read(user_id, None)


def _cast(agency_ids: dict[str, int], domain: str) -> Cast:
    session = db.session()

    def user_id(local_part: str) -> int:
        found = session.scalar(select(User.id).where(User.email == f"{local_part}@{domain}"))
        assert found is not None, local_part
        return found

    partners = {agency_ids[code]: user_id(f"partner.{code}") for code in AGENCY_CODES}
    cast = Cast(user_id("coordinator"), partners, agency_ids)
    session.rollback()
    return cast


def _night(given: HistoryInput, day: date, rng: random.Random) -> int:
    """That night's police file, received before the cut-off, imported and resolved."""
    rows = police_notifications(given.pop, given.incidents, seed=given.seed, reported_on=day)
    out = io.StringIO(newline="")
    write_police_csv(rows, out)
    with clock_at(at_local(day, 7, rng.randint(0, 59))):
        imported = import_police_file(
            out.getvalue().encode("utf-8"),
            agency_id=given.agency_ids["police"],
            filename=f"WYP-DA-{day:%Y%m%d}.csv",
            today=day,
        )
        resolve_pending()
    return len(imported.referral_ids)


def _build(schedule: MeetingSchedule, day: date) -> None:
    cutoff = schedule.cutoff(day)
    with clock_at(cutoff):
        build_agenda(day, BuildTrigger.COMMAND, now=cutoff)


def _meeting(
    rng: random.Random,
    cast: Cast,
    schedule: MeetingSchedule,
    day: date,
    pending: list[Completion],
    summary: HistorySummary,
) -> None:
    meeting_id = db.session().scalar(select(Meeting.id).where(Meeting.meeting_date == day))
    db.session().rollback()
    assert meeting_id is not None
    result = hold(rng, cast, meeting_id, schedule.starts_at(day))
    for plan in plan_completions(rng, result.actions, day):
        heapq.heappush(pending, plan)
    summary.meetings += 1
    summary.discussed += result.discussed
    summary.actions += len(result.actions)
    summary.reviews += result.reviews
    summary.first = summary.first or day
    summary.last = day


def _complete_before(pending: list[Completion], moment: datetime) -> int:
    done = 0
    while pending and pending[0].at < moment:
        done += complete_as_lead(heapq.heappop(pending))
    return done


@contextmanager
def _quiet_audit_log() -> Iterator[None]:
    """Every step is audited as usual; only the log's echo of each event is held back (the
    history makes thousands)."""
    logger = logging.getLogger("frontdoor.audit")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
