"""At most MAX_PEOPLE_PER_REFERRAL people in one referral, on every channel (issue #16,
finding 13): the API (422), the web form (a person past the limit is not added) and the police
file (every row of an incident naming more people is quarantined with the reason)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from flask import current_app

from .validation import FieldError, InvalidRow, ValidRow


def most_people() -> int:
    return int(current_app.config["MAX_PEOPLE_PER_REFERRAL"])


def too_many(count: int) -> FieldError | None:
    """The error for a referral naming `count` people, or None within the limit."""
    most = most_people()
    if count <= most:
        return None
    return FieldError(
        "people",
        f"One referral may name at most {most} people; this one names {count}. "
        "Send the others in a separate referral, or ask the front door.",
    )


def quarantine_crowded_incidents(
    rows: Sequence[ValidRow | InvalidRow],
) -> list[ValidRow | InvalidRow]:
    """A police file's rows, those of an incident naming too many people made invalid."""
    counts = Counter(_incident(row) for row in rows)
    checked: list[ValidRow | InvalidRow] = []
    for row in rows:
        error = too_many(counts[_incident(row)]) if _incident(row) else None
        if error is None:
            checked.append(row)
            continue
        reason = FieldError("incident_ref", error.message.replace("referral", "incident", 1))
        earlier = row.reasons if isinstance(row, InvalidRow) else ()
        checked.append(InvalidRow(row.row_number, row.incident_ref, row.raw, (*earlier, reason)))
    return checked


def _incident(row: ValidRow | InvalidRow) -> str:
    return (row.incident_ref or "").strip().upper()
