"""Importing police files: where every row goes, idempotency, amendments, quarantine."""

from __future__ import annotations

import hashlib

import pytest
from flask import Flask
from sqlalchemy import func, select

from frontdoor.db import db
from frontdoor.intake import dao
from frontdoor.intake.service import Summary, import_police_file
from frontdoor.models import (
    Agency,
    BatchStatus,
    ImportBatch,
    PersonRecord,
    QuarantinedRow,
    Referral,
    ReferralPerson,
    ReferralRole,
    ResolutionStatus,
)

from ..factories.police_file import incident, person_row, police_csv
from .conftest import TODAY


def _import(agency: Agency, data: bytes) -> Summary:
    return import_police_file(data, agency_id=agency.id, filename="night.csv", today=TODAY)


def _count(model: type) -> int:
    return db.session().scalar(select(func.count()).select_from(model)) or 0


def _counts(summary: Summary) -> tuple[int, int, int, int, int]:
    s = summary
    return (s.rows, s.imported, s.duplicates, s.amended, s.quarantined)


def test_rows_of_one_incident_become_one_referral_with_its_people_in_their_roles(
    app_context: Flask, police: Agency
) -> None:
    summary = _import(police, police_csv(incident() + incident("WY-20261124-0414")))
    assert summary.status == "processed"
    assert _counts(summary) == (6, 6, 0, 0, 0)
    referral = db.session().scalar(select(Referral).where(Referral.source_ref.endswith("0413")))
    assert referral is not None and referral.version == 1
    assert sorted(p.role for p in referral.people) == sorted(
        [ReferralRole.VICTIM, ReferralRole.PERPETRATOR, ReferralRole.CHILD]
    )
    assert referral.dash_risk == "high" and referral.strangulation is True
    assert referral.reported_at is not None and referral.reported_at.hour == 23  # GMT in November


def test_each_person_is_an_unresolved_record_waiting_in_the_resolution_queue(
    app_context: Flask, police: Agency
) -> None:
    _import(police, police_csv(incident()))
    queue = dao.unresolved_records(db.session())
    assert len(queue) == 3
    assert {r.resolution_status for r in queue} == {ResolutionStatus.UNRESOLVED}
    assert dao.unresolved_count(db.session()) == 3


def test_importing_the_same_file_twice_changes_nothing(app_context: Flask, police: Agency) -> None:
    data = police_csv(incident() + [person_row("WY-2", dash_risk="extreme")])
    first = _import(police, data)
    tables = (Referral, PersonRecord, ReferralPerson, QuarantinedRow)
    before = [_count(t) for t in tables]
    second = _import(police, data)
    assert _counts(first) == (4, 3, 0, 0, 1)
    assert _counts(second) == (4, 0, 4, 0, 0)
    assert [_count(t) for t in tables] == before


def test_a_changed_row_amends_the_referral_and_keeps_its_history(
    app_context: Flask, police: Agency
) -> None:
    _import(police, police_csv(incident()))
    changed = incident()
    changed[0]["date_of_birth"] = "1990-04-21"
    summary = _import(police, police_csv(changed))
    assert _counts(summary) == (3, 0, 2, 1, 0)
    session = db.session()
    referrals = session.scalars(select(Referral)).all()
    assert len(referrals) == 1 and referrals[0].version == 2
    revisions = dao.revisions_of(session, referrals[0].id)
    assert [(r.version, r.change) for r in revisions] == [(1, "created"), (2, "amended")]
    victim_dobs = session.scalars(
        select(PersonRecord.date_of_birth_text).where(PersonRecord.given_name == "Amy")
    ).all()
    assert sorted(str(dob) for dob in victim_dobs) == [
        "1990-04-12",
        "1990-04-21",
    ]  # the old record is kept
    linked = session.scalars(
        select(PersonRecord.date_of_birth_text)
        .join(ReferralPerson)
        .where(ReferralPerson.role == ReferralRole.VICTIM)
    ).all()
    assert linked == ["1990-04-21"]


def test_a_changed_incident_detail_amends_every_row_of_that_incident(
    app_context: Flask, police: Agency
) -> None:
    _import(police, police_csv(incident()))
    summary = _import(police, police_csv(incident(dash_risk="medium")))
    assert _counts(summary) == (3, 0, 0, 3, 0)
    referral = db.session().scalars(select(Referral)).one()
    assert (referral.dash_risk, referral.version) == ("medium", 2)
    assert _count(PersonRecord) == 3  # the people did not change


def test_a_new_person_on_a_known_incident_is_an_amendment(
    app_context: Flask, police: Agency
) -> None:
    _import(police, police_csv(incident()))
    grown = [*incident(), person_row(role="other", given_name="Joan", surname="Smith")]
    assert _counts(_import(police, police_csv(grown))) == (4, 0, 3, 1, 0)
    referral = db.session().scalars(select(Referral)).one()
    assert len(referral.people) == 4 and referral.version == 2


def test_spelling_variants_of_the_same_values_are_duplicates(
    app_context: Flask, police: Agency
) -> None:
    _import(police, police_csv(incident()))
    respelt = incident(dash_risk="high", reported_at="24/11/2026 23:41")
    assert _counts(_import(police, police_csv(respelt))) == (3, 0, 3, 0, 0)


