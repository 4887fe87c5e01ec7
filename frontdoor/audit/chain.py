"""The audit hash chain: each row's hash covers its own content and the previous row's hash.

Any edited, removed or reordered row breaks the chain from that point on; removing rows from
the end is caught by the chain tip, a single row moved in the same transaction as each seal.
Hashes are HMACs with a key held outside the database (frontdoor.audit.keys), so a rewritten
row cannot be re-hashed with the app's own function; the tip is anchored regularly outside the
database (frontdoor.audit.anchors), so removing rows and moving the tip back also shows.

Recording an event takes no lock (frontdoor.audit.service.record inserts the row unsealed).
One chainer at a time seals what is committed (`seal`): it locks the tip row (an UPDATE of
it, first in its transaction: PostgreSQL makes a second chainer wait, SQLite has one writer),
takes the unsealed rows it can see in id order (ids from a sequence may commit out of order:
a row committed later is sealed later), and gives each the next chain position `seq`, gap-free,
with its hash. The scheduler runs it every AUDIT_SEAL_SECONDS (frontdoor.audit.jobs); `verify`
and anchoring seal first.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..db import transaction
from ..models import AuditChainTip, AuditEvent
from . import shipping
from .keys import current_key

GENESIS = "0" * 64
TIP_ID = 1
SEAL_BATCH = 500

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
    """The hash of a sealed row: "id" is its chain position; a row whose id differs from its
    position (recorded out of order, or after the two were first told apart) also has its id
    covered, as "row_id", so neither can be changed alone."""
    fields = {name: getattr(event, name) for name in HASHED_FIELDS}
    fields["id"] = event.seq
    if event.id != event.seq:
        fields["row_id"] = event.id
    return fields_hash(fields, prev_hash, key)


def fields_hash(fields: Mapping[str, Any], prev_hash: str, key: bytes | None = None) -> str:
    """HMAC-SHA-256 with the audit key (frontdoor.audit.keys) over a canonical JSON of the
    hashed fields (and "row_id" when given) and the previous row's hash; plain SHA-256 without
    a key (chains built in memory, and migration 0008, which chained the rows recorded before
    the chain existed)."""
    content = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    if "row_id" in fields:
        content["row_id"] = fields["row_id"]
    payload = json.dumps(
        {"prev": prev_hash, "row": content}, sort_keys=True, separators=(",", ":"), default=str
    ).encode()
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def seal(session: Session, limit: int = SEAL_BATCH) -> list[AuditEvent]:
    """Seal up to `limit` committed, unsealed events into the chain, in id order, in the
    caller's transaction (the tip stays locked until it ends). Returns them."""
    tip = _locked_tip(session)
    pending = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.seq.is_(None))
        .order_by(AuditEvent.id)
        .limit(limit)
        .execution_options(populate_existing=True)
    ).all()
    key = current_key()
    for event in pending:
        event.seq = tip.last_event_id + 1
        event.prev_hash = tip.last_hash
        event.row_hash = row_hash(event, tip.last_hash, key)
        tip.last_event_id, tip.last_hash = event.seq, event.row_hash
        shipping.hold(session, event)
    session.flush()
    return list(pending)


def seal_pending() -> int:
    """Seal everything committed so far, a batch per transaction; how many were sealed."""
    total = 0
    while True:
        with transaction() as tx:
            sealed = len(seal(tx))
        total += sealed
        if sealed < SEAL_BATCH:
            return total


def _locked_tip(session: Session) -> AuditChainTip:
    """The tip, locked until the transaction ends, read fresh (never from the identity map).
    The transaction's first statements write (the tip's insert if missing, then an UPDATE that
    locks it): on SQLite they take the writer lock before anything is read, so what is read
    next is current."""
    _insert_tip_if_missing(session)  # the very first seal, whichever chainer gets there
    lock = update(AuditChainTip).where(AuditChainTip.id == TIP_ID)
    session.execute(lock.values(last_event_id=AuditChainTip.last_event_id))
    query = select(AuditChainTip).where(AuditChainTip.id == TIP_ID)
    tip = session.scalar(query.execution_options(populate_existing=True))
    assert tip is not None
    return tip


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
    Seals what is committed first (in its own transactions), then checks the chain up to the
    tip it reads, with no lock held: rows the chainer seals meanwhile lie beyond that tip.
    `anchors` (from the anchor file) catch what a rewrite of the database alone would hide:
    rows removed from the end with the tip moved back, TRUNCATE, a rewritten chain."""
    seal_pending()
    tip = _tip(session)
    end = tip[0] if tip else 0
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.seq.is_not(None), AuditEvent.seq <= end)
        .order_by(AuditEvent.seq)
        .execution_options(yield_per=1000)
    )
    breaks = check_chain(events, tip, key=current_key(), anchors=anchors)
    beyond = session.scalar(select(func.min(AuditEvent.seq)).where(AuditEvent.seq > end))
    if beyond is not None and _tip(session) == tip:  # not sealed since: nothing put them there
        breaks.append(ChainBreak(beyond, "rows lie beyond the chain tip"))
    return breaks


def _tip(session: Session) -> tuple[int, str] | None:
    tip = session.scalar(
        select(AuditChainTip)
        .where(AuditChainTip.id == TIP_ID)
        .execution_options(populate_existing=True)
    )
    return None if tip is None else (tip.last_event_id, tip.last_hash)


def pending_count(session: Session) -> int:
    """Recorded events not sealed yet (the chainer seals them within AUDIT_SEAL_SECONDS)."""
    return session.scalar(select(func.count()).where(AuditEvent.seq.is_(None))) or 0


def check_chain(
    events: Iterable[AuditEvent],
    tip: tuple[int, str] | None,
    *,
    key: bytes | None = None,
    anchors: Sequence[AnchorPoint] = (),
) -> list[ChainBreak]:
    """Check sealed events (in chain order) against each other, the chain tip and the
    anchors. Rows up to the first anchor may carry plain SHA-256 hashes (recorded before the
    key existed); the anchor vouches for them. Every later row must carry the keyed hash."""
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
        position = event.seq or 0
        if position in wanted:
            seen[position] = event.row_hash or ""
        last_id, prev = position, event.row_hash or ""
    return breaks, last_id, prev, seen


def _check(
    event: AuditEvent, last_id: int, prev: str, key: bytes | None, plain_until: int
) -> Iterator[ChainBreak]:
    position = event.seq or 0
    if position <= last_id:
        yield ChainBreak(position, "rows are out of order")
    if event.prev_hash != prev:
        yield ChainBreak(position, "does not follow the row before it")
    prev_hash = event.prev_hash or ""
    hashes = {row_hash(event, prev_hash, key)}
    if position <= plain_until:
        hashes.add(row_hash(event, prev_hash))
    if event.row_hash not in hashes:
        yield ChainBreak(position, "content does not match its keyed hash: the row was changed")


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
