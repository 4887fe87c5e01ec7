"""Families: the people named together on a referral, with their roles.

A referral's people join the family one of them already belongs to (the victim's first),
or a new family; two existing families are never merged automatically — the referral joins
one and the coordinator sees the others through the people. Referral.family_id is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from ..models import (
    Family,
    FamilyMember,
    MemberRole,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
    ResolutionStatus,
)
from . import dao, engine, index_dao

ADULT_AGE = 18
# More people than this at one address is not one household (a hostel, a block with no flat
# numbers, years of tenants): nobody is added from it.
MAX_HOUSEHOLD = 8
HOUSEHOLD_LABEL = "household"
Named = list[tuple[int, ReferralPerson]]  # (effective person id, how the referral names them)


def form_families(session: Session, record_ids: Sequence[int]) -> int:
    """Form the family of every referral naming these records once all its people are resolved."""
    formed = 0
    for referral in dao.referrals_naming(session, record_ids):
        records = [named.person_record for named in referral.people]
        if all(_resolved(record) for record in records):
            form_family(session, referral)
            formed += 1
    return formed


def _resolved(record: PersonRecord) -> bool:
    return record.person_id is not None and record.resolution_status != ResolutionStatus.UNRESOLVED


def form_family(session: Session, referral: Referral) -> Family:
    effective = dao.effective_person_ids(
        session, [entry.person_record.person_id or 0 for entry in referral.people]
    )
    named: Named = [
        (effective[entry.person_record.person_id or 0], entry) for entry in referral.people
    ]
    family = _family_for(session, referral, named)
    present = dao.member_ids(session, family.id)
    on_date = (referral.incident_at or referral.received_at).date()
    for person_id, entry in named:
        if person_id in present:
            continue
        present.add(person_id)
        session.add(
            FamilyMember(
                family_id=family.id,
                person_id=person_id,
                member_role=member_role(entry.role, entry.person_record.date_of_birth, on_date),
                relationship_label=str(entry.role),
            )
        )
    _add_households(session, family.id, named, present, on_date)
    referral.family_id = family.id
    session.flush()
    return family


def _add_households(
    session: Session, family_id: int, named: Named, present: set[int], on_date: date
) -> None:
    """Add the other people recorded at a named person's (not withheld) address.

    The addresses' holders, whom they now are (after merges) and their dates of birth are read
    in one query each for all the named people, then applied person by person in order."""
    keys = [_household_key(entry.person_record) for _person_id, entry in named]
    holders = index_dao.people_holding_keys(session, [k for k in keys if k], MAX_HOUSEHOLD)
    everyone = {person for people in holders.values() if people for person in people}
    effective = dao.effective_person_ids(session, everyone) if everyone else {}
    births = dao.birth_dates(session, set(effective.values())) if everyone else {}
    for key in keys:
        people = holders.get(key) if key else None
        if not people:
            continue
        residents = {effective[person] for person in people} - present
        for person_id in sorted(residents):
            present.add(person_id)
            role = member_role(ReferralRole.OTHER, births.get(person_id), on_date)
            session.add(
                FamilyMember(
                    family_id=family_id,
                    person_id=person_id,
                    member_role=role,
                    relationship_label=HOUSEHOLD_LABEL,
                )
            )


def _household_key(record: PersonRecord) -> str | None:
    return engine.household_key(engine.prepare_record(record), record.address_withheld)


def _family_for(session: Session, referral: Referral, named: Named) -> Family:
    if referral.family_id is not None:
        existing = dao.family(session, referral.family_id)
        if existing is not None:
            return existing
    victims_first = sorted(named, key=lambda item: item[1].role != ReferralRole.VICTIM)
    memberships = dao.families_of_each(session, [person_id for person_id, _ in victims_first])
    for person_id, _entry in victims_first:
        family_ids = memberships.get(person_id)
        if family_ids:
            found = dao.family(session, family_ids[0])
            if found is not None:
                return found
    family = Family(label=_label(victims_first))
    session.add(family)
    session.flush()
    return family


def _label(named: Named) -> str | None:
    for _person_id, entry in named:
        if entry.person_record.surname:
            return f"{entry.person_record.surname} family"[:200]
    return None


def member_role(role: ReferralRole, date_of_birth: date | None, on_date: date) -> MemberRole:
    """A child if named as one or under 18 on the day; otherwise an adult."""
    if role == ReferralRole.CHILD:
        return MemberRole.CHILD
    if date_of_birth is not None and _age(date_of_birth, on_date) < ADULT_AGE:
        return MemberRole.CHILD
    return MemberRole.ADULT


def _age(born: date, on_date: date) -> int:
    return on_date.year - born.year - ((on_date.month, on_date.day) < (born.month, born.day))
