"""Records for the matching tests: one base person, changed field by field."""

from __future__ import annotations

from typing import Any

from matching.records import PreparedRecord, prepare

BASE = {
    "record_id": "base",
    "source": "police",
    "given_name": "Jonathan",
    "middle_name": "Paul",
    "surname": "Whitaker",
    "date_of_birth": "1984-06-12",
    "sex": "M",
    "address": "14 Oakfield Road",
    "postcode": "LS6 2QT",
    "nhs_number": "",
    "phone": "07700 900123",
    "pnc_id": "",
}
NHS_A = "4010232137"
NHS_B = "4010232145"


def make(record_id: str = "r", **changes: Any) -> PreparedRecord:
    """A prepared record: the base person with some fields changed."""
    return prepare({**BASE, "record_id": record_id, **changes})
