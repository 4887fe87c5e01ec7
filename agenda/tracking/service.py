"""Each agency's actions to completion: the "our actions" page, an action's page with its
history, status updates and completion. Rules of who may do what: `rules.py`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from agenda import family_dao
from agenda.schedule import local_date
from frontdoor.access.redaction import scrub, withheld_values
from frontdoor.audit import service as audit
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    ActionUpdateKind,
    User,
    utcnow,
)
from frontdoor.names import long_date

from ..family_names import FamilyName, family_name, family_names
from . import dao, settings
from .rules import Lead, Viewer, may_close, may_update, may_view

MAX_NOTE = 2000


class TrackingError(ValueError):
    """The request cannot be done as asked (shown to the user)."""


class NotAllowed(PermissionError):
    """The user may not do this to this action (403)."""


def viewer_of(user: User) -> Viewer:
    return Viewer(user.id, user.agency_id, frozenset(user.roles))


def lead_of(session: Session, action: Action) -> Lead:
    named = action.lead_user_id
    return Lead(action.lead_agency_id, named, dao.active_user(session, named) if named else True)


def today() -> date:
    return local_date(utcnow())


@dataclass(frozen=True)
class ActionRow:
    id: int
    description: str
    family_id: int
    family_label: str
    lead: str
    due_on: date
    status: str
    overdue: bool
    completed_at: datetime | None
    child: str | None = None  # the child of the family the action concerns (#18)


@dataclass
class AgencyActions:
    overdue: list[ActionRow] = field(default_factory=list)
    due_soon: list[ActionRow] = field(default_factory=list)
    open: list[ActionRow] = field(default_factory=list)
    done_recently: list[ActionRow] = field(default_factory=list)
    soon_days: int = 7


def _row(
    session: Session, action: Action, on: date, names: dict[int, FamilyName] | None = None
) -> ActionRow:
    """One action as the lists show it; `names`: the families' names, fetched for all rows."""
    withheld = withheld_values(session, action.family_id)
    named = (names or {}).get(action.family_id) or family_name(session, action.family_id)
    lead_user = session.get(User, action.lead_user_id) if action.lead_user_id else None
    lead = action.lead_agency.name + (f" ({lead_user.display_name})" if lead_user else "")
    return ActionRow(
        id=action.id,
        # free text about the family: a withheld address typed into it is never shown
        description=scrub(action.description, withheld),
        family_id=action.family_id,
        family_label=scrub(named.text, withheld),
        lead=lead,
        due_on=action.due_on,
        status=action.status.value,
        overdue=action.status == ActionStatus.OPEN and action.due_on < on,
        completed_at=action.completed_at,
        child=family_dao.person_name(session, action.child_person_id),
    )


def our_actions(user: User, on: date | None = None) -> AgencyActions:
    """The user's agency's actions: overdue, due soon, other open, done recently."""
    on = on or today()
    soon = settings.due_soon_days()
    since = utcnow() - timedelta(days=settings.done_recently_days())
    grouped = AgencyActions(soon_days=soon)
    with transaction() as tx:
        actions = dao.agency_actions(tx, user.agency_id, since)
        audit.record(
            tx,
            "action.list_viewed",
            object_type="agency",
            object_id=user.agency_id,
            purpose="action tracking",
            count=len(actions),
        )
        names = family_names(tx, [a.family_id for a in actions])
        for action in actions:
            row = _row(tx, action, on, names)
            if action.status == ActionStatus.DONE:
                grouped.done_recently.append(row)
            elif row.overdue:
                grouped.overdue.append(row)
            elif action.due_on <= on + timedelta(days=soon):
                grouped.due_soon.append(row)
            else:
                grouped.open.append(row)
    return grouped


def overdue_everywhere(on: date | None = None) -> list[ActionRow]:
    """The chair's view: every agency's overdue actions (coordinators only: the view checks)."""
    on = on or today()
    with transaction() as tx:
        actions = dao.overdue_actions(tx, on)
        audit.record(
            tx,
            "action.overdue_viewed",
            object_type="action",
            object_id=None,
            purpose="action tracking",
            count=len(actions),
        )
        names = family_names(tx, [a.family_id for a in actions])
        return [_row(tx, action, on, names) for action in actions]


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    agency: str
    what: str
    note: str


@dataclass(frozen=True)
class ActionDetail:
    row: ActionRow
    agenda_item_id: int | None
    agreed_on: date | None
    history: list[HistoryEntry]
    may_update: bool
    may_close: bool


REVIEW_WORDS = {
    "done": "Done (recorded at the meeting)",
    "carried_forward": "Carried forward",
    "not_done": "Not done",
}
REASON_WORDS = {
    "change_in_circumstance": "a change in circumstance",
    "agency_did_not_act": "the agency did not act",
}


def review_words(review: ActionReview) -> str:
    words = REVIEW_WORDS[review.outcome.value]
    if review.not_done_reason is not None:
        words += f": {REASON_WORDS[review.not_done_reason.value]}"
    if review.new_due_on is not None:
        words += f", now due {long_date(review.new_due_on)}"
    return words


