"""The coordinator's "add a family to the agenda" search: only families that match, each with
its members (names, roles, ages) and addresses so two families of one surname are told apart,
and whether it is already on the meeting's agenda.

Matching: a family number matches exactly; otherwise EVERY word of the query must begin a
word of the family's label or begin the given name or surname of ONE of its members ("Jo
Smith" finds the family where Jo Smith is a member, not every Smith and every Jo). Families
merged into another are not offered (their members moved with the merge).

Addresses follow the family page's rule (agenda/family.py): if any member's address is
withheld, no address of the family is shown at all; the rest pass through the one withheld
guard (frontdoor/access/withheld.py), which knows every withheld detail in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from frontdoor.access.withheld import scrub_text
from frontdoor.models import PersonRecord
from frontdoor.names import family_label

from . import dao
from .family import MemberView, household

LIMIT = 20


@dataclass(frozen=True)
class FamilyMatch:
    family_id: int
    label: str
    members: list[MemberView]
    addresses: list[str]
    address_withheld: bool
    on_agenda: bool


def search(session: Session, text: str, day: date, on_agenda: set[int]) -> list[FamilyMatch]:
    """Families matching `text`, described as on `day`; `on_agenda`: the family ids already
    pending on that day's agenda."""
    matches = []
    for family in dao.search_families(session, text, LIMIT):
        home = household(session, family.id, day)
        withheld = home.address_withheld
        matches.append(
            FamilyMatch(
                family.id,
                family_label(family.label, family.id),
                home.members,
                [] if withheld else _addresses(session, home.records),
                withheld,
                family.id in on_agenda,
            )
        )
    return matches


def _addresses(session: Session, records: list[PersonRecord]) -> list[str]:
    seen: dict[str, str] = {}
    for record in records:
        text = ", ".join(p for p in (record.address, record.postcode) if p)
        if text:
            seen.setdefault(" ".join(text.lower().split()), scrub_text(session, text))
    return list(seen.values())
