"""Oversized and malformed input: a clear 4xx, never a 500 (issue #16, findings 13, 14, 16).

Run on SQLite and, with FRONTDOOR_TEST_PG_ADMIN_URL set, on PostgreSQL (NUL bytes and ids of
2^31 and more were database-specific 500s).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from frontdoor.db import transaction
from frontdoor.extensions import socketio
from frontdoor.intake import apikeys
from frontdoor.models import AgencyKind, Attendance, Meeting, MeetingStatus, Role, utcnow

from ..factories import Factory, csrf_token_from, sign_in

HUGE_IDS = (2**31, 10**20)
AUTH = "Authorization"


@pytest.fixture
def token(app: Flask, factory: Factory) -> str:
    agency = factory.agency("leeds-health", AgencyKind.HEALTH)
    with app.app_context():
        return apikeys.create_key(agency.id, "Health system", None).token


def _api(client: FlaskClient, token: str, body: bytes | str) -> Any:
    return client.post(
        "/api/v1/referrals",
        data=body,
        headers={AUTH: f"Bearer {token}", "Content-Type": "application/json"},
    )


def test_a_body_over_the_limit_is_refused_with_413_and_a_clear_message(
    app: Flask, client: FlaskClient, token: str
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = _api(client, token, b'{"people": ["' + b"x" * 100_000 + b'"]}')
    assert response.status_code == 413
    assert "too large" in response.json["errors"][0]["message"]


def test_a_referral_naming_too_many_people_is_refused_with_422(
    app: Flask, client: FlaskClient, token: str
) -> None:
    people = [{"role": "other", "given_name": f"P{n}", "surname": "X"} for n in range(51)]
    body = {"source_reference": "R-1", "incident": {"reported_at": "2026-11-24T21:10"}}
    response = client.post(
        "/api/v1/referrals", json={**body, "people": people}, headers={AUTH: f"Bearer {token}"}
    )
    assert response.status_code == 422
    (error,) = response.json["errors"]
    assert error["field"] == "people"
    assert error["message"].startswith("One referral may name at most 50 people; this one names 51")


@pytest.mark.parametrize(
    "body",
    ["[" * 100_000 + "]" * 100_000, '{"source_reference": "\\ud800"}', '{"x": "a\\u0000b"}'],
    ids=["deeply nested", "lone surrogate", "NUL"],
)
def test_malformed_json_is_a_400(client: FlaskClient, token: str, body: str) -> None:
    assert _api(client, token, body).status_code == 400


def test_a_nul_in_a_form_is_a_400(client: FlaskClient, factory: Factory) -> None:
    sign_in(client, factory.user([Role.AGENCY_WORKER]))
    data = {"csrf_token": csrf_token_from(client, "/who-is-in-contact")}
    fields = {"given_name": "Ann\x00", "surname": "Lee", "postcode": "LS1 1AA"}
    response = client.post("/who-is-in-contact", data={**data, **fields, "purpose": "x" * 20})
    assert response.status_code == 400


@pytest.mark.parametrize("number", HUGE_IDS)
def test_ids_too_large_for_a_column_are_404_not_500(
    client: FlaskClient, factory: Factory, number: int
) -> None:
    sign_in(client, factory.user([Role.COORDINATOR]))
    for path in (
        "/agenda/items/{}",
        "/actions/{}",
        "/intake/quarantine/{}",
        "/meetings/{}/minutes",
    ):
        assert client.get(path.format(number)).status_code == 404, path


def test_live_events_with_huge_ids_or_nul_get_an_error_reply(app: Flask, factory: Factory) -> None:
    partner = factory.user([Role.PARTNER])
    with app.app_context(), transaction() as tx:
        meeting = Meeting(
            meeting_date=utcnow().date(), starts_at=utcnow(), status=MeetingStatus.LIVE
        )
        tx.add(meeting)
        tx.flush()
        tx.add(Attendance(meeting_id=meeting.id, user_id=partner.id, agency_id=partner.agency_id))
        meeting_id = meeting.id
    http = app.test_client()
    sign_in(http, partner)
    auth = {"meeting_id": meeting_id, "csrf_token": csrf_token_from(http, "/")}
    origin = {"Origin": "http://localhost"}
    clients = {}
    for ns in ("/meeting", "/items", "/docs"):  # the statement is accepted before the others
        clients[ns] = socketio.test_client(
            app, namespace=ns, auth=auth, headers=origin, flask_test_client=http
        )
        if ns == "/meeting":
            assert clients[ns].emit("meeting:accept", {}, callback=True, namespace=ns)["ok"]
    events = [("/items", "item:details", {"item_id": n}) for n in HUGE_IDS] + [
        ("/docs", "doc:sync", {"item_id": 10**20, "field": "notes"}),
        ("/items", "field:set", {"item_id": 1, "name": "decision", "value": "a\x00", "version": 0}),
        ("/meeting", "presence:update", {"viewing": 2**40}),
    ]
    for namespace, event, data in events:
        reply = clients[namespace].emit(event, data, callback=True, namespace=namespace)
        assert reply == {"ok": False, "error": "bad_request"}, (event, reply)


def test_engineio_polling_responses_carry_no_store_and_nosniff(client: FlaskClient) -> None:
    response = client.get("/socket.io/?EIO=4&transport=polling")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
