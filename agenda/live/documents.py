"""Collaborative texts: Yjs updates stored as they arrive, merged into snapshots by pycrdt.

An update is stored (committed) before it is acknowledged or relayed, so an acknowledged edit
survives any restart. Every so often the updates of a text are merged into its snapshot and
deleted, so opening a text never replays a long history.
"""

from __future__ import annotations

import base64
import binascii
import re

from pycrdt import Doc, Text, merge_updates
from pycrdt import get_update as diff_update
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontdoor.db import transaction
from frontdoor.models import DocumentSnapshot, DocumentUpdate, utcnow

TEXT_KEY = "text"  # the Y.Text inside every document, in the browser and here
SHARED_FIELDS = ("notes", "safety_plan")
AGENCY_FIELD = re.compile(r"^known:(\d+)$")
MAX_UPDATE_BYTES = 64 * 1024
COMPACT_AFTER = 200


class BadUpdate(ValueError):
    """The bytes are not a Yjs update (or are too large to be a human edit)."""


def field_agency(field: str) -> int | None:
    """The agency owning a "what we know" field, or None for a shared field."""
    match = AGENCY_FIELD.match(field)
    return int(match.group(1)) if match else None


def is_known_field(field: object) -> bool:
    return isinstance(field, str) and (field in SHARED_FIELDS or bool(AGENCY_FIELD.match(field)))


def decode(value: object) -> bytes:
    """Yjs bytes travel as base64 text: Socket.IO binary attachments can be reassembled out of
    order when a threaded server handles messages concurrently."""
    if not isinstance(value, str) or len(value) > MAX_UPDATE_BYTES * 4 // 3 + 4:
        raise BadUpdate("not base64 text of a sensible size")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise BadUpdate("not base64") from error


def encode(payload: bytes) -> str:
    return base64.b64encode(payload).decode("ascii")


def check_update(value: object) -> bytes:
    payload = decode(value)
    if not payload:
        raise BadUpdate("empty")
    try:
        Doc().apply_update(payload)
    except ValueError as error:
        raise BadUpdate(str(error)) from error
    return payload


def store_update(tx: Session, item_id: int, field: str, payload: bytes, user_id: int) -> None:
    tx.execute(
        insert(DocumentUpdate).values(
            agenda_item_id=item_id,
            field=field,
            payload=payload,
            user_id=user_id,
            created_at=utcnow(),
        )
    )


def load_doc(session: Session, item_id: int, field: str, *extra: bytes) -> tuple[Doc, list[int]]:
    """The text as stored (its snapshot plus every update not yet merged into it), with `extra`
    updates on top, and the ids of the stored updates read."""
    state, row_ids = stored_state(session, item_id, field)
    return doc_of(*([state] if state is not None else []), *extra), row_ids


def stored_state(session: Session, item_id: int, field: str) -> tuple[bytes | None, list[int]]:
    """The snapshot and the unmerged updates as one merged update (None when nothing is stored)
    and the ids of those updates. Merged, it keeps an update still waiting for its dependency."""
    snapshot_state, rows = _stored(session, item_id, field)
    parts = ([snapshot_state] if snapshot_state is not None else []) + [p for _, p in rows]
    return (bytes(merge_updates(*parts)) if parts else None), [row_id for row_id, _ in rows]


def doc_of(*updates: bytes) -> Doc:
    """A document holding these updates, whatever order they were stored in.

    They are merged first and applied once. Applying them one by one in storage order (which
    is not causal order: one sender's updates are handled on concurrent threads) loses edits
    in pycrdt 0.14.13: an update that arrives before its dependency is held pending, and some
    orders of arrival leave pending text out of the document for good even once everything
    has arrived (tests/live/test_document_order.py has such orders). `merge_updates` sorts
    every struct by client and clock, so one application integrates all of it.
    """
    doc: Doc = Doc()
    if updates:
        doc.apply_update(bytes(merge_updates(*updates)) if len(updates) > 1 else updates[0])
    return doc


