"""What the /items handlers do, each in one transaction: handlers validate, call one of these
and emit (the layering test keeps transactions out of `*_events.py`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agenda.children.live import children_state
from agenda.consent import consent_of, record_decision
from agenda.tracking import reviews
from frontdoor.db import db, transaction
from frontdoor.models import Action

from . import actions, fields, summary
from .access import Member
from .guard import committed
from .meeting import NotOnAgenda, item_of

NO_SUCH_ACTION = "No such action in this meeting."


def item_details(member: Member, item_id: object) -> dict[str, Any]:
    """An item's fields, actions, consent and family summary panel. Opening the family is one
    audit event (`family.viewed` or `family.view_refused`, purpose "live meeting"), not one
    per panel. Raises NotOnAgenda."""
    item_id, panel = summary.open_item(member, item_id)
    session = db.session()
    item = item_of(session, member.meeting_id, item_id)
    return {
        "ok": True,
        "item_id": item.id,
        "fields": fields.read_fields(session, item.id),
        "actions": actions.actions_for(session, item.id),
        "incomplete_actions": reviews.incomplete_actions(session, item),
        "consent": consent_of(session, item).as_dict(),
        "children": children_state(session, item),
        "summary": panel,
    }


def set_field(
    member: Member, item_id: object, name: str, value: str, base: int
) -> tuple[int, dict[str, object]]:
    """Raises FieldError, NotOnAgenda, or StaleWrite with the field as it now is."""
    try:
        with transaction() as tx:
            item = item_of(tx, member.meeting_id, item_id)
            return item.id, fields.write_field(tx, item.id, name, value, base, member.user_id)
    except IntegrityError as lost:  # another writer saved the same version first
        current = fields.read_fields(db.session(), int(str(item_id)))[name]
        raise fields.StaleWrite(current) from lost


def create_action(member: Member, data: dict[str, Any]) -> dict[str, object]:
    def create(tx: Session) -> dict[str, object]:
        item = item_of(tx, member.meeting_id, data.get("item_id"))
        return actions.action_dict(tx, actions.create_action(tx, item, data, member.user_id))

    return committed(create)


def _meeting_action(tx: Session, member: Member, action_id: object) -> Action:
    action = tx.get(Action, action_id) if isinstance(action_id, int) else None
    if action is None or action.agenda_item_id is None:
        raise actions.ActionError(NO_SUCH_ACTION)
    try:
        item_of(tx, member.meeting_id, action.agenda_item_id)
    except NotOnAgenda as elsewhere:  # the same answer as no action: nothing to learn
        raise actions.ActionError(NO_SUCH_ACTION) from elsewhere
    return action


def reassign_action(member: Member, data: dict[str, Any]) -> dict[str, object]:
    def reassign(tx: Session) -> dict[str, object]:
        action = _meeting_action(tx, member, data.get("action_id"))
        changed = actions.reassign_action(tx, action, data, member.user_id)
        return actions.action_dict(tx, changed)

    return committed(reassign)


def accept_action(member: Member, data: dict[str, Any]) -> dict[str, object]:
    """The lead agency accepts a proposed action, or the chair records that it agreed."""

    def accept(tx: Session) -> dict[str, object]:
        action = _meeting_action(tx, member, data.get("action_id"))
        return actions.action_dict(tx, actions.accept_action(tx, action, member.user_id))

    return committed(accept)


def review_action(
    member: Member, data: dict[str, Any]
) -> tuple[dict[str, object], dict[str, object]]:
    """The chair records done / carried forward / not done: (the action, the review)."""

    def review(tx: Session) -> tuple[dict[str, object], dict[str, object]]:
        item = item_of(tx, member.meeting_id, data.get("item_id"))
        action, recorded = reviews.record_review(
            tx, item, data.get("action_id"), data, member.user_id
        )
        # `item_id` stays the item the action was agreed at; the review names this item.
        shown = actions.action_dict(tx, action)
        return shown, {"item_id": item.id, "action_id": action.id, **reviews.review_dict(recorded)}

    return committed(review)


def record_consent(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    def save(tx: Session) -> dict[str, Any]:
        item = item_of(tx, member.meeting_id, data.get("item_id"))
        record_decision(tx, item, data, member.user_id)
        return {"item_id": item.id, **consent_of(tx, item).as_dict()}

    return committed(save)
