"""Sign-in throttling per account and source (issue #16, finding 12).

Failures (password, code, re-authentication) are counted per account *and* source — the
client's coarse network (frontdoor.auth.devices.coarse_network: IPv4 /24, IPv6 /48). After
LOCKOUT_THRESHOLD consecutive failures from one source, that source waits before its next try,
the wait doubling with each further failure (LOCKOUT_BASE_SECONDS, 2x, 4x... capped at
LOCKOUT_MINUTES). Other sources are not affected: someone who only knows an e-mail address
cannot lock its owner out (the duty coordinator just before the meeting), while guessing from
one network slows down exponentially. A completed sign-in clears its own source's count.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, has_request_context, request
from sqlalchemy.orm import Session

from ..audit.service import record
from ..models import SignInFailures, User, utcnow
from .devices import coarse_network

UNKNOWN_SOURCE = "unknown"


def current_source() -> str:
    if not has_request_context():
        return UNKNOWN_SOURCE
    return coarse_network(request.remote_addr) or UNKNOWN_SOURCE


def is_locked(tx: Session, user: User) -> bool:
    """Must this source wait before trying this account again?"""
    failures = tx.get(SignInFailures, (user.id, current_source()))
    return bool(failures and failures.locked_until and failures.locked_until > utcnow())


def register_failure(tx: Session, user: User) -> None:
    source = current_source()
    failures = tx.get(SignInFailures, (user.id, source))
    if failures is None:
        failures = SignInFailures(user_id=user.id, source=source, count=0)
        tx.add(failures)
    now = utcnow()
    failures.count += 1
    failures.last_failed_at = now
    excess = failures.count - current_app.config["LOCKOUT_THRESHOLD"]
    if excess >= 0:
        failures.locked_until = now + wait_after(excess)
        record(
            tx,
            "auth.locked_out",
            object_type="user",
            object_id=user.id,
            user_id=user.id,
            source=source,
            wait_seconds=int(wait_after(excess).total_seconds()),
        )


def wait_after(excess: int) -> timedelta:
    """The wait after the threshold's failure (excess 0) and each one after it."""
    config = current_app.config
    cap = timedelta(minutes=config["LOCKOUT_MINUTES"])
    base = timedelta(seconds=config["LOCKOUT_BASE_SECONDS"])
    return min(cap, base * (2 ** min(excess, 20)))


def clear(tx: Session, user: User) -> None:
    failures = tx.get(SignInFailures, (user.id, current_source()))
    if failures is not None:
        tx.delete(failures)
