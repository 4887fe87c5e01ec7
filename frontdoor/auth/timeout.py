"""The session time-out warning: pages carry how long the session has left; a script warns the
user before it ends and lets them stay signed in (the idle limit only: the absolute one holds)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, g, jsonify
from flask_login import current_user
from werkzeug.wrappers import Response

from ..db import transaction
from ..models import UserSession, utcnow
from .guards import Access, GuardedBlueprint

bp = GuardedBlueprint("session", __name__, access=Access.signed_in())


def seconds_left(row: UserSession) -> dict[str, int]:
    now = utcnow()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
    return {
        "idle": int((row.last_seen_at + idle - now).total_seconds()),
        "absolute": int((row.created_at + absolute - now).total_seconds()),
        "warning": current_app.config["SESSION_WARNING_SECONDS"],
    }


def timeout_context() -> dict[str, Any]:
    row = g.get("user_session")
    if row is None or not current_user.is_authenticated:
        return {"session_timeout": None}
    return {"session_timeout": seconds_left(row)}


@bp.post("/session/extend")
def extend() -> Response:
    """Called by the warning's "Stay signed in" button: restart the idle clock."""
    with transaction() as tx:
        row = tx.get(UserSession, g.user_session.id)
        assert row is not None  # the loader has just found it alive
        row.last_seen_at = utcnow()
        left = seconds_left(row)
    return jsonify(left)
