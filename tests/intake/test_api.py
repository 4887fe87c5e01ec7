"""The referral API: per-agency keys, JSON errors per field, idempotency and amendments."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.db import db
from frontdoor.intake import apikeys
from frontdoor.models import AgencyKind, ApiKey, Referral

from ..factories import Factory


@pytest.fixture
def token(app: Flask, factory: Factory) -> str:
    agency = factory.agency("leeds-health", AgencyKind.HEALTH)
    with app.app_context():
        return apikeys.create_key(agency.id, "Health system", None).token


def referral(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "source_reference": "HLT-2026-0042",
        "received_at": "2026-11-25T07:30:00Z",
        "incident": {
            "reported_at": "2026-11-24T21:10", "dash_risk": "medium", "dash_score": 11,
            "children_present": True, "consent_to_share": "Y", "narrative": "Seen at A&E.",
        },
        "people": [
            {"role": "victim", "given_name": "Amy", "surname": "Smith",
             "date_of_birth": "1990-04-12", "nhs_number": "943 476 5919"},
            {"role": "child", "given_name": "Lily", "surname": "Smith", "address_withheld": True},
        ],
    }  # fmt: skip
    body.update(overrides)
    return body


def _post(client: FlaskClient, token: str, body: Any) -> Any:
    return client.post("/api/v1/referrals", json=body, headers={"Authorization": f"Bearer {token}"})


def test_a_valid_referral_is_created_then_repeated_as_a_duplicate(
    app: Flask, client: FlaskClient, token: str
) -> None:
    first = _post(client, token, referral())
    assert first.status_code == 201, first.json
    assert first.json["status"] == "created" and first.json["version"] == 1
    again = _post(client, token, referral())
    assert (again.status_code, again.json["status"]) == (200, "duplicate")
    assert again.json["referral_id"] == first.json["referral_id"]
    with app.app_context():
        stored = db.session().scalars(select(Referral)).one()
        assert stored.children_present is True and stored.dash_score == 11
        assert stored.received_at.isoformat() == "2026-11-25T07:30:00+00:00"


def test_a_changed_payload_amends_the_referral(client: FlaskClient, token: str) -> None:
    _post(client, token, referral())
    changed = referral()
    changed["incident"]["dash_risk"] = "high"
    response = _post(client, token, changed)
    assert (response.status_code, response.json["status"], response.json["version"]) == (
        200, "amended", 2,
    )  # fmt: skip


def test_every_invalid_field_is_listed_with_why(client: FlaskClient, token: str) -> None:
    body = referral(source_reference="", colour="blue")
    body["incident"]["dash_risk"] = "severe"
    body["people"][0]["date_of_birth"] = "31/02/1990"
    body["people"][1]["shoe_size"] = 9
    response = _post(client, token, body)
    assert response.status_code == 422
    fields = {error["field"] for error in response.json["errors"]}
    assert fields == {"colour", "people[1].shoe_size"}  # shape first...
    del body["colour"], body["people"][1]["shoe_size"]
    response = _post(client, token, body)
    messages = {error["field"]: error["message"] for error in response.json["errors"]}
    assert set(messages) == {"source_reference", "incident.dash_risk", "people[0].date_of_birth"}
    assert "not one of" in messages["incident.dash_risk"]  # ...then every value rule


@pytest.mark.parametrize(
    ("body", "status"),
    [("not json", 400), ([1, 2], 400), ({"source_reference": "X", "people": []}, 422)],
)
def test_malformed_bodies_get_json_errors(
    client: FlaskClient, token: str, body: Any, status: int
) -> None:
    response = _post(client, token, body)
    assert response.status_code == status
    assert response.json["errors"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer fd_nothere_x"}, {"X-API-Key": "nonsense"}],
)
def test_requests_without_a_valid_key_are_refused(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    response = client.post("/api/v1/referrals", json=referral(), headers=headers)
    assert response.status_code == 401
    assert response.get_json()["errors"][0]["field"] == "authorization"


def test_a_revoked_key_stops_working(app: Flask, client: FlaskClient, token: str) -> None:
    with app.app_context():
        key = db.session().scalars(select(ApiKey)).one()
        apikeys.revoke_key(key.id)
    assert _post(client, token, referral()).status_code == 401


def test_keys_are_scoped_to_their_agency(
    app: Flask, client: FlaskClient, factory: Factory, token: str
) -> None:
    other = factory.agency("housing", AgencyKind.HOUSING)
    with app.app_context():
        other_token = apikeys.create_key(other.id, "Housing", None).token
    _post(client, token, referral())
    response = _post(client, other_token, referral())
    assert response.json["status"] == "created"  # same reference, another agency's referral
    with app.app_context():
        agencies = db.session().scalars(select(Referral.agency_id)).all()
        assert len(set(agencies)) == 2


def test_only_a_hash_of_the_secret_is_stored(app: Flask, token: str) -> None:
    with app.app_context():
        key = db.session().scalars(select(ApiKey)).one()
    secret = token.split("_", 2)[2]
    assert secret not in key.secret_hash and len(key.secret_hash) == 64


def test_the_openapi_document_lists_every_api_route(app: Flask, client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            assert method.lower() in document["paths"].get(path, {}), (method, path)


def test_the_openapi_person_fields_are_the_fields_the_api_accepts() -> None:
    from frontdoor.intake.openapi import PERSON_FIELDS
    from frontdoor.intake.validation import PERSON_COLUMNS

    assert set(PERSON_FIELDS) == set(PERSON_COLUMNS)


def test_the_api_takes_the_risk_tool_fields_of_the_police_file(
    app: Flask, client: FlaskClient, token: str
) -> None:
    body = referral()
    body["incident"] = {
        "reported_at": "2026-11-24T21:10", "risk_tool": "not-completed", "separation": True,
        "risk_reason": "Victim declined; graded high on what staff saw", "dash_risk": "high",
    }  # fmt: skip
    body["people"][1]["date_of_birth"] = "2019-06-01"
    body["people"].append({"role": "child", "given_name": "Lily", "surname": "Smith",
                           "date_of_birth": "2023-01-05"})  # fmt: skip
    response = _post(client, token, body)
    assert response.status_code == 201, response.json
    with app.app_context():
        stored = db.session().scalars(select(Referral)).one()
        assert (stored.risk_tool, stored.dash_risk, stored.separation) == (
            "not-completed", "high", True,
        )  # fmt: skip
        assert len(stored.people) == 3  # two children called Lily Smith, told apart by birth


def test_the_api_checks_the_score_against_its_tool(client: FlaskClient, token: str) -> None:
    body = referral()
    body["incident"] = {**body["incident"], "risk_tool": "DASH-SL", "dash_score": 25}
    response = _post(client, token, body)
    assert response.status_code == 422
    expected = {
        "field": "incident.dash_score",
        "message": "The score must be a number from 0 to 24 for DASH-SL",
    }
    assert expected in response.json["errors"]
