"""The demo partnership's information-sharing register: every agency signed, each with the
lawful basis such an agency would really use (docs/information-sharing.md)."""

from __future__ import annotations

from datetime import date

from ..db import transaction
from ..sharing import register

AGREED = date(2025, 4, 1)
# agency code -> (lawful basis, special-category condition)
BASES = {
    "police": ("dpa_part3", "s35_sch8"),  # law-enforcement processing
    "dvs": ("art6_1_f", "sch1_18"),  # a voluntary-sector domestic-abuse service
    "health": ("art6_1_e", "art9_2_h"),
}
PUBLIC_BODY = ("art6_1_e", "sch1_18")
NOTES = {
    "police": "Flag the DRAMM discussion and actions on the force's record management system.",
    "dvs": "Record the referral and agreed actions on the service's case file.",
}


def sign_demo_agencies(agency_ids: dict[str, int]) -> None:
    with transaction() as tx:
        for code, agency_id in agency_ids.items():
            if register.is_signatory(tx, agency_id):
                continue
            basis, condition = BASES.get(code, PUBLIC_BODY)
            register.set_entry(
                tx, agency_id, signatory=True, lawful_basis=basis, special_condition=condition,
                agreement_date=AGREED, recording_note=NOTES.get(code, ""),
            )  # fmt: skip
