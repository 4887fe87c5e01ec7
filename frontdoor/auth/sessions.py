"""Signing in and out, with server-side sessions that can be revoked.

The browser's cookie holds only a random session id; each request checks that row, so
signing out, disabling a user or changing their roles takes effect at once everywhere.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask, current_app, g, has_request_context, request, session
from flask_login import login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts import dao
from ..audit.service import record
from ..db import db, transaction
from ..extensions import login_manager
from ..models import User, UserSession, utcnow
from . import lockout
from .connections import Ending, end_after_commit
from .devices import coarse_network, device_summary
from .passwords import hash_password, needs_rehash, verify_password

SESSION_KEY = "sid"
TOUCH_EVERY = timedelta(minutes=1)


class SignInError(ValueError):
    """The e-mail address or password is wrong, or the account cannot sign in."""


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_signed_in_user)
    from . import oidc
    from .timeout import timeout_context

    app.context_processor(timeout_context)
    oidc.init_app(app)


LOCKED_MESSAGE = (
    "Signing in to this account from your network is locked for a while after too many "
    "failed attempts. Try again later."
)


def sign_in(email: str, password: str) -> User:
    """Check the credentials and open a server-side session (no second factor asked)."""
    user = check_password(email, password)
    start_session(user)
    return user


def check_password(email: str, password: str) -> User:
    """The first factor. Failures, lock-outs and refusals are audited and counted."""
    with transaction() as tx:
        user = dao.user_by_email(tx, email)
        if user is not None and lockout.is_locked(tx, user):
            refusal: tuple[str, str] | None = ("auth.sign_in_locked", LOCKED_MESSAGE)
        else:
            refusal = _refusal(user, password)
        if refusal is not None:
            record(tx, refusal[0], object_type="user", object_id=user.id if user else None)
            if user is not None and refusal[0] == "auth.sign_in_failed":
                lockout.register_failure(tx, user)
        elif user is not None and user.password_hash and needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
    if refusal is not None or user is None:
        raise SignInError(refusal[1] if refusal else "Enter a correct e-mail address and password.")
    return user


def start_session(user: User, **audit_details: str) -> None:
    """Open a server-side session for a user who has proved who they are."""
    with transaction() as tx:
        user = tx.merge(user)
        lockout.clear(tx, user)
        sid = _open_session(tx, user, **audit_details)
    session.clear()  # a fresh session on sign-in: no fixation
    session[SESSION_KEY] = sid
    login_user(user)


def _refusal(user: User | None, password: str) -> tuple[str, str] | None:
    # Always one argon2 verification: an unknown e-mail costs what a known one does.
    if not verify_password(user.password_hash if user else None, password) or user is None:
        return "auth.sign_in_failed", "Enter a correct e-mail address and password."
    if not user.active or not user.agency.active:
        return "auth.sign_in_refused", "This account is disabled. Ask your administrator."
    return None


def _open_session(tx: Session, user: User, **audit_details: str) -> str:
    now = utcnow()
    user.last_login_at = now
    sid = secrets.token_urlsafe(32)
    tx.add(UserSession(id=sid, user_id=user.id, last_seen_at=now, **_where_from()))
    record(
        tx,
        "auth.sign_in",
        object_type="user",
        object_id=user.id,
        user_id=user.id,
        agency_id=user.agency_id,
        **audit_details,
    )
    return sid


def _where_from() -> dict[str, str | None]:
    if not has_request_context():
        return {"device": None, "network": None}
    return {
        "device": device_summary(request.headers.get("User-Agent")),
        "network": coarse_network(request.remote_addr),
    }


def current_session_id() -> str | None:
    sid = session.get(SESSION_KEY)
    return sid if isinstance(sid, str) else None


def rotate_session(user: User) -> None:
    """A new session id for this browser after re-authentication (ASVS 7.2.4); the old id is
    revoked. The session keeps its start time: the absolute time-out still counts from it."""
    old_id = current_session_id()
    with transaction() as tx:
        old = tx.get(UserSession, old_id) if old_id else None
        now = utcnow()
        sid = secrets.token_urlsafe(32)
        row = UserSession(id=sid, user_id=user.id, last_seen_at=now, **_where_from())
        if old is not None:
            row.created_at = old.created_at
            old.revoked_at, old.revoked_reason = now, "rotated"
            end_after_commit(tx, Ending(user.id, "rotated", session_id=old.id))
        tx.add(row)
    session[SESSION_KEY] = sid


def sign_out(user: User) -> None:
    sid = session.get(SESSION_KEY)
    with transaction() as tx:
        if sid:
            row = tx.get(UserSession, sid)
            if row is not None and row.revoked_at is None:
                row.revoked_at = utcnow()
                row.revoked_reason = "signed_out"
            end_after_commit(tx, Ending(user.id, "signed_out", session_id=sid))
        record(tx, "auth.sign_out", object_type="user", object_id=user.id)
    logout_user()
    session.clear()


def load_signed_in_user(user_id: str) -> User | None:
    """flask-login's loader: the user only while their server-side session is alive."""
    sid = session.get(SESSION_KEY)
    if not sid:
        return None
    tx = db.session()
    row = tx.scalar(select(UserSession).where(UserSession.id == sid))
    if row is None or row.revoked_at is not None or str(row.user_id) != user_id:
        return None
    user = row.user
    if not user.active or not user.agency.active or is_expired(row):
        return None
    now = utcnow()
    if now - row.last_seen_at > TOUCH_EVERY:
        with transaction():  # the session's own read-and-touch; commits happen only there
            row.last_seen_at = now
    g.user_session = row  # for the time-out warning (frontdoor.auth.timeout)
    return user


def is_expired(row: UserSession) -> bool:
    now = utcnow()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
    return now - row.last_seen_at > idle or now - row.created_at > absolute
