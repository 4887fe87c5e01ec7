"""The demo's case model (#20). The serial perpetrator: one of last night's incidents names, as
perpetrator, a man already the perpetrator in an earlier victim's case that a meeting
discussed. The new victim gets her own case; both cases show "linked cases" — never each
other's details. Household members: a few notifications leave an adult of the household off,
so the victim's case proposes them (found at her address) for the coordinator to confirm."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agenda.consent import consent_of

from ..identity.linked_cases import serial_perpetrator_families
from ..models import (
    AgendaItem,
    FamilyMember,
    Meeting,
    MembershipStatus,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
)

# What identifies him on a police row: copied from his earlier record.
IDENTIFYING = ("given_name", "middle_name", "surname", "sex", "pnc_id")


def _earlier_perpetrator(session: Session) -> PersonRecord | None:
    discussed = select(AgendaItem.family_id)
    return session.scalars(
        select(PersonRecord)
        .join(ReferralPerson, ReferralPerson.person_record_id == PersonRecord.id)
        .join(Referral, Referral.id == ReferralPerson.referral_id)
        .where(
            ReferralPerson.role == ReferralRole.PERPETRATOR,
            Referral.family_id.in_(discussed),
            PersonRecord.date_of_birth.is_not(None),
            PersonRecord.given_name.is_not(None),
            PersonRecord.surname.is_not(None),
        )
        .order_by(Referral.received_at.desc())
        .limit(1)
    ).first()


def name_a_serial_perpetrator(session: Session, rows: list[dict[str, str]]) -> bool:
    """Make the last incident's perpetrator the man of an earlier discussed case. Returns
    whether one was found (a demo with no history has none)."""
    him = _earlier_perpetrator(session)
    perpetrators = [row for row in rows if row.get("role") == "perpetrator"]
    if him is None or him.date_of_birth is None or not perpetrators:
        return False
    row = perpetrators[-1]
    for name in IDENTIFYING:
        row[name] = getattr(him, name) or ""
    row["date_of_birth"] = him.date_of_birth.isoformat()
    row["nhs_number"] = him.nhs_number or ""
    return True


def leave_household_members_unnamed(rows: list[dict[str, str]], incidents: int = 4) -> int:
    """Some nights the officer names only the victim, the perpetrator and the children: another
    adult at the address (a relative, a lodger) is not on the notification. The index knows
    them at the victim's address, so the victim's case *proposes* them as household members,
    with the date they were recorded there, for the coordinator to confirm or dismiss. Drops
    the "other" people (else one of two or more children) of up to `incidents` incidents;
    returns how many people were left off."""
    by_incident: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_incident.setdefault(row.get("incident_ref", ""), []).append(row)
    dropped: list[int] = []
    for cast in by_incident.values():
        others = [row for row in cast if row.get("role") == "other"]
        children = [row for row in cast if row.get("role") == "child"]
        unnamed = others or (children[:1] if len(children) > 1 else [])
        if unnamed:
            dropped += [id(row) for row in unnamed]
            incidents -= 1
        if incidents == 0:
            break
    gone = set(dropped)
    rows[:] = [row for row in rows if id(row) not in gone]
    return len(dropped)


def case_model_figures(session: Session, meeting_date: date | None) -> str:
    """What the demo shows of the case model on the day's agenda."""
    if meeting_date is None:
        return "Case model: no meeting."
    items = list(
        session.scalars(
            select(AgendaItem).join(Meeting).where(Meeting.meeting_date == meeting_date)
        )
    )
    families = [item.family_id for item in items]
    linked = len(serial_perpetrator_families(session, families))
    proposed = session.scalar(
        select(func.count())
        .select_from(FamilyMember)
        .where(
            FamilyMember.family_id.in_(families), FamilyMember.status == MembershipStatus.PROPOSED
        )
    )
    refused = sum(1 for item in items if consent_of(session, item).status == "N")
    return (
        f"Case model: {linked} families with linked cases (a serial perpetrator), {proposed} "
        f"proposed household members to confirm, {refused} families whose victim refused consent."
    )
