"""Partners' preparation: per family, what their agency knows (fact or opinion) and what it
will not share, and why (the SafeLives research form's distinction)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from frontdoor.access.policy import family_access
from frontdoor.access.withheld import guard_for
from frontdoor.audit import service as audit
from frontdoor.db import transaction
from frontdoor.identity import involvements
from frontdoor.models import (
    Agency,
    MeetingStatus,
    PartnerPreparation,
    PreparationKind,
    Role,
    User,
)

from . import dao

KIND_LABELS = {
    PreparationKind.FACT: "Fact",
    PreparationKind.OPINION: "Opinion",
    PreparationKind.NOT_SHARED: "Not shared",
}


class PreparationError(Exception):
    pass


@dataclass(frozen=True)
class PreparedBy:
    agency: str
    authors: list[str]
    counts: dict[str, int]

    def describe(self) -> str:
        parts = [f"{n} {KIND_LABELS[PreparationKind(k)].lower()}" for k, n in self.counts.items()]
        return f"{self.agency} ({', '.join(parts)})"


def record(
    item_id: int, author: User, kind: PreparationKind, text: str, withheld_reason: str = ""
) -> PartnerPreparation:
    text, withheld_reason = text.strip(), withheld_reason.strip()
    if not text:
        raise PreparationError("Enter what your agency knows, or what it is not sharing.")
    if kind == PreparationKind.NOT_SHARED and not withheld_reason:
        raise PreparationError("Say why your agency is not sharing this.")
    with transaction() as tx:
        item = dao.item_by_id(tx, item_id)
        if item is None:
            raise PreparationError("There is no such agenda item.")
        if not family_access(tx, author, item.family_id):
            raise PreparationError("Your agency has no relationship with this family.")
        if item.meeting.status == MeetingStatus.CLOSED:
            raise PreparationError("The meeting is closed: its record cannot change.")
        entry = PartnerPreparation(
            agenda_item_id=item.id,
            agency_id=author.agency_id,
            author_id=author.id,
            kind=kind,
            text=text,
            withheld_reason=withheld_reason if kind == PreparationKind.NOT_SHARED else None,
        )
        tx.add(entry)
        tx.flush()
        audit.record(
            tx,
            "agenda.preparation_recorded",
            object_type="partner_preparation",
            object_id=entry.id,
            purpose="meeting preparation",
            agenda_item_id=item.id,
            family_id=item.family_id,
            kind=kind.value,
        )
        involvements.refresh(tx, author.agency_id, family_id=item.family_id, source="preparation")
        return entry


@dataclass(frozen=True)
class PreparationShown:
    """One entry as a page shows it: its free text passed through the withheld-detail guard
    (a refuge address of any family typed into it is never shown, issue #16 finding 3)."""

    agency: Agency
    author: User
    kind: PreparationKind
    text: str
    withheld_reason: str | None


def visible_to(session: Session, item_id: int, viewer: User) -> list[PreparationShown]:
    """The chair sees every agency's preparation; a partner sees their own agency's."""
    if viewer.has_role(Role.COORDINATOR):
        entries = dao.preparations_for(session, [item_id])
    else:
        entries = dao.preparations_for(session, [item_id], agency_id=viewer.agency_id)
    guard = guard_for(session)
    return [
        PreparationShown(
            e.agency,
            e.author,
            e.kind,
            guard.scrub(e.text),
            guard.scrub(e.withheld_reason) if e.withheld_reason else None,
        )
        for e in entries
    ]


def prepared_by(session: Session, item_ids: Iterable[int]) -> dict[int, list[PreparedBy]]:
    """Per item, which agencies prepared, who, and how many entries of each kind."""
    grouped: dict[int, dict[str, list[PartnerPreparation]]] = {}
    for entry in dao.preparations_for(session, item_ids):
        grouped.setdefault(entry.agenda_item_id, {}).setdefault(entry.agency.name, []).append(entry)
    return {
        item_id: [
            PreparedBy(
                agency,
                sorted({e.author.display_name for e in entries}),
                dict(Counter(e.kind.value for e in entries)),
            )
            for agency, entries in sorted(by_agency.items())
        ]
        for item_id, by_agency in grouped.items()
    }
