"""Withheld details never travel in a live-meeting payload (docs/security.md §2.3).

- JSON payloads (every reply, through `live_event`, and every broadcast carrying family data)
  pass through `redact(meeting_id, payload)`: `scrub()` with the withheld addresses, postcodes
  and phone numbers of every family on the meeting's agenda. No text in the payload, no query.
- Collaborative texts travel as Yjs updates, which cannot be scrubbed in place. Check and store
  are one step per text (`text_lock` in the process, `lock_text` in the database): an update
  whose bytes, or the merged text it would make, hold more than 3 characters of any withheld
  detail (`update_leaks`, the guard of `frontdoor.access.withheld`) is refused, so no piece of
  a detail is stored, relayed or synced; the typist is told their edit was refused. A
  detail already in a text (typed before the address was withheld) is replaced by an edit of
  the server's own before the text is synced to anyone (`redact_stored_text`); the merged
  document then holds no trace of it (deleted Yjs content is garbage-collected).
"""

from __future__ import annotations

import threading
from typing import Any

from pycrdt import Text
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from frontdoor.access.redaction import WITHHELD, scrub, withheld_spans, withheld_values_of
from frontdoor.access.withheld import guard_for
from frontdoor.db import db
from frontdoor.models import AgendaItem, DocumentUpdate, utcnow

from . import documents


def _has_text(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value)
    if isinstance(value, dict):
        return any(_has_text(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_text(v) for v in value)
    return False


def meeting_withheld(session: Session, meeting_id: int) -> frozenset[str]:
    families = select(AgendaItem.family_id).where(AgendaItem.meeting_id == meeting_id)
    return withheld_values_of(session, families)


def redact(meeting_id: int, payload: Any) -> Any:
    """The payload with every withheld detail of the meeting's families replaced."""
    if not _has_text(payload):
        return payload
    return scrub(payload, meeting_withheld(db.session(), meeting_id))


def item_withheld(session: Session, item_id: int) -> frozenset[str]:
    families = select(AgendaItem.family_id).where(AgendaItem.id == item_id)
    return withheld_values_of(session, families)


def lock_text(tx: Session, item_id: int) -> None:
    """Serialise the writers of an item's texts across processes until `tx` ends: a row lock on
    PostgreSQL; on SQLite a first write, which takes the database's write lock (reads before
    it run outside any transaction, so the merged state read after it is the latest)."""
    if tx.get_bind().dialect.name == "postgresql":
        tx.execute(select(AgendaItem.id).where(AgendaItem.id == item_id).with_for_update())
    else:
        tx.execute(
            update(AgendaItem)
            .where(AgendaItem.id == item_id)
            .values(id=AgendaItem.id)
            .execution_options(synchronize_session=False)
        )


_text_locks: dict[tuple[int, str], threading.Lock] = {}
_text_locks_guard = threading.Lock()


def text_lock(item_id: int, field: str) -> threading.Lock:
    """One lock per text in this process (the database lock serialises the processes)."""
    with _text_locks_guard:
        return _text_locks.setdefault((item_id, field), threading.Lock())


def update_leaks(tx: Session, item_id: int, field: str, update_bytes: bytes) -> bool:
    """Would storing this update reveal a withheld detail? Checked on the MERGED state (the
    stored text with the update applied: two halves sent from two sockets meet here) and on
    the update's own bytes (its inserted strings, including any a client keeps pending or
    deletes at once, are relayed as they are). Call it under `lock_text`."""
    guard = guard_for(tx)
    if not guard:
        return False
    if guard.leaks(update_bytes.decode("utf-8", errors="replace")):
        return True
    doc, _ = documents.load_doc(tx, item_id, field, update_bytes)
    return guard.leaks(str(doc.get(documents.TEXT_KEY, type=Text)))


def redact_stored_text(tx: Session, item_id: int, field: str) -> bytes | None:
    """Replace every withheld detail in a stored text with an edit of the server's own, stored
    like any other; returns that update (to relay), or None when there was nothing to do."""
    withheld = item_withheld(tx, item_id)
    if not withheld:
        return None
    doc, _ = documents.load_doc(tx, item_id, field)
    text = doc.get(documents.TEXT_KEY, type=Text)
    current = str(text)
    spans = withheld_spans(current, withheld)
    if not spans:
        return None
    before = doc.get_state()
    for start, end in reversed(spans):  # Yjs text offsets count UTF-8 bytes
        offset = len(current[:start].encode("utf-8"))
        del text[offset : offset + len(current[start:end].encode("utf-8"))]
        text.insert(offset, WITHHELD)
    update = bytes(doc.get_update(before))
    values = {"agenda_item_id": item_id, "field": field, "payload": update, "user_id": None}
    tx.execute(insert(DocumentUpdate).values(**values, created_at=utcnow()))
    return update
