"""Risk tools (#14): each tool's score range, DARA without a score, "not completed" without a
level, older exports read as the police DASH, and same-named people of one incident."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from frontdoor.db import db
from frontdoor.intake import messages
from frontdoor.intake.service import Summary, import_police_file
from frontdoor.intake.validation import KNOWN_COLUMNS
from frontdoor.models import (
    Agency,
    DashRisk,
    PersonRecord,
    QuarantinedRow,
    Referral,
    ReferralPerson,
    RiskTool,
)

from ..factories.police_file import incident, person_row, police_csv
from .conftest import TODAY

OLD_COLUMNS = tuple(c for c in KNOWN_COLUMNS if c not in ("risk_tool", "risk_reason", "separation"))


def _import(agency: Agency, data: bytes) -> Summary:
    return import_police_file(data, agency_id=agency.id, filename="night.csv", today=TODAY)


def _referral(ref: str) -> Referral:
    referral = db.session().scalar(select(Referral).where(Referral.source_ref == ref))
    assert referral is not None
    return referral


def _quarantined() -> list[QuarantinedRow]:
    return list(db.session().scalars(select(QuarantinedRow)))


def _two_leos(ref: str) -> list[dict[str, str]]:
    """Two different children of one incident, both called Leo Hussain."""
    common = {"role": "child", "given_name": "Leo", "surname": "Hussain", "nhs_number": ""}
    return [
        person_row(ref, **common, date_of_birth="2014-03-02", sex="M"),
        person_row(ref, **common, date_of_birth="2022-09-30", sex="M"),
    ]


def test_a_file_with_every_tool_imports_with_nothing_quarantined(
    app_context: Flask, police: Agency
) -> None:
    rows = [
        *incident("ACPO-25", risk_tool="DASH-ACPO", dash_score="25"),
        *incident("ACPO-27", risk_tool="dash-acpo", dash_score="27"),
        *incident("DARA-1", risk_tool="DARA", dash_score="", dash_risk="high"),
        *incident("SL-24", risk_tool="DASH-SL", dash_score="24"),
        *incident(
            "NC-1", risk_tool="not-completed", dash_risk="", dash_score="",
            risk_reason="Victim declined: perpetrator present",
        ),
        person_row("NC-2", risk_tool="not-completed", dash_risk="M", dash_score="",
                   risk_reason="Not safe to ask; graded on what officers saw"),
        *_two_leos("LEO-1"),
    ]  # fmt: skip
    summary = _import(police, police_csv(rows))
    assert summary.quarantined == 0, summary.errors
    assert summary.imported == len(rows)
    assert _referral("ACPO-27").dash_score == 27
    assert _referral("ACPO-27").risk_tool == RiskTool.DASH_ACPO
    dara = _referral("DARA-1")
    assert (dara.risk_tool, dara.dash_risk, dara.dash_score) == (RiskTool.DARA, "high", None)
    not_done = _referral("NC-1")
    assert not_done.risk_tool == RiskTool.NOT_COMPLETED and not_done.dash_risk is None
    assert not_done.risk_reason == "Victim declined: perpetrator present"
    assert _referral("NC-2").dash_risk == DashRisk.MEDIUM
    assert len(_referral("LEO-1").people) == 2


def test_a_score_outside_its_tools_range_is_quarantined_with_the_range(
    app_context: Flask, police: Agency
) -> None:
    rows = [
        person_row("SL-25", risk_tool="DASH-SL", dash_score="25"),
        person_row("ACPO-28", risk_tool="DASH-ACPO", dash_score="28"),
        person_row("DARA-9", risk_tool="DARA", dash_score="9"),
        person_row("NO-LEVEL", risk_tool="DASH-SL", dash_risk="", dash_score="3"),
        person_row("BAD-TOOL", risk_tool="MERIT"),
    ]
    summary = _import(police, police_csv(rows))
    assert (summary.imported, summary.quarantined) == (0, 5)
    reasons = {q.incident_ref: q.reasons[0]["message"] for q in _quarantined()}
    assert reasons["SL-25"] == "The score must be a number from 0 to 24 for DASH-SL"
    assert reasons["ACPO-28"] == "The score must be a number from 0 to 27 for DASH-ACPO"
    assert reasons["DARA-9"] == "DARA has no score: leave the score empty"
    assert reasons["NO-LEVEL"] == messages.missing("dash_risk")
    assert "is not one of" in reasons["BAD-TOOL"]


def test_an_old_format_file_imports_as_the_police_dash(app_context: Flask, police: Agency) -> None:
    rows = incident("OLD-1", dash_score="26")
    summary = _import(police, police_csv(rows, columns=OLD_COLUMNS))
    assert (summary.imported, summary.quarantined) == (3, 0)
    referral = _referral("OLD-1")
    assert (referral.risk_tool, referral.dash_score) == (RiskTool.DASH_ACPO, 26)
    assert referral.separation is None and referral.risk_reason is None


def test_an_old_file_imported_again_after_the_new_columns_changes_nothing(
    app_context: Flask, police: Agency
) -> None:
    rows = incident("OLD-2")
    _import(police, police_csv(rows, columns=OLD_COLUMNS))
    again = _import(police, police_csv([{**r, "risk_tool": "DASH-ACPO"} for r in rows]))
    assert (again.imported, again.duplicates, again.amended) == (0, 3, 0)
    assert _referral("OLD-2").version == 1


def test_not_completed_without_a_reason_imports_with_a_warning(
    app_context: Flask, police: Agency
) -> None:
    summary = _import(
        police,
        police_csv([person_row("NC-3", risk_tool="not-completed", dash_risk="", dash_score="")]),
    )
    assert (summary.imported, summary.quarantined) == (1, 0)
    assert any("no risk_reason" in w for w in summary.warnings)


def test_same_named_children_both_import_and_a_repeat_of_either_is_a_duplicate(
    app_context: Flask, police: Agency
) -> None:
    data = police_csv(_two_leos("LEO-2"))
    first = _import(police, data)
    second = _import(police, data)
    assert (first.imported, first.quarantined) == (2, 0)
    assert (second.imported, second.duplicates, second.amended) == (0, 2, 0)
    births = sorted(
        db.session().scalars(
            select(PersonRecord.date_of_birth).where(PersonRecord.source_ref == "LEO-2")
        )
    )
    assert [b.year for b in births if b] == [2014, 2022]


def test_a_changed_row_of_one_of_two_same_named_children_amends_that_child(
    app_context: Flask, police: Agency
) -> None:
    leos = _two_leos("LEO-3")
    _import(police, police_csv(leos))
    leos[1] = {**leos[1], "school": "Little Acorns Nursery"}
    summary = _import(police, police_csv(leos))
    assert (summary.imported, summary.duplicates, summary.amended) == (0, 1, 1)
    referral = _referral("LEO-3")
    assert referral.version == 2
    links = db.session().scalar(
        select(func.count())
        .select_from(ReferralPerson)
        .where(ReferralPerson.referral_id == referral.id)
    )
    assert links == 2
    schools = set(
        db.session().scalars(select(PersonRecord.school).where(PersonRecord.source_ref == "LEO-3"))
    )
    assert "Little Acorns Nursery" in schools


def test_a_row_repeating_a_person_with_contradicting_details_is_still_a_conflict(
    app_context: Flask, police: Agency
) -> None:
    rows = [
        person_row("DUP-1", role="child", given_name="Leo", surname="Hussain",
                   date_of_birth="2014-03-02", school="Oak Primary"),
        person_row("DUP-1", role="child", given_name="Leo", surname="Hussain",
                   date_of_birth="2014-03-02", school="Elm Primary"),
    ]  # fmt: skip
    summary = _import(police, police_csv(rows))
    assert (summary.imported, summary.quarantined) == (1, 1)
    assert "same person" in _quarantined()[0].reasons[0]["message"]


def test_different_nhs_numbers_tell_apart_same_named_people_without_dates_of_birth(
    app_context: Flask, police: Agency
) -> None:
    rows = [
        person_row("NHS-1", role="child", given_name="Leo", surname="Hussain",
                   date_of_birth="", nhs_number="943 476 5919"),
        person_row("NHS-1", role="child", given_name="Leo", surname="Hussain",
                   date_of_birth="", nhs_number="401 023 2137"),
    ]  # fmt: skip
    summary = _import(police, police_csv(rows))
    assert (summary.imported, summary.quarantined) == (2, 0)
