"""Actions agreed in the meeting: exactly one lead agency, optionally a named person in it.

Actions are agreed, not imposed (#20): an action an attendee volunteers for their own agency
is accepted at once; an action for another agency is a *proposal* until a representative of
that agency accepts it, or the chair records that the agency agreed. Reassigning follows the
same rule: only the lead agency or the chair may reassign, and the receiving agency must
accept. The lead agency's partners are told of every proposal (those who sent apologies too).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from agenda import family_dao
from agenda.tracking.notifications import notify_assignment
from frontdoor.audit.service import record
from frontdoor.identity import involvements
from frontdoor.models import (
    Action,
    ActionAcceptance,
    Agency,
    AgendaItem,
    Meeting,
    Role,
    User,
    utcnow,
)
from frontdoor.names import long_date

from ..schedule import local_date
from .access import is_chair

MAX_DESCRIPTION = 2000


class ActionError(ValueError):
    """The action is not acceptable (no lead, a lead outside the agency, a bad date...);
    `field` names the answer to correct, for the inline message."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _lead(tx: Session, agency_id: object, user_id: object) -> tuple[Agency, User | None]:
    if not isinstance(agency_id, int):
        raise ActionError("Select the lead agency.", "lead_agency_id")
    agency = tx.get(Agency, agency_id)
    if agency is None or not agency.active:
        raise ActionError("Select the lead agency.", "lead_agency_id")
    if user_id in (None, ""):
        return agency, None
    user = tx.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.agency_id != agency.id or not user.active:
        raise ActionError("The named lead must work for the lead agency.", "lead_user_id")
    return agency, user


def _child(tx: Session, item: AgendaItem, value: object) -> int | None:
    """The child of the family the action concerns, if it names one (#18)."""
    if value in (None, ""):
        return None
    if not isinstance(value, int) or not family_dao.is_child_of(tx, item.family_id, value):
        raise ActionError("The child named must be a child of this family.")
    return value


def _due(value: object) -> date:
    """The due date: a real date, today or later (an action is never agreed already late)."""
    try:
        due = date.fromisoformat(str(value))
    except ValueError as error:
        raise ActionError("Enter the date the action is due.", "due_on") from error
    if due < local_date(utcnow()):
        raise ActionError("The due date must be today or in the future.", "due_on")
    return due


def _is_chair(tx: Session, meeting_id: int | None, user: User) -> bool:
    """The meeting's chair or deputy (without either, the coordinators: access.is_chair)."""
    meeting = tx.get(Meeting, meeting_id) if meeting_id is not None else None
    return meeting is not None and is_chair(user, meeting)


def _settle(
    tx: Session, action: Action, by: User, agreed_for_agency: bool, meeting_id: int | None
) -> None:
    """Accepted when `by` works for the lead agency, or is the chair recording that the
    agency agreed; otherwise a proposal to the lead agency."""
    action.acceptance = ActionAcceptance.PROPOSED
    action.accepted_by_id, action.accepted_at, action.accepted_by_chair = None, None, False
    if by.agency_id == action.lead_agency_id:
        _accept(action, by.id, by_chair=False)
    elif agreed_for_agency and _is_chair(tx, meeting_id, by):
        _accept(action, by.id, by_chair=True)


def _accept(action: Action, user_id: int, *, by_chair: bool) -> None:
    action.acceptance = ActionAcceptance.ACCEPTED
    action.accepted_by_id, action.accepted_at, action.accepted_by_chair = (
        user_id,
        utcnow(),
        by_chair,
    )


def _by(tx: Session, user_id: int) -> User:
    user = tx.get(User, user_id)
    if user is None:
        raise ActionError("Unknown user.")
    return user


def create_action(tx: Session, item: AgendaItem, payload: dict[str, object], by: int) -> Action:
    description = str(payload.get("description") or "").strip()
    if not description or len(description) > MAX_DESCRIPTION:
        message = f"Describe the action in up to {MAX_DESCRIPTION:,} characters."
        raise ActionError(message, "description")
    agency, user = _lead(tx, payload.get("lead_agency_id"), payload.get("lead_user_id"))
    action = Action(
        agenda_item_id=item.id,
        family_id=item.family_id,
        description=description,
        lead_agency_id=agency.id,
        lead_user_id=user.id if user else None,
        due_on=_due(payload.get("due_on")),
        created_by_id=by,
        child_person_id=_child(tx, item, payload.get("child_person_id")),
    )
    user = _by(tx, by)
    _settle(tx, action, user, payload.get("agency_agreed") is True, item.meeting_id)
    tx.add(action)
    tx.flush()
    record(
        tx,
        "action.created",
        object_type="action",
        object_id=action.id,
        purpose="meeting",
        lead_agency_id=agency.id,
        lead_user_id=action.lead_user_id,
        agenda_item_id=item.id,
        acceptance=action.acceptance.value,
        child_person_id=action.child_person_id,
    )
    notify_assignment(tx, action, reassigned=False)
    involvements.refresh(tx, agency.id, family_id=item.family_id, source="action")
    return action


