"""When the database cannot be reached, requests fail cleanly: 503, Retry-After, no trace."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from ..factories import Factory, sign_in


def _signed_in_client_of(unreachable_app: Flask, client: FlaskClient) -> FlaskClient:
    """The same browser session, now talking to a process whose database is gone."""
    cookie = client.get_cookie("frontdoor_session")
    assert cookie is not None
    broken = unreachable_app.test_client()
    broken.set_cookie("frontdoor_session", cookie.value)
    return broken


def test_a_signed_in_page_answers_503_with_a_page_of_its_own(
    client: FlaskClient, factory: Factory, unreachable_app: Flask
) -> None:
    sign_in(client, factory.user())
    response = _signed_in_client_of(unreachable_app, client).get("/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    page = response.get_data(as_text=True)
    assert "Front Door is unavailable for a moment" in page
    assert "Traceback" not in page and "sqlite" not in page.lower()


def test_a_json_client_gets_json(
    client: FlaskClient, factory: Factory, unreachable_app: Flask
) -> None:
    sign_in(client, factory.user())
    broken = _signed_in_client_of(unreachable_app, client)
    response = broken.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "reason": "database unavailable"}


def test_the_503_is_counted_and_logged_without_the_database_error_text(
    client: FlaskClient, factory: Factory, unreachable_app: Flask, json_log: object
) -> None:
    sign_in(client, factory.user())
    _signed_in_client_of(unreachable_app, client).get("/")
    lines = json_log.getvalue()  # type: ignore[attr-defined]
    assert '"message": "database unavailable"' in lines
    assert '"exception": "OperationalError"' in lines
    assert "unable to open database file" not in lines
    metrics = unreachable_app.test_client().get("/metrics").get_data(as_text=True)
    assert "frontdoor_database_unavailable_total" in metrics
