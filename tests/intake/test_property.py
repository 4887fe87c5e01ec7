"""For any file: every row lands in exactly one place, and a second import is all duplicates."""

from __future__ import annotations

import itertools

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdoor.accounts import service as accounts
from frontdoor.intake.service import import_police_file
from frontdoor.models import AgencyKind

from ..factories.police_file import person_row, police_csv
from .conftest import TODAY

_agency_numbers = itertools.count(1)

# Valid and invalid spellings side by side, so files mix accepted, amended and quarantined rows.
VALUES = {
    "incident_ref": st.sampled_from(["WY-1", "WY-2", "WY-3", ""]),
    "dash_risk": st.sampled_from(["high", "M", "s", "extreme"]),
    "role": st.sampled_from(["victim", "perpetrator", "child", "other", "witness"]),
    "given_name": st.sampled_from(["Amy", "amy ", "Dean", "", "Zoë"]),
    "surname": st.sampled_from(["Smith", "O'Brien", "", "Ng"]),
    "date_of_birth": st.sampled_from(["1990-04-12", "12/04/1990", "31/02/1990", "", "2030-01-01"]),
    "nhs_number": st.sampled_from(["943 476 5919", "943 476 5918", ""]),
    # Any text but NUL: a NUL byte makes the file binary, rejected whole (test_police_csv).
    "narrative": st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30),
    "phone": st.sampled_from(["", "07700 900123", "=1+2"]),
}


def _rows() -> st.SearchStrategy[list[dict[str, str]]]:
    row = st.fixed_dictionaries(VALUES).map(lambda overrides: person_row(**overrides))
    return st.lists(row, min_size=1, max_size=12)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=_rows(), delimiter=st.sampled_from([",", ";"]))
def test_counts_add_up_and_a_second_import_is_all_duplicates(
    app_context: Flask, rows: list[dict[str, str]], delimiter: str
) -> None:
    code = f"prop-{next(_agency_numbers)}"
    agency = accounts.create_agency(code, code, AgencyKind.POLICE)
    data = police_csv(rows, delimiter=delimiter)
    first = import_police_file(data, agency_id=agency.id, today=TODAY)
    assert first.status == "processed"
    assert first.rows == len(rows)
    assert first.rows == first.imported + first.duplicates + first.amended + first.quarantined
    second = import_police_file(data, agency_id=agency.id, today=TODAY)
    assert (second.rows, second.duplicates) == (len(rows), len(rows))
