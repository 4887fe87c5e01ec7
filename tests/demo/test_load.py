"""`frontdoor demo` fills a fresh database with a working Front Door."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import Select, func, select

from agenda.build import today_meeting_date
from agenda.schedule import local_date
from agenda.settings import current_schedule
from frontdoor import create_app
from frontdoor.auth.passwords import verify_password
from frontdoor.db import db
from frontdoor.demo import AGENCY_CODES
from frontdoor.demo.history import meeting_days
from frontdoor.demo.load import DEMO_DOMAIN, DEMO_PASSWORD, DemoSummary, load_demo
from frontdoor.models import (
    Action,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    ActionUpdateKind,
    Agency,
    AgendaItem,
    AgendaItemState,
    AgendaSection,
    AgendaSource,
    Attendance,
    Family,
    FamilyMember,
    Involvement,
    Meeting,
    MeetingStatus,
    Minutes,
    Person,
    PersonRecord,
    Referral,
    ResolutionStatus,
    ReviewOutcomeKind,
    Role,
    User,
)
from frontdoor.outcomes import dao as outcomes_dao
from frontdoor.outcomes import figures as outcomes_figures
from frontdoor.outcomes import service as outcomes
from frontdoor.outcomes.rows import Filters
from frontdoor.outcomes.workdays import is_working_day

from .. import conftest as shared
from ..factories import sign_in

# Loading the demo takes about a minute on a quiet machine, several on a loaded one (the suite
# runs on every core): more than the suite's 300 s guard against a hung test.
pytestmark = pytest.mark.timeout(1200)

TODAY = date(2026, 11, 24)
HISTORY_WEEKS = 15  # just over three months: the 3-month repeat-incident window has passed


@pytest.fixture(scope="module")
def summary(database_url: str, instance_path: Path) -> Iterator[DemoSummary]:
    """One load for the whole module (it takes seconds); the tables are emptied afterwards."""
    app = create_app(shared.test_config(database_url, instance_path))
    with app.app_context():
        yield load_demo(
            db.session(),
            families=40,
            seed=3,
            today=TODAY,
            incidents=12,
            history_weeks=HISTORY_WEEKS,
            history_incidents=3,
        )
        shared._empty_all_tables()


def _count(model: type) -> int:
    return db.session().scalar(select(func.count()).select_from(model)) or 0


def test_every_role_has_a_demo_log_in(summary: DemoSummary) -> None:
    users = db.session().scalars(select(User)).all()
    assert {role for user in users for role in user.roles} == set(Role)
    assert all(verify_password(user.password_hash, DEMO_PASSWORD) for user in users)
    assert {email for email, _ in summary.log_ins} == {user.email for user in users}
    assert DEMO_PASSWORD in summary.describe()


def test_every_partner_agency_exists_with_a_representative(summary: DemoSummary) -> None:
    agencies = db.session().scalars(select(Agency)).all()
    assert set(AGENCY_CODES) <= {agency.code for agency in agencies}
    partners = [u for u in db.session().scalars(select(User)) if Role.PARTNER in u.roles]
    assert {u.agency.code for u in partners} == set(AGENCY_CODES)


def test_the_population_becomes_people_records_and_families(summary: DemoSummary) -> None:
    assert summary.families == 40 and _count(Family) >= 40
    assert _count(Person) >= summary.people
    history = (
        db.session().scalars(select(PersonRecord).where(PersonRecord.source != "police")).all()
    )
    assert history and all(r.person_id is not None for r in history)
    assert all(r.resolution_status != ResolutionStatus.UNRESOLVED for r in history)
    members = Counter(m.family_id for m in db.session().scalars(select(FamilyMember)))
    assert sum(members.values()) >= summary.people


def test_families_known_to_agencies_have_exactly_one_lead(summary: DemoSummary) -> None:
    every = db.session().scalars(select(Involvement)).all()
    # the demo's own family involvements; the real services add sourced ones (#13): the
    # referring agency per person, the agency given an action or preparing per family
    involvements = [i for i in every if i.source is None]
    assert len(involvements) == summary.involvements > 0
    assert {i.source for i in every} - {None} <= {"police_export", "demo", "action", "preparation"}
    leads = Counter(i.family_id for i in involvements if i.is_lead)
    involved = {i.family_id for i in involvements}
    assert set(leads) == involved and set(leads.values()) == {1}


def test_last_nights_notifications_arrive_as_resolved_referrals(summary: DemoSummary) -> None:
    last_night = f"WY-{TODAY:%Y%m%d}-%"  # the force's incident references carry the date
    referrals = (
        db.session().scalars(select(Referral).where(Referral.source_ref.like(last_night))).all()
    )
    assert len(referrals) == summary.referrals == 12
    assert all(r.people for r in referrals)
    unresolved = db.session().scalars(
        select(PersonRecord).where(PersonRecord.resolution_status == ResolutionStatus.UNRESOLVED)
    )
    assert not unresolved.all()
    people = sum(len(r.people) for r in referrals)
    assert people == summary.police_rows - summary.quarantined
    assert sum(summary.resolution.values()) == people
    assert summary.resolution.get("linked", 0) > summary.police_rows / 2


def _todays_meeting() -> Meeting:
    return db.session().scalars(select(Meeting).where(Meeting.status != MeetingStatus.CLOSED)).one()


def test_a_meeting_is_ready_with_its_agenda(summary: DemoSummary) -> None:
    meeting = _todays_meeting()
    assert meeting.meeting_date == summary.meeting_date == today_meeting_date()
    assert meeting.status == MeetingStatus.DRAFT
    items = db.session().scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    assert len(items.all()) == summary.agenda_items > 0


def test_last_nights_referrals_are_all_before_the_cut_off_whatever_the_hour(
    summary: DemoSummary,
) -> None:
    """The file arrives before the cut-off of the meeting it is for, not at the wall clock."""
    meeting = _todays_meeting()
    sources = (
        db.session()
        .scalars(select(AgendaSource).where(AgendaSource.meeting_id == meeting.id))
        .all()
    )
    assert sources and not [s for s in sources if s.after_cutoff]
    cutoff = current_schedule().cutoff(meeting.meeting_date)
    assert all(s.referral.received_at < cutoff for s in sources)


def test_the_demo_coordinator_chairs_and_every_partner_is_invited(summary: DemoSummary) -> None:
    session = db.session()
    meeting = _todays_meeting()
    assert meeting.chair is not None and meeting.chair.has_role(Role.COORDINATOR)
    invited = set(
        session.scalars(
            select(Attendance.user_id).where(
                Attendance.invited, Attendance.meeting_id == meeting.id
            )
        )
    )
    partners = {u.id for u in session.scalars(select(User)) if u.has_role(Role.PARTNER)}
    assert partners and partners <= invited


def _closed_meetings() -> list[Meeting]:
    query = select(Meeting).where(Meeting.status == MeetingStatus.CLOSED)
    return list(db.session().scalars(query.order_by(Meeting.meeting_date)))


def test_the_history_is_weeks_of_closed_meetings_with_verifiable_minutes(
    summary: DemoSummary,
) -> None:
    meetings = _closed_meetings()
    days = meeting_days(current_schedule(), TODAY, HISTORY_WEEKS)
    assert all(is_working_day(d) and d < TODAY for d in days)
    assert [m.meeting_date for m in meetings] == days
    assert len(meetings) == summary.history.meetings > 60
    for meeting in meetings:
        frozen = db.session().scalars(select(Minutes).where(Minutes.meeting_id == meeting.id))
        minutes = frozen.one()
        assert hashlib.sha256(minutes.snapshot.encode()).hexdigest() == minutes.content_hash
        # closed that morning, after the meeting started: the services ran at that time
        assert local_date(minutes.closed_at) == meeting.meeting_date
        assert minutes.closed_at > meeting.starts_at
    snapshots = [json.loads(db.session().scalar(_minutes_of(m))) for m in meetings]
    assert all(s["meeting"]["chair"] for s in snapshots)
    assert any(s["apologies"] for s in snapshots)
    items = [item for s in snapshots for item in s["items"]]
    assert {item["risk"] for item in items} == {"standard", "medium", "high"}
    assert any(item["decision"] and item["actions"]["agreed"] for item in items)
    assert any(item["actions"].get("reviews") for item in items)


def _minutes_of(meeting: Meeting) -> Select[tuple[str]]:
    return select(Minutes.snapshot).where(Minutes.meeting_id == meeting.id)


def test_each_nights_referrals_were_received_that_morning(summary: DemoSummary) -> None:
    history = (
        db.session()
        .scalars(select(Referral).where(Referral.source_ref.not_like(f"WY-{TODAY:%Y%m%d}-%")))
        .all()
    )
    assert len(history) == summary.history.referrals > 0
    for referral in history:
        night = datetime.strptime(referral.source_ref.split("-")[1], "%Y%m%d").date()
        assert local_date(referral.received_at) == night


def test_actions_were_completed_on_time_late_or_reviewed_by_the_chair(
    summary: DemoSummary,
) -> None:
    actions = db.session().scalars(select(Action)).all()
    assert len(actions) == summary.history.actions > 0
    done = [a for a in actions if a.status == ActionStatus.DONE and a.completed_at]
    assert any(local_date(a.completed_at) <= a.due_on for a in done)
    assert any(local_date(a.completed_at) > a.due_on for a in done)
    by_lead = db.session().scalars(
        select(ActionUpdate).where(ActionUpdate.kind == ActionUpdateKind.COMPLETED)
    )
    assert len(by_lead.all()) == summary.history.completed > 0
    outcomes = set(db.session().scalars(select(ActionReview.outcome)))
    assert outcomes == set(ReviewOutcomeKind)
    assert db.session().scalar(select(func.count()).select_from(ActionReview)) == (
        summary.history.reviews
    )
    assert all(a.lead_agency_id for a in actions)
    assert any(a.lead_user_id for a in actions) and any(not a.lead_user_id for a in actions)


def test_open_overdue_actions_are_on_todays_agenda_under_incomplete_actions(
    summary: DemoSummary,
) -> None:
    meeting = _todays_meeting()
    overdue = (
        db.session()
        .scalars(
            select(Action).where(Action.status == ActionStatus.OPEN, Action.due_on < date.today())
        )
        .all()
    )
    assert overdue
    rows = db.session().execute(
        select(AgendaItem.family_id, AgendaItemState.section)
        .join(AgendaItemState, AgendaItemState.agenda_item_id == AgendaItem.id)
        .where(AgendaItem.meeting_id == meeting.id)
    )
    sections = {family_id: section for family_id, section in rows}
    assert {a.family_id for a in overdue} <= set(sections)
    assert AgendaSection.INCOMPLETE_ACTIONS in set(sections.values())
    assert summary.notices > 0


def test_the_dashboard_has_figures_for_every_question(summary: DemoSummary) -> None:
    as_of = outcomes.today()  # the history's months, however long after TODAY this runs
    filters = Filters(start=_closed_meetings()[0].meeting_date.replace(day=1), end=as_of)
    figures = outcomes_figures.compute(
        outcomes_dao.rows(db.session(), filters, as_of), filters, as_of
    )
    # how much
    assert figures.referrals >= summary.history.referrals
    assert figures.discussions >= figures.families_discussed > 0
    assert figures.actions_agreed == summary.history.actions
    # how well
    assert (
        0 < figures.within_one_working_day.numerator <= figures.within_one_working_day.denominator
    )
    assert 0 < figures.actions_on_time.numerator < figures.actions_on_time.denominator
    assert figures.minutes_per_family and 3 <= figures.minutes_per_family <= 12
    # is anyone better off: families back with a new incident within three months
    three = figures.repeats[3]
    assert 0 < three.numerator < three.denominator


@pytest.mark.parametrize(
    ("local_part", "path", "pattern", "at_least"),
    [
        ("manager", "/outcomes", r"Is anyone better off\?", 1),
        (
            "coordinator",
            "/minutes",
            r"PDF<span class=\"govuk-visually-hidden\"> of the minutes",
            60,
        ),
        ("coordinator", "/actions/overdue", r"govuk-tag--red\">Overdue", 1),
        ("partner.police", "/actions/", r"Done recently \([1-9]\d*\)", 1),
        ("partner.police", "/notifications/", r"Mark as read", 1),
    ],
)
def test_the_after_meeting_pages_show_the_history(
    summary: DemoSummary, local_part: str, path: str, pattern: str, at_least: int
) -> None:
    user = db.session().scalars(select(User).where(User.email == f"{local_part}@{DEMO_DOMAIN}"))
    found = user.one()
    db.session().rollback()  # nothing held open while the requests write their sessions
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with app.app_context():  # a fresh context (and `g`) for this user's requests
        client = app.test_client()
        sign_in(client, found, DEMO_PASSWORD)
        response = client.get(path)
    assert response.status_code == 200
    assert len(re.findall(pattern, response.get_data(as_text=True))) >= at_least


def test_the_agreed_risk_follows_strangulation_and_threats_to_kill(summary: DemoSummary) -> None:
    """#14: no demo minutes teach "strangulation, agreed standard, no MARAC"."""
    from frontdoor.models import AgendaItemState, ItemField

    serious = ("Professional judgement: strangulation", "Professional judgement: threats to kill")
    states = db.session.scalars(
        select(AgendaItemState).where(AgendaItemState.criteria.is_not(None))
    )
    checked = 0
    for state in states:
        if not any(line.startswith(serious) for line in (state.criteria or "").splitlines()):
            continue
        risk = db.session.get(ItemField, (state.agenda_item_id, "risk"))
        if risk is None:
            continue  # today's meeting: nothing agreed yet
        marac = db.session.get(ItemField, (state.agenda_item_id, "marac"))
        decision = db.session.get(ItemField, (state.agenda_item_id, "decision"))
        assert risk.value == "high"
        assert marac is not None and marac.value in ("yes", "considered")
        if marac.value == "considered" and decision is not None:  # (None: not reached)
            assert "MARAC considered, not referred" in decision.value
        checked += 1
    assert checked > 0


def test_the_case_model_is_shown_linked_cases_proposed_household_members_consent_n(
    summary: DemoSummary,
) -> None:
    """#20: today's agenda has a serial perpetrator's linked cases, a family with people found
    at the victim's address proposed to the coordinator (with the date recorded there), and a
    victim who refused consent."""
    from agenda.consent import consent_of
    from frontdoor.identity.linked_cases import serial_perpetrator_families
    from frontdoor.models import MembershipStatus

    session = db.session()
    items = list(
        session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == _todays_meeting().id))
    )
    families = [item.family_id for item in items]
    assert summary.serial_perpetrator and serial_perpetrator_families(session, families)
    proposed = list(
        session.scalars(
            select(FamilyMember).where(
                FamilyMember.family_id.in_(families),
                FamilyMember.status == MembershipStatus.PROPOSED,
            )
        )
    )
    assert proposed and all(row.recorded_there_on is not None for row in proposed)
    assert any(consent_of(session, item).status == "N" for item in items)
    assert "proposed household members to confirm" in summary.case_model
    print(summary.case_model)
