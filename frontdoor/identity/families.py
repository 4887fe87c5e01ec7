"""Families: one case per victim, with the people named on its referrals.

A referral joins the family in which its victim is already the victim (a child-only referral:
the family in which the child is a member), else a new family. Never through anyone else: a
perpetrator named in two victims' cases belongs to both, and the cases are *linked*
(`identity.linked_cases`), never merged. Two existing families are never merged
automatically. People recorded at the victim's or a child's address are *proposed* to the
coordinator (with the date they were recorded there), never added. Referral.family_id is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from ..models import (
    Family,
    FamilyMember,
    MemberRole,
    MembershipStatus,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
    ResolutionStatus,
)
from . import dao, engine, index_dao

ADULT_AGE = 18
# More people than this at one address is not one household (a hostel, a block with no flat
# numbers, years of tenants): nobody is proposed from it.
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
    rows = dao.membership_rows(session, family.id)
    on_date = (referral.incident_at or referral.received_at).date()
    for person_id, entry in named:
        row = rows.get(person_id)
        if row is not None:
            _named_again(row, entry.role)
            continue
        rows[person_id] = FamilyMember(
            family_id=family.id,
            person_id=person_id,
            member_role=member_role(entry.role, entry.person_record.date_of_birth, on_date),
            relationship_label=str(entry.role),
            named_as=str(entry.role),
            status=MembershipStatus.MEMBER,
            started_on=on_date,
        )
        session.add(rows[person_id])
    _propose_households(session, family.id, _household_anchors(named), set(rows), on_date)
    referral.family_id = family.id
    session.flush()
    return family


def _named_again(row: FamilyMember, role: ReferralRole) -> None:
    """Someone proposed (or dismissed) who is now named on one of the family's referrals is a
    member: the referral says so."""
    if row.status != MembershipStatus.MEMBER:
        row.status = MembershipStatus.MEMBER
        row.named_as = str(role)


def _household_anchors(named: Named) -> Named:
    """Whose address finds the household: the victim's and the children's, never the
    perpetrator's (his address may be a former partner's home)."""
    return [
        (person_id, entry)
        for person_id, entry in named
        if entry.role in (ReferralRole.VICTIM, ReferralRole.CHILD)
    ]


def _propose_households(
    session: Session, family_id: int, anchors: Named, present: set[int], on_date: date
) -> None:
    """Propose the other people recorded at a victim's or child's (not withheld) address, with
    the date they were last recorded there. The coordinator confirms or dismisses them."""
    keys = [_household_key(entry.person_record) for _person_id, entry in anchors]
    holders = index_dao.household_holders(session, [k for k in keys if k], MAX_HOUSEHOLD)
    everyone = {person for people in holders.values() if people for person in people}
    effective = dao.effective_person_ids(session, everyone) if everyone else {}
    births = dao.birth_dates(session, set(effective.values())) if everyone else {}
    for key in keys:
        people = holders.get(key) if key else None
        for person, recorded in sorted((people or {}).items()):
            person_id = effective[person]
            if person_id in present:
                continue
            present.add(person_id)
            session.add(
                FamilyMember(
                    family_id=family_id,
                    person_id=person_id,
                    member_role=member_role(ReferralRole.OTHER, births.get(person_id), on_date),
                    relationship_label=HOUSEHOLD_LABEL,
                    named_as=HOUSEHOLD_LABEL,
                    status=MembershipStatus.PROPOSED,
                    recorded_there_on=recorded,
                )
            )


def _household_key(record: PersonRecord) -> str | None:
    return engine.household_key(engine.prepare_record(record), record.address_withheld)


def _family_for(session: Session, referral: Referral, named: Named) -> Family:
    if referral.family_id is not None:
        existing = dao.family(session, referral.family_id)
        if existing is not None:
            return existing
    victims = [pid for pid, entry in named if entry.role == ReferralRole.VICTIM]
    children = [pid for pid, entry in named if entry.role == ReferralRole.CHILD]
    if victims:
        found = dao.case_family_of(session, victims, as_victim=True)
    elif children:
        found = dao.case_family_of(session, children, as_victim=False)
    else:
        found = None  # no victim and no child: its own case, never joined through anyone else
    if found is not None:
        return found
    family = Family(label=_label(named))
    session.add(family)
    session.flush()
    return family


def _label(named: Named) -> str | None:
    order = {ReferralRole.VICTIM: 0, ReferralRole.CHILD: 1}
    for _person_id, entry in sorted(named, key=lambda item: order.get(item[1].role, 2)):
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
