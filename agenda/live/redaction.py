"""Withheld details never travel in a live-meeting payload (docs/security.md §2.3).

- JSON payloads (every reply, through `live_event`, and every broadcast carrying family data)
  pass through `redact(meeting_id, payload)`: `scrub()` with the withheld addresses, postcodes
  and phone numbers of every family on the meeting's agenda. No text in the payload, no query.
- Collaborative texts travel as Yjs updates, which cannot be scrubbed in place: an update whose
  text would then hold a withheld detail is refused (`completes_withheld_detail`), so the whole
  detail is never stored, relayed or synced; the typist is told their edit was refused. A
  detail already in a text (typed before the address was withheld) is replaced by an edit of
  the server's own before the text is synced to anyone (`redact_stored_text`); the merged
  document then holds no trace of it (deleted Yjs content is garbage-collected).
"""

from __future__ import annotations

from typing import Any

from pycrdt import Text
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from frontdoor.access.redaction import WITHHELD, scrub, withheld_spans, withheld_values_of
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


def meeting_withheld(session: Session, meeting_id: int) -> set[str]:
    families = select(AgendaItem.family_id).where(AgendaItem.meeting_id == meeting_id)
    return withheld_values_of(session, families)


def redact(meeting_id: int, payload: Any) -> Any:
    """The payload with every withheld detail of the meeting's families replaced."""
    if not _has_text(payload):
        return payload
    return scrub(payload, meeting_withheld(db.session(), meeting_id))


def item_withheld(session: Session, item_id: int) -> set[str]:
    families = select(AgendaItem.family_id).where(AgendaItem.id == item_id)
    return withheld_values_of(session, families)


def _details_in(text: str, withheld: set[str]) -> int:
    return str(scrub(text, withheld)).count(WITHHELD) - text.count(WITHHELD)


def completes_withheld_detail(session: Session, item_id: int, field: str, update: bytes) -> bool:
    """Would this update add a withheld detail of the item's family to the text? (A detail
    already in it, e.g. written before the address was withheld, does not block other edits.)"""
    withheld = item_withheld(session, item_id)
    if not withheld:
        return False
    doc, _ = documents.load_doc(session, item_id, field)
    text = doc.get(documents.TEXT_KEY, type=Text)
    before = _details_in(str(text), withheld)
    doc.apply_update(update)
    return _details_in(str(text), withheld) > before


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
