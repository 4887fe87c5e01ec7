"""The register page's service: what it shows and the administrator's change (one transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..db import db, transaction
from . import register


@dataclass(frozen=True)
class RegisterPage:
    entries: list[register.Entry]
    statement: str


def register_page() -> RegisterPage:
    session = db.session()
    return RegisterPage(register.register(session), register.confidentiality_statement(session))


def save_entry(
    agency_id: int,
    *,
    signatory: bool,
    lawful_basis: str,
    special_condition: str,
    agreement_date: date | None,
    recording_note: str = "",
    user_id: int | None = None,
) -> None:
    """Raises register.RegisterError when the entry is not acceptable. Without a user: the
    command line (`frontdoor agencies register`)."""
    with transaction() as tx:
        register.set_entry(
            tx, agency_id, signatory=signatory, lawful_basis=lawful_basis,
            special_condition=special_condition, agreement_date=agreement_date,
            recording_note=recording_note, user_id=user_id,
        )  # fmt: skip
