"""OpenAPI paths and schemas of the look-up and open-cases routes (partner_api)."""

from __future__ import annotations

from typing import Any

from .open_cases import CASE_FIELDS

_TEXT = {"type": ["string", "null"]}
LOOKUP_PROPERTIES: dict[str, Any] = {
    "given_name": {**_TEXT, "description": "Given name (with the surname)."},
    "surname": {**_TEXT, "description": "Surname."},
    "date_of_birth": {**_TEXT, "description": "yyyy-mm-dd or dd/mm/yyyy."},
    "postcode": {**_TEXT, "description": "UK postcode (with the name, if no date of birth)."},
    "nhs_number": {**_TEXT, "description": "An NHS number alone is enough."},
    "purpose": {"type": "string", "minLength": 10, "description": "Why you need to know."},
}


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": _json("Problem")}


def partner_paths() -> dict[str, Any]:
    return {
        "/who-is-in-contact": {"post": {
            "summary": "Which agencies are in contact with a person, who leads, and the "
                       "victim's contact plan (confident matches only; audited; rate-limited "
                       "per key)",
            "requestBody": {"required": True, "content": _json("LookupQuery")},
            "responses": {
                "200": {"description": "The likely people", "content": _json("LookupAnswer")},
                "400": _problem("Not a JSON object"),
                "401": _problem("Missing, unknown or revoked API key"),
                "422": _problem("Not specific enough, no purpose, or unknown fields"),
                "429": {"description": "Too many look-ups with this key; try later"},
            },
        }},
        "/involvements": {"post": {
            "summary": "Your agency's open cases (idempotent on case_reference); a case sent "
                       "with closed=true ends its involvement",
            "requestBody": {"required": True, "content": _json("OpenCases")},
            "responses": {
                "200": {"description": "Each case's outcome", "content": _json("OpenCasesResult")},
                "400": _problem('Not {"cases": [...]}'),
                "401": _problem("Missing, unknown or revoked API key"),
                "413": _problem("More than 1,000 cases in one batch"),
                "422": _problem("A case is not an object of single values"),
            },
        }},
    }  # fmt: skip


def partner_schemas() -> dict[str, Any]:
    case_properties = {name: {**_TEXT, "description": words} for name, words in CASE_FIELDS.items()}
    for flag in ("lead", "closed"):
        case_properties[flag] = {"type": ["boolean", "null"], "description": CASE_FIELDS[flag]}
    return {
        "LookupQuery": {"type": "object", "additionalProperties": False,
                        "required": ["purpose"], "properties": LOOKUP_PROPERTIES},
        "LookupAnswer": {"type": "object", "properties": {"people": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "match": {"enum": ["confident", "possible"]},
                "message": {"type": "string", "description": "For a possible match only."},
                "name": {"type": "string"},
                "contact_plan": {**_TEXT, "description": "The victim's contact plan: read first."},
                "contact_plan_agreed_on": {**_TEXT, "format": "date"},
                "agencies": {"type": "array", "items": {"type": "object", "properties": {
                    "agency": {"type": "string"}, "since": {"type": "string", "format": "date"},
                    "lead": {"type": "boolean"}, "lead_worker": _TEXT,
                }}},
            },
        }}}},
        "OpenCases": {"type": "object", "additionalProperties": False, "required": ["cases"],
                      "properties": {"cases": {"type": "array", "maxItems": 1000, "items": {
                          "type": "object", "additionalProperties": False,
                          "required": ["case_reference"], "properties": case_properties}}}},
        "OpenCasesResult": {"type": "object", "properties": {"cases": {"type": "array", "items": {
            "type": "object", "properties": {
                "case_reference": {"type": "string"},
                "status": {"enum": ["linked", "new", "review", "refreshed", "closed",
                                    "not_found", "invalid"]},
                "errors": {"type": "array", "items": {"type": "object"}},
            }}}}},
    }  # fmt: skip
