"""Quarantined rows as coordinators see them (issue #16, findings 7 and 13).

A quarantined row is raw input that failed validation, so nothing has applied the withheld
rule to it yet: a row marked `address_withheld` shows "Withheld" for its address, postcode and
phone, and every cell passes through the withheld-detail guard (a refuge address of any
family in any column is hidden), on the page, the row's correction form and the CSV. A
correction that leaves a hidden value as shown keeps the original. The list is paginated.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..access.withheld import PROTECTED_FIELDS, WITHHELD, Guard, guard_for
from ..models import QuarantinedRow, QuarantineStatus

PAGE_SIZE = 100
CSV_BATCH = 1000
_YES = {"y", "yes", "true", "1"}


@dataclass(frozen=True)
class ShownRow:
    id: int
    row_number: int
    file: str
    incident_ref: str
    reasons: str
    raw: dict[str, str]


@dataclass(frozen=True)
class Page:
    rows: list[ShownRow]
    number: int
    pages: int
    total: int


def is_withheld(raw: Mapping[str, Any]) -> bool:
    return str(raw.get("address_withheld") or "").strip().lower() in _YES


def shown_raw(guard: Guard, raw: Mapping[str, Any]) -> dict[str, str]:
    values = {str(k): guard.scrub(str(v)) if v is not None else "" for k, v in raw.items()}
    if is_withheld(raw):
        values.update({f: WITHHELD for f in PROTECTED_FIELDS if raw.get(f)})
    return values


def shown(guard: Guard, row: QuarantinedRow) -> ShownRow:
    reasons = "; ".join(f"{r['field']}: {r['message']}" for r in row.reasons)
    return ShownRow(
        row.id,
        row.row_number,
        row.batch.filename or row.batch.channel.value,
        guard.scrub(row.incident_ref or ""),
        guard.scrub(reasons),
        shown_raw(guard, row.raw),
    )


def _open() -> Any:
    return select(QuarantinedRow).where(QuarantinedRow.status == QuarantineStatus.OPEN)


def page(session: Session, number: int) -> Page:
    total = session.scalar(select(func.count()).select_from(_open().subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, number), pages)
    rows = session.scalars(
        _open().order_by(QuarantinedRow.id).offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    guard = guard_for(session)
    return Page([shown(guard, r) for r in rows], number, pages, total)


def all_shown(session: Session) -> Iterator[ShownRow]:
    """Every open row, read a batch at a time."""
    guard = guard_for(session)
    after = 0
    while True:
        rows = session.scalars(
            _open().where(QuarantinedRow.id > after).order_by(QuarantinedRow.id).limit(CSV_BATCH)
        ).all()
        if not rows:
            return
        yield from (shown(guard, r) for r in rows)
        after = rows[-1].id


def corrected_values(
    guard: Guard, row: QuarantinedRow, submitted: dict[str, str]
) -> dict[str, str]:
    """A value left as it was shown (hidden) keeps the row's original value."""
    before = shown_raw(guard, row.raw)
    return {
        name: str(row.raw.get(name, "")) if value == before.get(name) else value
        for name, value in submitted.items()
    }
