"""Hashes of the minutes and their addenda, and checking them.

minutes:   content_hash = SHA-256(snapshot text)
addendum:  content_hash = SHA-256(prev_hash + canonical JSON of its fields), where prev_hash
           is the previous addendum's hash, or the minutes' hash for the first one.
"""

from __future__ import annotations

import hashlib
from typing import Any

from frontdoor.models import Minutes, MinutesAddendum

from .snapshot import canonical, content_hash


def addendum_fields(addendum: MinutesAddendum) -> dict[str, Any]:
    return {
        "minutes_id": addendum.minutes_id,
        "agenda_item_id": addendum.agenda_item_id,
        "text": addendum.text,
        "author_id": addendum.author_id,
        "agency_id": addendum.agency_id,
        "created_at": addendum.created_at.isoformat(),
    }


def addendum_hash(prev_hash: str, addendum: MinutesAddendum) -> str:
    payload = prev_hash + canonical(addendum_fields(addendum))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def verify(minutes: Minutes, addenda: list[MinutesAddendum]) -> list[str]:
    """What does not match (empty: the minutes and every addendum are as recorded)."""
    problems = []
    if content_hash(minutes.snapshot) != minutes.content_hash:
        problems.append("the minutes do not match their hash")
    prev = minutes.content_hash
    for addendum in addenda:
        if addendum.prev_hash != prev:
            problems.append(f"addendum {addendum.id} does not follow the one before it")
        if addendum_hash(addendum.prev_hash, addendum) != addendum.content_hash:
            problems.append(f"addendum {addendum.id} does not match its hash")
        prev = addendum.content_hash
    return problems
