"""The /items namespace: an item's structured fields and its actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_socketio import SocketIO, emit

from agenda.consent import ConsentError
from agenda.tracking import reviews

from . import actions, fields, item_service, summary
from .access import Member
from .guard import admit, forget_connection, live_event, meeting_room
from .meeting import NotOnAgenda
from .redaction import redact

NAMESPACE = "/items"


def on_connect(auth: Any = None) -> None:
    admit(auth, NAMESPACE, needs_acceptance=True)


def on_disconnect(*_: Any) -> None:
    forget_connection()


@live_event()
def on_details(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """Everything the page shows of an item, its family summary panel included (one audit
    event for opening the family)."""
    try:
        return item_service.item_details(member, data.get("item_id"))
    except NotOnAgenda:
        return {"ok": False, "error": "not_on_agenda"}


@live_event()
def on_summary(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The family summary panel again, after `item:summary_changed` (same access rules)."""
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
        item_id, saved = item_service.set_field(member, data.get("item_id"), name, value, base)
    except (fields.FieldError, NotOnAgenda) as error:
        return {"ok": False, "error": "invalid", "message": str(error)}
    except fields.StaleWrite as stale:
        return {"ok": False, "error": "stale", "current": stale.current}
    changed = redact(member.meeting_id, {"item_id": item_id, **saved})
    emit("field:changed", changed, to=meeting_room(member.meeting_id))
    return {"ok": True, **saved}


def _action_change(
    member: Member, change: str, work: Callable[[Member, dict[str, Any]], dict[str, object]],
    data: dict[str, Any],
) -> dict[str, Any]:  # fmt: skip
    try:
        shown = work(member, data)
    except (actions.ActionError, NotOnAgenda) as error:
        return {"ok": False, "error": "invalid", "message": str(error), "field": _field(error)}
    emit(
        "action:changed",
        redact(member.meeting_id, {**shown, "change": change, "by": member.name}),
        to=meeting_room(member.meeting_id),
    )
    return {"ok": True, "action": shown}


@live_event()
def on_create_action(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    return _action_change(member, "created", item_service.create_action, data)


@live_event()
def on_reassign_action(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    return _action_change(member, "reassigned", item_service.reassign_action, data)


@live_event()
def on_accept_action(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The lead agency accepts a proposed action, or the chair records that it agreed."""
    return _action_change(member, "accepted", item_service.accept_action, data)


@live_event(chair=True)
def on_review_action(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The chair records done / carried forward / not done for an incomplete action."""
    try:
        shown, review_shown = item_service.review_action(member, data)
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
    try:
        shown = item_service.record_consent(member, data)
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