def _history(session: Session, action: Action) -> list[HistoryEntry]:
    entries = [
        HistoryEntry(
            u.created_at,
            u.author.display_name,
            u.agency.name,
            "Completed" if u.kind == ActionUpdateKind.COMPLETED else "Status update",
            u.note,
        )
        for u in dao.updates_of(session, action.id)
    ]
    for decline in dao.declines_of(session, action.id):
        entries.append(
            HistoryEntry(
                decline.declined_at,
                decline.declined_by.display_name,
                decline.agency.name,
                "Declined",
                decline.reason,
            )
        )
    for review in dao.reviews_of(session, [action.id]):
        entries.append(
            HistoryEntry(
                review.created_at,
                review.recorded_by.display_name,
                "Meeting chair",
                review_words(review),
                review.note or "",
            )
        )
    withheld = withheld_values(session, action.family_id)
    shown = [replace(e, note=scrub(e.note, withheld)) for e in entries] if withheld else entries
    return sorted(shown, key=lambda e: e.at)


def action_detail(user: User, action_id: int) -> ActionDetail | None:
    """The action's page, or None if it does not exist or the user may not see it (404)."""
    with transaction() as tx:
        action = dao.action_by_id(tx, action_id)
        if action is None:
            return None
        viewer, lead = viewer_of(user), lead_of(tx, action)
        if not may_view(viewer, lead):
            audit.record(
                tx,
                "action.view_refused",
                object_type="action",
                object_id=action.id,
                purpose="action tracking",
            )
            return None
        audit.record(
            tx,
            "action.viewed",
            object_type="action",
            object_id=action.id,
            purpose="action tracking",
            family_id=action.family_id,
        )
        agreed = dao.meeting_dates(tx, [action.agenda_item_id] if action.agenda_item_id else [])
        return ActionDetail(
            row=_row(tx, action, today()),
            agenda_item_id=action.agenda_item_id,
            agreed_on=agreed.get(action.agenda_item_id or 0),
            history=_history(tx, action),
            may_update=may_update(viewer, lead) and action.status == ActionStatus.OPEN,
            may_close=may_close(viewer, lead) and action.status == ActionStatus.OPEN,
        )


def check(user: User, action_id: int, what: str) -> None:
    """Raise LookupError if the user may not see the action (or there is none), NotAllowed if
    they may see it but not `what` ("update" or "close"; "view" only checks seeing) it."""
    session = db.session()
    action = dao.action_by_id(session, action_id)
    if action is None:
        raise LookupError(action_id)
    viewer, lead = viewer_of(user), lead_of(session, action)
    if not may_view(viewer, lead):
        raise LookupError(action_id)
    if what == "view":
        return
    allowed = may_close if what == "close" else may_update
    if not allowed(viewer, lead):
        raise NotAllowed(what)


def _note(text: str) -> str:
    note = (text or "").strip()
    if not note:
        raise TrackingError("Enter a note.")
    if len(note) > MAX_NOTE:
        raise TrackingError(f"The note must be {MAX_NOTE} characters or fewer.")
    return note


def _open_action(tx: Session, action_id: int) -> Action:
    action = dao.action_by_id(tx, action_id)
    if action is None:
        raise LookupError(action_id)
    return action


def add_update(user: User, action_id: int, text: str) -> ActionUpdate:
    """A status update with a note, by the lead agency; the action stays open."""
    with transaction() as tx:
        action = _open_action(tx, action_id)
        if not may_update(viewer_of(user), lead_of(tx, action)):
            raise NotAllowed("Only the lead agency can update this action.")
        if action.status != ActionStatus.OPEN:
            raise TrackingError("This action is closed.")
        entry = _append(tx, action, user, ActionUpdateKind.PROGRESS, _note(text))
        audit.record(
            tx,
            "action.updated",
            object_type="action",
            object_id=action.id,
            purpose="action tracking",
            update_id=entry.id,
        )
        return entry


def complete(user: User, action_id: int, text: str) -> ActionUpdate:
    """Close the action as done: the named lead, or the lead agency if nobody is named."""
    with transaction() as tx:
        action = _open_action(tx, action_id)
        if not may_close(viewer_of(user), lead_of(tx, action)):
            raise NotAllowed("Only the action's lead can mark it complete.")
        if action.status != ActionStatus.OPEN:
            raise TrackingError("This action is already closed.")
        entry = _append(tx, action, user, ActionUpdateKind.COMPLETED, _note(text))
        action.status = ActionStatus.DONE
        action.completed_at = entry.created_at
        audit.record(
            tx,
            "action.completed",
            object_type="action",
            object_id=action.id,
            purpose="action tracking",
            update_id=entry.id,
            lead_agency_id=action.lead_agency_id,
        )
        return entry


def _append(
    tx: Session, action: Action, user: User, kind: ActionUpdateKind, note: str
) -> ActionUpdate:
    entry = ActionUpdate(
        action_id=action.id,
        author_id=user.id,
        agency_id=user.agency_id,
        kind=kind,
        note=note,
        created_at=utcnow(),
    )
    tx.add(entry)
    tx.flush()
    return entry


def unread_count(user_id: int) -> int:
    """The header's count of unread notices."""
    return dao.unread_count(db.session(), user_id)
