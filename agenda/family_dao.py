"""Data access for the family-on-one-screen page."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from frontdoor.identity import dao as identity_dao
from frontdoor.identity import members
from frontdoor.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaItemState,
    FamilyMember,
    Involvement,
    Meeting,
    MemberRole,
    MembershipStatus,
    PersonRecord,
    Referral,
    ReferralPerson,
)
from frontdoor.names import display_name


def members_with_records(
    session: Session, family_id: int
) -> list[tuple[FamilyMember, list[PersonRecord]]]:
    """The family's current members, each with the records this family's readers may see."""
    return members.members_with_records(session, family_id)


def is_child_of(session: Session, family_id: int, person_id: int) -> bool:
    """The person is a current child member of the family (an action may name them)."""
    return (
        session.scalar(
            select(FamilyMember.person_id).where(
                FamilyMember.family_id == family_id,
                FamilyMember.person_id == person_id,
                FamilyMember.member_role == MemberRole.CHILD,
                FamilyMember.status == MembershipStatus.MEMBER,
            )
        )
        is not None
    )


def person_name(session: Session, person_id: int | None) -> str | None:
    """The person's name as their first record gives it (the child an action concerns)."""
    if person_id is None:
        return None
    row = session.execute(
        select(PersonRecord.given_name, PersonRecord.surname)
        .where(PersonRecord.person_id == person_id)
        .order_by(PersonRecord.id)
        .limit(1)
    ).first()
    return display_name(row[0], row[1]) if row is not None else None


def records_of_referrals(session: Session, referral_ids: list[int]) -> list[PersonRecord]:
    if not referral_ids:
        return []
    return list(
        session.scalars(
            select(PersonRecord)
            .join(ReferralPerson, ReferralPerson.person_record_id == PersonRecord.id)
            .where(ReferralPerson.referral_id.in_(referral_ids))
        )
    )


def earlier_items(session: Session, family_id: int, before: date) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .options(joinedload(AgendaItem.meeting))
            .where(AgendaItem.family_id == family_id, Meeting.meeting_date < before)
            .order_by(Meeting.meeting_date.desc())
        )
    )


def marac_flags(session: Session, family_id: int) -> list[date]:
    return list(
        session.scalars(
            select(Meeting.meeting_date)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .join(AgendaItemState, AgendaItemState.agenda_item_id == AgendaItem.id)
            .where(AgendaItem.family_id == family_id, AgendaItemState.marac_flagged.is_(True))
            .order_by(Meeting.meeting_date.desc())
        )
    )


def open_actions(session: Session, family_id: int) -> list[Action]:
    """The family's open actions, those of families merged into it included (a closed
    meeting's actions stay on the merged-away family: identity_dao.families_merged_into)."""
    families = identity_dao.families_merged_into(session, family_id)
    return list(
        session.scalars(
            select(Action)
            .options(joinedload(Action.lead_agency))
            .where(Action.family_id.in_(families), Action.status == ActionStatus.OPEN)
            .order_by(Action.due_on)
        )
    )


def involvements(session: Session, family_id: int, person_ids: list[int]) -> list[Involvement]:
    who = [Involvement.family_id == family_id]
    if person_ids:
        who.append(Involvement.person_id.in_(person_ids))
    return list(
        session.scalars(
            select(Involvement)
            .options(joinedload(Involvement.agency))
            .where(or_(*who), Involvement.ended_on.is_(None))
            .order_by(Involvement.is_lead.desc(), Involvement.since)
        )
    )


def referral_roles(
    session: Session, family_id: int, members: list[FamilyMember]
) -> dict[int, set[str]]:
    """person_id -> the roles this family's referrals gave them (victim, perpetrator, child,
    other). Another family's referrals are not read: their roles are that case's business."""
    person_ids = [m.person_id for m in members]
    if not person_ids:
        return {}
    roles: dict[int, set[str]] = {}
    for person_id, role in session.execute(
        select(PersonRecord.person_id, ReferralPerson.role)
        .join(ReferralPerson, ReferralPerson.person_record_id == PersonRecord.id)
        .join(Referral, Referral.id == ReferralPerson.referral_id)
        .where(PersonRecord.person_id.in_(person_ids), Referral.family_id == family_id)
        .distinct()
    ):
        if person_id is not None:
            roles.setdefault(person_id, set()).add(role.value)
    return roles
