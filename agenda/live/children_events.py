"""The /items namespace, children's part (#18): each child's CSC decision, impact and voice
(`child:set`, versioned like the agreed fields) and the Family Group Conference pathway
(`fgc:step`, one version per offer), pushed to everyone in the meeting. Thin: the rules are in
agenda/children (service, live)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask_socketio import SocketIO, emit
from sqlalchemy.exc import IntegrityError

from agenda.children import live as children
from agenda.children import service
from frontdoor.db import db
from frontdoor.models import Action, FgcOffer, User

from . import actions
from .access import Member
from .guard import live_event, meeting_room
from .redaction import redact

NAMESPACE = "/items"
CHAIR_STEPS = frozenset({"agree", "consent", "perpetrator", "refer", "outcome"})


def _user(member: Member) -> User:
    user = db.session().get(User, member.user_id)
    assert user is not None  # live_event has just checked the session and the user
    return user


@live_event()
def on_set_child(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    args = (data.get("item_id"), data.get("person_id"), data.get("name"), data.get("value"))
    try:
        child = children.set_child_field(
            _user(member), member.meeting_id, *args, data.get("version")
        )
    except LookupError:
        return {"ok": False, "error": "not_on_agenda"}
    except service.ChildrenError as error:
        return {"ok": False, "error": "invalid", "message": str(error)}
    except children.StaleChild as stale:
        return {"ok": False, "error": "stale", "current": stale.current}
    except IntegrityError:  # a concurrent first write of the same child
        return {"ok": False, "error": "stale", "current": None}
    change = {"item_id": data["item_id"], "name": data["name"], "child": child, "by": member.name}
    emit("child:changed", redact(member.meeting_id, change), to=meeting_room(member.meeting_id))
    return {"ok": True, "child": child}


def _steps(user: User, item_id: int, data: dict[str, Any]) -> dict[str, Callable[[], object]]:
    version = data.get("version") if isinstance(data.get("version"), int) else -1
    held = data.get("held_on")
    needs = data.get("needs")
    return {
        "propose": lambda: service.propose_fgc(user, item_id),
        "agree": lambda: service.agree_fgc(user, item_id, version),
        "consent": lambda: service.record_consent(
            user, item_id, consent=data.get("consent") is True,
            invitees=str(data.get("invitees") or ""), version=version),
        "perpetrator": lambda: service.record_perpetrator(
            user, item_id, requested=data.get("requested") is True,
            acknowledges=data.get("acknowledges") is True,
            attends=data.get("attends") is True, version=version),
        "refer": lambda: service.refer_fgc(user, item_id, version),
        "outcome": lambda: service.record_outcome(
            user, item_id, held_on=date.fromisoformat(held) if isinstance(held, str) and held
            else None, needs=[str(n) for n in needs] if isinstance(needs, list) else [],
            version=version),
    }  # fmt: skip


@live_event()
def on_fgc_step(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """Any member proposes; the chair agrees, records consent, the perpetrator's conditions,
    the referral and the outcome. Each names the offer's version it was based on."""
    step = data.get("step")
    if step in CHAIR_STEPS and not member.is_chair:
        return {"ok": False, "error": "chair_only"}
    user = _user(member)
    session = db.session()
    try:
        item = service.member_item(session, user, member.meeting_id, data.get("item_id"))
        item_id = item.id
        session.rollback()  # end the read: each step runs in its own transaction
        steps = _steps(user, item_id, data)
        if not isinstance(step, str) or step not in steps:
            return {"ok": False, "error": "invalid", "message": "Unknown step."}
        offer = steps[step]()
    except LookupError:
        return {"ok": False, "error": "not_on_agenda"}
    except (service.StaleFgc, IntegrityError):
        return {"ok": False, "error": "stale", "current": _current(item_id)}
    except (service.ChildrenError, ValueError) as error:
        return {"ok": False, "error": "invalid", "message": str(error)}
    return _changed(member, item_id, offer, step)


def _current(item_id: int) -> dict[str, Any] | None:
    session = db.session()
    session.rollback()
    return children.fgc_dict(session, service.offer_of(session, item_id))


def _changed(member: Member, item_id: int, offer: object, step: str) -> dict[str, Any]:
    session = db.session()
    assert isinstance(offer, FgcOffer)
    shown = children.fgc_dict(session, session.get(FgcOffer, offer.id))
    room = meeting_room(member.meeting_id)
    change = {"item_id": item_id, "step": step, "fgc": shown, "by": member.name}
    emit("fgc:changed", redact(member.meeting_id, change), to=room)
    referral = session.get(Action, shown["referral_action_id"] or 0) if shown else None
    if step == "refer" and referral is not None:  # the FGC service's action, shown live too
        action = actions.action_dict(session, referral)
        emit("action:changed", redact(member.meeting_id,
             {**action, "change": "created", "by": member.name}), to=room)  # fmt: skip
    return {"ok": True, "item_id": item_id, "fgc": shown}


def register(socketio: SocketIO) -> None:
    socketio.on_event("child:set", on_set_child, namespace=NAMESPACE)
    socketio.on_event("fgc:step", on_fgc_step, namespace=NAMESPACE)
