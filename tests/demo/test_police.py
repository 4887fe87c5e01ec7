"""Police notifications come out in exactly the nightly export format, with a realistic mix."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date, datetime

import pytest

from frontdoor.demo import (
    POLICE_COLUMNS,
    Population,
    is_valid_nhs_number,
    is_valid_pnc_id,
    police_notifications,
    police_rows,
    write_police_csv,
)

from .conftest import REPORTED_ON

# The column list and allowed values of shared/formats/police-da-notifications.md
DOCUMENTED_COLUMNS = [
    *("incident_ref", "reported_at", "incident_at", "location_postcode", "dash_risk"),
    *("dash_score", "children_present", "pregnancy", "strangulation", "stalking"),
    *("threats_to_kill", "consent_to_share", "officer", "narrative", "role", "given_name"),
    *("middle_name", "surname", "date_of_birth", "sex", "address", "postcode", "phone"),
    *("pnc_id", "nhs_number", "school", "address_withheld"),
]
REQUIRED = ("incident_ref", "reported_at", "dash_risk", "role")
INCIDENT_COLUMNS = DOCUMENTED_COLUMNS[:14]
YES_NO = {"Y", "N", ""}
ALLOWED = {
    "dash_risk": {"standard", "medium", "high", "s", "m", "h"},
    "role": {"victim", "perpetrator", "child", "other"},
    "sex": {"F", "M", "X", "U", ""},
    "consent_to_share": {"Y", "N", "U", ""},
    "address_withheld": {"Y", "N", ""},
    **{flag: YES_NO for flag in DOCUMENTED_COLUMNS[6:11]},
}
TIMESTAMP_FORMATS = ("%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d{1,2}\d[A-Z]{2}$")


@pytest.fixture(scope="module")
def rows(population: Population) -> list[dict[str, str]]:
    return police_notifications(population, 400, seed=4, reported_on=REPORTED_ON)


def _incidents(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    incidents: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        incidents.setdefault(row["incident_ref"], []).append(row)
    return incidents


def _parse(text: str, formats: tuple[str, ...]) -> datetime:
    for style in formats:
        try:
            return datetime.strptime(text, style)
        except ValueError:
            continue
    raise AssertionError(f"{text!r} is in none of the allowed formats")


def test_rows_have_exactly_the_documented_columns(rows: list[dict[str, str]]) -> None:
    assert list(POLICE_COLUMNS) == DOCUMENTED_COLUMNS
    assert all(list(row) == DOCUMENTED_COLUMNS for row in rows)


def test_every_row_passes_the_format_rules(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert all(row[column] for column in REQUIRED)
        assert row["given_name"] or row["surname"]
        for column, allowed in ALLOWED.items():
            assert row[column].strip().lower() in {a.lower() for a in allowed}, column
        _parse(row["reported_at"], TIMESTAMP_FORMATS)
        if row["incident_at"]:
            _parse(row["incident_at"], TIMESTAMP_FORMATS)
        if row["date_of_birth"]:
            born = _parse(row["date_of_birth"], DATE_FORMATS).date()
            assert REPORTED_ON.replace(year=REPORTED_ON.year - 120) < born <= REPORTED_ON
        if row["dash_score"]:
            assert 0 <= int(row["dash_score"]) <= 24
        for column in ("postcode", "location_postcode"):
            if row[column]:
                assert POSTCODE.match(re.sub(r"\s", "", row[column]).upper())
        assert len(row["narrative"]) <= 20_000


def test_identifiers_in_rows_are_valid_or_deliberately_broken(rows: list[dict[str, str]]) -> None:
    pnc_ids = [row["pnc_id"] for row in rows if row["pnc_id"]]
    nhs_numbers = [row["nhs_number"] for row in rows if row["nhs_number"]]
    assert pnc_ids and nhs_numbers
    assert all(is_valid_pnc_id(pnc) for pnc in pnc_ids)
    assert all(re.fullmatch(r"[\d ]+", number) for number in nhs_numbers)
    valid = sum(is_valid_nhs_number(n.replace(" ", "")) for n in nhs_numbers)
    assert valid / len(nhs_numbers) > 0.9


def test_each_incident_names_one_victim_and_one_perpetrator(rows: list[dict[str, str]]) -> None:
    incidents = _incidents(rows)
    assert len(incidents) == 400
    for incident in incidents.values():
        roles = Counter(row["role"] for row in incident)
        assert roles["victim"] == 1 and roles["perpetrator"] == 1
        for column in INCIDENT_COLUMNS:
            assert len({row[column] for row in incident}) == 1, column


def test_risk_levels_are_mostly_standard_some_medium_few_high(rows: list[dict[str, str]]) -> None:
    risks = Counter(rows[0]["dash_risk"][0].lower() for rows in _incidents(rows).values())
    total = sum(risks.values())
    assert risks["s"] / total == pytest.approx(0.6, abs=0.08)
    assert risks["m"] / total == pytest.approx(0.3, abs=0.07)
    assert risks["h"] / total == pytest.approx(0.1, abs=0.05)


def test_about_a_quarter_of_incidents_have_children_present(rows: list[dict[str, str]]) -> None:
    incidents = list(_incidents(rows).values())
    present = [rows for rows in incidents if rows[0]["children_present"] == "Y"]
    assert len(present) / len(incidents) == pytest.approx(0.25, abs=0.08)
    assert all(any(row["role"] == "child" for row in rows) for rows in present)


def test_both_date_formats_are_used(rows: list[dict[str, str]]) -> None:
    assert {row["reported_at"][2] for row in rows} == {"/", "2"}  # 24/11/... and 2026-...
    assert any("-" in row["date_of_birth"] for row in rows)
    assert any("/" in row["date_of_birth"] for row in rows)


def test_reported_within_the_night_before(rows: list[dict[str, str]]) -> None:
    for row in rows:
        reported = _parse(row["reported_at"], TIMESTAMP_FORMATS)
        assert datetime(2026, 11, 23, 7) <= reported < datetime(2026, 11, 24, 7)


def test_rows_keep_their_ground_truth(population: Population) -> None:
    truth = police_rows(population, 30, seed=8, reported_on=REPORTED_ON)
    assert [row.fields for row in truth] == police_notifications(
        population, 30, seed=8, reported_on=REPORTED_ON
    )
    for row in truth:
        person = population.person(row.person_key)
        assert row.family_key == person.family_key
        if row.fields["role"] in ("child", "other"):
            victim = next(
                r for r in truth
                if r.fields["incident_ref"] == row.fields["incident_ref"]
                and r.fields["role"] == "victim"
            )  # fmt: skip
            assert row.family_key == victim.family_key


def test_refuge_addresses_are_flagged_and_never_give_away_the_location(
    population: Population,
) -> None:
    rows = police_rows(population, 600, seed=2, reported_on=date(2026, 11, 20))
    for row in rows:
        if population.person(row.person_key).address_withheld:
            assert row.fields["address_withheld"] in ("Y", "")
            if row.fields["role"] == "victim":
                assert row.fields["location_postcode"] == ""


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_written_csv_reads_back_the_same_rows(rows: list[dict[str, str]], delimiter: str) -> None:
    out = io.StringIO(newline="")
    write_police_csv(rows, out, delimiter=delimiter)
    out.seek(0)
    reader = csv.DictReader(out, delimiter=delimiter)
    assert reader.fieldnames == DOCUMENTED_COLUMNS
    assert list(reader) == rows
    assert any("\n" in row["narrative"] for row in rows)
    assert any('"' in row["narrative"] for row in rows)


def test_same_seed_same_night(population: Population) -> None:
    first = police_notifications(population, 20, seed=1, reported_on=REPORTED_ON)
    assert first == police_notifications(population, 20, seed=1, reported_on=REPORTED_ON)
    assert first != police_notifications(population, 20, seed=2, reported_on=REPORTED_ON)
