"""The information-sharing register (#20): signatories, lawful bases, and what it allows."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from agenda.live.meeting import confidentiality_statement, set_invited
from frontdoor.accounts import service
from frontdoor.accounts.service import AccountError
from frontdoor.db import db, transaction
from frontdoor.models import AgencyKind, AuditEvent, Role, SharingAgreement
from frontdoor.sharing import register
from tests.factories import Factory, csrf_token_from, sign_in
from tests.factories.meetings import create_meeting


def test_an_agency_not_on_the_register_cannot_be_given_partner_users(
    app: Flask, factory: Factory
) -> None:
    unsigned = factory.agency("new-charity", AgencyKind.DV_SERVICE, signatory=False)
    with app.app_context(), pytest.raises(AccountError, match="has not signed"):
        service.create_user("p@x.org", "P", unsigned.id, [Role.PARTNER], "a long test password")
    worker = factory.user([Role.AGENCY_WORKER], agency=unsigned)  # other roles: allowed
    with app.app_context(), pytest.raises(AccountError, match="has not signed"):
        service.update_user(
            worker.id, display_name="W", agency_id=unsigned.id, roles=[Role.PARTNER]
        )
    with app.app_context(), transaction() as tx:
        register.set_entry(
            tx, unsigned.id, signatory=True, lawful_basis="art6_1_f", special_condition="sch1_18",
            agreement_date=date(2026, 6, 1),
        )  # fmt: skip
    assert factory.user([Role.PARTNER], agency=unsigned).agency_id == unsigned.id


def test_an_agency_not_on_the_register_cannot_be_invited(app: Flask, factory: Factory) -> None:
    live = create_meeting(app, factory, families=1)
    unsigned = factory.agency("unsigned", signatory=False)
    worker = factory.user([Role.AGENCY_WORKER], agency=unsigned)
    with app.app_context(), transaction() as tx, pytest.raises(register.RegisterError):
        set_invited(tx, live.meeting_id, worker.id, unsigned.id, True)


@pytest.mark.parametrize(
    ("basis", "condition", "agreed"),
    [("art6_1_x", "", date(2025, 1, 1)), ("dpa_part3", "sch1_18", date(2025, 1, 1)),
     ("art6_1_e", "s35_sch8", date(2025, 1, 1)), ("art6_1_e", "sch1_18", None)],
)  # fmt: skip
def test_the_register_refuses_an_incoherent_entry(
    app: Flask, factory: Factory, basis: str, condition: str, agreed: date | None
) -> None:
    agency = factory.agency(signatory=False)
    with app.app_context(), transaction() as tx, pytest.raises(register.RegisterError):
        register.set_entry(
            tx, agency.id, signatory=True, lawful_basis=basis, special_condition=condition,
            agreement_date=agreed,
        )  # fmt: skip


def test_the_confidentiality_statement_is_built_from_the_register(
    app: Flask, factory: Factory
) -> None:
    live = create_meeting(app, factory, families=1)
    with app.app_context(), transaction() as tx:
        register.set_entry(
            tx, live.police_agency.id, signatory=True, lawful_basis="dpa_part3",
            special_condition="s35_sch8", agreement_date=date(2025, 3, 3),
        )  # fmt: skip
        statement = confidentiality_statement(tx, live.meeting_id)
    assert "Agency police: DPA 2018 Part 3 (law-enforcement processing)" in statement
    assert "agreement of 3 March 2025" in statement
    assert "Agency health: UK GDPR Art. 6(1)(e)" in statement
    assert "Record on your own agency's systems" in statement
    assert "do not record it anywhere else" not in statement.lower()


def test_the_administrator_keeps_the_register(app: Flask, factory: Factory) -> None:
    agency = factory.agency("housing-assoc", AgencyKind.HOUSING, signatory=False)
    admin = factory.user([Role.ADMIN])
    client = app.test_client()
    sign_in(client, admin)
    page = client.get("/admin/sharing").get_data(as_text=True)
    assert "Agency housing-assoc" in page and "Not signed" in page
    token = csrf_token_from(client, "/admin/sharing")
    form = {"signatory": "yes", "lawful_basis": "art6_1_e", "special_condition": "sch1_18",
            "agreement_date": "2026-01-15", "csrf_token": token}  # fmt: skip
    done = client.post(f"/admin/sharing/{agency.id}", data=form, follow_redirects=True)
    assert "The register was updated" in done.get_data(as_text=True)
    with app.app_context():
        entry = db.session().get(SharingAgreement, agency.id)
        assert entry and entry.signatory and entry.agreement_date == date(2026, 1, 15)
        events = db.session().scalars(
            select(AuditEvent.action).where(AuditEvent.action == "sharing.register_updated")
        )
        assert len(list(events)) >= 1
