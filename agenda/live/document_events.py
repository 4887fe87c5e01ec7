"""The /docs namespace: Yjs sync and updates of the collaborative texts.

An update is answered {"ok": true} only after it is committed; only then is it relayed.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from flask import current_app, request
from flask_socketio import SocketIO, emit

from frontdoor.audit.service import record_view
from frontdoor.db import db
from frontdoor.extensions import socketio as socketio_ext

from . import document_service, documents
from .access import Member
from .guard import admit, forget_connection, live_event, meeting_room
from .meeting import NotOnAgenda, item_of

NAMESPACE = "/docs"
# An update's `op` is the sender's own tag for it ("<Yjs client id>-<sequence>" from
# static/js/live/documents.js; test and benchmark clients use short tags of their own). It is
# relayed to everyone, so only a short tag passes: no spaces, markup or control characters.
OP_PATTERN = re.compile(r"[A-Za-z0-9._:/-]{1,40}")


def valid_op(op: object) -> bool:
    return op is None or (isinstance(op, str) and OP_PATTERN.fullmatch(op) is not None)


def on_connect(auth: Any = None) -> None:
    admit(auth, NAMESPACE, needs_acceptance=True)


def on_disconnect(*_: Any) -> None:
    forget_connection()


def _document(member: Member, data: dict[str, Any], *, writing: bool) -> tuple[int, str] | str:
    """The (item, field) the event names, or the reason it may not touch it."""
    field = data.get("field")
    if not documents.is_known_field(field):
        return "unknown_field"
    assert isinstance(field, str)
    owner = documents.field_agency(field)
    if writing and owner is not None and owner != member.agency_id:
        return "not_your_agency"
    try:
        item = item_of(db.session(), member.meeting_id, data.get("item_id"))
    except NotOnAgenda:
        return "not_on_agenda"
    return item.id, field


@live_event(redacted=False)
def on_sync(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    target = _document(member, data, writing=False)
    if isinstance(target, str):
        return {"ok": False, "error": target}
    state = data.get("state_vector")
    try:
        client_state = documents.decode(state) if state else None
    except documents.BadUpdate:
        return {"ok": False, "error": "bad_state_vector"}
    _redact_stored(member, target)
    update = documents.sync_step(db.session(), *target, client_state)
    record_view(
        "document.synced", object_type="agenda_item", object_id=target[0], purpose="live meeting",
        user_id=member.user_id, agency_id=member.agency_id, field=target[1],
    )  # fmt: skip
    return {"ok": True, "update": documents.encode(update)}


@live_event(redacted=False)
def on_update(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    if not valid_op(data.get("op")):
        return {"ok": False, "error": "bad_op"}  # never echoed: it could carry anything
    target = _document(member, data, writing=True)
    if isinstance(target, str):
        return {"ok": False, "error": target, "op": data.get("op")}
    try:
        payload = documents.check_update(data.get("update"))
    except documents.BadUpdate:
        return {"ok": False, "error": "bad_update", "op": data.get("op")}
    fix, refused = document_service.apply_update(target, payload, member.user_id)
    if fix is not None:
        _relay_fix(member, target, fix)
    if refused:
        return {"ok": False, "error": "withheld_detail", "op": data.get("op")}
    relay = {
        "item_id": target[0],
        "field": target[1],
        "update": data["update"],
        "op": data.get("op"),
        "by": member.name,
    }
    sender = request.sid  # type: ignore[attr-defined]
    emit("doc:update", relay, to=meeting_room(member.meeting_id), skip_sid=sender)
    _count_and_maybe_compact(target)
    return {"ok": True, "op": data.get("op")}


def _redact_stored(member: Member, target: tuple[int, str]) -> None:
    """A withheld detail already in the text is replaced (and everyone told) before any sync."""
    fix = document_service.redact_stored(target)
    if fix is not None:
        _relay_fix(member, target, fix)


def _relay_fix(member: Member, target: tuple[int, str], fix: bytes) -> None:
    relay = {"item_id": target[0], "field": target[1], "update": documents.encode(fix)}
    emit(
        "doc:update", {**relay, "op": None, "by": "Front Door"}, to=meeting_room(member.meeting_id)
    )


# Updates this process stored per text since it last compacted it, and the texts being
# compacted now: one compaction at a time per text, and no COUNT query on every keystroke.
_since_compaction: dict[tuple[int, str], int] = {}
_compacting: set[tuple[int, str]] = set()
_lock = threading.Lock()


def _count_and_maybe_compact(target: tuple[int, str]) -> None:
    with _lock:
        count = _since_compaction.get(target, 0) + 1
        _since_compaction[target] = count
        if count < documents.COMPACT_AFTER or target in _compacting:
            return
        _compacting.add(target)
        _since_compaction[target] = 0
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        try:
            with app.app_context():
                documents.compact(*target)
        finally:
            with _lock:
                _compacting.discard(target)

    socketio_ext.start_background_task(run)


def register(socketio: SocketIO) -> None:
    socketio.on_event("connect", on_connect, namespace=NAMESPACE)
    socketio.on_event("disconnect", on_disconnect, namespace=NAMESPACE)
    socketio.on_event("doc:sync", on_sync, namespace=NAMESPACE)
    socketio.on_event("doc:update", on_update, namespace=NAMESPACE)
