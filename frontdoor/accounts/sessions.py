"""A user's own sessions (ASVS 7.5.2) and an administrator's "sign out everywhere" (7.4.5).

The session id is the server-side secret behind the cookie: it never reaches a page. Pages
and forms name a session by a reference derived from it (a truncated SHA-256), and a user can
only ever find references among their own sessions, so no identifier of anyone else's session
can be guessed or replayed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit.service import record
from ..auth.connections import Ending, end_after_commit
from ..auth.sessions import is_expired
from ..db import db, transaction
from ..models import UserSession, utcnow
from .service import AccountError, _require_user, revoke_sessions


@dataclass(frozen=True)
class SessionSummary:
    ref: str
    created_at: datetime
    last_seen_at: datetime
    device: str
    network: str | None
    current: bool


def session_ref(session_id: str) -> str:
    return hashlib.sha256(b"frontdoor-session-ref:" + session_id.encode()).hexdigest()[:24]


def _live(tx: Session, user_id: int) -> list[UserSession]:
    rows = tx.scalars(
        select(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .order_by(UserSession.last_seen_at.desc())
    ).all()
    return [row for row in rows if not is_expired(row)]


def active_sessions(user_id: int, current_id: str | None) -> list[SessionSummary]:
    """The user's live sessions, the current one first."""
    summaries = [
        SessionSummary(
            ref=session_ref(row.id),
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            device=row.device or "Unknown browser",
            network=row.network,
            current=row.id == current_id,
        )
        for row in _live(db.session(), user_id)
    ]
    return sorted(summaries, key=lambda s: not s.current)


def end_session(user_id: int, ref: str, current_id: str | None) -> None:
    """End one of the user's other sessions (the current one ends with "Sign out")."""
    with transaction() as tx:
        row = next((r for r in _live(tx, user_id) if session_ref(r.id) == ref), None)
        if row is None or row.id == current_id:
            raise AccountError("That session has already ended.")
        row.revoked_at = utcnow()
        row.revoked_reason = "ended_by_user"
        end_after_commit(tx, Ending(user_id, "ended_by_user", session_id=row.id))
        record(tx, "auth.session_ended", object_type="user", object_id=user_id, sessions=1)


def end_other_sessions(user_id: int, current_id: str | None) -> int:
    """End every session of the user but this one; returns how many were ended."""
    with transaction() as tx:
        ended = revoke_sessions(tx, user_id, "ended_by_user", keep=current_id)
        record(tx, "auth.session_ended", object_type="user", object_id=user_id, sessions=ended)
    return ended


def sign_out_everywhere(user_id: int) -> int:
    """An administrator ends all of a user's sessions at once; returns how many."""
    with transaction() as tx:
        user = _require_user(tx, user_id)
        ended = revoke_sessions(tx, user.id, "signed_out_by_admin")
        record(
            tx, "user.signed_out_everywhere", object_type="user", object_id=user.id, sessions=ended
        )
    return ended
