"""One builder per table row: each adds its row to the session it is given and flushes it.

Every other factory in this package builds its records through these, so that there is one way
to make a family, a person, a referral, a meeting, an agenda item, an action or an involvement.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from pycrdt import Doc, Text
from sqlalchemy.orm import Session

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
    ReferralPerson,
    ReferralRole,
    ResolutionStatus,
    User,
)

_serial = itertools.count(1)


def serial() -> int:
    """A number no other call in this test session returned (for unique references)."""
    return next(_serial)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A UTC moment (the tests use winter dates, when London is on UTC)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def yjs_update(text: str) -> bytes:
    """A live document's update holding `text`, as a browser would send it."""
    doc: Doc = Doc()
    body = doc.get("text", type=Text)
    body += text
    return bytes(doc.get_update())


def family(tx: Session, label: str = "Family") -> Family:
    row = Family(label=label)
    tx.add(row)
    tx.flush()
    return row


def person(
    tx: Session,
    agency_id: int,
    *,
    family: Family | None = None,
    member_role: MemberRole = MemberRole.ADULT,
    relationship_label: str | None = None,
    **record: Any,
) -> PersonRecord:
    """A resolved person with one record from `agency_id` (and a family member, if given)."""
    who = Person()
    tx.add(who)
    tx.flush()
    values = {"source": "test", "resolution_status": ResolutionStatus.LINKED, **record}
    row = PersonRecord(agency_id=agency_id, person_id=who.id, **values)
    tx.add(row)
    if family is not None:
        family.members.append(
            FamilyMember(
                person_id=who.id, member_role=member_role, relationship_label=relationship_label
            )
        )
    tx.flush()
    return row


def unresolved(agency_id: int, role: ReferralRole, **record: Any) -> ReferralPerson:
    """A person on a referral as intake writes it: a record not yet resolved to anyone."""
    row = PersonRecord(agency_id=agency_id, **{"source": "test", **record})
    return ReferralPerson(person_record=row, role=role)


def referral(
    tx: Session,
    agency_id: int,
    *,
    received_at: datetime | None = None,
    source_ref: str = "",
    channel: Channel = Channel.API,
    dash_risk: DashRisk = DashRisk.STANDARD,
    people: Iterable[ReferralPerson] = (),
    **fields: Any,
) -> Referral:
    row = Referral(
        agency_id=agency_id,
        channel=channel,
        source_ref=source_ref or f"REF-{serial()}",
        received_at=received_at or datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
        dash_risk=dash_risk,
        **fields,
    )
    row.people.extend(people)
    tx.add(row)
    tx.flush()
    return row


def meeting(tx: Session, day: date, *, starts_at: datetime | None = None, **fields: Any) -> Meeting:
    """A meeting on `day` (meeting dates are unique), by default starting at 09:00 UTC."""
    row = Meeting(meeting_date=day, starts_at=starts_at or at(day, 9), **fields)
    tx.add(row)
    tx.flush()
    return row


def item(
    tx: Session, meeting_id: int, family_id: int, position: int = 1, **fields: Any
) -> AgendaItem:
    row = AgendaItem(meeting_id=meeting_id, family_id=family_id, position=position, **fields)
    tx.add(row)
    tx.flush()
    return row


def attendance(tx: Session, meeting_id: int, user: User, **fields: Any) -> Attendance:
    row = Attendance(meeting_id=meeting_id, user_id=user.id, agency_id=user.agency_id, **fields)
    tx.add(row)
    tx.flush()
    return row


def action(
    tx: Session,
    family_id: int,
    lead_agency_id: int,
    *,
    description: str = "Visit and review the safety plan",
    due_on: date | None = None,
    **fields: Any,
) -> Action:
    """An agreed action (due today unless told otherwise)."""
    row = Action(
        family_id=family_id,
        lead_agency_id=lead_agency_id,
        description=description,
        due_on=due_on or date.today(),
        **fields,
    )
    tx.add(row)
    tx.flush()
    return row


def involvement(
    tx: Session, agency_id: int, *, since: date = date(2026, 1, 1), **fields: Any
) -> Involvement:
    """An agency's involvement with a family or a person (`family_id=` or `person_id=`)."""
    row = Involvement(agency_id=agency_id, since=since, **fields)
    tx.add(row)
    tx.flush()
    return row


def name_on(tx: Session, ref: Referral, record: PersonRecord, role: ReferralRole) -> None:
    """The referral names an existing person record in a role."""
    ref.people.append(ReferralPerson(person_record=record, role=role))
    tx.flush()