@pytest.mark.parametrize(
    ("column", "value"),
    [("nhs_number", "943 476 5918"), ("pnc_id", "09/0123456X")],
)
def test_a_failed_identifier_check_is_kept_flagged_and_the_row_accepted(
    app_context: Flask, police: Agency, column: str, value: str
) -> None:
    summary = _import(police, police_csv([person_row(**{column: value})]))
    assert _counts(summary) == (1, 1, 0, 0, 0)
    record = db.session().scalars(select(PersonRecord)).one()
    assert getattr(record, column) == value
    assert getattr(record, f"{column}_valid") is False
    assert any(column in warning for warning in summary.warnings)


def test_valid_identifiers_are_flagged_valid(app_context: Flask, police: Agency) -> None:
    _import(police, police_csv([person_row(pnc_id="09/0123456C")]))
    record = db.session().scalars(select(PersonRecord)).one()
    assert (record.nhs_number_valid, record.pnc_id_valid) == (True, True)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date_of_birth": "31/02/1990"}, "date_of_birth"),
        ({"date_of_birth": "2027-01-01"}, "date_of_birth"),
        ({"date_of_birth": "1901-05-01"}, "date_of_birth"),
        ({"date_of_birth": "12.04.1990"}, "date_of_birth"),
        ({"reported_at": "2026-13-24T23:41"}, "reported_at"),
        ({"reported_at": ""}, "reported_at"),
        ({"incident_at": "yesterday"}, "incident_at"),
        ({"dash_risk": "extreme"}, "dash_risk"),
        ({"dash_risk": ""}, "dash_risk"),
        ({"dash_score": "28"}, "dash_score"),
        ({"dash_score": "-1"}, "dash_score"),
        ({"role": "witness"}, "role"),
        ({"children_present": "yes please"}, "children_present"),
        ({"consent_to_share": "maybe"}, "consent_to_share"),
        ({"sex": "Q"}, "sex"),
        ({"postcode": "NOT A CODE"}, "postcode"),
        ({"location_postcode": "LS"}, "location_postcode"),
        ({"given_name": "", "surname": " "}, "given_name"),
        ({"incident_ref": ""}, "incident_ref"),
        ({"narrative": "x" * 20_001}, "narrative"),
        ({"address_withheld": "perhaps"}, "address_withheld"),
        ({"nhs_number": "9" * 21}, "nhs_number"),
    ],
)
def test_a_row_with_an_invalid_value_is_quarantined_with_its_reason_and_the_rest_imports(
    app_context: Flask, police: Agency, overrides: dict[str, str], field: str
) -> None:
    rows = [person_row("WY-1"), person_row("WY-2", **overrides)]
    summary = _import(police, police_csv(rows))
    assert _counts(summary) == (2, 1, 0, 0, 1)
    held = db.session().scalars(select(QuarantinedRow)).one()
    assert held.row_number == 2
    assert [reason["field"] for reason in held.reasons] == [field]
    assert held.raw["given_name"] == rows[1]["given_name"]  # kept exactly as received
    assert summary.errors and summary.errors[0].startswith("Row 2 quarantined")


def test_incident_disagreement_warns_and_the_first_row_stands(
    app_context: Flask, police: Agency
) -> None:
    rows = incident()
    rows[2]["dash_risk"] = "standard"
    summary = _import(police, police_csv(rows))
    assert _counts(summary) == (3, 3, 0, 0, 0)
    assert any("row 1" in w and "dash_risk" in w for w in summary.warnings)
    assert db.session().scalars(select(Referral)).one().dash_risk == "high"


def test_the_same_person_twice_with_different_details_quarantines_the_second(
    app_context: Flask, police: Agency
) -> None:
    rows = [person_row(), person_row(phone="0113 496 0000"), person_row()]
    summary = _import(police, police_csv(rows))
    assert _counts(summary) == (3, 1, 1, 0, 1)
    assert _counts(_import(police, police_csv(rows))) == (3, 0, 3, 0, 0)


def test_a_rejected_file_is_kept_with_its_reason(app_context: Flask, police: Agency) -> None:
    data = b"incident_ref,reported_at,role,surname\nWY-1,2026-11-24T23:41,victim,Smith\n"
    summary = _import(police, data)
    assert (summary.status, summary.rows) == ("rejected", 0)
    assert "dash_risk" in summary.errors[0]
    batch = db.session().scalars(select(ImportBatch)).one()
    assert batch.status == BatchStatus.REJECTED
    assert batch.rejected_content == data and batch.errors == summary.errors
    assert _count(Referral) == 0


def test_text_is_stored_exactly_as_received(app_context: Flask, police: Agency) -> None:
    hostile = '=HYPERLINK("http://x")<script>alert(1)</script>  '
    _import(police, police_csv([person_row(narrative=hostile, given_name=" Amy ")]))
    referral = db.session().scalars(select(Referral)).one()
    assert referral.narrative == hostile
    assert db.session().scalars(select(PersonRecord.given_name)).one() == " Amy "


def test_unknown_columns_are_reported_once_per_file(app_context: Flask, police: Agency) -> None:
    rows = [person_row(), person_row(role="perpetrator", given_name="Dean")]
    data = police_csv(rows, columns=["custody_no", *person_row()])
    summary = _import(police, data)
    assert [w for w in summary.warnings if "custody_no" in w] == [
        "Unknown column(s) ignored: 'custody_no'."
    ]


def test_the_batch_records_its_summary(app_context: Flask, police: Agency) -> None:
    summary = _import(police, police_csv(incident()))
    batch = db.session().get(ImportBatch, summary.batch_id)
    assert batch is not None
    assert (batch.rows, batch.imported, batch.filename) == (3, 3, "night.csv")
    assert batch.file_sha256 == hashlib.sha256(police_csv(incident())).hexdigest()
