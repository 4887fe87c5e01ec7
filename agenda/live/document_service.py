"""What the /docs handlers change, each in one transaction (the layering test keeps
transactions out of `*_events.py`)."""

from __future__ import annotations

from frontdoor.db import transaction

from . import documents, redaction


def apply_update(
    target: tuple[int, str], payload: bytes, user_id: int
) -> tuple[bytes | None, bool]:
    """Store a Yjs update unless it would bring a withheld detail into the text. Returns (the
    fix that removed a withheld detail already stored, or None; whether it was refused)."""
    with redaction.text_lock(*target), transaction() as tx:
        redaction.lock_text(tx, target[0])
        fix = redaction.redact_stored_text(tx, *target)
        refused = redaction.update_leaks(tx, *target, payload)
        if not refused:
            documents.store_update(tx, *target, payload, user_id)
    return fix, refused


def redact_stored(target: tuple[int, str]) -> bytes | None:
    """Replace a withheld detail already in the text; the fix to relay, or None."""
    with transaction() as tx:
        return redaction.redact_stored_text(tx, *target)
