"""The columns of the police export (and the fields of the API and web form)."""

from __future__ import annotations

MAX_NARRATIVE = 20_000

INCIDENT_COLUMNS = (
    "incident_ref",
    "reported_at",
    "incident_at",
    "location_postcode",
    "risk_tool",
    "dash_risk",
    "dash_score",
    "risk_reason",
    "children_present",
    "separation",
    "pregnancy",
    "strangulation",
    "stalking",
    "threats_to_kill",
    "consent_to_share",
    "officer",
    "narrative",
)
PERSON_COLUMNS = (
    "role",
    "given_name",
    "middle_name",
    "surname",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "phone",
    "pnc_id",
    "nhs_number",
    "school",
    "address_withheld",
)
KNOWN_COLUMNS = INCIDENT_COLUMNS + PERSON_COLUMNS
FLAG_COLUMNS = (
    "children_present",
    "separation",
    "pregnancy",
    "strangulation",
    "stalking",
    "threats_to_kill",
)
# Free text is stored exactly as received, up to the column's size.
TEXT_LIMITS = {
    "officer": 120,
    "risk_reason": 2000,
    "narrative": MAX_NARRATIVE,
    "given_name": 200,
    "middle_name": 200,
    "surname": 200,
    "address": 2000,
    "phone": 40,
    "school": 200,
}
