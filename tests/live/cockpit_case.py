"""A family on a live meeting as the overnight intake leaves it: a victim, a perpetrator, two
children, and a police referral naming each of them in their role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Flask

from frontdoor.db import transaction
from frontdoor.models import (
    AgendaItem,
    AgendaItemState,
    AgendaSection,
    AgendaSource,
    Channel,
    Consent,
    DashRisk,
    Family,
    FamilyMember,
    MemberRole,
    Person,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
    ResolutionStatus,
    utcnow,
)

from .conftest import LiveMeeting

NARRATIVE = "Neighbour called police after shouting; victim had marks on her neck."


@dataclass(frozen=True)
class Person_:
    given: str
    surname: str
    born: date
    member: MemberRole
    role: ReferralRole
    label: str | None = None


def years_ago(years: int, days: int = 0) -> date:
    today = date.today()
    return date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=days)


PEOPLE = [
    Person_("JO", "SMITH", years_ago(34), MemberRole.ADULT, ReferralRole.VICTIM, "partner"),
    Person_("Lee", "Smith", years_ago(37), MemberRole.ADULT, ReferralRole.PERPETRATOR),
    Person_("Amy", "Smith", years_ago(9), MemberRole.CHILD, ReferralRole.CHILD),
    Person_("Ben", "Smith", years_ago(3), MemberRole.CHILD, ReferralRole.CHILD),
]


def add_family(
    app: Flask,
    meeting: LiveMeeting,
    position: int = 0,
    *,
    withheld: bool = False,
    reference: str = "WYP-0001",
) -> int:
    """Fill the family of the meeting's item at `position`; returns the referral id."""
    agency_id = meeting.police_agency.id
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, meeting.item_ids[position])
        assert item is not None
        family = tx.get(Family, item.family_id)
        assert family is not None
        referral = Referral(
            agency_id=agency_id,
            channel=Channel.DEMO,
            source_ref=reference,
            received_at=utcnow() - timedelta(hours=10),
            incident_at=utcnow() - timedelta(hours=11),
            location_postcode="LS9 7QZ",
            dash_risk=DashRisk.HIGH,
            dash_score=16,
            strangulation=True,
            children_present=True,
            consent_to_share=Consent.NO,
            narrative=NARRATIVE,
            family_id=family.id,
        )
        for who in PEOPLE:
            person = Person()
            tx.add(person)
            tx.flush()
            record = PersonRecord(
                agency_id=agency_id,
                person_id=person.id,
                resolution_status=ResolutionStatus.LINKED,
                source="test",
                given_name=who.given,
                surname=who.surname,
                date_of_birth=who.born,
                address="12 Oak Street, Leeds",
                postcode="LS9 7QZ",
                address_withheld=withheld and who.role == ReferralRole.VICTIM,
            )
            tx.add(record)
            family.members.append(
                FamilyMember(
                    person_id=person.id, member_role=who.member, relationship_label=who.label
                )
            )
            referral.people.append(ReferralPerson(person_record=record, role=who.role))
        tx.add(referral)
        tx.flush()
        tx.add(
            AgendaSource(
                meeting_id=meeting.meeting_id, referral_id=referral.id, agenda_item_id=item.id
            )
        )
        if tx.get(AgendaItemState, item.id) is None:
            tx.add(AgendaItemState(agenda_item_id=item.id, section=AgendaSection.CHILDREN))
        return referral.id
