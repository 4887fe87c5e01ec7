"""Guard-level refusals in the audit log (ASVS 16.3.2), without letting anyone flood it.

A signed-in user refused by a role guard (the 403 of a `GuardedBlueprint` or of
`requires_roles`, or a live-meeting Socket.IO refusal) is recorded as `access.refused` with the
endpoint's name (never the URL, its arguments or query), the user and their agency: identifiers
only. Anonymous requests are not recorded: they are sent to sign in, not refused authorisation,
and anyone on the internet could send them for free.

Flood control, so that a signed-in attacker sweeping URLs cannot fill the log (each row also
is sealed into the audit chain): per user, a refusal is recorded at most once per endpoint per
window (ACCESS_REFUSAL_AUDIT_MINUTES, 10) and at most ACCESS_REFUSAL_AUDIT_LIMIT (20) times
per window in all; the row that reaches the limit says so (`limit_reached`). The refusals left
out are still refused, and counted in the application log. The check is one indexed read of
the audit table, so it is correct across workers without Redis. The worst case is
20 rows per user per 10 minutes, and a sweep still shows in the log as a run of refusals
ending in `limit_reached`.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..audit.service import record
from ..db import transaction
from ..models import AuditEvent, utcnow

ACTION = "access.refused"
log = logging.getLogger(__name__)


def record_refusal(endpoint: str | None, *, channel: str = "http") -> bool:
    """Audit that the signed-in user was refused `endpoint`; False when de-duplicated."""
    if not current_user.is_authenticated:
        return False
    name = (endpoint or "unknown")[:64]
    minutes = int(current_app.config.get("ACCESS_REFUSAL_AUDIT_MINUTES", 10))
    limit = int(current_app.config.get("ACCESS_REFUSAL_AUDIT_LIMIT", 20))
    try:
        with transaction() as tx:
            recent = tx.scalars(
                select(AuditEvent.object_id).where(
                    AuditEvent.action == ACTION,
                    AuditEvent.user_id == current_user.id,
                    AuditEvent.occurred_at >= utcnow() - timedelta(minutes=minutes),
                )
            ).all()
            if name in recent or len(recent) >= limit:
                log.info("access refused (not audited again): user %s %s", current_user.id, name)
                return False
            record(
                tx,
                ACTION,
                object_type="endpoint",
                object_id=name,
                channel=channel,
                limit_reached=len(recent) + 1 >= limit,
            )
    except SQLAlchemyError:  # never let the audit of a refusal turn it into a 500
        log.exception("could not audit a refused request: user %s %s", current_user.id, name)
        return False
    return True
