"""Retention of intake working data: raw files and rows are kept days, not years.

- `intake_raw`: a batch's raw bytes (a rejected file) and its error/warning lines (which can
  quote values) are cleared; the summary (counts, checksum) stays while it is referenced.
- `import_batches`: a batch row no referral revision and no quarantined row points at.
- `quarantined_rows`: a quarantined row once resubmitted or discarded, from that moment.
- `quarantined_rows_open`: a quarantined row no one acted on, from its arrival.
- `referral_drafts`: a web-form draft (sent or not), from its last change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, delete, func, or_, select, update
from sqlalchemy.orm import Session

from ..models import (
    ImportBatch,
    QuarantinedRow,
    QuarantineStatus,
    ReferralDraft,
    ReferralRevision,
)
from .rows import rowcount


def _not_empty(column: Any) -> ColumnElement[bool]:
    return func.coalesce(cast(column, Text), "[]").not_in(["[]", "null"])


def purge_raw(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    statement = (
        update(ImportBatch)
        .where(
            ImportBatch.created_at < cutoff,
            or_(
                ImportBatch.rejected_content.is_not(None),
                _not_empty(ImportBatch.errors),
                _not_empty(ImportBatch.warnings),
            ),
        )
        .values(rejected_content=None, errors=[], warnings=[])
        .execution_options(synchronize_session=False)
    )
    return {"intake_raw": rowcount(tx.execute(statement))}


def purge_batches(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    referenced = select(ReferralRevision.batch_id).where(ReferralRevision.batch_id.is_not(None))
    statement = delete(ImportBatch).where(
        ImportBatch.created_at < cutoff,
        ImportBatch.id.not_in(referenced),
        ImportBatch.id.not_in(select(QuarantinedRow.batch_id)),
    )
    return {"import_batches": rowcount(tx.execute(statement))}


def purge_resolved_quarantine(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    statement = delete(QuarantinedRow).where(
        QuarantinedRow.status != QuarantineStatus.OPEN,
        func.coalesce(QuarantinedRow.resolved_at, QuarantinedRow.created_at) < cutoff,
    )
    return {"quarantined_rows": rowcount(tx.execute(statement))}


def purge_open_quarantine(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    statement = delete(QuarantinedRow).where(
        QuarantinedRow.status == QuarantineStatus.OPEN, QuarantinedRow.created_at < cutoff
    )
    return {"quarantined_rows_open": rowcount(tx.execute(statement))}


def purge_drafts(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    last_change = func.coalesce(ReferralDraft.updated_at, ReferralDraft.created_at)
    statement = delete(ReferralDraft).where(last_change < cutoff)
    return {"referral_drafts": rowcount(tx.execute(statement))}
