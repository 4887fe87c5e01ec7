"""One reader's agency's copy of frozen minutes.

* Families the reader may not open (`family_access`) are left out: the copy says only that
  item N was left out, with no family name, and their addenda are left out too.
* Partner preparations: from format 2 the minutes hold only what each agency marked as shared
  in the meeting, shown to every reader. Older minutes (format 1, every entry): coordinators
  see every agency's in full; other readers see their own agency's in full and only a count by
  kind of other agencies' ("2 facts, 1 not shared"). "What we know" texts were shared in
  the meeting and are shown to everyone who may see the family.
* Every string is scrubbed again with the family's withheld details as they are now, so a
  detail withheld after the meeting closed is still never shown.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from frontdoor.access.policy import family_access
from frontdoor.access.redaction import scrub, withheld_values
from frontdoor.models import Minutes, MinutesAddendum, Role, User
from frontdoor.names import long_datetime

from . import chain

# From format 2 the minutes hold only the preparation each agency marked as shared in the
# meeting: shared, so shown to every reader who may see the family, like "what we know".
SHARED_ONLY_FORMAT = 2
KIND_NAMES = {"fact": "fact", "opinion": "opinion", "not_shared": "not shared"}


@dataclass(frozen=True)
class AgencyCopy:
    minutes_id: int
    meeting: dict[str, Any]
    attendance: list[dict[str, Any]]
    apologies: list[dict[str, Any]]
    items: list[dict[str, Any]]
    left_out: list[int]  # positions of items left out of this copy
    left_out_item_ids: list[int]
    addenda: list[dict[str, Any]]
    reader: dict[str, str]
    content_hash: str
    problems: list[str]

    @property
    def family_ids(self) -> list[int]:
        return [i["family_id"] for i in self.items]


def agency_copy(
    session: Session,
    reader: User,
    minutes: Minutes,
    addenda: list[MinutesAddendum],
    now: datetime,
) -> AgencyCopy:
    frozen = json.loads(minutes.snapshot)
    shown, left_out = [], []
    for item in frozen["items"]:
        if family_access(session, reader, item["family_id"]):
            withheld = withheld_values(session, item["family_id"])
            shown.append(scrub(_filter_item(item, reader, frozen.get("format", 1)), withheld))
        else:
            left_out.append(item)
    every_withheld: set[str] = set()
    for item in frozen["items"]:
        every_withheld |= withheld_values(session, item["family_id"])
    by_item = {i["item_id"]: i for i in shown}
    return AgencyCopy(
        minutes_id=minutes.id,
        meeting=frozen["meeting"],
        attendance=frozen["attendance"],
        apologies=scrub(frozen["apologies"], every_withheld),
        items=shown,
        left_out=[i["position"] for i in left_out],
        left_out_item_ids=[i["item_id"] for i in left_out],
        addenda=[
            scrub(_addendum(a, by_item), every_withheld)
            for a in addenda
            if a.agenda_item_id is None or a.agenda_item_id in by_item
        ],
        reader={
            "name": reader.display_name,
            "agency": reader.agency.name,
            "at": long_datetime(now),
        },
        content_hash=minutes.content_hash,
        problems=chain.verify(minutes, addenda),
    )


def _filter_item(item: dict[str, Any], reader: User, version: int = 1) -> dict[str, Any]:
    if reader.has_role(Role.COORDINATOR) or version >= SHARED_ONLY_FORMAT:
        return item
    contributions = []
    for entry in item["contributions"]:
        if entry["agency_id"] == reader.agency_id:
            contributions.append(entry)
            continue
        counts = Counter(p["kind"] for p in entry["preparations"])
        summary = ", ".join(f"{n} {KIND_NAMES.get(k, k)}" for k, n in sorted(counts.items()))
        contributions.append({**entry, "preparations": [], "preparation_summary": summary})
    return {**item, "contributions": contributions}


def _addendum(addendum: MinutesAddendum, items: dict[int, dict[str, Any]]) -> dict[str, Any]:
    item = items.get(addendum.agenda_item_id) if addendum.agenda_item_id else None
    return {
        "id": addendum.id,
        "text": addendum.text,
        "author": addendum.author.display_name,
        "agency": addendum.agency.name,
        "created_at": long_datetime(addendum.created_at),
        "item": f"{item['position']}. {item['family']}" if item else None,
        "content_hash": addendum.content_hash,
    }
