"""Families and people named in the one display form (`frontdoor.names`), in batched queries:
a person by their best record; a family by its label and its victim ("Smith family (Amy
Smith)"), as notifications, action lists and the agenda name them.

Callers decide whether the reader may see the family at all; these only spell the names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdoor.models import Family, FamilyMember, PersonRecord, ReferralPerson, ReferralRole
from frontdoor.names import best_name, family_label


@dataclass(frozen=True)
class FamilyName:
    label: str  # "Smith family"
    victim: str  # "Amy Smith", or "" when no victim is named

    @property
    def text(self) -> str:
        return f"{self.label} ({self.victim})" if self.victim else self.label


def person_names(session: Session, person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's name as their best record spells it."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    records: dict[int, list[PersonRecord]] = {}
    for record in session.scalars(
        select(PersonRecord).where(PersonRecord.person_id.in_(ids)).order_by(PersonRecord.id)
    ):
        records.setdefault(record.person_id or 0, []).append(record)
    return {pid: best_name(records[pid]) for pid in ids if pid in records}


def family_names(session: Session, family_ids: Iterable[int]) -> dict[int, FamilyName]:
    """Each family's label and its victim (the person its latest referral names as victim)."""
    ids = sorted(set(family_ids))
    if not ids:
        return {}
    labels = dict(session.execute(select(Family.id, Family.label).where(Family.id.in_(ids))).all())
    victims: dict[int, int] = {}
    for family_id, person_id in session.execute(
        select(FamilyMember.family_id, FamilyMember.person_id)
        .join(PersonRecord, PersonRecord.person_id == FamilyMember.person_id)
        .join(ReferralPerson, ReferralPerson.person_record_id == PersonRecord.id)
        .where(FamilyMember.family_id.in_(ids), ReferralPerson.role == ReferralRole.VICTIM)
        .order_by(ReferralPerson.id)
    ):
        victims[family_id] = person_id  # the latest wins
    names = person_names(session, victims.values())
    return {
        fid: FamilyName(family_label(labels.get(fid), fid), names.get(victims.get(fid, 0), ""))
        for fid in ids
    }


def family_name(session: Session, family_id: int) -> FamilyName:
    return family_names(session, [family_id])[family_id]
