"""Linked cases: a perpetrator named in several victims' cases links them, never merges them.

Each family shows, per perpetrator, how many *other* cases name him as the perpetrator and the
dates those cases were at a meeting — counts and dates only: no name, address or detail of
another victim's case ever leaves this module. `serial_perpetrator_families` is the flag the
MARAC criteria use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import AgendaItem, Family, FamilyMember, Meeting, MembershipStatus, ReferralRole
from . import dao

PERPETRATOR = ReferralRole.PERPETRATOR.value


@dataclass(frozen=True)
class LinkedCases:
    """One perpetrator of this family, and the other cases that name him as perpetrator."""

    person_id: int
    other_cases: int
    meeting_dates: tuple[date, ...]  # the other cases' meeting dates, newest first

    @property
    def last_meeting(self) -> date | None:
        return self.meeting_dates[0] if self.meeting_dates else None

    def describe(self, today: date) -> str:
        cases = "case" if self.other_cases == 1 else "cases"
        text = f"Also named as the perpetrator in {self.other_cases} other {cases}"
        if self.last_meeting is None:
            return f"{text}, not yet discussed at a meeting."
        return f"{text}, last discussed {ago(self.last_meeting, today)}."


def ago(then: date, today: date) -> str:
    days = (today - then).days
    if days <= 0:
        return "today"
    if days < 14:
        return "yesterday" if days == 1 else f"{days} days ago"
    if days < 62:
        return f"{days // 7} weeks ago"
    months = days // 30
    return f"{months} months ago" if months < 24 else f"{days // 365} years ago"


def _perpetrators(session: Session, family_ids: Iterable[int]) -> dict[int, set[int]]:
    rows = session.execute(
        select(FamilyMember.family_id, FamilyMember.person_id).where(
            FamilyMember.family_id.in_(list(family_ids)),
            FamilyMember.named_as == PERPETRATOR,
            FamilyMember.status == MembershipStatus.MEMBER,
        )
    )
    found: dict[int, set[int]] = {}
    for family_id, person_id in rows:
        found.setdefault(family_id, set()).add(person_id)
    return found


def _cases_naming(session: Session, identities: set[int]) -> set[int]:
    """Families (not merged away) naming any of these person ids as their perpetrator."""
    statement = (
        select(FamilyMember.family_id)
        .join(Family, Family.id == FamilyMember.family_id)
        .where(
            FamilyMember.person_id.in_(identities),
            FamilyMember.named_as == PERPETRATOR,
            FamilyMember.status == MembershipStatus.MEMBER,
            Family.merged_into_id.is_(None),
        )
        .distinct()
    )
    return set(session.scalars(statement))


def _meeting_dates(session: Session, family_ids: set[int]) -> tuple[date, ...]:
    if not family_ids:
        return ()
    statement = (
        select(AgendaItem.family_id, func.max(Meeting.meeting_date))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.family_id.in_(family_ids))
        .group_by(AgendaItem.family_id)
    )
    return tuple(sorted((day for _family, day in session.execute(statement)), reverse=True))


def linked_cases(session: Session, family_id: int) -> list[LinkedCases]:
    """For each perpetrator of the family who is named as perpetrator in other cases."""
    found = []
    for person_id in sorted(_perpetrators(session, [family_id]).get(family_id, set())):
        identity = dao.effective_person_id(session, person_id)
        others = _cases_naming(session, dao.merged_into(session, identity)) - {family_id}
        if others:
            found.append(LinkedCases(person_id, len(others), _meeting_dates(session, others)))
    return found


def serial_perpetrator_families(session: Session, family_ids: Iterable[int]) -> set[int]:
    """Of these families, those whose perpetrator is named as perpetrator in another case
    (the serial-perpetrator flag; the MARAC criteria engine reads it)."""
    flagged = set()
    for family_id, people in _perpetrators(session, family_ids).items():
        for person_id in people:
            identity = dao.effective_person_id(session, person_id)
            if _cases_naming(session, dao.merged_into(session, identity)) - {family_id}:
                flagged.add(family_id)
                break
    return flagged


def is_serial_perpetrator_case(session: Session, family_id: int) -> bool:
    return family_id in serial_perpetrator_families(session, [family_id])
