"""Retention of the network addresses the sign-in throttle keeps (frontdoor.auth.lockout): a
remembered source ("ok:<address>") goes `RETENTION_SIGN_IN_SOURCES_DAYS` after the account last
signed in from it (the next sign-in from there is then treated as from a new address, which
only matters while someone is guessing the account's password), and a source's failure count
as long after its last failure, once it is no longer made to wait."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from ..auth.lockout import KNOWN
from ..models import SignInFailures
from .rows import rowcount


def purge_sources(tx: Session, cutoff: datetime, now: datetime) -> dict[str, int]:
    remembered = SignInFailures.source.like(f"{KNOWN}%")
    known = tx.execute(
        delete(SignInFailures).where(
            remembered,
            or_(
                SignInFailures.last_signed_in_at.is_(None),
                SignInFailures.last_signed_in_at < cutoff,
            ),
        )
    )
    failed = tx.execute(
        delete(SignInFailures).where(
            ~remembered,
            SignInFailures.last_failed_at < cutoff,
            or_(SignInFailures.locked_until.is_(None), SignInFailures.locked_until <= now),
        )
    )
    return {
        "sign_in_sources": rowcount(known),
        "sign_in_failures": rowcount(failed),
    }
