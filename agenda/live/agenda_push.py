"""Pushing a changed agenda to everyone in a live meeting (an urgent family joined, or the
lists were confirmed): the same payload as `meeting:state`'s agenda, redacted the same way."""

from __future__ import annotations

from frontdoor.db import db
from frontdoor.extensions import socketio

from . import meeting as service
from .guard import meeting_room
from .redaction import redact

NAMESPACE = "/meeting"


def broadcast_agenda(meeting_id: int) -> None:
    payload = redact(meeting_id, {"agenda": service.agenda(db.session(), meeting_id)})
    socketio.emit("meeting:agenda", payload, to=meeting_room(meeting_id), namespace=NAMESPACE)
