"""`frontdoor demo`: a working Front Door for demonstrations, from the synthetic population.

What it writes, in order, each through the part of the app that owns it:
1. the partner agencies and a demo log-in for every role (the accounts service);
2. the population as history: people, each agency's records of them, households as families,
   and the agencies already working with the high-need families, one of them leading;
3. the history: the past weeks of daily meetings, each built, held and closed through the real
   services, with actions tracked afterwards (`history.py`, `meetings.py`);
4. last night's police notifications, as the force's CSV through the real import (intake), then
   resolved against the person index (identity) — so some land in the review queue;
5. the agenda of today's meeting (or the next one), built as the morning build would — with the
   families whose actions are overdue under "Incomplete actions" — and the daily job's
   due-tomorrow and overdue notifications.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from agenda.build import build_agenda, today_meeting_date
from agenda.schedule import local_date
from agenda.settings import current_schedule
from agenda.tracking.notifications import notify_due

from ..accounts import dao as accounts_dao
from ..accounts import service as accounts
from ..audit.service import record as audit
from ..db import transaction
from ..identity.resolution import resolve_pending
from ..intake.service import import_police_file
from ..models import (
    AgencyKind,
    Attendance,
    BuildTrigger,
    Meeting,
    Role,
    User,
    utcnow,
)
from ..models.base import clock_at
from .history import HISTORY_INCIDENTS, HISTORY_WEEKS, HistoryInput, HistorySummary, load_history
from .load_people import store_families, store_involvements, store_people
from .model import AGENCY_CODES, AGENCY_NAMES, Population
from .police import police_notifications, write_police_csv
from .population import generate_families
from .serial import case_model_figures, leave_household_members_unnamed, name_a_serial_perpetrator
from .sharing import sign_demo_agencies

# Public on purpose: `make run` prints it with the demo log-ins. Demo databases only.
DEMO_PASSWORD = "purple kettle 2026"  # noqa: S105 (not "frontdoor…": ASVS 6.2.11)
DEMO_DOMAIN = "demo.example.org"
HUB = ("hub", "Front Door Safeguarding Hub")
INCIDENTS_PER_NIGHT = 60

# (e-mail local part, display name, agency code, roles)
DEMO_USERS = (
    ("coordinator", "Sam Whitaker (duty coordinator)", "hub", (Role.COORDINATOR,)),
    ("manager", "Priya Sharma (hub manager)", "hub", (Role.MANAGER,)),
    ("admin", "Alex Murray (administrator)", "hub", (Role.ADMIN,)),
    ("worker", "Chris Bentley (housing officer)", "housing", (Role.AGENCY_WORKER,)),
    *(
        (f"partner.{code}", f"{name} representative", code, (Role.PARTNER,))
        for code, name in AGENCY_NAMES.items()
    ),
)


@dataclass
class DemoSummary:
    log_ins: list[tuple[str, str]] = field(default_factory=list)  # (e-mail, roles and agency)
    password: str = DEMO_PASSWORD
    agencies: int = 0
    families: int = 0
    people: int = 0
    person_records: int = 0
    involvements: int = 0
    police_rows: int = 0
    referrals: int = 0
    quarantined: int = 0
    resolution: dict[str, int] = field(default_factory=dict)
    meeting_date: date | None = None
    agenda_items: int = 0
    history: HistorySummary = field(default_factory=HistorySummary)
    notices: int = 0
    serial_perpetrator: bool = False
    case_model: str = ""

    def describe(self) -> str:
        lines = [
            f"Demo data: {self.agencies} agencies, {self.families} families, {self.people} people,"
            f" {self.person_records} agency records, {self.involvements} involvements.",
            f"Last night's police file: {self.police_rows} rows, {self.referrals} referrals"
            f" imported, {self.quarantined} rows quarantined; people resolved: "
            + ", ".join(f"{count} {status}" for status, count in sorted(self.resolution.items())),
            self.history.describe(),
            f"Meeting {self.meeting_date}: {self.agenda_items} families on the agenda;"
            f" {self.notices} due-tomorrow and overdue notifications sent.",
            self.case_model,
            f"Demo log-ins (password for all: {self.password}):",
        ]
        lines += [f"  {email:<34} {what}" for email, what in self.log_ins]
        return "\n".join(lines)


def describe_log_ins() -> str:
    """The demo log-ins, for `make run` to print last."""
    lines = [f"Demo log-ins (password for all: {DEMO_PASSWORD}):"]
    for local_part, _name, agency, roles in DEMO_USERS:
        labels = ", ".join(role.label for role in roles)
        what = f"{labels} — {AGENCY_NAMES.get(agency, HUB[1])}"
        lines.append(f"  {local_part + '@' + DEMO_DOMAIN:<34} {what}")
    return "\n".join(lines)


def load_demo(
    session: Session,
    *,
    families: int,
    seed: int,
    today: date | None = None,
    incidents: int = INCIDENTS_PER_NIGHT,
    history_weeks: int = HISTORY_WEEKS,
    history_incidents: int = HISTORY_INCIDENTS,
) -> DemoSummary:
    """Load the demo into the app's database (`session` is the app's db.session())."""
    today = today or date.today()
    summary = DemoSummary()
    agency_ids = _agencies(session, summary)
    _users(session, agency_ids, summary)
    pop = generate_families(families, seed, reference_date=today)
    with transaction() as tx:
        person_ids = store_people(tx, pop, agency_ids, today)
        family_ids = store_families(tx, pop, person_ids)
        summary.involvements = store_involvements(
            tx, pop, family_ids, agency_ids, seed=seed, today=today
        )
        audit(tx, "demo.load", families=families, seed=seed)
    summary.families, summary.people = len(pop.families), len(pop.people)
    summary.person_records = len(pop.records)
    until = min(today, today_meeting_date(utcnow()))  # the history ends before last night
    summary.history = load_history(
        HistoryInput(pop, agency_ids, seed, history_weeks, history_incidents, until, DEMO_DOMAIN)
    )
    # Last night's file arrives, and the agenda is built, before the meeting's cut-off whatever
    # the hour the demo is loaded: every referral is on the agenda, none "after the cut-off".
    day = today_meeting_date(utcnow())
    cutoff = current_schedule().cutoff(day)
    with clock_at(cutoff - LAST_NIGHT_BEFORE_CUTOFF):
        _last_night(pop, agency_ids["police"], seed, today, incidents, summary)
    with clock_at(cutoff):
        _meeting(summary, day, cutoff)
    run = notify_due(local_date(utcnow()))
    summary.notices = run.due_tomorrow + run.overdue
    return summary


LAST_NIGHT_BEFORE_CUTOFF = timedelta(hours=2)


def _agencies(session: Session, summary: DemoSummary) -> dict[str, int]:
    wanted = [(code, AGENCY_NAMES[code], AgencyKind(code)) for code in AGENCY_CODES]
    wanted.append((*HUB, AgencyKind.OTHER))
    ids = {}
    for code, name, kind in wanted:
        agency = accounts_dao.agency_by_code(session, code) or accounts.create_agency(
            code, name, kind
        )
        ids[code] = agency.id
    sign_demo_agencies(ids)  # partners only for agencies on the information-sharing register
    summary.agencies = len(ids)
    return ids


def _users(session: Session, agency_ids: dict[str, int], summary: DemoSummary) -> None:
    for local_part, name, agency, roles in DEMO_USERS:
        email = f"{local_part}@{DEMO_DOMAIN}"
        if accounts_dao.user_by_email(session, email) is None:
            accounts.create_user(email, name, agency_ids[agency], roles, DEMO_PASSWORD)
        labels = ", ".join(role.label for role in roles)
        summary.log_ins.append((email, f"{labels} — {AGENCY_NAMES.get(agency, HUB[1])}"))


def _last_night(
    pop: Population, police_id: int, seed: int, today: date, incidents: int, summary: DemoSummary
) -> None:
    rows = police_notifications(pop, incidents, seed=seed, reported_on=today)
    with transaction() as tx:  # one man, two victims: linked cases, never one family
        summary.serial_perpetrator = name_a_serial_perpetrator(tx, rows)
    leave_household_members_unnamed(rows)  # found at the victim's address: proposed, not named
    out = io.StringIO(newline="")
    write_police_csv(rows, out)
    imported = import_police_file(
        out.getvalue().encode("utf-8"),
        agency_id=police_id,
        filename=f"WYP-DA-{today:%Y%m%d}.csv",
        today=today,
    )
    summary.police_rows = imported.rows
    summary.referrals = len(imported.referral_ids)
    summary.quarantined = imported.quarantined
    summary.resolution = dict(resolve_pending().statuses)


def _meeting(summary: DemoSummary, day: date, cutoff: datetime) -> None:
    result = build_agenda(day, BuildTrigger.COMMAND, now=cutoff)
    summary.meeting_date = result.meeting_date
    summary.agenda_items = result.items_added
    with transaction() as tx:
        summary.case_model = case_model_figures(tx, result.meeting_date)
    _invite_everyone(result.meeting_date)


def _invite_everyone(meeting_date: date) -> None:
    """The demo coordinator chairs; every partner representative is invited."""
    with transaction() as tx:
        meeting = tx.scalar(select(Meeting).where(Meeting.meeting_date == meeting_date))
        if meeting is None:
            return
        users = tx.scalars(select(User).where(User.email.like(f"%@{DEMO_DOMAIN}"))).all()
        invited = set(
            tx.scalars(select(Attendance.user_id).where(Attendance.meeting_id == meeting.id))
        )
        for user in users:
            if user.has_role(Role.COORDINATOR) and meeting.chair_id is None:
                meeting.chair_id = user.id
            if user.has_role(Role.PARTNER) and user.id not in invited:
                tx.add(
                    Attendance(
                        meeting_id=meeting.id,
                        user_id=user.id,
                        agency_id=user.agency_id,
                        invited=True,
                    )
                )
