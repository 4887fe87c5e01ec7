"""A copy of every sealed audit event in the application's JSON log (ASVS 16.4.3).

The JSON log goes to stderr, where the platform collects it (journald under systemd) and ships
it to the council's SIEM (docs/deployment.md, "Shipping logs"). There, out of reach of anyone
who administers the database, the copy of the audit trail can be searched, alerted on and
compared with `audit_events`: each line carries the row's id, hash and previous hash, so the
copy is a hash chain of its own, and a row removed or changed in the database (which
`frontdoor audit verify` also reports) differs from the copy.

A line holds identifiers only (event id and hash, action, object type and id, user, agency),
never `details` or `purpose`, and only once the chainer's transaction that sealed the event
committed (so an event whose own transaction rolled back is never copied). `audit_id` is the
event's chain position (`seq`), as in `frontdoor audit verify` and the anchors.
"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..models import AuditEvent

LOGGER = logging.getLogger("frontdoor.audit")
_PENDING = "frontdoor_audit_pending"


def hold(session: Session, audit_event: AuditEvent) -> None:
    """Log this sealed event when (and only if) the session's transaction commits."""
    session.info.setdefault(_PENDING, []).append(audit_event)


@event.listens_for(Session, "after_commit")
def _ship(session: Session) -> None:
    for row in session.info.pop(_PENDING, []):
        LOGGER.info(
            "audit event",
            extra={
                "audit_id": row.seq,
                "audit_action": row.action,
                "object_type": row.object_type,
                "object_id": row.object_id,
                "user_id": row.user_id,
                "agency_id": row.agency_id,
                "row_hash": row.row_hash,
                "prev_hash": row.prev_hash,
            },
        )


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_PENDING, None)
