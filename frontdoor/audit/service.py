"""Recording audit events. Details hold identifiers only, never personal data."""

from __future__ import annotations

import json
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy.orm import Session

from ..db import transaction
from ..models import AuditEvent, utcnow


def record(
    session: Session,
    action: str,
    *,
    object_type: str | None = None,
    object_id: object = None,
    purpose: str | None = None,
    user_id: int | None = None,
    agency_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the caller's transaction (it commits with the change it records).

    The row is inserted unsealed, with no lock: the chainer (frontdoor.audit.chain.seal, run
    by the scheduler every AUDIT_SEAL_SECONDS, and by `frontdoor audit verify`) gives it its
    place in the hash chain once it is committed, and only then is it shipped to the log.
    """
    if user_id is None and has_request_context() and current_user.is_authenticated:
        user_id = current_user.id
        agency_id = agency_id if agency_id is not None else current_user.agency_id
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        purpose=purpose,
        user_id=user_id,
        agency_id=agency_id,
        details=json.loads(json.dumps(details, default=str)),  # exactly what the JSON holds
        occurred_at=utcnow(),
    )
    session.add(event)
    return event


def record_view(
    action: str,
    *,
    object_type: str,
    object_id: object = None,
    purpose: str | None = None,
    user_id: int | None = None,
    agency_id: int | None = None,
    **details: Any,
) -> None:
    """One event for one view of case data (a page, a list, an export or a live read), in a
    short transaction of its own. Details hold identifiers and counts only. The event is
    recorded unsealed and takes no chain lock (the chainer seals it), so views never collide."""
    with transaction() as tx:
        record(
            tx, action, object_type=object_type, object_id=object_id, purpose=purpose,
            user_id=user_id, agency_id=agency_id, **details,
        )  # fmt: skip
