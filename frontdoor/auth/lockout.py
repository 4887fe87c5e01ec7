"""Account lock-out: after N consecutive failed sign-ins (password or code) the account is
locked for a while. The count resets only when a sign-in completes, second factor included."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy.orm import Session

from ..audit.service import record
from ..models import SignInFailures, User, utcnow


def is_locked(tx: Session, user: User) -> bool:
    failures = tx.get(SignInFailures, user.id)
    return bool(failures and failures.locked_until and failures.locked_until > utcnow())


def register_failure(tx: Session, user: User) -> None:
    failures = tx.get(SignInFailures, user.id)
    if failures is None:
        failures = SignInFailures(user_id=user.id, count=0)
        tx.add(failures)
    now = utcnow()
    failures.count += 1
    failures.last_failed_at = now
    if failures.count >= current_app.config["LOCKOUT_THRESHOLD"]:
        failures.count = 0
        failures.locked_until = now + timedelta(minutes=current_app.config["LOCKOUT_MINUTES"])
        record(tx, "auth.locked_out", object_type="user", object_id=user.id, user_id=user.id)


def clear(tx: Session, user: User) -> None:
    failures = tx.get(SignInFailures, user.id)
    if failures is not None:
        tx.delete(failures)
