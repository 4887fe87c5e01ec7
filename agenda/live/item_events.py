"""The /items namespace: an item's structured fields and its actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_socketio import SocketIO, emit
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agenda.children.live import children_state
from agenda.consent import ConsentError, consent_of, record_decision
from agenda.tracking import reviews
from frontdoor.audit.service import record
from frontdoor.db import db, transaction
from frontdoor.models import Action, AgendaItem

from . import actions, fields, summary
from .access import Member
from .guard import admit, committed, forget_connection, live_event, meeting_room
from .meeting import NotOnAgenda, item_of
from .redaction import redact

NAMESPACE = "/items"
NO_SUCH_ACTION = "No such action in this meeting."


def on_connect(auth: Any = None) -> None:
    admit(auth, NAMESPACE, needs_acceptance=True)


def on_disconnect(*_: Any) -> None:
    forget_connection()


@live_event()
def on_details(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    def view(tx: Session) -> AgendaItem:
        item = item_of(tx, member.meeting_id, data.get("item_id"))
        record(
            tx,
            "meeting.item_viewed",
            object_type="family",
            object_id=item.family_id,
            purpose="meeting",
            agenda_item_id=item.id,
        )
        return item

    try:
        item = committed(view)
    except NotOnAgenda:
        return {"ok": False, "error": "not_on_agenda"}
    session = db.session()
    return {
        "ok": True,
        "item_id": item.id,
        "fields": fields.read_fields(session, item.id),
        "actions": actions.actions_for(session, item.id),
        "incomplete_actions": reviews.incomplete_actions(session, item),
        "consent": consent_of(session, item).as_dict(),
        "children": children_state(session, item),
    }


@live_event()
def on_summary(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The family summary panel (HTML from the family page's partial, same access rules)."""
    try:
        item_id, html = summary.summary_html(member, data.get("item_id"))
    except NotOnAgenda:
        return {"ok": False, "error": "not_on_agenda"}
    except summary.NoAccess:
        return {"ok": False, "error": "no_access"}
    return {"ok": True, "item_id": item_id, "html": html}


