"""Field-level rules: a withheld address and safe-contact details.

When any agency marks a person's address as withheld (e.g. a refuge), that person's address,
postcode and phone number are withheld on every record of theirs, from everyone, everywhere,
with one exception: a page shown to a user of the agency that recorded the detail itself.
Exports, minutes, search results, logs and Socket.IO payloads never carry them.

Call sites: present people with `present_person_records(...)`; pass any free text (notes,
minutes, narratives, live payloads, e-mail) through `scrub(...)` with `withheld_values(...)`,
which holds every withheld detail in the database (the guard: `frontdoor.access.withheld`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..models import PersonRecord, User
from .withheld import PROTECTED_FIELDS, WITHHELD, Guard, all_withheld


class Audience(enum.StrEnum):
    SCREEN = "screen"  # a page shown to one signed-in user
    EXPORT = "export"
    MINUTES = "minutes"
    SEARCH = "search"
    LOG = "log"
    SOCKET = "socket"


__all__ = ["PROTECTED_FIELDS", "WITHHELD", "Audience", "scrub", "withheld_values"]


@dataclass(frozen=True)
class PersonRecordView:
    """What a presenter may show of one person record."""

    id: int
    person_id: int | None
    agency_id: int
    given_name: str | None
    middle_name: str | None
    surname: str | None
    date_of_birth: date | None
    sex: str | None
    address: str | None
    postcode: str | None
    phone: str | None
    nhs_number: str | None
    pnc_id: str | None
    school: str | None
    details_withheld: bool

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date_of_birth"] = self.date_of_birth.isoformat() if self.date_of_birth else None
        return data


def withheld_person_ids(session: Session, person_ids: Iterable[int | None]) -> set[int]:
    wanted = {p for p in person_ids if p is not None}
    if not wanted:
        return set()
    query = select(PersonRecord.person_id).where(
        PersonRecord.person_id.in_(wanted), PersonRecord.address_withheld.is_(True)
    )
    return {p for p in session.scalars(query) if p is not None}


def redact_person_record(
    record: PersonRecord, *, viewer_agency_id: int | None, audience: Audience, withheld: bool
) -> PersonRecordView:
    """One record as this audience may see it. `withheld`: the person's details are withheld."""
    hide = (withheld or record.address_withheld) and not (
        audience is Audience.SCREEN and viewer_agency_id == record.agency_id
    )
    fields = {
        name: getattr(record, name)
        for name in PersonRecordView.__dataclass_fields__
        if name not in {"details_withheld"}
    }
    if hide:
        fields.update({name: WITHHELD for name in PROTECTED_FIELDS})
    return PersonRecordView(**fields, details_withheld=withheld or record.address_withheld)


def present_person_records(
    session: Session, records: Iterable[PersonRecord], viewer: User | None, audience: Audience
) -> list[PersonRecordView]:
    """The one presenter every page, export, minute, search result and payload uses."""
    records = list(records)
    withheld = withheld_person_ids(session, (r.person_id for r in records))
    viewer_agency_id = viewer.agency_id if viewer is not None else None
    return [
        redact_person_record(
            r,
            viewer_agency_id=viewer_agency_id,
            audience=audience,
            withheld=r.person_id in withheld,
        )
        for r in records
    ]


def withheld_values(session: Session, family_id: int | None = None) -> frozenset[str]:
    """Every withheld address, postcode and phone number a reader may not see: of EVERY
    family, not only this one (a refuge address typed about the perpetrator's family is as
    dangerous as one typed about the victim's). `family_id` is kept for the call sites."""
    return all_withheld(session)


def withheld_values_of(session: Session, family_ids: Select[Any] | None = None) -> frozenset[str]:
    """As `withheld_values`: every withheld detail in the database, whatever the families."""
    return all_withheld(session)


@lru_cache(maxsize=8)
def _guard(details: frozenset[str]) -> Guard:
    return Guard.of(details)


def scrub(value: Any, withheld: Iterable[str]) -> Any:
    """Replace any withheld detail (normalised forms and pieces of more than 3 characters, see
    `frontdoor.access.withheld`) in text, or in the strings of a JSON-like payload."""
    return _guard(frozenset(withheld)).scrub(value)


def withheld_spans(text: str, withheld: Iterable[str]) -> list[tuple[int, int]]:
    """Where withheld details appear in a text: sorted, non-overlapping (start, end) spans, for
    redacting a text that cannot simply be replaced (a collaborative document)."""
    return _guard(frozenset(withheld)).spans(text)
