"""Meetings: today's live meeting with a chair and invited partners, meetings about a family,
actions as a meeting leaves them, and a family filled in as the overnight intake leaves it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Flask

from frontdoor.db import transaction
from frontdoor.models import (
    Agency,
    AgencyKind,
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    AgendaSection,
    AgendaSource,
    Channel,
    Consent,
    DashRisk,
    Family,
    Meeting,
    MeetingStatus,
    MemberRole,
    ReferralRole,
    Role,
    User,
    utcnow,
)

from . import rows
from .accounts import Factory


@dataclass
class LiveMeeting:
    meeting_id: int
    item_ids: list[int]
    chair: User
    police: User
    health: User
    outsider: User
    police_agency: Agency
    health_agency: Agency


def create_meeting(app: Flask, factory: Factory, families: int = 3) -> LiveMeeting:
    """A meeting for today, live, with `families` families, a chair and invited partners from
    two agencies (police and health), and a health partner who is not invited."""
    police_agency = factory.agency("police", AgencyKind.POLICE)
    health_agency = factory.agency("health", AgencyKind.HEALTH)
    chair = factory.user([Role.COORDINATOR], agency=police_agency)
    police = factory.user([Role.PARTNER], agency=police_agency)
    health = factory.user([Role.PARTNER], agency=health_agency)
    outsider = factory.user([Role.PARTNER], agency=health_agency)
    with app.app_context(), transaction() as tx:
        meeting = rows.meeting(
            tx, date.today(), starts_at=utcnow(), status=MeetingStatus.LIVE, chair_id=chair.id
        )
        item_ids = []
        for position in range(1, families + 1):
            family = rows.family(tx, f"Family {position}")
            item_ids.append(rows.item(tx, meeting.id, family.id, position).id)
        for user in (police, health):
            rows.attendance(tx, meeting.id, user)
        meeting_id = meeting.id
    return LiveMeeting(
        meeting_id, item_ids, chair, police, health, outsider, police_agency, health_agency
    )


def make_action(
    app: Flask,
    family_id: int,
    lead_agency_id: int,
    *,
    lead_user_id: int | None = None,
    due_on: date | None = None,
    item_id: int | None = None,
    description: str = "Visit and review the safety plan",
) -> int:
    """An action for the family led by the agency (due today unless told otherwise)."""
    with app.app_context(), transaction() as tx:
        return rows.action(
            tx, family_id, lead_agency_id, description=description, due_on=due_on,
            agenda_item_id=item_id, lead_user_id=lead_user_id,
        ).id  # fmt: skip


def earlier_action(
    app: Flask, family_id: int, lead_agency_id: int, *, due_on: date, days_ago: int = 1
) -> int:
    """An action agreed for the family at a meeting `days_ago` days ago, since closed (its
    minutes frozen: the agreed content can no longer change, its tracking can)."""
    day = date.today() - timedelta(days=days_ago)
    with app.app_context(), transaction() as tx:
        meeting = rows.meeting(tx, day, starts_at=utcnow(), status=MeetingStatus.LIVE)
        item_id = rows.item(tx, meeting.id, family_id, status=AgendaItemStatus.DISCUSSED).id
    action_id = make_action(app, family_id, lead_agency_id, due_on=due_on, item_id=item_id)
    with app.app_context(), transaction() as tx:
        closed = tx.get(Meeting, meeting.id)
        assert closed is not None
        closed.status = MeetingStatus.CLOSED
    return action_id


def family_of(app: Flask, item_id: int) -> int:
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, item_id)
        assert item is not None
        return item.family_id


NARRATIVE = "Neighbour called police after shouting; victim had marks on her neck."


@dataclass(frozen=True)
class Someone:
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
    Someone("JO", "SMITH", years_ago(34), MemberRole.ADULT, ReferralRole.VICTIM, "partner"),
    Someone("Lee", "Smith", years_ago(37), MemberRole.ADULT, ReferralRole.PERPETRATOR),
    Someone("Amy", "Smith", years_ago(9), MemberRole.CHILD, ReferralRole.CHILD),
    Someone("Ben", "Smith", years_ago(3), MemberRole.CHILD, ReferralRole.CHILD),
]


def add_family(
    app: Flask,
    meeting: LiveMeeting,
    position: int = 0,
    *,
    withheld: bool = False,
    reference: str = "WYP-0001",
) -> int:
    """Fill the family of the meeting's item at `position` as the overnight intake leaves it:
    a victim, a perpetrator, two children, and a police referral naming each of them in their
    role. Returns the referral id."""
    agency_id = meeting.police_agency.id
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, meeting.item_ids[position])
        assert item is not None
        family = tx.get(Family, item.family_id)
        assert family is not None
        people = []
        for who in PEOPLE:
            record = rows.person(
                tx, agency_id, family=family, member_role=who.member,
                relationship_label=who.label, given_name=who.given, surname=who.surname,
                date_of_birth=who.born, address="12 Oak Street, Leeds", postcode="LS9 7QZ",
                address_withheld=withheld and who.role == ReferralRole.VICTIM,
            )  # fmt: skip
            people.append((record, who.role))
        referral = rows.referral(
            tx, agency_id, channel=Channel.DEMO, source_ref=reference,
            received_at=utcnow() - timedelta(hours=10), incident_at=utcnow() - timedelta(hours=11),
            location_postcode="LS9 7QZ", dash_risk=DashRisk.HIGH, dash_score=16,
            strangulation=True, children_present=True, consent_to_share=Consent.NO,
            narrative=NARRATIVE, family_id=family.id,
        )  # fmt: skip
        for record, role in people:
            rows.name_on(tx, referral, record, role)
        tx.add(
            AgendaSource(
                meeting_id=meeting.meeting_id, referral_id=referral.id, agenda_item_id=item.id
            )
        )
        if tx.get(AgendaItemState, item.id) is None:
            tx.add(AgendaItemState(agenda_item_id=item.id, section=AgendaSection.CHILDREN))
        return referral.id
