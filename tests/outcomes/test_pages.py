"""/outcomes and /outcomes.csv: who may see them, what they show, and nothing personal."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.accounts import service as accounts
from frontdoor.db import db
from frontdoor.models import AgencyKind, AuditEvent, Role
from frontdoor.outcomes import service

from ..factories import Factory, sign_in
from ..factories import outcomes as world

PERIOD = "from=2025-11&to=2026-01"


@pytest.fixture(autouse=True)
def as_of(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hand-computed figures are as of 2 Dec 2026, whatever today is."""
    monkeypatch.setattr(service, "today", lambda: world.AS_OF)


def _manager(client: FlaskClient, factory: Factory) -> None:
    sign_in(client, factory.user([Role.MANAGER]))


def _csv(client: FlaskClient, query: str) -> list[list[str]]:
    response = client.get(f"/outcomes.csv?{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        ([Role.MANAGER], 200),
        ([Role.ADMIN], 200),
        ([Role.COORDINATOR], 403),
        ([Role.PARTNER], 403),
        ([Role.AGENCY_WORKER], 403),
    ],
)
def test_managers_and_administrators_only(
    client: FlaskClient, factory: Factory, roles: list[Role], status: int
) -> None:
    sign_in(client, factory.user(roles))
    assert client.get("/outcomes").status_code == status
    assert client.get("/outcomes.csv").status_code == status
    menu = client.get("/").get_data(as_text=True)
    assert ('href="/outcomes"' in menu) == (status == 200)


def test_the_page_shows_the_figures_suppressed_and_no_names(
    app: Flask, client: FlaskClient, factory: Factory
) -> None:
    world.build(app, factory)
    _manager(client, factory)
    response = client.get(f"/outcomes?{PERIOD}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    # headline figures: 9 referrals, 5 families, 6 discussions, 6 actions (test_figures.py)
    for key, text in [
        ("referrals", "9"),
        ("families_discussed", "5"),
        ("discussions", "6"),
        ("actions_agreed", "6"),
    ]:
        start = html.index(f'data-testid="figure-{key}"')
        assert f'<span class="fd-figure">{text}</span>' in html[start : start + 200], key
    # months: Nov 2 (hidden), Dec 5, Jan 2 (hidden): two hidden parts, so none extra
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">&lt;5</td>' in html
    # 5 of 9 within one working day: 9 − 5 = 4 would reveal a small count → "[c]"
    assert 'data-testid="rate-within_one_working_day"' in html
    for chart in ("how-much", "how-well", "better-off", "trend"):
        assert f'data-testid="{chart}-chart"' in html
    assert "<style" not in html and " style=" not in html  # the CSP forbids inline styles
    for label in world.FAMILY_LABELS:
        assert label not in html
    assert "OUT-R" not in html


def test_the_csv_has_the_same_cells_as_the_page(
    app: Flask, client: FlaskClient, factory: Factory
) -> None:
    world.build(app, factory)
    _manager(client, factory)
    response = client.get(f"/outcomes.csv?{PERIOD}")
    disposition = response.headers["Content-Disposition"]
    assert disposition == "attachment; filename=outcomes-2025-11-to-2026-01.csv"
    rows = _csv(client, PERIOD)
    assert rows[0] == ["section", "figure", "month", "numerator", "denominator", "value"]
    by_figure = {(r[1], r[2]): r[3:] for r in rows[1:]}
    assert by_figure[("Period", "")] == ["", "", "2025-11 to 2026-01"]
    assert by_figure[("Agency", "")] == ["", "", "All agencies"]
    assert by_figure[("Referrals received", "")] == ["", "", "9"]
    assert by_figure[("Referrals received", "2025-11")] == ["", "", "<5"]
    assert by_figure[("Referrals received", "2025-12")] == ["", "", "5"]
    assert by_figure[("Referrals discussed within one working day", "")] == ["[c]", "9", "[c]"]
    assert by_figure[("Actions completed on time", "")] == ["<5", "6", "[c]"]
    assert by_figure[("Minutes per family discussed", "")] == ["", "5", "10.0 min"]
    assert by_figure[("Repeat incident within 6 months", "")] == ["<5", "5", "[c]"]
    assert by_figure[("Repeat incident within 6 months", "2025-12")] == ["<5", "<5", "[c]"]
    for label in world.FAMILY_LABELS:
        assert all(label not in cell for row in rows for cell in row)


def test_the_csv_export_is_audited_with_its_filters(
    app: Flask, client: FlaskClient, factory: Factory
) -> None:
    built = world.build(app, factory)
    _manager(client, factory)
    _csv(client, f"{PERIOD}&agency={built.police.id}")
    with app.app_context():
        event = (
            db.session()
            .scalars(select(AuditEvent).where(AuditEvent.action == "outcomes.exported"))
            .one()
        )
        assert event.details == {
            "start": "2025-11-01",
            "end": "2026-01-31",
            "filter_agency_id": built.police.id,
        }


def test_the_csv_is_formula_safe(app: Flask, client: FlaskClient, factory: Factory) -> None:
    with app.app_context():
        agency = accounts.create_agency("formula", '=HYPERLINK("http://x")', AgencyKind.OTHER)
    _manager(client, factory)
    rows = _csv(client, f"{PERIOD}&agency={agency.id}")
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-13", "Enter a month as year and month"),
        ("from=2026-01-15", "Enter a month as year and month"),
        ("from=2026-02&to=2026-01", "on or before the last month"),
        ("from=2021-01&to=2026-01", "at most 60 months"),
        ("agency=999999", "Choose an agency from the list"),
        ("agency=police", "Choose an agency from the list"),
    ],
)
def test_bad_filters_are_explained(
    client: FlaskClient, factory: Factory, query: str, message: str
) -> None:
    _manager(client, factory)
    response = client.get(f"/outcomes?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert client.get(f"/outcomes.csv?{query}").status_code == 400


def test_the_agency_filter_narrows_the_figures(
    app: Flask, client: FlaskClient, factory: Factory
) -> None:
    built = world.build(app, factory)
    _manager(client, factory)
    rows = _csv(client, f"{PERIOD}&agency={built.police.id}")
    by_figure = {(r[1], r[2]): r[3:] for r in rows[1:]}
    assert by_figure[("Agency", "")] == ["", "", "Agency police"]
    assert by_figure[("Referrals received", "")] == ["", "", "6"]  # see test_figures.py
    assert by_figure[("Families discussed", "")] == ["", "", "<5"]


def test_the_default_period_is_the_last_twelve_months(
    client: FlaskClient, factory: Factory
) -> None:
    _manager(client, factory)
    html = client.get("/outcomes").get_data(as_text=True)
    assert 'value="2026-01"' in html and 'value="2026-12"' in html
    assert "January 2026 to December 2026" in html
    assert "Dec 2026" in html and "Jan 2026" in html
