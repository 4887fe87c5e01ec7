"""Sign-in throttling per account and source (issue #16, finding 12).

Failures (password, code, re-authentication) are counted per account *and* source — the
client's address (IPv4 /32, IPv6 /64: one host, one household or office line). After
LOCKOUT_THRESHOLD consecutive failures from one source, that source waits before its next try,
the wait doubling with each further failure (LOCKOUT_BASE_SECONDS, 2x, 4x... capped at
LOCKOUT_MINUTES). Other sources are not affected, not even the rest of the same network:
someone who only knows an e-mail address cannot lock its owner out (the duty coordinator just
before the meeting), while guessing from one address slows down exponentially.

A separate, higher ceiling per account stops guessing spread over many addresses: once the
account has LOCKOUT_ACCOUNT_THRESHOLD failures within LOCKOUT_ACCOUNT_WINDOW_MINUTES from all
sources together, sources it has never been signed in from wait until the window has passed.
A source the owner has signed in from (remembered as a row "ok:<source>") is exempt, so an
attacker with many addresses still cannot keep the owner out from their usual desk. A
completed sign-in clears its own source's count.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..audit.service import record
from ..models import SignInFailures, User, utcnow

UNKNOWN_SOURCE = "unknown"
KNOWN = "ok:"  # prefix of the row that remembers a source the account signed in from


def source_of(address: str | None) -> str:
    """An IPv4 address as itself (/32), an IPv6 address as its /64."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return UNKNOWN_SOURCE
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def current_source() -> str:
    if not has_request_context():
        return UNKNOWN_SOURCE
    return source_of(request.remote_addr)


def is_locked(tx: Session, user: User) -> bool:
    """Must this source wait before trying this account again?"""
    now, source = utcnow(), current_source()
    failures = tx.get(SignInFailures, (user.id, source))
    if failures and failures.locked_until and failures.locked_until > now:
        return True
    return over_account_ceiling(tx, user, now) and not is_known(tx, user, source)


def over_account_ceiling(tx: Session, user: User, now: datetime) -> bool:
    return _recent_failures(tx, user, now) >= current_app.config["LOCKOUT_ACCOUNT_THRESHOLD"]


def is_known(tx: Session, user: User, source: str) -> bool:
    return tx.get(SignInFailures, (user.id, KNOWN + source)) is not None


def _recent_failures(tx: Session, user: User, now: datetime) -> int:
    since = now - timedelta(minutes=current_app.config["LOCKOUT_ACCOUNT_WINDOW_MINUTES"])
    total = tx.scalar(
        select(func.coalesce(func.sum(SignInFailures.count), 0)).where(
            SignInFailures.user_id == user.id,
            SignInFailures.last_failed_at > since,
            SignInFailures.source.not_like(f"{KNOWN}%"),
        )
    )
    return int(total or 0)


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
            tx, "auth.locked_out", object_type="user", object_id=user.id, user_id=user.id,
            source=source, wait_seconds=int(wait_after(excess).total_seconds()),
        )  # fmt: skip
    tx.flush()
    if _recent_failures(tx, user, now) == current_app.config["LOCKOUT_ACCOUNT_THRESHOLD"]:
        record(
            tx, "auth.account_ceiling_reached", object_type="user", object_id=user.id,
            user_id=user.id, window_minutes=current_app.config["LOCKOUT_ACCOUNT_WINDOW_MINUTES"],
        )  # fmt: skip


def wait_after(excess: int) -> timedelta:
    """The wait after the threshold's failure (excess 0) and each one after it."""
    config = current_app.config
    cap = timedelta(minutes=config["LOCKOUT_MINUTES"])
    base = timedelta(seconds=config["LOCKOUT_BASE_SECONDS"])
    return min(cap, base * (2 ** min(excess, 20)))


def clear(tx: Session, user: User) -> None:
    """A completed sign-in: this source's count goes, and the source is remembered (with when,
    so that the retention purge forgets a source not signed in from for long)."""
    source = current_source()
    failures = tx.get(SignInFailures, (user.id, source))
    if failures is not None:
        tx.delete(failures)
    if source == UNKNOWN_SOURCE:
        return
    known = tx.get(SignInFailures, (user.id, KNOWN + source))
    if known is None:
        known = SignInFailures(user_id=user.id, source=KNOWN + source, count=0)
        tx.add(known)
    known.last_signed_in_at = utcnow()
