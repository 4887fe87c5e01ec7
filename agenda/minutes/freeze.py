"""The service-layer guard: no change to a closed meeting's record goes through the ORM.

A `before_flush` listener on every session refuses, with `MeetingClosed`, any new, changed or
deleted agenda item, attendance row, structured field, live document update or snapshot,
partner preparation, or agreed action content (description, family, item) belonging to a
closed meeting, and any change to a closed meeting's row. Statements that bypass the ORM meet
the database triggers (`immutability.py`) instead. Services call `ensure_open` first to give
the user the message before doing any work.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from frontdoor.models import (
    Action,
    AgendaItem,
    Attendance,
    DocumentSnapshot,
    DocumentUpdate,
    ItemField,
    Meeting,
    MeetingStatus,
    PartnerPreparation,
)

ADVICE = "To correct the minutes, add an addendum to them."
ITEM_CHILDREN = (ItemField, DocumentUpdate, DocumentSnapshot, PartnerPreparation)
AGREED_ACTION_FIELDS = ("description", "family_id", "agenda_item_id")


class MeetingClosed(Exception):
    """The meeting is closed: its record is frozen. Corrections are addenda to the minutes."""

    def __init__(self, meeting_id: int | None = None) -> None:
        self.meeting_id = meeting_id
        super().__init__(f"This meeting is closed and its minutes are frozen. {ADVICE}")


def ensure_open(session: Session, meeting_id: int) -> None:
    status = session.scalar(select(Meeting.status).where(Meeting.id == meeting_id))
    if status == MeetingStatus.CLOSED:
        raise MeetingClosed(meeting_id)


def _closed(session: Session, meeting_ids: set[int | None]) -> set[int]:
    wanted = {m for m in meeting_ids if m is not None}
    if not wanted:
        return set()
    with session.no_autoflush:
        rows = session.scalars(
            select(Meeting.id).where(Meeting.id.in_(wanted), Meeting.status == MeetingStatus.CLOSED)
        )
        return set(rows)


def _meetings_of_items(session: Session, item_ids: set[int | None]) -> set[int | None]:
    wanted = {i for i in item_ids if i is not None}
    if not wanted:
        return set()
    with session.no_autoflush:
        rows = session.scalars(select(AgendaItem.meeting_id).where(AgendaItem.id.in_(wanted)))
        return set(rows)


def _committed(obj: Any, name: str) -> Any:
    """The attribute's value as the database holds it (before this flush's change)."""
    history = inspect(obj).attrs[name].history
    if history.deleted:
        return history.deleted[0]
    return getattr(obj, name)


def _touched(obj: Any, new: bool) -> tuple[set[int | None], set[int | None]]:
    """The meetings and the agenda items whose meeting a change to `obj` touches."""
    if isinstance(obj, Meeting):
        closed = not new and _committed(obj, "status") == "closed"
        return ({obj.id} if closed else set()), set()
    if isinstance(obj, AgendaItem | Attendance):
        return {obj.meeting_id, None if new else _committed(obj, "meeting_id")}, set()
    if isinstance(obj, ITEM_CHILDREN) or (
        isinstance(obj, Action) and (new or _agreed_content_changed(obj))
    ):
        return set(), {obj.agenda_item_id, None if new else _committed(obj, "agenda_item_id")}
    return set(), set()


def _agreed_content_changed(action: Action) -> bool:
    state = inspect(action)
    return state.deleted or any(state.attrs[f].history.has_changes() for f in AGREED_ACTION_FIELDS)


def refuse_changes_to_closed_meetings(session: Session, _context: Any, _instances: Any) -> None:
    """Every change of the flush is looked at together: two queries at most, whatever its size
    (one for the items' meetings, one for which meetings are closed)."""
    meetings: set[int | None] = set()
    items: set[int | None] = set()
    changed = [(obj, True) for obj in session.new] + [
        (obj, False)
        for obj in list(session.dirty) + list(session.deleted)
        if obj not in session.dirty or session.is_modified(obj)
    ]
    for obj, new in changed:
        touched_meetings, touched_items = _touched(obj, new)
        meetings |= touched_meetings
        items |= touched_items
    if closed := _closed(session, meetings | _meetings_of_items(session, items)):
        raise MeetingClosed(min(closed))


def install_guard() -> None:
    if not event.contains(Session, "before_flush", refuse_changes_to_closed_meetings):
        event.listen(Session, "before_flush", refuse_changes_to_closed_meetings)
