"""The /meeting namespace: joining, attendance, confidentiality, presence, navigation."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import SocketIO, emit, join_room

from agenda.members import chair_choices
from frontdoor.audit.service import record_view
from frontdoor.db import db
from frontdoor.models import Role, User
from frontdoor.sharing.register import RegisterError

from . import documents, meeting_service
from . import meeting as service
from .access import Member
from .guard import (
    admit,
    current_member,
    cut_off_member,
    forget_connection,
    live_event,
    lobby_room,
    meeting_room,
)
from .quorum import quorum
from .redaction import redact

NAMESPACE = "/meeting"
MIN_REASON = 5


def on_connect(auth: Any = None) -> None:
    member = admit(auth, NAMESPACE, needs_acceptance=False)
    meeting_service.join(member)
    emit("presence:hello", {"sid": request.sid}, to=lobby_room(member.meeting_id))  # type: ignore[attr-defined]


def on_disconnect(*_: Any) -> None:
    connection = forget_connection()
    if connection is None:
        return
    sid = request.sid  # type: ignore[attr-defined]
    emit("presence:gone", {"sid": sid}, to=lobby_room(connection.meeting_id), namespace=NAMESPACE)
    meeting_service.leave(connection.meeting_id, connection.user_id)


@live_event(accepted=False)
def on_state(member: Member, _data: dict[str, Any]) -> dict[str, Any]:
    session = db.session()
    state: dict[str, Any] = {
        "ok": True,
        "meeting": service.meeting_header(session, member.meeting_id),
        "me": {**member.public(), "accepted": member.accepted},
        "navigation": service.navigation(session, member.meeting_id),
    }
    if member.accepted:
        state["agenda"] = service.agenda(session, member.meeting_id)
        state["attendance"] = service.attendance_list(session, member.meeting_id)
        state["quorum"] = quorum(
            session, member.meeting_id, current_app.config["QUORUM_AGENCY_KINDS"]
        )
        state["leads"] = service.lead_choices(session)
    record_view(
        "meeting.state_viewed", object_type="meeting", object_id=member.meeting_id,
        purpose="live meeting", user_id=member.user_id, agency_id=member.agency_id,
        accepted=member.accepted, item_ids=[row["id"] for row in state.get("agenda", [])],
    )  # fmt: skip
    return state


@live_event(accepted=False)
def on_accept(member: Member, _data: dict[str, Any]) -> dict[str, Any]:
    meeting_service.accept_confidentiality(member)
    join_room(meeting_room(member.meeting_id))
    _broadcast_attendance(member.meeting_id)
    return {"ok": True}


@live_event(chair=True)
def on_navigate(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    try:
        meeting_service.navigate(member, data.get("item_id"))
    except service.NotOnAgenda:
        return {"ok": False, "error": "not_on_agenda"}
    session = db.session()
    payload = redact(
        member.meeting_id,
        {
            **service.navigation(session, member.meeting_id),
            "by": member.name,
            "agenda": service.agenda(session, member.meeting_id),
        },
    )
    emit("meeting:navigated", payload, to=meeting_room(member.meeting_id))
    return {"ok": True, **payload}


@live_event(chair=True)
def on_apologies(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    try:
        meeting_service.record_apologies(member, data.get("user_id"), data.get("text"))
    except ValueError:
        return {"ok": False, "error": "unknown_user"}
    _broadcast_attendance(member.meeting_id)
    return {"ok": True}


@live_event(chair=True)
def on_set_invited(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The chair invites an extra attendee (any active partner user, with a reason) or removes
    someone. Both are audited and shown live."""
    user_id, invited = data.get("user_id"), bool(data.get("invited"))
    user = db.session().get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.id == member.user_id:
        return {"ok": False, "error": "unknown_user"}
    reason = str(data.get("reason") or "").strip()
    if invited:
        if not _may_attend(user):
            return {"ok": False, "error": "not_a_partner"}
        if len(reason) < MIN_REASON:
            return {"ok": False, "error": "reason_required", "message": "Say why they are invited."}
    try:
        meeting_service.set_invited(member, user.id, user.agency_id, invited, reason or None)
    except RegisterError as refused:  # not a signatory of the information-sharing agreement
        return {"ok": False, "error": "not_on_register", "message": str(refused)}
    if not invited:
        cut_off_member(member.meeting_id, user.id, "removed")
    _broadcast_attendance(member.meeting_id)
    return {"ok": True}


@live_event(chair=True)
def on_information_only(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    try:
        meeting_service.record_information_only(member, data.get("user_id"), data.get("text"))
    except ValueError:
        return {"ok": False, "error": "unknown_user"}
    _broadcast_attendance(member.meeting_id)
    return {"ok": True}


@live_event(chair=True)
def on_invite_choices(member: Member, _data: dict[str, Any]) -> dict[str, Any]:
    """Active partner representatives and coordinators the chair may invite."""
    people = [
        {"user_id": u.id, "name": u.display_name, "agency": u.agency.name}
        for u in chair_choices(db.session())
        if u.id != member.user_id
    ]
    return {"ok": True, "people": people}


def _may_attend(user: User) -> bool:
    return user.active and user.agency.active and user.has_role(Role.PARTNER, Role.COORDINATOR)


@live_event(accepted=False)
def on_presence(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    viewing = data.get("viewing") if isinstance(data.get("viewing"), int) else None
    # a field name only (never free text: presence goes to the lobby, unredacted)
    editing = data.get("editing") if documents.is_known_field(data.get("editing")) else None
    payload = {
        "sid": request.sid,  # type: ignore[attr-defined]
        **member.public(),
        "viewing": viewing if member.accepted else None,
        "editing": editing[:40] if editing and member.accepted else None,
    }
    emit("presence", payload, to=lobby_room(member.meeting_id))
    return {"ok": True}


def _broadcast_attendance(meeting_id: int) -> None:
    session = db.session()
    rows = service.attendance_list(session, meeting_id)
    panel = quorum(session, meeting_id, current_app.config["QUORUM_AGENCY_KINDS"])
    payload = redact(meeting_id, {"attendance": rows, "quorum": panel})
    emit("meeting:attendance", payload, to=meeting_room(meeting_id), namespace=NAMESPACE)


def register(socketio: SocketIO) -> None:
    socketio.on_event("connect", on_connect, namespace=NAMESPACE)
    socketio.on_event("disconnect", on_disconnect, namespace=NAMESPACE)
    socketio.on_event("meeting:state", on_state, namespace=NAMESPACE)
    socketio.on_event("meeting:accept", on_accept, namespace=NAMESPACE)
    socketio.on_event("meeting:navigate", on_navigate, namespace=NAMESPACE)
    socketio.on_event("meeting:apologies", on_apologies, namespace=NAMESPACE)
    socketio.on_event("meeting:set_invited", on_set_invited, namespace=NAMESPACE)
    socketio.on_event("meeting:information_only", on_information_only, namespace=NAMESPACE)
    socketio.on_event("meeting:invite_choices", on_invite_choices, namespace=NAMESPACE)
    socketio.on_event("presence:update", on_presence, namespace=NAMESPACE)


__all__ = ["current_member", "register"]
