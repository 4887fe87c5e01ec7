"""Police files as the police export them: rows of one incident's people, and the CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from frontdoor.intake.validation import KNOWN_COLUMNS


def person_row(ref: str = "WY-20261124-0413", **overrides: str) -> dict[str, str]:
    """A valid row of the police export; override any column."""
    row = {
        "incident_ref": ref,
        "reported_at": "2026-11-24T23:41",
        "incident_at": "24/11/2026 23:05",
        "location_postcode": "ls6 1aa",
        "dash_risk": "H",
        "dash_score": "15",
        "children_present": "Y",
        "pregnancy": "N",
        "strangulation": "Y",
        "stalking": "N",
        "threats_to_kill": "N",
        "consent_to_share": "U",
        "officer": "PC 4411",
        "narrative": "Neighbours heard shouting.",
        "role": "victim",
        "given_name": "Amy",
        "middle_name": "",
        "surname": "Smith",
        "date_of_birth": "1990-04-12",
        "sex": "F",
        "address": "12 Oak Road, Leeds",
        "postcode": "LS6 1AA",
        "phone": "07700 900123",
        "pnc_id": "",
        "nhs_number": "943 476 5919",
        "school": "",
        "address_withheld": "",
    }
    row.update(overrides)
    return row


def incident(ref: str = "WY-20261124-0413", **overrides: str) -> list[dict[str, str]]:
    """A victim, a perpetrator and a child of one incident."""
    return [
        person_row(ref, **overrides),
        person_row(ref, role="perpetrator", given_name="Dean", surname="Smith", sex="M",
                   date_of_birth="12/01/1988", nhs_number="", pnc_id="", **_without(
                       overrides, "role", "given_name", "surname", "sex")),
        person_row(ref, role="child", given_name="Lily", surname="Smith",
                   date_of_birth="2019-06-01", nhs_number="", school="Oak Primary School",
                   **_without(overrides, "role", "given_name", "surname", "school")),
    ]  # fmt: skip


def _without(values: Mapping[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in values.items() if k not in names}


def police_csv(
    rows: Iterable[Mapping[str, str]],
    *,
    columns: Iterable[str] = KNOWN_COLUMNS,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    out = io.StringIO()
    fieldnames = list(columns)
    writer = csv.DictWriter(out, fieldnames=fieldnames, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)