def _stored(
    session: Session, item_id: int, field: str
) -> tuple[bytes | None, list[tuple[int, bytes]]]:
    """The snapshot and the unmerged updates as one consistent read.

    Ids are not taken to be in commit order (they are not, under concurrent writers): a
    compaction deletes exactly the updates it merged, so whatever rows remain are unmerged. A
    compaction that commits between our reads changes the snapshot's version, so we read again.
    """
    while True:
        before = _snapshot_version(session, item_id, field)
        snapshot = session.execute(
            select(DocumentSnapshot.state).where(
                DocumentSnapshot.agenda_item_id == item_id, DocumentSnapshot.field == field
            )
        ).scalar_one_or_none()
        rows = [
            (row_id, bytes(payload))
            for row_id, payload in session.execute(
                select(DocumentUpdate.id, DocumentUpdate.payload)
                .where(DocumentUpdate.agenda_item_id == item_id, DocumentUpdate.field == field)
                .order_by(DocumentUpdate.id)
            )
        ]
        if _snapshot_version(session, item_id, field) == before:
            return (None if snapshot is None else bytes(snapshot)), rows


def _snapshot_version(session: Session, item_id: int, field: str) -> int | None:
    return session.execute(
        select(DocumentSnapshot.upto_update_id).where(
            DocumentSnapshot.agenda_item_id == item_id, DocumentSnapshot.field == field
        )
    ).scalar_one_or_none()


def sync_step(session: Session, item_id: int, field: str, client_state: bytes | None) -> bytes:
    """What the client lacks, given its state vector (everything when it has none).

    Encoded from the integrated document, so deleted text (a withheld detail the server
    replaced) is sent as garbage-collected ids, never as its characters. An update still
    waiting for its dependency is added as stored: it was relayed before this client joined,
    so without it the dependency, relayed later, would leave this client's text short.
    """
    state, _ = stored_state(session, item_id, field)
    doc = doc_of(state) if state is not None else Doc()
    integrated = bytes(doc.get_update(client_state) if client_state else doc.get_update())
    if state is None:
        return integrated
    waiting = bytes(diff_update(state, doc.get_state()))
    return bytes(merge_updates(integrated, waiting))


def text_of(session: Session, item_id: int, field: str) -> str:
    doc, _ = load_doc(session, item_id, field)
    return str(doc.get(TEXT_KEY, type=Text))


def compact(item_id: int, field: str) -> bool:
    """Merge the stored updates into the snapshot and drop them; False if another process won.

    The new snapshot is `merge_updates` of the old one and the updates, not a re-encoding of
    the integrated document: an update whose dependency has not arrived yet stays pending in a
    document and `Doc.get_update()` would leave it out, losing an acknowledged edit for good.
    Merging keeps every struct, integrated or not.
    """
    try:
        with transaction() as tx:
            version = _snapshot_version(tx, item_id, field)
            state, merged = stored_state(tx, item_id, field)
            if not merged or state is None:
                return True
            text = str(doc_of(state).get(TEXT_KEY, type=Text))
            # The version only ever increases, so a compare-and-set can never be fooled.
            next_version = max(max(merged), (version or 0) + 1)
            if version is None:
                tx.add(
                    DocumentSnapshot(
                        agenda_item_id=item_id,
                        field=field,
                        state=state,
                        upto_update_id=next_version,
                        text=text,
                    )
                )
                tx.flush()
            elif not _advance_snapshot(tx, item_id, field, version, next_version, state, text):
                raise _LostRace
            tx.execute(delete(DocumentUpdate).where(DocumentUpdate.id.in_(merged)))
    except (_LostRace, IntegrityError):
        return False
    return True


class _LostRace(Exception):
    """Another compaction of the same text committed first; this one is rolled back."""


def _advance_snapshot(
    tx: Session,
    item_id: int,
    field: str,
    version: int,
    next_version: int,
    state: bytes,
    text: str,
) -> bool:
    """Compare-and-set on the snapshot's version, so two compactions never step on each other."""
    result = tx.execute(
        update(DocumentSnapshot)
        .where(
            DocumentSnapshot.agenda_item_id == item_id,
            DocumentSnapshot.field == field,
            DocumentSnapshot.upto_update_id == version,
        )
        .values(state=state, upto_update_id=next_version, text=text, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
