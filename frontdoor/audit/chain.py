"""The audit hash chain: each row's hash covers its own content and the previous row's hash.

Any edited, removed or reordered row breaks the chain from that point on; removing rows from
the end is caught by the chain tip, a single row updated in the same transaction as each append.
Hashes are HMACs with a key held outside the database (frontdoor.audit.keys), so a rewritten
row cannot be re-hashed with the app's own function; the tip is anchored regularly outside the
database (frontdoor.audit.anchors), so removing rows and moving the tip back also shows.
Appends lock the tip row (SELECT ... FOR UPDATE on PostgreSQL; SQLite has one writer at a
time), so concurrent appends are serialised and never fork the chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import AuditChainTip, AuditEvent
from .keys import current_key

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


def row_hash(event: AuditEvent, prev_hash: str, key: bytes | None = None) -> str:
    return fields_hash({name: getattr(event, name) for name in HASHED_FIELDS}, prev_hash, key)


def fields_hash(fields: Mapping[str, Any], prev_hash: str, key: bytes | None = None) -> str:
    """HMAC-SHA-256 with the audit key (frontdoor.audit.keys) over a canonical JSON of the
    hashed fields and the previous row's hash; plain SHA-256 without a key (chains built in
    memory, and migration 0008, which chained the rows recorded before the chain existed)."""
    content = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    payload = json.dumps(
        {"prev": prev_hash, "row": content}, sort_keys=True, separators=(",", ":"), default=str
    ).encode()
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def link(session: Session, event: AuditEvent) -> None:
    """Give a new event its place in the chain and its hash; move the tip to it."""
    tip = _locked_tip(session)
    if tip is None:  # the very first event: create the tip, whichever writer gets there first
        _insert_tip_if_missing(session)
        tip = _locked_tip(session)
        assert tip is not None
    event.id = tip.last_event_id + 1
    event.prev_hash = tip.last_hash
    event.row_hash = row_hash(event, tip.last_hash, current_key())
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


@dataclass(frozen=True)
class AnchorPoint:
    """A chain position recorded outside the database (frontdoor.audit.anchors)."""

    event_id: int
    row_hash: str
    at: str = ""


def verify(session: Session, anchors: Sequence[AnchorPoint] = ()) -> list[ChainBreak]:
    """Every break in the chain, first to last; an empty list means the log is intact.
    `anchors` (from the anchor file) catch what a rewrite of the database alone would hide:
    rows removed from the end with the tip moved back, TRUNCATE, a rewritten chain."""
    events = session.scalars(
        select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000)
    )
    tip = session.get(AuditChainTip, TIP_ID)
    found = None if tip is None else (tip.last_event_id, tip.last_hash)
    return check_chain(events, found, key=current_key(), anchors=anchors)


def check_chain(
    events: Iterable[AuditEvent],
    tip: tuple[int, str] | None,
    *,
    key: bytes | None = None,
    anchors: Sequence[AnchorPoint] = (),
) -> list[ChainBreak]:
    """Check events (in id order) against each other, the chain tip and the anchors. Rows up
    to the first anchor may carry plain SHA-256 hashes (recorded before the key existed);
    the anchor vouches for them. Every later row must carry the keyed hash."""
    plain_until = anchors[0].event_id if anchors else 0
    wanted = {a.event_id for a in anchors}
    breaks, last_id, last_hash, seen = _walk(events, key, plain_until, wanted)
    if tip is None:
        if last_id:
            breaks.append(ChainBreak(None, "the chain tip is missing"))
    elif tip != (last_id, last_hash):
        breaks.append(ChainBreak(tip[0], "rows are missing from the end of the chain"))
    breaks.extend(_against_anchors(anchors, seen, last_id))
    return breaks


def _walk(
    events: Iterable[AuditEvent], key: bytes | None, plain_until: int, wanted: set[int]
) -> tuple[list[ChainBreak], int, str, dict[int, str]]:
    breaks: list[ChainBreak] = []
    seen: dict[int, str] = {}
    last_id, prev = 0, GENESIS
    for event in events:
        breaks.extend(_check(event, last_id, prev, key, plain_until))
        if event.id in wanted:
            seen[event.id] = event.row_hash
        last_id, prev = event.id, event.row_hash
    return breaks, last_id, prev, seen


def _check(
    event: AuditEvent, last_id: int, prev: str, key: bytes | None, plain_until: int
) -> Iterator[ChainBreak]:
    if event.id <= last_id:
        yield ChainBreak(event.id, "rows are out of order")
    if event.prev_hash != prev:
        yield ChainBreak(event.id, "does not follow the row before it")
    hashes = {row_hash(event, event.prev_hash, key)}
    if event.id <= plain_until:
        hashes.add(row_hash(event, event.prev_hash))
    if event.row_hash not in hashes:
        yield ChainBreak(event.id, "content does not match its keyed hash: the row was changed")


def _against_anchors(
    anchors: Sequence[AnchorPoint], seen: dict[int, str], last_id: int
) -> Iterator[ChainBreak]:
    for anchor in anchors:
        if anchor.event_id not in seen:
            yield ChainBreak(
                anchor.event_id, f"anchored at {anchor.at} but missing: rows were removed"
            )
        elif seen[anchor.event_id] != anchor.row_hash:
            yield ChainBreak(
                anchor.event_id, f"differs from its anchor of {anchor.at}: the chain was rewritten"
            )
    if anchors and last_id < anchors[-1].event_id:
        yield ChainBreak(
            last_id or None,
            f"the chain ends before its last anchor (row {anchors[-1].event_id}): rows were "
            "removed from the end or the tip was rolled back",
        )
