"""`frontdoor demo` fills a fresh database with a working Front Door."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agenda.build import today_meeting_date
from frontdoor import create_app
from frontdoor.auth.passwords import verify_password
from frontdoor.db import db
from frontdoor.demo import AGENCY_CODES
from frontdoor.demo.load import DEMO_PASSWORD, DemoSummary, load_demo
from frontdoor.models import (
    Agency,
    AgendaItem,
    Attendance,
    Family,
    FamilyMember,
    Involvement,
    Meeting,
    Person,
    PersonRecord,
    Referral,
    ReferralPerson,
    ResolutionStatus,
    Role,
    User,
)

from .. import conftest as shared

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def summary(database_url: str, instance_path: Path) -> Iterator[DemoSummary]:
    """One load for the whole module (it takes seconds); the tables are emptied afterwards."""
    app = create_app(shared.test_config(database_url, instance_path))
    with app.app_context():
        yield load_demo(db.session(), families=40, seed=3, today=TODAY, incidents=12)
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
    involvements = db.session().scalars(select(Involvement)).all()
    assert len(involvements) == summary.involvements > 0
    leads = Counter(i.family_id for i in involvements if i.is_lead)
    involved = {i.family_id for i in involvements}
    assert set(leads) == involved and set(leads.values()) == {1}


def test_last_nights_notifications_arrive_as_resolved_referrals(summary: DemoSummary) -> None:
    referrals = db.session().scalars(select(Referral)).all()
    assert len(referrals) == summary.referrals == 12
    assert all(r.people for r in referrals)
    assert _count(ReferralPerson) == summary.police_rows - summary.quarantined
    unresolved = db.session().scalars(
        select(PersonRecord).where(PersonRecord.resolution_status == ResolutionStatus.UNRESOLVED)
    )
    assert not unresolved.all()
    assert sum(summary.resolution.values()) == _count(ReferralPerson)
    assert summary.resolution.get("linked", 0) > summary.police_rows / 2


def test_a_meeting_is_ready_with_its_agenda(summary: DemoSummary) -> None:
    meeting = db.session().scalars(select(Meeting)).one()
    assert meeting.meeting_date == summary.meeting_date == today_meeting_date()
    items = db.session().scalars(select(AgendaItem)).all()
    assert len(items) == summary.agenda_items > 0


def test_the_demo_coordinator_chairs_and_every_partner_is_invited(summary: DemoSummary) -> None:
    session = db.session()
    meeting = session.scalars(select(Meeting)).one()
    assert meeting.chair is not None and meeting.chair.has_role(Role.COORDINATOR)
    invited = set(session.scalars(select(Attendance.user_id).where(Attendance.invited)))
    partners = {u.id for u in session.scalars(select(User)) if u.has_role(Role.PARTNER)}
    assert partners and partners <= invited
