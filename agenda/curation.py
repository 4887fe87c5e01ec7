"""The coordinator's curation of a draft agenda. Every change is audited; a rebuild keeps it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from frontdoor.audit import service as audit
from frontdoor.db import transaction
from frontdoor.models import (
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    AgendaSection,
    Family,
    Meeting,
    MeetingStatus,
)
from frontdoor.names import family_label

from . import dao
from .build import BuildTrigger, arrange, build_agenda, ensure_item


class CurationError(Exception):
    pass


def _draft_item(tx: Session, item_id: int) -> tuple[AgendaItem, AgendaItemState, Meeting]:
    item = dao.item_by_id(tx, item_id)
    if item is None:
        raise CurationError("There is no such agenda item.")
    if item.meeting.status != MeetingStatus.DRAFT:
        raise CurationError("The meeting has started: change the agenda in the meeting.")
    state = tx.get(AgendaItemState, item.id) or AgendaItemState(
        agenda_item_id=item.id, section=AgendaSection.ADULTS_ONLY
    )
    tx.add(state)
    return item, state, item.meeting


def _audit(tx: Session, verb: str, item: AgendaItem, **details: Any) -> None:
    audit.record(
        tx,
        f"agenda.item_{verb}",
        object_type="agenda_item",
        object_id=item.id,
        purpose="agenda curation",
        meeting_id=item.meeting_id,
        family_id=item.family_id,
        **details,
    )


def move(item_id: int, steps: int) -> AgendaItem:
    """Move a pending item up (steps = -1) or down (+1) past its neighbour."""
    with transaction() as tx:
        item, state, meeting = _draft_item(tx, item_id)
        pending = [
            i for i in dao.items_of_meeting(tx, meeting.id) if i.status == AgendaItemStatus.PENDING
        ]
        index = next((n for n, i in enumerate(pending) if i.id == item.id), None)
        if index is None:
            raise CurationError("Only items still on the agenda can be moved.")
        target = index + steps
        if not 0 <= target < len(pending):
            return item
        neighbour = pending[target]
        item.position, neighbour.position = neighbour.position, item.position
        state.moved_by_coordinator = True
        _audit(tx, "moved", item, from_position=index + 1, to_position=target + 1)
        arrange(tx, meeting)
        return item


def set_status(item_id: int, status: AgendaItemStatus, reason: str = "") -> AgendaItem:
    """Defer to the next meeting, remove (a reason is required) or restore an item."""
    reason = reason.strip()
    if status == AgendaItemStatus.REMOVED and not reason:
        raise CurationError("Say why the family is being removed from the agenda.")
    if status == AgendaItemStatus.DISCUSSED:
        raise CurationError("Items are marked discussed in the meeting.")
    with transaction() as tx:
        item, state, meeting = _draft_item(tx, item_id)
        item.status = status
        item.status_reason = reason or None
        state.new_since_removal = False
        _audit(tx, {"deferred": "deferred", "removed": "removed"}.get(status, "restored"), item)
        arrange(tx, meeting)
        return item


def set_marac_flag(item_id: int, flagged: bool) -> AgendaItem:
    with transaction() as tx:
        item, state, _ = _draft_item(tx, item_id)
        state.marac_flagged = flagged
        _audit(tx, "marac_flagged" if flagged else "marac_unflagged", item)
        return item


def add_family(day: date, family_id: int, user_id: int | None = None) -> AgendaItem:
    """Add a family to the meeting on `day` (building its draft agenda first if need be)."""
    with transaction() as tx:
        meeting = dao.meeting_on(tx, day)
    if meeting is None:
        build_agenda(day, BuildTrigger.REBUILD, user_id=user_id)
    with transaction() as tx:
        meeting = dao.meeting_on(tx, day)
        if meeting is None or meeting.status != MeetingStatus.DRAFT:
            raise CurationError("That meeting's agenda can no longer be changed.")
        if tx.get(Family, family_id) is None:
            raise CurationError("There is no such family.")
        existing = dao.item_for_family(tx, meeting.id, family_id)
        if existing is not None and existing.status == AgendaItemStatus.PENDING:
            label = family_label(existing.family.label, family_id)
            raise CurationError(f"{label} is already on the agenda: nothing was added.")
        item, state = ensure_item(tx, meeting, family_id)
        state.added_by_coordinator = existing is None or state.added_by_coordinator
        if item.status != AgendaItemStatus.PENDING:
            item.status, item.status_reason = AgendaItemStatus.PENDING, None
        _audit(tx, "added", item)
        arrange(tx, meeting, [] if existing else [item.id])
        return item
