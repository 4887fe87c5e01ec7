"""Data access for identity resolution, review, merges, splits, families and look-ups."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from ..models import (
    AgendaItem,
    Family,
    FamilyMember,
    Involvement,
    ItemField,
    Meeting,
    MembershipStatus,
    Person,
    PersonChange,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
    ResolutionStatus,
    ReviewPair,
    ReviewStatus,
)

# The resolution job's statements are built once (expanding IN parameters): building a
# SELECT costs about 0.1 ms, a visible share of resolving one record at a million people.
_UNRESOLVED = (
    select(PersonRecord)
    .where(PersonRecord.resolution_status == ResolutionStatus.UNRESOLVED)
    .order_by(PersonRecord.id)
    .limit(bindparam("limit"))
)
_BIRTH_DATES = (
    select(PersonRecord.person_id, func.min(PersonRecord.date_of_birth))
    .where(PersonRecord.person_id.in_(bindparam("ids", expanding=True)))
    .group_by(PersonRecord.person_id)
)
_PEOPLE = select(Person).where(Person.id.in_(bindparam("ids", expanding=True)))
_FAMILIES_OF_EACH = (
    select(FamilyMember.person_id, FamilyMember.family_id)
    .where(FamilyMember.person_id.in_(bindparam("ids", expanding=True)))
    .distinct()
    .order_by(FamilyMember.family_id)
)
_MEMBER_IDS = select(FamilyMember.person_id).where(FamilyMember.family_id == bindparam("family"))


def unresolved_records(session: Session, limit: int) -> list[PersonRecord]:
    """The oldest `limit` UNRESOLVED records: the resolution queue's next batch."""
    return list(session.scalars(_UNRESOLVED, {"limit": limit}))


def record(session: Session, record_id: int) -> PersonRecord | None:
    return session.get(PersonRecord, record_id)


def records_of_person(session: Session, person_id: int) -> list[PersonRecord]:
    statement = (
        select(PersonRecord)
        .where(PersonRecord.person_id == person_id)
        .options(selectinload(PersonRecord.agency))
        .order_by(PersonRecord.id)
    )
    return list(session.scalars(statement))


def birth_dates(session: Session, person_ids: Iterable[int]) -> dict[int, date | None]:
    """A date of birth per person (the earliest recorded), None if none is recorded."""
    rows = session.execute(_BIRTH_DATES, {"ids": list(person_ids)})
    return {person: born for person, born in rows if person is not None}


def referrals_naming(session: Session, record_ids: Sequence[int]) -> list[Referral]:
    statement = (
        select(Referral)
        .join(ReferralPerson, ReferralPerson.referral_id == Referral.id)
        .where(ReferralPerson.person_record_id.in_(record_ids))
        # Each ReferralPerson's record is a many-to-one by primary key: the records being resolved
        # are already in the session, so reaching them issues no query (a third SELECT did).
        .options(selectinload(Referral.people))
        .order_by(Referral.id)
        .distinct()
    )
    return list(session.scalars(statement))


def move_records(session: Session, record_ids: Sequence[int], person_id: int) -> None:
    session.execute(
        update(PersonRecord).where(PersonRecord.id.in_(record_ids)).values(person_id=person_id)
    )


def person(session: Session, person_id: int) -> Person | None:
    return session.get(Person, person_id)


def effective_person_id(session: Session, person_id: int) -> int:
    """The person a (possibly merged) person now lives on, following merged_into links."""
    seen: set[int] = set()
    current = session.get(Person, person_id)
    while current is not None and current.merged_into_id and current.id not in seen:
        seen.add(current.id)
        current = session.get(Person, current.merged_into_id)
    return current.id if current else person_id


def effective_person_ids(session: Session, person_ids: Iterable[int]) -> dict[int, int]:
    """effective_person_id of each, the people (and any they were merged into) loaded in one
    query per level of merging instead of one query per person."""
    wanted = set(person_ids)
    loaded: set[int] = set()
    frontier = wanted
    while frontier:
        found = session.scalars(_PEOPLE, {"ids": list(frontier)}).all()
        loaded |= frontier
        frontier = {p.merged_into_id for p in found if p.merged_into_id} - loaded
    return {person_id: effective_person_id(session, person_id) for person_id in wanted}


def merged_into(session: Session, person_id: int) -> set[int]:
    """The person and everyone merged into it (directly or through others)."""
    found = {person_id}
    frontier = {person_id}
    while frontier:
        statement = select(Person.id).where(Person.merged_into_id.in_(frontier))
        frontier = set(session.scalars(statement)) - found
        found |= frontier
    return found


def families_merged_into(session: Session, family_id: int) -> set[int]:
    """The family and every family merged into it (directly or through others): what a merge
    could not move (closed meetings' items and actions, frozen with their minutes) is found
    through the merge record, `families.merged_into_id`. An undone merge clears it."""
    found = {family_id}
    frontier = {family_id}
    while frontier:
        statement = select(Family.id).where(Family.merged_into_id.in_(frontier))
        frontier = set(session.scalars(statement)) - found
        found |= frontier
    return found


