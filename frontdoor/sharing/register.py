"""The information-sharing register: each partner agency's signatory status, lawful basis and
agreement date. An agency that has not signed cannot be given partner users or be invited to
a meeting, and the meeting's confidentiality statement is built from the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit.service import record
from ..models import Agency, SharingAgreement, utcnow
from ..names import long_date

LAWFUL_BASES = {
    "art6_1_e": "UK GDPR Art. 6(1)(e) (public task)",
    "art6_1_c": "UK GDPR Art. 6(1)(c) (legal obligation)",
    "art6_1_f": "UK GDPR Art. 6(1)(f) (legitimate interests)",
    "dpa_part3": "DPA 2018 Part 3 (law-enforcement processing)",
}
SPECIAL_CONDITIONS = {
    "sch1_18": "Art. 9(2)(g) with DPA 2018 Sch. 1 para. 18 (safeguarding of children and of "
    "individuals at risk)",
    "sch1_10": "Art. 9(2)(g) with DPA 2018 Sch. 1 para. 10 (preventing or detecting unlawful acts)",
    "art9_2_h": "Art. 9(2)(h) (health or social care)",
    "s35_sch8": "DPA 2018 s. 35 with Sch. 8 (sensitive processing for law enforcement)",
}
LAW_ENFORCEMENT = ("dpa_part3", "s35_sch8")


class RegisterError(ValueError):
    """The register entry is not acceptable, or an agency is not a signatory."""


@dataclass(frozen=True)
class Entry:
    agency_id: int
    agency: str
    signatory: bool
    lawful_basis: str
    special_condition: str
    agreement_date: date | None
    recording_note: str


def entry_of(session: Session, agency_id: int) -> SharingAgreement | None:
    return session.get(SharingAgreement, agency_id)


def is_signatory(session: Session, agency_id: int) -> bool:
    entry = entry_of(session, agency_id)
    return entry is not None and entry.signatory


def require_signatory(session: Session, agency_id: int, for_what: str) -> None:
    if not is_signatory(session, agency_id):
        agency = session.get(Agency, agency_id)
        name = agency.name if agency else f"Agency {agency_id}"
        raise RegisterError(
            f"{name} has not signed the information-sharing agreement: it cannot {for_what}. "
            "An administrator records its agreement in the register first."
        )


def _check(basis: str, condition: str, signatory: bool, agreed: date | None) -> None:
    if basis not in LAWFUL_BASES:
        raise RegisterError("Choose the agency's lawful basis.")
    if condition and condition not in SPECIAL_CONDITIONS:
        raise RegisterError("Choose a listed condition for special-category data.")
    if (basis == "dpa_part3") != (condition == "s35_sch8"):
        raise RegisterError(
            "Law-enforcement processing (DPA 2018 Part 3) goes with s. 35 sensitive processing, "
            "and only with it."
        )
    if signatory and agreed is None:
        raise RegisterError("Enter the date the agency signed the agreement.")


def set_entry(
    session: Session,
    agency_id: int,
    *,
    signatory: bool,
    lawful_basis: str,
    special_condition: str = "",
    agreement_date: date | None = None,
    recording_note: str = "",
    user_id: int | None = None,
) -> SharingAgreement:
    """Record (or change) an agency's entry. Audited as `sharing.register_updated`."""
    if session.get(Agency, agency_id) is None:
        raise RegisterError("There is no such agency.")
    _check(lawful_basis, special_condition, signatory, agreement_date)
    entry = entry_of(session, agency_id) or SharingAgreement(agency_id=agency_id)
    entry.signatory, entry.lawful_basis = signatory, lawful_basis
    entry.special_condition = special_condition or None
    entry.agreement_date, entry.recording_note = agreement_date, recording_note.strip() or None
    entry.updated_by_id, entry.updated_at = user_id, utcnow()
    session.add(entry)
    session.flush()
    record(
        session, "sharing.register_updated", object_type="agency", object_id=agency_id,
        user_id=user_id, signatory=signatory, lawful_basis=lawful_basis,
        special_condition=special_condition or None,
    )  # fmt: skip
    return entry


def register(session: Session) -> list[Entry]:
    """Every agency with its entry (agencies not on the register: not signatories)."""
    rows = session.execute(
        select(Agency, SharingAgreement)
        .outerjoin(SharingAgreement, SharingAgreement.agency_id == Agency.id)
        .order_by(Agency.name)
    )
    return [
        Entry(
            agency.id,
            agency.name,
            bool(entry and entry.signatory),
            entry.lawful_basis if entry else "",
            (entry.special_condition or "") if entry else "",
            entry.agreement_date if entry else None,
            (entry.recording_note or "") if entry else "",
        )  # fmt: skip
        for agency, entry in rows
    ]


def describe(entry: Entry) -> str:
    basis = LAWFUL_BASES.get(entry.lawful_basis, entry.lawful_basis)
    condition = SPECIAL_CONDITIONS.get(entry.special_condition)
    when = f", agreement of {long_date(entry.agreement_date)}" if entry.agreement_date else ""
    return f"{entry.agency}: {basis}{'; ' + condition if condition else ''}{when}"


def confidentiality_statement(session: Session, agency_ids: set[int] | None = None) -> str:
    """The statement every attendee accepts, built from the register (the signatories among
    `agency_ids` when given, else every signatory)."""
    entries = [
        e for e in register(session)
        if e.signatory and (agency_ids is None or e.agency_id in agency_ids)
    ]  # fmt: skip
    bases = "; ".join(describe(e) for e in entries) or "no agency has yet signed the agreement"
    return (
        "Information shared in this meeting is OFFICIAL-SENSITIVE. It is shared only to protect "
        "people at risk of harm, and only as far as is necessary and proportionate. Each agency "
        f"shares under its own lawful basis, as recorded in the information-sharing register: "
        f"{bases}. Record on your own agency's systems that the family was discussed, and what "
        "your agency is to do, as your information-sharing agreement allows; do not pass it on "
        "to anyone else except as agreed here."
    )
