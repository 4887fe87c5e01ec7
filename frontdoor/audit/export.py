"""An agency's export of the audit of its own users, as CSV that spreadsheets cannot execute.

Every recorded event is exported, sealed or not: an event the chainer has not sealed yet
(within AUDIT_SEAL_SECONDS of being recorded) has empty `seq` and `row_hash`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..csv_safety import formula_safe
from ..models import AuditEvent, User

COLUMNS = (
    "id",
    "seq",
    "occurred_at",
    "user_id",
    "agency_id",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "details",
    "row_hash",
)


def agency_events(session: Session, agency_id: int) -> Iterator[AuditEvent]:
    """Events done by the agency's users (and events recorded against the agency itself)."""
    users = select(User.id).where(User.agency_id == agency_id)
    query = (
        select(AuditEvent)
        .where(AuditEvent.user_id.in_(users) | (AuditEvent.agency_id == agency_id))
        .order_by(AuditEvent.id)
        .execution_options(yield_per=1000)
    )
    yield from session.scalars(query)


def csv_rows(events: Iterator[AuditEvent]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow([formula_safe(_cell(event, column)) for column in COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _cell(event: AuditEvent, column: str) -> object:
    value = getattr(event, column)
    if column == "occurred_at":
        return value.isoformat()
    if column == "details":
        return json.dumps(value, sort_keys=True)
    return "" if value is None else value
