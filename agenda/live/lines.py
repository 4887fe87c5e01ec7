"""Each family's distinguishing line on the live agenda: the victim's name and age, the area,
the highest new risk, how many children, and the section. Computed in a handful of batched
queries for the whole agenda.

A family with a withheld address shows no area at all (a refuge's district is itself a clue).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from frontdoor.models import (
    AgendaItem,
    DashRisk,
    FamilyMember,
    MemberRole,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
)
from frontdoor.names import display_name

from .. import dao
from ..facts import months_between
from ..family_names import person_names
from ..ordering import SECTIONS, describe_age

RISK_ORDER = {DashRisk.HIGH: 3, DashRisk.MEDIUM: 2, DashRisk.STANDARD: 1}


@dataclass(frozen=True)
class ItemLine:
    victim: str
    victim_age: str
    area: str
    risk: str
    children: int
    section: str
    section_title: str

    def as_dict(self) -> dict[str, object]:
        return {
            "victim": self.victim,
            "victim_age": self.victim_age,
            "area": self.area,
            "risk": self.risk,
            "children": self.children,
            "section": self.section,
            "section_title": self.section_title,
        }


def lines_for(session: Session, items: Sequence[AgendaItem], day: date) -> dict[int, ItemLine]:
    ids = [i.id for i in items]
    states = dao.states_of(session, ids)
    referrals: dict[int, list[Referral]] = {}
    for source in dao.sources_of_items(session, ids):
        referrals.setdefault(source.agenda_item_id or 0, []).append(source.referral)
    people = _people_of(session, [r.id for rs in referrals.values() for r in rs])
    family_ids = [i.family_id for i in items]
    children = _children(session, family_ids)
    withheld = _withheld_families(session, family_ids)
    known = _family_victims(session, family_ids)  # for items with no new incident
    lines, chosen = {}, {}
    for item in items:
        own = referrals.get(item.id, [])
        state = states.get(item.id)
        section = state.section.value if state else ""
        victims = [p for r in own for p in people.get(r.id, []) if p.role == ReferralRole.VICTIM]
        victims = victims or known.get(item.family_id, [])
        named_children = {
            p.person_record_id
            for r in own
            for p in people.get(r.id, [])
            if p.role == ReferralRole.CHILD
        }
        chosen[item.id] = victims[-1].person_record if victims else None
        lines[item.id] = ItemLine(
            victim=_victim_name(victims),
            victim_age=_age(victims, day),
            area="" if item.family_id in withheld or _any_withheld(own, people) else _area(own),
            risk=_risk(own),
            children=max(children.get(item.family_id, 0), len(named_children)),
            section=section,
            section_title=SECTIONS[section].title if section in SECTIONS else "",
        )
    return _best_names(session, lines, chosen)


def _best_names(
    session: Session, lines: dict[int, ItemLine], chosen: dict[int, PersonRecord | None]
) -> dict[int, ItemLine]:
    """Each victim as their best record spells them (the one display form of names)."""
    names = person_names(session, [r.person_id for r in chosen.values() if r and r.person_id])
    for item_id, record in chosen.items():
        if record is not None and record.person_id in names:
            lines[item_id] = replace(lines[item_id], victim=names[record.person_id])
    return lines


def _people_of(session: Session, referral_ids: list[int]) -> dict[int, list[ReferralPerson]]:
    if not referral_ids:
        return {}
    found: dict[int, list[ReferralPerson]] = {}
    for row in session.scalars(
        select(ReferralPerson)
        .options(joinedload(ReferralPerson.person_record))
        .where(ReferralPerson.referral_id.in_(referral_ids))
        .order_by(ReferralPerson.id)
    ):
        found.setdefault(row.referral_id, []).append(row)
    return found


def _family_victims(session: Session, family_ids: list[int]) -> dict[int, list[ReferralPerson]]:
    """The family's victim as its latest referral names them."""
    if not family_ids:
        return {}
    found: dict[int, list[ReferralPerson]] = {}
    rows = session.execute(
        select(FamilyMember.family_id, ReferralPerson)
        .join(PersonRecord, PersonRecord.person_id == FamilyMember.person_id)
        .join(ReferralPerson, ReferralPerson.person_record_id == PersonRecord.id)
        .options(joinedload(ReferralPerson.person_record))
        .where(FamilyMember.family_id.in_(family_ids), ReferralPerson.role == ReferralRole.VICTIM)
        .order_by(ReferralPerson.id)
    )
    for family_id, person in rows:
        found[family_id] = [person]  # the latest wins
    return found


def _children(session: Session, family_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    if not family_ids:
        return counts
    for family_id in session.scalars(
        select(FamilyMember.family_id).where(
            FamilyMember.family_id.in_(family_ids), FamilyMember.member_role == MemberRole.CHILD
        )
    ):
        counts[family_id] = counts.get(family_id, 0) + 1
    return counts


def _withheld_families(session: Session, family_ids: list[int]) -> set[int]:
    if not family_ids:
        return set()
    return set(
        session.scalars(
            select(FamilyMember.family_id)
            .join(PersonRecord, PersonRecord.person_id == FamilyMember.person_id)
            .where(FamilyMember.family_id.in_(family_ids), PersonRecord.address_withheld)
        )
    )


def _any_withheld(referrals: list[Referral], people: dict[int, list[ReferralPerson]]) -> bool:
    return any(p.person_record.address_withheld for r in referrals for p in people.get(r.id, []))


def _victim_name(victims: list[ReferralPerson]) -> str:
    if not victims:
        return ""
    record = victims[-1].person_record
    return display_name(record.given_name, record.surname)


def _age(victims: list[ReferralPerson], day: date) -> str:
    born = next(
        (p.person_record.date_of_birth for p in victims if p.person_record.date_of_birth), None
    )
    return describe_age(months_between(born, day)) if born else ""


def _area(referrals: list[Referral]) -> str:
    """The postcode district ("LS9") of the latest incident: enough to tell families apart."""
    for referral in reversed(referrals):
        if referral.location_postcode:
            compact = "".join(referral.location_postcode.split()).upper()
            return compact[:-3] if len(compact) > 4 else compact
    return ""


def _risk(referrals: list[Referral]) -> str:
    ranked = [r.dash_risk for r in referrals if r.dash_risk in RISK_ORDER]
    return max(ranked, key=lambda risk: RISK_ORDER[risk]).value if ranked else ""