def reassign_action(
    tx: Session, action: Action, payload: dict[str, object], by: int | None = None
) -> Action:
    """Only the lead agency or the chair may reassign; the receiving agency must accept."""
    user = _by(tx, by) if by is not None else None
    meeting_id = action.agenda_item.meeting_id if action.agenda_item else None
    if (
        user is not None
        and user.agency_id != action.lead_agency_id
        and not _is_chair(tx, meeting_id, user)
    ):
        raise ActionError("Only the lead agency or the chair can reassign this action.")
    agency, lead = _lead(tx, payload.get("lead_agency_id"), payload.get("lead_user_id"))
    before = (action.lead_agency_id, action.lead_user_id)
    action.lead_agency_id = agency.id
    action.lead_user_id = lead.id if lead else None
    if user is not None and agency.id != before[0]:
        _settle(tx, action, user, payload.get("agency_agreed") is True, meeting_id)
    tx.flush()
    record(
        tx,
        "action.reassigned",
        object_type="action",
        object_id=action.id,
        purpose="meeting",
        from_agency_id=before[0],
        from_user_id=before[1],
        to_agency_id=agency.id,
        to_user_id=action.lead_user_id,
        acceptance=action.acceptance.value,
    )
    if (agency.id, action.lead_user_id) != before:
        notify_assignment(tx, action, reassigned=True)
        involvements.refresh(tx, agency.id, family_id=action.family_id, source="action")
    return action


def accept_action(tx: Session, action: Action, by: int, *, outside_meeting: bool = False) -> Action:
    """A representative of the lead agency accepts; or the chair records that it agreed —
    outside the meeting (the action's page), a coordinator may record it too."""
    user = _by(tx, by)
    if action.acceptance == ActionAcceptance.ACCEPTED:
        raise ActionError("The action is already accepted.")
    meeting_id = action.agenda_item.meeting_id if action.agenda_item else None
    coordinator = outside_meeting and user.has_role(Role.COORDINATOR)
    if user.agency_id == action.lead_agency_id:
        _accept(action, user.id, by_chair=False)
    elif coordinator or _is_chair(tx, meeting_id, user):
        _accept(action, user.id, by_chair=True)
    else:
        raise ActionError("Only the lead agency, or the chair on its behalf, can accept.")
    tx.flush()
    record(
        tx, "action.accepted", object_type="action", object_id=action.id,
        purpose="action tracking" if outside_meeting else "meeting",
        lead_agency_id=action.lead_agency_id, by_chair=action.accepted_by_chair,
    )  # fmt: skip
    return action


def actions_for(session: Session, item_id: int) -> list[dict[str, object]]:
    rows = session.scalars(
        select(Action).where(Action.agenda_item_id == item_id).order_by(Action.id)
    )
    return [action_dict(session, row) for row in rows]


def action_dict(session: Session, action: Action) -> dict[str, object]:
    agency = session.get(Agency, action.lead_agency_id)
    user = session.get(User, action.lead_user_id) if action.lead_user_id else None
    return {
        "id": action.id,
        "item_id": action.agenda_item_id,
        "description": action.description,
        "lead_agency_id": action.lead_agency_id,
        "lead_agency": agency.name if agency else "",
        "lead_user_id": action.lead_user_id,
        "lead_user": user.display_name if user else None,
        "due_on": action.due_on.isoformat(),
        "due_on_text": long_date(action.due_on),  # what a person reads; due_on is for machines
        "status": action.status.value,
        "child_person_id": action.child_person_id,
        "child": family_dao.person_name(session, action.child_person_id),
        **acceptance_dict(session, action),
    }


def acceptance_dict(session: Session, action: Action) -> dict[str, object]:
    """Whether the lead agency accepted, and who recorded it (the minutes show it)."""
    by = session.get(User, action.accepted_by_id) if action.accepted_by_id else None
    return {
        "acceptance": action.acceptance.value,
        "accepted_by": by.display_name if by else None,
        "accepted_by_chair": action.accepted_by_chair,
    }
