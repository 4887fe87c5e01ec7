"""Field-level rules: a withheld address and safe-contact details.

When any agency marks a person's address as withheld (e.g. a refuge), that person's address,
postcode and phone number are withheld on every record of theirs, from everyone, everywhere,
with one exception: a page shown to a user of the agency that recorded the detail itself.
Exports, minutes, search results, logs and Socket.IO payloads never carry them.

Call sites: present people with `present_person_records(...)`; pass any free text written
about a family (notes, minutes, narratives, live payloads) through `scrub(...)` with the
family's `withheld_values(...)`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, literal, select
from sqlalchemy.orm import Session

from ..models import FamilyMember, PersonRecord, User


class Audience(enum.StrEnum):
    SCREEN = "screen"  # a page shown to one signed-in user
    EXPORT = "export"
    MINUTES = "minutes"
    SEARCH = "search"
    LOG = "log"
    SOCKET = "socket"


PROTECTED_FIELDS = ("address", "postcode", "phone")
WITHHELD = "Withheld"


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


def withheld_values(session: Session, family_id: int) -> set[str]:
    """Every withheld address, postcode and phone number of a family's members."""
    return withheld_values_of(session, select(literal(family_id)))


def withheld_values_of(session: Session, family_ids: Select[Any]) -> set[str]:
    """Every withheld detail of the members of these families (a query of family ids, e.g.
    the families on a meeting's agenda): one query, and none more when none is withheld."""
    members = select(FamilyMember.person_id).where(FamilyMember.family_id.in_(family_ids))
    withheld = select(PersonRecord.person_id).where(
        PersonRecord.person_id.in_(members), PersonRecord.address_withheld.is_(True)
    )
    records = session.scalars(select(PersonRecord).where(PersonRecord.person_id.in_(withheld)))
    return {
        value
        for r in records
        for value in (getattr(r, name) for name in PROTECTED_FIELDS)
        if value and len(value.strip()) >= 4
    }


def _pattern(value: str) -> re.Pattern[str]:
    """Match a value however it is spaced or cased ("LS1 4AB" ~ "ls14ab")."""
    letters = [re.escape(ch) for ch in value if not ch.isspace() and ch not in ",."]
    return re.compile(r"[\s,.]*".join(letters), re.IGNORECASE)


def scrub(value: Any, withheld: Iterable[str]) -> Any:
    """Replace any withheld detail in text, or in the strings of a JSON-like payload."""
    patterns = [_pattern(v) for v in sorted(withheld, key=len, reverse=True)]
    return _scrub(value, patterns) if patterns else value


def withheld_spans(text: str, withheld: Iterable[str]) -> list[tuple[int, int]]:
    """Where withheld details appear in a text: sorted, non-overlapping (start, end) spans, for
    redacting a text that cannot simply be replaced (a collaborative document)."""
    spans = sorted(
        (m.start(), m.end())
        for value in withheld
        for m in _pattern(value).finditer(text)
        if m.end() > m.start()
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _scrub(value: Any, patterns: list[re.Pattern[str]]) -> Any:
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(WITHHELD, value)
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, patterns) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v, patterns) for v in value]
    return value
