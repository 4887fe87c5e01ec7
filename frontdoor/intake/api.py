"""The agency referral API, `/api/v1`: JSON in and out, one API key per agency.

Send the key as `Authorization: Bearer fd_...` (or `X-API-Key: fd_...`). The OpenAPI document
at /api/v1/openapi.json (public: it holds no data) describes every route.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, current_app, g, jsonify, request

from ..auth.guards import Access, GuardedBlueprint
from ..db import db
from ..extensions import csrf
from ..models import Channel
from . import apikeys
from .openapi import INCIDENT_FIELDS, PERSON_FIELDS, openapi_document
from .people_limit import too_many
from .service import ReferralOutcome, submit_referral
from .validation import FieldError, parse_datetime

bp = GuardedBlueprint("intake_api", __name__, url_prefix="/api/v1", access=Access.api_key())
docs_bp = GuardedBlueprint(
    "intake_api_docs", __name__, url_prefix="/api/v1", access=Access.public()
)
csrf.exempt(bp)  # no cookies: every request carries its key

TOP_LEVEL = {"source_reference", "received_at", "incident", "people"}


@bp.before_request
def _authenticate() -> Response | None:
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else request.headers.get("X-API-Key", "")
    key = apikeys.authenticate(db.session(), token) if token else None
    if key is None:
        return _problem(401, [FieldError("authorization", "A valid API key is required")])
    g.api_agency_id = key.agency_id
    g.api_key_id = key.id
    apikeys.touch(key.id)
    return None


@bp.post("/referrals")
def create_referral() -> tuple[Response, int]:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _problem(400, [FieldError("body", "Send a JSON object")]), 400
    errors, incident, people = _read_payload(payload)
    received_at = None
    if payload.get("received_at") is not None:
        received_at = parse_datetime(str(payload["received_at"]))
        if received_at is None:
            errors.append(FieldError("received_at", "Must be an ISO 8601 date and time"))
    if errors:
        return _problem(422, errors), 422
    outcome = submit_referral(
        _text(payload.get("source_reference")),
        incident,
        people,
        agency_id=g.api_agency_id,
        channel=Channel.API,
        received_at=received_at,
        today=date.today(),
    )
    if outcome.status == "invalid":
        return _problem(422, outcome.errors), 422
    return jsonify(_outcome_json(outcome)), 201 if outcome.status == "created" else 200


@docs_bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(current_app))


def _read_payload(
    payload: dict[str, Any],
) -> tuple[list[FieldError], dict[str, str], list[dict[str, str]]]:
    errors = [FieldError(k, "Unknown field") for k in sorted(set(payload) - TOP_LEVEL)]
    incident = _object(payload.get("incident"), "incident", INCIDENT_FIELDS, errors)
    people_in = payload.get("people")
    if not isinstance(people_in, list):
        errors.append(FieldError("people", "Must be a list of people"))
        people_in = []
    if crowded := too_many(len(people_in)):  # issue #16: 10,000 people stalled everyone
        errors.append(crowded)
        people_in = []
    people = [
        _object(item, f"people[{i}]", PERSON_FIELDS, errors) for i, item in enumerate(people_in)
    ]
    return errors, incident, people


def _object(
    value: Any, path: str, fields: dict[str, str], errors: list[FieldError]
) -> dict[str, str]:
    """A JSON object's values as the police file's text: true/false become Y/N, numbers text."""
    if not isinstance(value, dict):
        errors.append(FieldError(path, "Must be an object"))
        return {}
    converted = {}
    for name, item in value.items():
        if name not in fields:
            errors.append(FieldError(f"{path}.{name}", "Unknown field"))
        elif isinstance(item, dict | list):
            errors.append(FieldError(f"{path}.{name}", "Must be a single value"))
        else:
            converted[name] = _text(item)
    return converted


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    return str(value)


def _outcome_json(outcome: ReferralOutcome) -> dict[str, Any]:
    return {
        "status": outcome.status,
        "referral_id": outcome.referral_id,
        "version": outcome.version,
        "warnings": outcome.warnings,
    }


def _problem(status: int, errors: list[FieldError]) -> Response:
    response = jsonify({"status": status, "errors": [e.as_json() for e in errors]})
    response.status_code = status
    return response
