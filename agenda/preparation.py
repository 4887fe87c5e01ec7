"""Partners' preparation: per family, what their agency knows (fact or opinion) and what it
will not share, and why (the SafeLives research form's distinction)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

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
    utcnow,
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
    id: int = 0
    shared_at: datetime | None = None  # marked as shared in the meeting (#20)


def visible_to(session: Session, item_id: int, viewer: User) -> list[PreparationShown]:
    """Research stays with its agency: everyone — coordinators too — sees only their own
    agency's preparation. What was shared in the meeting is in the minutes."""
    entries = dao.preparations_for(session, [item_id], agency_id=viewer.agency_id)
    guard = guard_for(session)
    return [
        PreparationShown(
            e.agency,
            e.author,
            e.kind,
            guard.scrub(e.text),
            guard.scrub(e.withheld_reason) if e.withheld_reason else None,
            e.id,
            e.shared_at,
        )
        for e in entries
    ]


def mark_shared(item_id: int, entry_id: int, user: User, shared: bool) -> PartnerPreparation:
    """A partner marks an entry of its own agency as shared (or not) in the meeting."""
    with transaction() as tx:
        entry = tx.get(PartnerPreparation, entry_id)
        if entry is None or entry.agenda_item_id != item_id or entry.agency_id != user.agency_id:
            raise PreparationError("Your agency has no such preparation for this family.")
        if not user.has_role(Role.PARTNER):
            raise PreparationError("Only your agency's partner can say what it shared.")
        item = dao.item_by_id(tx, item_id)
        if item is None or item.meeting.status == MeetingStatus.CLOSED:
            raise PreparationError("The meeting is closed: what was shared is in its minutes.")
        entry.shared_at = utcnow() if shared else None
        tx.flush()
        audit.record(
            tx, "agenda.preparation_shared" if shared else "agenda.preparation_unshared",
            object_type="partner_preparation", object_id=entry.id, purpose="meeting",
            agenda_item_id=item_id,
        )  # fmt: skip
        return entry


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
