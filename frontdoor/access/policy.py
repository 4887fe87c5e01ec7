"""Who may open which family or person record, and on what basis.

A coordinator runs the hub and may open any family. Partners, agency workers and managers may
open a record only through a legitimate relationship: a meeting they attend or are invited to
that has the family on its agenda, an action their agency leads, an involvement of their agency,
a referral their agency sent, or an unexpired self-claimed access. Administrators manage accounts
and see no records.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ..models import (
    Action,
    AgendaItem,
    Attendance,
    FamilyMember,
    Involvement,
    MembershipStatus,
    PersonRecord,
    Referral,
    Role,
    SelfClaimedAccess,
    User,
    utcnow,
)

# Roles whose holders may open a record through a relationship of theirs or their agency's.
RELATIONSHIP_ROLES = frozenset({Role.COORDINATOR, Role.PARTNER, Role.AGENCY_WORKER, Role.MANAGER})
# Roles whose holders may open any family because of the job itself.
ALL_FAMILIES_ROLES = frozenset({Role.COORDINATOR})
# Every role that opens case data: by itself (every family), or through a relationship or a
# self-claim. Granting one takes two administrators (frontdoor.accounts.grants).
CASE_DATA_ROLES = ALL_FAMILIES_ROLES | RELATIONSHIP_ROLES


class Basis(enum.StrEnum):
    ROLE = "role"
    MEETING = "meeting"
    ACTION = "action"
    INVOLVEMENT = "involvement"
    REFERRAL = "referral"
    OWN_RECORD = "own_record"
    FAMILY = "family"
    SELF_CLAIMED = "self_claimed"


@dataclass(frozen=True)
class AccessDecision:
    basis: Basis | None

    @property
    def allowed(self) -> bool:
        return self.basis is not None

    def __bool__(self) -> bool:
        return self.allowed


REFUSED = AccessDecision(None)


def family_access(
    session: Session, user: User, family_id: int, now: datetime | None = None
) -> AccessDecision:
    if user.has_role(*ALL_FAMILIES_ROLES):
        return AccessDecision(Basis.ROLE)
    if not user.has_role(*RELATIONSHIP_ROLES):
        return REFUSED
    for basis, condition in _family_relationships(user, family_id, now or utcnow()):
        if session.scalar(select(condition)):
            return AccessDecision(basis)
    return REFUSED


def can_view_family(session: Session, user: User, family_id: int) -> bool:
    return family_access(session, user, family_id).allowed


def _family_relationships(
    user: User, family_id: int, now: datetime
) -> list[tuple[Basis, ColumnElement[bool]]]:
    members = select(FamilyMember.person_id).where(
        FamilyMember.family_id == family_id, FamilyMember.status == MembershipStatus.MEMBER
    )
    return [
        (
            Basis.MEETING,
            exists().where(
                Attendance.user_id == user.id,
                Attendance.invited.is_(True),
                AgendaItem.meeting_id == Attendance.meeting_id,
                AgendaItem.family_id == family_id,
            ),
        ),
        (
            Basis.ACTION,
            exists().where(Action.family_id == family_id, Action.lead_agency_id == user.agency_id),
        ),
        (
            Basis.INVOLVEMENT,
            exists().where(
                Involvement.agency_id == user.agency_id,
                Involvement.ended_on.is_(None),
                (Involvement.family_id == family_id) | Involvement.person_id.in_(members),
            ),
        ),
        (
            Basis.REFERRAL,
            exists().where(Referral.agency_id == user.agency_id, Referral.family_id == family_id),
        ),
        (
            Basis.SELF_CLAIMED,
            exists().where(
                SelfClaimedAccess.user_id == user.id,
                SelfClaimedAccess.family_id == family_id,
                SelfClaimedAccess.expires_at > now,
            ),
        ),
    ]


def person_access(
    session: Session, user: User, person_id: int, now: datetime | None = None
) -> AccessDecision:
    if user.has_role(*ALL_FAMILIES_ROLES):
        return AccessDecision(Basis.ROLE)
    if not user.has_role(*RELATIONSHIP_ROLES):
        return REFUSED
    now = now or utcnow()
    for basis, condition in _person_relationships(user, person_id, now):
        if session.scalar(select(condition)):
            return AccessDecision(basis)
    families = session.scalars(
        select(FamilyMember.family_id).where(FamilyMember.person_id == person_id)
    )
    if any(family_access(session, user, family_id, now) for family_id in families):
        return AccessDecision(Basis.FAMILY)
    return REFUSED


def can_view_person(session: Session, user: User, person_id: int) -> bool:
    return person_access(session, user, person_id).allowed


def _person_relationships(
    user: User, person_id: int, now: datetime
) -> list[tuple[Basis, ColumnElement[bool]]]:
    return [
        (
            Basis.OWN_RECORD,
            exists().where(
                PersonRecord.person_id == person_id, PersonRecord.agency_id == user.agency_id
            ),
        ),
        (
            Basis.INVOLVEMENT,
            exists().where(
                Involvement.agency_id == user.agency_id,
                Involvement.ended_on.is_(None),
                Involvement.person_id == person_id,
            ),
        ),
        (
            Basis.SELF_CLAIMED,
            exists().where(
                SelfClaimedAccess.user_id == user.id,
                SelfClaimedAccess.person_id == person_id,
                SelfClaimedAccess.expires_at > now,
            ),
        ),
    ]
