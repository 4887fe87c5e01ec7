"""The handshake and per-event checks every live namespace uses.

A connection is refused unless the user is signed in (server-side session), the Origin is
allowed, the CSRF token matches the session's, and the user may take part in the meeting.
Each event then re-reads the user and their standing; the moment either fails, the
connection is told and cut off.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request, session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, disconnect, emit, join_room
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session as DbSession

from frontdoor.auth.connections import Ending
from frontdoor.auth.refusals import record_refusal
from frontdoor.auth.sessions import SESSION_KEY
from frontdoor.db import db, transaction
from frontdoor.extensions import socketio
from frontdoor.web.input_limits import BadInput, check_value

from .access import Member, csrf_valid, live_sessions, member_of, origin_allowed, standing
from .redaction import redact
from .registry import Connection, registry

Handler = Callable[[Member, dict[str, Any]], Any]
T = TypeVar("T")


def lobby_room(meeting_id: int) -> str:
    """Everyone connected to the meeting: presence and navigation, nothing about families."""
    return f"lobby:{meeting_id}"


def meeting_room(meeting_id: int) -> str:
    """Only those who accepted the confidentiality statement: family data goes here."""
    return f"meeting:{meeting_id}"


def _sid() -> str:
    return str(request.sid)  # type: ignore[attr-defined]


def refuse(reason: str) -> ConnectionRefusedError:
    return ConnectionRefusedError({"reason": reason})


def admit(auth: object, namespace: str, *, needs_acceptance: bool) -> Member:
    """Check a handshake; raise ConnectionRefusedError with the reason when it fails."""
    if not current_user.is_authenticated:
        raise refuse("sign_in")
    origin = request.headers.get("Origin")
    if not origin_allowed(origin, request.host_url, current_app.config["ALLOWED_ORIGINS"]):
        raise refuse("origin")
    auth = auth if isinstance(auth, dict) else {}
    if not csrf_valid(auth.get("csrf_token")):
        raise refuse("csrf")
    meeting_id = auth.get("meeting_id")
    member = (
        member_of(db.session(), current_user, meeting_id) if isinstance(meeting_id, int) else None
    )
    if member is None:
        record_refusal(f"socket:{namespace}:connect", channel="socketio")
        raise refuse("not_invited")
    if needs_acceptance and not member.accepted:
        raise refuse("confidentiality")
    session_id = session.get(SESSION_KEY)
    connection = Connection(
        member.meeting_id,
        member.user_id,
        namespace,
        session_id if isinstance(session_id, str) else None,
    )
    registry.add(_sid(), connection)
    join_room(lobby_room(member.meeting_id))
    if member.accepted:
        join_room(meeting_room(member.meeting_id))
    return member


def current_member() -> Member | None:
    """The connection's member, re-checked against the database now (one query)."""
    connection = registry.get(_sid())
    session_id = session.get(SESSION_KEY)
    if connection is None or not isinstance(session_id, str):
        return None
    config = current_app.config
    return standing(
        db.session(),
        session_id,
        connection.user_id,
        connection.meeting_id,
        idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        absolute=timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]),
    )


def cut_off(sid: str, namespace: str, reason: str) -> None:
    """Tell one connection its access has gone, then disconnect it (in whichever process)."""
    socketio.emit("access:revoked", {"reason": reason}, to=sid, namespace=namespace)
    socketio.server.disconnect(sid, namespace=namespace)


def cut_off_member(meeting_id: int, user_id: int, reason: str) -> None:
    for namespace, sid in registry.connections_of(meeting_id, user_id):
        cut_off(sid, namespace, reason)


def end_connections(ending: Ending) -> None:
    """A session ended (sign-out, disabling, password change...): its connections, in every
    process, are told and cut off at once (frontdoor.auth.connections)."""
    for sid, connection in registry.everyone():
        if ending.covers(connection.user_id, connection.session_id):
            cut_off(sid, connection.namespace, ending.reason)
            registry.forget(sid)


def sweep_expired() -> int:
    """Cut off every connection whose session is no longer alive (revoked, idle or past its
    absolute limit, user or agency disabled): a silent socket hears nothing more."""
    connections = registry.everyone()
    if not connections:
        return 0
    config = current_app.config
    alive = live_sessions(
        db.session(),
        {c.session_id for _, c in connections if c.session_id},
        idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        absolute=timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]),
    )
    ended = 0
    for sid, connection in connections:
        if (connection.session_id, connection.user_id) not in alive:
            cut_off(sid, connection.namespace, "session_ended")
            registry.forget(sid)
            ended += 1
    return ended


def live_event(
    *, accepted: bool = True, chair: bool = False, redacted: bool = True
) -> Callable[[Handler], Any]:
    """Authorise an event again before its handler runs; a failure is answered, never run.
    The reply passes through `redaction.redact` (withheld details), unless `redacted=False`
    (Yjs binaries, which are checked on the way in instead)."""

    def decorate(handler: Handler) -> Callable[..., Any]:
        @wraps(handler)
        def checked(data: Any = None) -> Any:
            member = current_member()
            if member is None:
                emit("access:revoked", {"reason": "forbidden"})
                disconnect()
                return {"ok": False, "error": "forbidden"}
            if accepted and not member.accepted:
                return {"ok": False, "error": "confidentiality"}
            if chair and not member.is_chair:
                namespace = request.namespace  # type: ignore[attr-defined]
                record_refusal(f"socket:{namespace}:{handler.__name__}", channel="socketio")
                return {"ok": False, "error": "chair_only"}
            try:
                check_value(data)
                reply = handler(member, data if isinstance(data, dict) else {})
            except (BadInput, DataError, OverflowError):
                # An id no column can hold, a NUL (PostgreSQL), a lone surrogate, nesting:
                # the sender is told, as for any refused event (issue #16, finding 14).
                db.session.rollback()
                return {"ok": False, "error": "bad_request"}
            return redact(member.meeting_id, reply) if redacted else reply

        return checked

    return decorate


def forget_connection() -> Connection | None:
    return registry.remove(_sid())


def committed(work: Callable[[DbSession], T], attempts: int = 3) -> T:
    """Run `work` in a transaction, again if it lost a race on a unique key.

    Audited changes append to the audit hash chain; two appends racing on SQLite (whose
    transactions only lock on their first write) can collide on the chain's next id. The
    loser is rolled back whole, so running it again is safe.
    """
    for attempt in range(attempts):
        try:
            with transaction() as tx:
                return work(tx)
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
