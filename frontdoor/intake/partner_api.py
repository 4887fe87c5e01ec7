"""Two more routes of /api/v1 for partner agencies' own systems (issue #13):

* `POST /api/v1/who-is-in-contact`: for confident matches only, the agencies in contact, since
  when, who leads and the victim's contact plan; a possible match names no agency. Audited like
  the web look-up, rate-limited per API key.
* `POST /api/v1/involvements`: the agency's open cases, a batch, idempotent on case_reference.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, current_app, g, jsonify, request

from ..identity import lookup
from ..ratelimit import limiter
from .api import _problem, bp
from .field_readers import FieldError
from .open_cases import CASE_FIELDS, OpenCasesError, submit_open_cases

LOOKUP_FIELDS = ("given_name", "surname", "date_of_birth", "postcode", "nhs_number", "purpose")


def _api_key() -> str:
    """The rate-limit key: the API key's prefix (its public part), else the client address."""
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else request.headers.get("X-API-Key", "")
    parts = token.strip().split("_", 2)
    return f"api-key:{parts[1]}" if len(parts) == 3 else f"address:{request.remote_addr}"


@bp.post("/who-is-in-contact")
@limiter.limit(lambda: current_app.config["API_LOOKUP_RATE_LIMIT"], key_func=_api_key)
def who_is_in_contact() -> tuple[Response, int]:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _problem(400, [FieldError("body", "Send a JSON object")]), 400
    errors = [FieldError(k, "Unknown field") for k in sorted(set(payload) - set(LOOKUP_FIELDS))]
    errors += [FieldError(k, "Must be text") for k in LOOKUP_FIELDS
               if payload.get(k) is not None and not isinstance(payload[k], str)]  # fmt: skip
    if errors:
        return _problem(422, errors), 422
    text = {k: str(payload.get(k) or "")[:200] for k in LOOKUP_FIELDS}
    query = lookup.LookupQuery(**{k: text[k] for k in LOOKUP_FIELDS if k != "purpose"})
    try:
        answer = lookup.who_is_in_contact(
            query, str(payload.get("purpose") or "")[:500], user_id=None,
            agency_id=g.api_agency_id, api_key_id=g.get("api_key_id"),
        )  # fmt: skip
    except lookup.LookupRefused as exc:
        return _problem(422, [FieldError("query", str(exc))]), 422
    return jsonify({"people": [_person(p) for p in answer]}), 200


def _person(person: lookup.LikelyPerson) -> dict[str, Any]:
    if not person.confident:
        return {"match": "possible", "message": lookup.POSSIBLE_MESSAGE}
    return {
        "match": "confident",
        "name": person.name,
        "contact_plan": person.contact_plan or None,
        "contact_plan_agreed_on": person.contact_plan_agreed_on,
        "agencies": [
            {"agency": c.agency, "since": c.since, "lead": c.is_lead, "lead_worker": c.lead_worker}
            for c in person.agencies
        ],
    }


@bp.post("/involvements")
def open_cases() -> tuple[Response, int]:
    payload = request.get_json(silent=True)
    cases = payload.get("cases") if isinstance(payload, dict) else None
    if not isinstance(cases, list) or set(payload or {}) - {"cases"}:
        return _problem(400, [FieldError("body", 'Send {"cases": [...]}')]), 400
    rows: list[dict[str, str]] = []
    for i, case in enumerate(cases):
        if not isinstance(case, dict) or any(isinstance(v, dict | list) for v in case.values()):
            return _problem(422, [FieldError(f"cases[{i}]", "Must be an object of values")]), 422
        rows.append({str(k): _text(v) for k, v in case.items()})
    try:
        outcomes = submit_open_cases(g.api_agency_id, rows, channel="api", today=date.today())
    except OpenCasesError as exc:
        return _problem(413, [FieldError("cases", str(exc))]), 413
    return jsonify({"cases": [o.as_json() for o in outcomes]}), 200


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


__all__ = ["CASE_FIELDS", "bp"]
