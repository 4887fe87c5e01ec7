"""Retention: configurable periods (RETENTION_DAYS, 0 = keep) and a purge that deletes what has
expired and records in the audit log that it did, and how much.

Each policy names a table, the rows that may go, and the date they age from. The audit log
itself is never purged: it is append-only (see frontdoor.audit.chain).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Delete, delete
from sqlalchemy.sql.elements import ColumnElement

from ..audit.service import record
from ..db import transaction
from ..models import SelfClaimedAccess, UserSession, utcnow


@dataclass(frozen=True)
class Policy:
    name: str
    statement: Callable[[datetime], Delete]


def _sessions(cutoff: datetime) -> Delete:
    return delete(UserSession).where(UserSession.last_seen_at < cutoff)


def _claims(cutoff: datetime) -> Delete:
    reviewed: ColumnElement[bool] = SelfClaimedAccess.reviewed_at.is_not(None)
    return delete(SelfClaimedAccess).where(reviewed, SelfClaimedAccess.created_at < cutoff)


POLICIES = (
    Policy("user_sessions", _sessions),
    Policy("self_claimed_access", _claims),
)


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Delete every row past its retention period; one audit event says what went."""
    now = now or utcnow()
    periods: dict[str, int] = current_app.config["RETENTION_DAYS"]
    purged: dict[str, int] = {}
    with transaction() as tx:
        for policy in POLICIES:
            days = periods.get(policy.name, 0)
            if days > 0:
                result = tx.execute(policy.statement(now - timedelta(days=days)))
                purged[policy.name] = int(getattr(result, "rowcount", 0) or 0)
        record(tx, "retention.purged", object_type="retention", purged=purged, days=periods)
    return purged
