"""Quarantine in sight: the last police file's quarantined rows, high-risk and child rows
counted first, on the coordinator's home page and the agenda page."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from frontdoor.intake.quarantine_summary import summary
from frontdoor.intake.service import import_police_file
from frontdoor.models import Agency, Role

from ..factories import Factory, sign_in
from ..factories.police_file import person_row, police_csv
from .conftest import TODAY


def _import(agency: Agency, rows: list[dict[str, str]], name: str) -> None:
    import_police_file(police_csv(rows), agency_id=agency.id, filename=name, today=TODAY)


def test_the_last_files_quarantine_is_counted_high_risk_and_children_apart(
    app: Flask, client: FlaskClient, factory: Factory, police: Agency
) -> None:
    with app.app_context():
        _import(police, [person_row("OLD-1", role="astronaut")], "monday.csv")
        _import(
            police,
            [
                person_row("Q-1", dash_risk="H", date_of_birth="31/02/2020"),
                person_row("Q-2", role="child", dash_risk="M", date_of_birth="2099-01-01"),
                person_row("Q-3", dash_risk="M", reported_at="yesterday"),
                person_row("OK-1"),
            ],
            "tuesday.csv",
        )
        counts = summary()
    assert (counts.open_rows, counts.high_risk, counts.children) == (3, 1, 1)
    assert counts.open_everywhere == 4
    sign_in(client, factory.user([Role.COORDINATOR], agency=police))
    html = client.get("/").get_data(as_text=True)
    assert "1 graded high risk and 1 naming a child: 3 row(s) of the last police file" in html