@live_event()
def on_set_field(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    try:
        name, value = fields.check_value(data.get("name"), data.get("value"))
        base = data.get("version")
        if not isinstance(base, int):
            raise fields.FieldError("version missing")
        with transaction() as tx:
            item = item_of(tx, member.meeting_id, data.get("item_id"))
            saved = fields.write_field(tx, item.id, name, value, base, member.user_id)
    except (fields.FieldError, NotOnAgenda) as error:
        return {"ok": False, "error": "invalid", "message": str(error)}
    except fields.StaleWrite as stale:
        return {"ok": False, "error": "stale", "current": stale.current}
    except IntegrityError:
        current = fields.read_fields(db.session(), int(data["item_id"]))[name]
        return {"ok": False, "error": "stale", "current": current}
    changed = redact(member.meeting_id, {"item_id": item.id, **saved})
    emit("field:changed", changed, to=meeting_room(member.meeting_id))
    return {"ok": True, **saved}


@live_event()
def on_create_action(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    def create(tx: Session) -> dict[str, object]:
        item = item_of(tx, member.meeting_id, data.get("item_id"))
        return actions.action_dict(tx, actions.create_action(tx, item, data, member.user_id))

    try:
        shown = committed(create)
    except (actions.ActionError, NotOnAgenda) as error:
        return {"ok": False, "error": "invalid", "message": str(error), "field": _field(error)}
    emit(
        "action:changed",
        redact(member.meeting_id, {**shown, "change": "created", "by": member.name}),
        to=meeting_room(member.meeting_id),
    )
    return {"ok": True, "action": shown}


def _meeting_action(tx: Session, member: Member, action_id: object) -> Action:
    action = tx.get(Action, action_id) if isinstance(action_id, int) else None
    if action is None or action.agenda_item_id is None:
        raise actions.ActionError(NO_SUCH_ACTION)
    try:
        item_of(tx, member.meeting_id, action.agenda_item_id)
    except NotOnAgenda as elsewhere:  # the same answer as no action: nothing to learn
        raise actions.ActionError(NO_SUCH_ACTION) from elsewhere
    return action


def _action_change(
    member: Member, change: str, work: Callable[[Session], dict[str, object]]
) -> dict[str, Any]:
    try:
        shown = committed(work)
    except (actions.ActionError, NotOnAgenda) as error:
        return {"ok": False, "error": "invalid", "message": str(error), "field": _field(error)}
    emit(
        "action:changed",
        redact(member.meeting_id, {**shown, "change": change, "by": member.name}),
        to=meeting_room(member.meeting_id),
    )
    return {"ok": True, "action": shown}


@live_event()
def on_reassign_action(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    def reassign(tx: Session) -> dict[str, object]:
        action = _meeting_action(tx, member, data.get("action_id"))
        changed = actions.reassign_action(tx, action, data, member.user_id)
        return actions.action_dict(tx, changed)

    return _action_change(member, "reassigned", reassign)


@live_event()
def on_accept_action(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The lead agency accepts a proposed action, or the chair records that it agreed."""

    def accept(tx: Session) -> dict[str, object]:
        action = _meeting_action(tx, member, data.get("action_id"))
        return actions.action_dict(tx, actions.accept_action(tx, action, member.user_id))

    return _action_change(member, "accepted", accept)


@live_event(chair=True)
def on_review_action(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The chair records done / carried forward / not done for an incomplete action."""

    def review(tx: Session) -> tuple[dict[str, object], dict[str, object]]:
        item = item_of(tx, member.meeting_id, data.get("item_id"))
        action, recorded = reviews.record_review(
            tx, item, data.get("action_id"), data, member.user_id
        )
        # `item_id` stays the item the action was agreed at; the review names this item.
        shown = actions.action_dict(tx, action)
        return shown, {"item_id": item.id, "action_id": action.id, **reviews.review_dict(recorded)}

    try:
        shown, review_shown = committed(review)
    except (reviews.ReviewError, NotOnAgenda) as error:
        return {"ok": False, "error": "invalid", "message": str(error)}
    room = meeting_room(member.meeting_id)
    changed = {**shown, "change": "reviewed", "by": member.name}
    emit("action:changed", redact(member.meeting_id, changed), to=room)
    emit("action:reviewed", redact(member.meeting_id, {**review_shown, "by": member.name}), to=room)
    return {"ok": True, "action": shown, "review": review_shown}


@live_event()
def on_record_consent(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The meeting records why it shares without consent and whether the victim is told."""

    def save(tx: Session) -> dict[str, Any]:
        item = item_of(tx, member.meeting_id, data.get("item_id"))
        record_decision(tx, item, data, member.user_id)
        return {"item_id": item.id, **consent_of(tx, item).as_dict()}

    try:
        shown = committed(save)
    except (ConsentError, NotOnAgenda) as error:
        return {"ok": False, "error": "invalid", "message": str(error)}
    emit("consent:changed", redact(member.meeting_id, shown), to=meeting_room(member.meeting_id))
    return {"ok": True, "consent": shown}


def register(socketio: SocketIO) -> None:
    socketio.on_event("connect", on_connect, namespace=NAMESPACE)
    socketio.on_event("disconnect", on_disconnect, namespace=NAMESPACE)
    socketio.on_event("item:details", on_details, namespace=NAMESPACE)
    socketio.on_event("item:summary", on_summary, namespace=NAMESPACE)
    socketio.on_event("field:set", on_set_field, namespace=NAMESPACE)
    socketio.on_event("action:create", on_create_action, namespace=NAMESPACE)
    socketio.on_event("action:reassign", on_reassign_action, namespace=NAMESPACE)
    socketio.on_event("action:review", on_review_action, namespace=NAMESPACE)
    socketio.on_event("action:accept", on_accept_action, namespace=NAMESPACE)
    socketio.on_event("consent:record", on_record_consent, namespace=NAMESPACE)


def _field(error: Exception) -> str | None:
    """The answer an error is about, for its inline message on the form."""
    return error.field if isinstance(error, actions.ActionError) else None
