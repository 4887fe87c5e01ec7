"""The audit hash chain: each row's hash covers its own content and the previous row's hash.

Any edited, removed or reordered row breaks the chain from that point on; removing rows from
the end is caught by the chain tip, a single row updated in the same transaction as each append.
Appends lock the tip row (SELECT ... FOR UPDATE on PostgreSQL; SQLite has one writer at a
time), so concurrent appends are serialised and never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import AuditChainTip, AuditEvent

GENESIS = "0" * 64
TIP_ID = 1

HASHED_FIELDS = (
    "id",
    "occurred_at",
    "user_id",
    "agency_id",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "details",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def row_hash(event: AuditEvent, prev_hash: str) -> str:
    return fields_hash({name: getattr(event, name) for name in HASHED_FIELDS}, prev_hash)


def fields_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 over a canonical JSON of the hashed fields and the previous row's hash."""
    content = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    payload = json.dumps(
        {"prev": prev_hash, "row": content}, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def link(session: Session, event: AuditEvent) -> None:
    """Give a new event its place in the chain and its hash; move the tip to it."""
    tip = _locked_tip(session)
    if tip is None:  # the very first event: create the tip, whichever writer gets there first
        _insert_tip_if_missing(session)
        tip = _locked_tip(session)
        assert tip is not None
    event.id = tip.last_event_id + 1
    event.prev_hash = tip.last_hash
    event.row_hash = row_hash(event, tip.last_hash)
    tip.last_event_id = event.id
    tip.last_hash = event.row_hash


def _locked_tip(session: Session) -> AuditChainTip | None:
    """The tip, locked until the transaction ends, read fresh (never from the identity map)."""
    query = select(AuditChainTip).where(AuditChainTip.id == TIP_ID).with_for_update()
    return session.scalar(query.execution_options(populate_existing=True))


def _insert_tip_if_missing(session: Session) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {"id": TIP_ID, "last_event_id": 0, "last_hash": GENESIS}
    session.execute(insert(AuditChainTip).values(values).on_conflict_do_nothing())


@dataclass(frozen=True)
class ChainBreak:
    event_id: int | None
    problem: str


def verify(session: Session) -> list[ChainBreak]:
    """Every break in the chain, first to last; an empty list means the log is intact."""
    events = session.scalars(
        select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000)
    )
    tip = session.get(AuditChainTip, TIP_ID)
    return check_chain(events, None if tip is None else (tip.last_event_id, tip.last_hash))


def check_chain(events: Iterable[AuditEvent], tip: tuple[int, str] | None) -> list[ChainBreak]:
    """Check events (in id order) against each other and against the chain tip."""
    breaks, last_id, last_hash = _walk(events)
    if tip is None:
        if last_id:
            breaks.append(ChainBreak(None, "the chain tip is missing"))
    elif tip != (last_id, last_hash):
        breaks.append(ChainBreak(tip[0], "rows are missing from the end of the chain"))
    return breaks


def _walk(events: Iterable[AuditEvent]) -> tuple[list[ChainBreak], int, str]:
    breaks: list[ChainBreak] = []
    last_id, prev = 0, GENESIS
    for event in events:
        breaks.extend(_check(event, last_id, prev))
        last_id, prev = event.id, event.row_hash
    return breaks, last_id, prev


def _check(event: AuditEvent, last_id: int, prev: str) -> Iterator[ChainBreak]:
    if event.id <= last_id:
        yield ChainBreak(event.id, "rows are out of order")
    if event.prev_hash != prev:
        yield ChainBreak(event.id, "does not follow the row before it")
    if event.row_hash != row_hash(event, event.prev_hash):
        yield ChainBreak(event.id, "content does not match its hash: the row was changed")
