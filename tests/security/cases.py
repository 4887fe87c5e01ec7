"""Case records for security tests: a family, its people and the relationships that open it.

Built straight from the models (the access model reads nothing else), each in one transaction.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import Flask

from frontdoor.db import transaction
from frontdoor.models import (
    Action,
    AgendaItem,
    Attendance,
    Channel,
    DashRisk,
    Family,
    FamilyMember,
    Involvement,
    Meeting,
    MemberRole,
    Person,
    PersonRecord,
    Referral,
    SelfClaimedAccess,
    User,
    utcnow,
)

_days = itertools.count(1)

REFUGE_ADDRESS = "Flat 9, 12 Safehaven Road, Leeds"
REFUGE_POSTCODE = "LS9 7QZ"
REFUGE_PHONE = "07700 900123"


@dataclass(frozen=True)
class Case:
    family_id: int
    victim_id: int
    victim_record_id: int
    perpetrator_id: int
    recording_agency_id: int


def family_case(
    app: Flask, recording_agency_id: int, *, withheld: bool = False, **names: str
) -> Case:
    """A family of two adults; the victim's address is withheld if asked (a refuge)."""
    with app.app_context(), transaction() as tx:
        family = Family(label="Case")
        victim, perpetrator = Person(), Person()
        tx.add_all([family, victim, perpetrator])
        tx.flush()
        victim_record = PersonRecord(
            agency_id=recording_agency_id,
            person_id=victim.id,
            source="test",
            given_name=names.get("given_name", "Alice"),
            surname=names.get("surname", "Example"),
            address=REFUGE_ADDRESS,
            postcode=REFUGE_POSTCODE,
            phone=REFUGE_PHONE,
            address_withheld=withheld,
        )
        perpetrator_record = PersonRecord(
            agency_id=recording_agency_id,
            person_id=perpetrator.id,
            source="test",
            given_name="Bob",
            surname="Example",
            address="1 Old Street, Leeds",
            postcode="LS1 1AA",
        )
        tx.add_all([victim_record, perpetrator_record])
        tx.add_all(
            [
                FamilyMember(
                    family_id=family.id, person_id=victim.id, member_role=MemberRole.ADULT
                ),
                FamilyMember(
                    family_id=family.id, person_id=perpetrator.id, member_role=MemberRole.ADULT
                ),
            ]
        )
        tx.flush()
        return Case(family.id, victim.id, victim_record.id, perpetrator.id, recording_agency_id)


def meeting_with(app: Flask, family_id: int, attendee: User | None = None) -> int:
    """A meeting with the family on its agenda, and the attendee invited."""
    with app.app_context(), transaction() as tx:
        day = date(2030, 1, 1) + timedelta(days=next(_days))
        meeting = Meeting(
            meeting_date=day,
            starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
        )
        tx.add(meeting)
        tx.flush()
        tx.add(AgendaItem(meeting_id=meeting.id, family_id=family_id, position=1))
        if attendee is not None:
            tx.add(
                Attendance(meeting_id=meeting.id, user_id=attendee.id, agency_id=attendee.agency_id)
            )
        return meeting.id


def action_led_by(app: Flask, family_id: int, agency_id: int) -> None:
    with app.app_context(), transaction() as tx:
        tx.add(
            Action(
                family_id=family_id,
                description="Visit",
                lead_agency_id=agency_id,
                due_on=date(2030, 1, 1),
            )
        )


def involvement_of(
    app: Flask, agency_id: int, *, family_id: int | None = None, person_id: int | None = None
) -> None:
    with app.app_context(), transaction() as tx:
        tx.add(
            Involvement(
                agency_id=agency_id,
                family_id=family_id,
                person_id=person_id,
                since=date(2029, 1, 1),
            )
        )


def referral_from(app: Flask, family_id: int, agency_id: int, narrative: str | None = None) -> int:
    with app.app_context(), transaction() as tx:
        referral = Referral(
            agency_id=agency_id,
            channel=Channel.API,
            source_ref=f"ref-{next(_days)}",
            received_at=utcnow(),
            dash_risk=DashRisk.HIGH,
            family_id=family_id,
            narrative=narrative,
        )
        tx.add(referral)
        tx.flush()
        return referral.id


def self_claim(app: Flask, user: User, family_id: int, *, expired: bool = False) -> None:
    with app.app_context(), transaction() as tx:
        offset = timedelta(hours=-1 if expired else 1)
        tx.add(
            SelfClaimedAccess(
                user_id=user.id,
                agency_id=user.agency_id,
                family_id=family_id,
                reason="Checking before a home visit tomorrow",
                expires_at=utcnow() + offset,
            )
        )
