"""Retention keeps what it must: a family with any activity in its period is kept whole,
people tied to someone who stays stay, minutes hold their meeting and families until they
expire; what goes takes its names out of the identity index; the purge's audit event holds
counts only. (The period of each kind of record: test_retention_of_case_data.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdoor.db import db, transaction
from frontdoor.identity import engine
from frontdoor.identity.index_dao import TOTAL
from frontdoor.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AuditEvent,
    Base,
    Family,
    FamilyMember,
    Involvement,
    Meeting,
    MemberRole,
    Minutes,
    NameCount,
    Person,
    PersonRecord,
    Referral,
    ResolutionStatus,
    Role,
    User,
    utcnow,
)
from frontdoor.retention import purge_expired

from ..factories import Factory, cases, rows
from ..factories import retention as rc

# ---- a family with activity in the period is kept whole -------------------------------------

Activity = Callable[[Session, cases.Case, User, datetime], None]


def _recent_referral(tx: Session, case: cases.Case, user: User, recent: datetime) -> None:
    rows.referral(tx, user.agency_id, received_at=recent, family_id=case.family_id)


def _open_action(tx: Session, case: cases.Case, user: User, recent: datetime) -> None:
    tx.add(
        Action(
            family_id=case.family_id,
            description="Still to do",
            lead_agency_id=user.agency_id,
            due_on=(recent - timedelta(days=3000)).date(),
            status=ActionStatus.OPEN,
            created_at=recent - timedelta(days=3000),
        )
    )


def _current_involvement(tx: Session, case: cases.Case, user: User, recent: datetime) -> None:

    since = (recent - timedelta(days=3000)).date()
    tx.add(Involvement(agency_id=user.agency_id, person_id=case.victim_id, since=since))


def _recent_meeting(tx: Session, case: cases.Case, user: User, recent: datetime) -> None:

    meeting = rows.meeting(tx, recent.date())
    tx.add(AgendaItem(meeting_id=meeting.id, family_id=case.family_id, position=1))


def _new_record(tx: Session, case: cases.Case, user: User, recent: datetime) -> None:
    tx.add(
        PersonRecord(
            agency_id=user.agency_id,
            person_id=case.perpetrator_id,
            source="test",
            surname="Example",
            created_at=recent,
        )
    )


ACTIVITIES: dict[str, Activity] = {
    "a referral received": _recent_referral,
    "an open action": _open_action,
    "a member's current involvement": _current_involvement,
    "a meeting with the family on its agenda": _recent_meeting,
    "a new record of a member": _new_record,
}


@pytest.mark.parametrize("activity", list(ACTIVITIES))
def test_a_family_with_any_activity_in_the_period_is_kept_whole(
    app: Flask, factory: Factory, activity: str
) -> None:
    user = factory.user([Role.PARTNER])
    t0 = utcnow()
    old = rc.full_case(app, user, t0)
    days = rc.period(app, "families")
    now = t0 + timedelta(days=days + 30)
    case = cases.family_case(app, user.agency_id)  # a second family, its activity recent
    with app.app_context(), transaction() as tx:
        ACTIVITIES[activity](tx, case, user, now - timedelta(days=10))
    with app.app_context():
        before = _family_rows(db.session(), case)
        purge_expired(now=now)
        after = _family_rows(db.session(), case)
        gone = db.session().get(Family, old.family_id) is None
    assert after == before and after["family"] == 1 and after["people"] == 2
    assert gone  # the old family, with no recent activity, went in the same purge


def _family_rows(session: Session, case: cases.Case) -> dict[str, int]:
    people = (case.victim_id, case.perpetrator_id)

    def count(model: type[Base], *where: object) -> int:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]

    return {
        "family": count(Family, Family.id == case.family_id),
        "members": count(FamilyMember, FamilyMember.family_id == case.family_id),
        "people": count(Person, Person.id.in_(people)),
        "records": count(PersonRecord, PersonRecord.person_id.in_(people)),
        "referrals": count(Referral, Referral.family_id == case.family_id),
        "actions": count(Action, Action.family_id == case.family_id),
    }


def test_the_purge_event_holds_counts_and_periods_only(app: Flask, factory: Factory) -> None:
    user = factory.user([Role.PARTNER])
    t0 = utcnow()
    rc.full_case(app, user, t0)
    with app.app_context():
        purged = purge_expired(now=t0 + timedelta(days=3000))
        event = (
            db.session()
            .scalars(select(AuditEvent).where(AuditEvent.action == "retention.purged"))
            .one()
        )
    assert event.details == {"purged": purged, "days": app.config["RETENTION_DAYS"]}
    assert all(isinstance(n, int) for n in event.details["purged"].values())
    assert cases.REFUGE_ADDRESS not in str(event.details)


# ---- people tied to people who stay; minutes ---------------------------------------------


def test_people_tied_to_a_kept_family_stay_though_their_old_family_goes(
    app: Flask, factory: Factory
) -> None:
    user = factory.user([Role.PARTNER])
    t0 = utcnow()
    old = rc.full_case(app, user, t0)
    now = t0 + timedelta(days=rc.period(app, "families") + 30)
    kept = cases.family_case(app, user.agency_id)
    shared = old.person_ids[0]  # the old family's victim is in the kept family too
    with app.app_context(), transaction() as tx:
        tx.add(
            FamilyMember(family_id=kept.family_id, person_id=shared, member_role=MemberRole.ADULT)
        )
        tombstone = Person(merged_into_id=kept.victim_id, created_at=t0)  # merged into a kept one
        tx.add(tombstone)
        rows.referral(
            tx, user.agency_id, received_at=now - timedelta(days=1), family_id=kept.family_id
        )
        tx.flush()
        tombstone_id = tombstone.id
    with app.app_context():
        purge_expired(now=now)
        session = db.session()
        assert session.get(Family, old.family_id) is None
        # only in the old family, but a split history row ties them to the shared person
        assert session.get(Person, old.person_ids[1]) is not None
        assert session.get(Person, shared) is not None
        assert session.scalar(select(func.count()).where(PersonRecord.person_id == shared)) == 1
        assert session.get(Person, tombstone_id) is not None


@pytest.mark.parametrize("minutes", ["held", "expired"])
def test_minutes_keep_their_meeting_and_families_until_they_expire(
    app: Flask, factory: Factory, minutes: str
) -> None:

    user = factory.user([Role.COORDINATOR])
    t0 = utcnow()
    case = rc.full_case(app, user, t0)
    retain_until = t0 + timedelta(days=3650) if minutes == "held" else t0 - timedelta(days=1)
    with app.app_context(), transaction() as tx:
        tx.add(
            Minutes(
                meeting_id=case.meeting_id,
                snapshot="{}",
                content_hash=f"{rows.serial():064d}",
                closed_at=t0 - timedelta(days=3000),
                closed_by_id=user.id,
                retain_until=retain_until,
            )
        )
    with app.app_context():
        purged = purge_expired(now=t0 + timedelta(days=rc.period(app, "families") + 1))
        session = db.session()
        left = [
            session.scalar(select(Minutes.id).where(Minutes.meeting_id == case.meeting_id))
            is not None,
            session.get(Meeting, case.meeting_id) is not None,
            session.get(Family, case.family_id) is not None,
        ]
    assert left == [minutes == "held"] * 3
    assert purged["minutes"] == (minutes == "expired")


def test_a_purged_record_takes_its_names_out_of_the_index_counts(
    app: Flask, factory: Factory
) -> None:

    user = factory.user([Role.PARTNER])
    t0 = utcnow()
    with app.app_context(), transaction() as tx:
        for given in ("Zebedee", "Alice"):  # Alice stays: her name's count must survive
            person = Person(created_at=t0 if given == "Zebedee" else t0 + timedelta(days=9999))
            tx.add(person)
            tx.flush()
            record = PersonRecord(
                agency_id=user.agency_id,
                person_id=person.id,
                source="index",
                given_name=given,
                surname="Quarmby",
                resolution_status=ResolutionStatus.NEW,
            )
            tx.add(record)
            tx.flush()
            prepared = engine.prepare_record(record)
            engine.add_to_index(tx, record.id, prepared, False)
        names = engine.index_names(prepared)  # Alice's
    with app.app_context():
        before = _name_counts(db.session())
        purge_expired(now=t0 + timedelta(days=rc.period(app, "people") + 1))
        after = _name_counts(db.session())
    assert before[("surname", names["surname"])] == 2 and len(before) == 5
    assert after == {
        ("given", names["given"]): 1,
        ("surname", names["surname"]): 1,
        ("given", TOTAL): 1,
        ("surname", TOTAL): 1,
    }


def _name_counts(session: Session) -> dict[tuple[str, str], int]:

    rows = session.execute(select(NameCount.kind, NameCount.value, NameCount.count))
    return {(kind, value): count for kind, value, count in rows}
