"""Quarantine in sight (#14): how many rows of the last police file wait in quarantine, and how
many of them carry a high risk level or name a child, so these are corrected first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import db
from ..models import Channel, ImportBatch, QuarantinedRow, QuarantineStatus

_HIGH = {"h", "high"}


@dataclass(frozen=True)
class QuarantineSummary:
    batch_id: int | None
    received_at: datetime | None
    open_rows: int = 0
    high_risk: int = 0
    children: int = 0
    open_everywhere: int = 0


def summary(session: Session | None = None) -> QuarantineSummary:
    session = session or db.session()
    batch = session.scalar(
        select(ImportBatch)
        .where(ImportBatch.channel == Channel.POLICE_EXPORT)
        .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())
        .limit(1)
    )
    rows = list(
        session.scalars(
            select(QuarantinedRow).where(QuarantinedRow.status == QuarantineStatus.OPEN)
        )
    )
    if batch is None:
        return QuarantineSummary(None, None, open_everywhere=len(rows))
    mine = [r for r in rows if r.batch_id == batch.id]
    return QuarantineSummary(
        batch.id,
        batch.created_at,
        len(mine),
        sum(1 for r in mine if _value(r, "dash_risk") in _HIGH),
        sum(1 for r in mine if _value(r, "role") == "child"),
        len(rows),
    )


def _value(row: QuarantinedRow, column: str) -> str:
    for key, value in row.raw.items():
        if key.strip().lower() == column:
            return (value or "").strip().lower()
    return ""
