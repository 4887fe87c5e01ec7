"""Structured fields of an item, versioned: a write that names an older version is refused."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from frontdoor.models import ItemField, User, utcnow

# name -> the allowed values (None: free text up to MAX_TEXT characters)
FIELDS: dict[str, tuple[str, ...] | None] = {
    "risk": ("", "standard", "medium", "high"),
    "decision": None,
    "marac": ("", "yes", "no", "considered"),
    # the victim's contact plan: who contacts her, by what safe route, at what safe times, and
    # "other agencies: do not contact directly, go through X" (first line of every look-up)
    "contact_plan": None,
}
MAX_TEXT = 2000


class FieldError(ValueError):
    """The field or its value is not acceptable."""


@dataclass
class StaleWrite(Exception):
    """Someone saved the field since the writer last saw it; nothing was changed."""

    current: dict[str, object]


def check_value(name: object, value: object) -> tuple[str, str]:
    if not isinstance(name, str) or name not in FIELDS:
        raise FieldError("unknown field")
    if not isinstance(value, str):
        raise FieldError("value must be text")
    allowed = FIELDS[name]
    if allowed is not None and value not in allowed:
        raise FieldError("value not allowed")
    if len(value) > MAX_TEXT:
        raise FieldError("too long")
    return name, value


def read_fields(session: Session, item_id: int) -> dict[str, dict[str, object]]:
    rows = {
        row.name: row
        for row in session.scalars(select(ItemField).where(ItemField.agenda_item_id == item_id))
    }
    return {name: _as_dict(session, rows.get(name)) for name in FIELDS}


def write_field(
    tx: Session, item_id: int, name: str, value: str, base_version: int, user_id: int
) -> dict[str, object]:
    """Save when `base_version` is still the stored version; else raise StaleWrite."""
    row = tx.get(ItemField, (item_id, name))
    stored_version = row.version if row is not None else 0
    if base_version != stored_version:
        raise StaleWrite(_as_dict(tx, row))
    if row is None:
        row = ItemField(agenda_item_id=item_id, name=name, value=value, version=1)
        row.updated_by_id = user_id
        tx.add(row)
        tx.flush()  # a concurrent first write fails here on the primary key
        return _as_dict(tx, row)
    changed = tx.execute(
        update(ItemField)
        .where(
            ItemField.agenda_item_id == item_id,
            ItemField.name == name,
            ItemField.version == base_version,
        )
        .values(value=value, version=base_version + 1, updated_by_id=user_id, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if not changed.rowcount:  # type: ignore[attr-defined]
        tx.expire(row)
        raise StaleWrite(_as_dict(tx, row))
    tx.refresh(row)
    return _as_dict(tx, row)


def _as_dict(session: Session, row: ItemField | None) -> dict[str, object]:
    if row is None:
        return {"value": "", "version": 0, "by": None}
    author = session.get(User, row.updated_by_id) if row.updated_by_id else None
    return {
        "name": row.name,
        "value": row.value,
        "version": row.version,
        "by": author.display_name if author else None,
    }