def effective_family_id(session: Session, family_id: int) -> int:
    """The family a (possibly merged-away) family now lives on, following merged_into links."""
    seen: set[int] = set()
    current = session.get(Family, family_id)
    while current is not None and current.merged_into_id and current.id not in seen:
        seen.add(current.id)
        current = session.get(Family, current.merged_into_id)
    return current.id if current else family_id


def pending_review_pairs(session: Session) -> list[ReviewPair]:
    statement = (
        select(ReviewPair)
        .where(ReviewPair.status == ReviewStatus.PENDING)
        .options(selectinload(ReviewPair.person_record), selectinload(ReviewPair.candidate_record))
        .order_by(ReviewPair.created_at, ReviewPair.id)
    )
    return list(session.scalars(statement))


def review_pair(session: Session, pair_id: int) -> ReviewPair | None:
    return session.get(ReviewPair, pair_id)


def pending_pairs_of_record(session: Session, record_id: int) -> list[ReviewPair]:
    statement = select(ReviewPair).where(
        ReviewPair.person_record_id == record_id, ReviewPair.status == ReviewStatus.PENDING
    )
    return list(session.scalars(statement))


def pairs_of_record(session: Session, record_id: int) -> list[ReviewPair]:
    statement = select(ReviewPair).where(ReviewPair.person_record_id == record_id)
    return list(session.scalars(statement))


def changes_of_person(session: Session, person_id: int) -> list[PersonChange]:
    statement = (
        select(PersonChange)
        .where(
            or_(PersonChange.from_person_id == person_id, PersonChange.to_person_id == person_id)
        )
        .order_by(PersonChange.id.desc())
    )
    return list(session.scalars(statement))


def change(session: Session, change_id: int) -> PersonChange | None:
    return session.get(PersonChange, change_id)


def families_of(session: Session, person_ids: Iterable[int]) -> list[int]:
    statement = (
        select(FamilyMember.family_id)
        .where(FamilyMember.person_id.in_(list(person_ids)))
        .distinct()
        .order_by(FamilyMember.family_id)
    )
    return list(session.scalars(statement))


def families_of_each(session: Session, person_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each person's families (ids ascending), in one query: families_of per person."""
    found: dict[int, list[int]] = {}
    for person_id, family_id in session.execute(_FAMILIES_OF_EACH, {"ids": list(person_ids)}):
        found.setdefault(person_id, []).append(family_id)
    return found


def family(session: Session, family_id: int) -> Family | None:
    return session.get(Family, family_id)


def member_ids(session: Session, family_id: int) -> set[int]:
    return set(session.scalars(_MEMBER_IDS, {"family": family_id}))


def membership_rows(session: Session, family_id: int) -> dict[int, FamilyMember]:
    """Every membership row of a family (members, proposed, dismissed) by person."""
    rows = session.scalars(select(FamilyMember).where(FamilyMember.family_id == family_id))
    return {row.person_id: row for row in rows}


def case_family_of(
    session: Session, person_ids: Sequence[int], *, as_victim: bool
) -> Family | None:
    """The family in which one of these people is a current member: as its victim
    (`as_victim`), or as anyone but a perpetrator (a child's household). Lowest id first."""
    conditions = [
        FamilyMember.person_id.in_(list(person_ids)),
        FamilyMember.status == MembershipStatus.MEMBER,
        FamilyMember.ended_on.is_(None),
        Family.merged_into_id.is_(None),
    ]
    if as_victim:  # named as the victim, or a member from before the case model (None)
        conditions.append(
            or_(FamilyMember.named_as == ReferralRole.VICTIM.value, FamilyMember.named_as.is_(None))
        )
    else:
        conditions.append(
            or_(
                FamilyMember.named_as.is_(None),
                FamilyMember.named_as != ReferralRole.PERPETRATOR.value,
            )
        )
    statement = (
        select(Family)
        .join(FamilyMember, FamilyMember.family_id == Family.id)
        .where(*conditions)
        .order_by(Family.id)
        .limit(1)
    )
    return session.scalars(statement).first()


def open_involvements(
    session: Session, person_ids: Iterable[int], family_ids: Iterable[int]
) -> list[Involvement]:
    statement = (
        select(Involvement)
        .where(
            or_(
                Involvement.person_id.in_(list(person_ids)),
                Involvement.family_id.in_(list(family_ids)),
            ),
            Involvement.ended_on.is_(None),
        )
        .options(selectinload(Involvement.agency))
        .order_by(Involvement.is_lead.desc(), Involvement.since)
    )
    return list(session.scalars(statement))


def latest_contact_plan(session: Session, family_ids: Iterable[int]) -> tuple[str, str | None]:
    """The contact plan last agreed for any of these families, and its meeting's date."""
    row = session.execute(
        select(ItemField.value, Meeting.meeting_date)
        .join(AgendaItem, AgendaItem.id == ItemField.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            AgendaItem.family_id.in_(list(family_ids)),
            ItemField.name == "contact_plan",
            ItemField.value != "",
        )
        .order_by(Meeting.meeting_date.desc(), ItemField.updated_at.desc())
        .limit(1)
    ).first()
    return (row[0], row[1].isoformat()) if row else ("", None)
