"""Actions agreed in the meeting: exactly one lead agency, optionally a named person in it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from agenda.tracking.notifications import notify_assignment
from frontdoor.audit.service import record
from frontdoor.identity import involvements
from frontdoor.models import Action, Agency, AgendaItem, User

MAX_DESCRIPTION = 2000


class ActionError(ValueError):
    """The action is not acceptable (no lead, a lead outside the agency, a bad date...)."""


def _lead(tx: Session, agency_id: object, user_id: object) -> tuple[Agency, User | None]:
    if not isinstance(agency_id, int):
        raise ActionError("Choose the lead agency.")
    agency = tx.get(Agency, agency_id)
    if agency is None or not agency.active:
        raise ActionError("Choose the lead agency.")
    if user_id in (None, ""):
        return agency, None
    user = tx.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.agency_id != agency.id or not user.active:
        raise ActionError("The named lead must work for the lead agency.")
    return agency, user


def _due(value: object) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ActionError("Enter the due date.") from error


def create_action(tx: Session, item: AgendaItem, payload: dict[str, object], by: int) -> Action:
    description = str(payload.get("description") or "").strip()
    if not description or len(description) > MAX_DESCRIPTION:
        raise ActionError("Describe the action.")
    agency, user = _lead(tx, payload.get("lead_agency_id"), payload.get("lead_user_id"))
    action = Action(
        agenda_item_id=item.id,
        family_id=item.family_id,
        description=description,
        lead_agency_id=agency.id,
        lead_user_id=user.id if user else None,
        due_on=_due(payload.get("due_on")),
        created_by_id=by,
    )
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
    )
    notify_assignment(tx, action, reassigned=False)
    involvements.refresh(tx, agency.id, family_id=item.family_id, source="action")
    return action


def reassign_action(tx: Session, action: Action, payload: dict[str, object]) -> Action:
    agency, user = _lead(tx, payload.get("lead_agency_id"), payload.get("lead_user_id"))
    before = (action.lead_agency_id, action.lead_user_id)
    action.lead_agency_id = agency.id
    action.lead_user_id = user.id if user else None
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
    )
    if (agency.id, action.lead_user_id) != before:
        notify_assignment(tx, action, reassigned=True)
        involvements.refresh(tx, agency.id, family_id=action.family_id, source="action")
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
        "status": action.status.value,
    }
