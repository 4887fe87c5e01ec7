"""The OpenAPI 3.1 document of /api/v1, written as data; a test keeps it in step with the routes."""

from __future__ import annotations

from typing import Any

from flask import Flask

_YES_NO = {"type": ["boolean", "null"]}
_TEXT = {"type": ["string", "null"]}

INCIDENT_FIELDS: dict[str, str] = {
    "reported_at": "When the referral was recorded: ISO 8601 or dd/mm/yyyy HH:MM. Required.",
    "incident_at": "When the incident happened, same formats.",
    "location_postcode": "UK postcode of the incident.",
    "risk_tool": (
        "DASH-ACPO (police DASH, 27 questions), DASH-SL (SafeLives DASH RIC, 24), DARA (no "
        "score), other or not-completed. Absent: DASH-ACPO."
    ),
    "dash_risk": "standard, medium or high (or S, M, H). Required unless not-completed.",
    "dash_score": "Number of 'yes' answers: 0-27 for DASH-ACPO, 0-24 for DASH-SL; none for DARA.",
    "risk_reason": "Professional judgement: why this level, or why no assessment was completed.",
    "children_present": "Children present at the incident.",
    "separation": "The victim has separated or is trying to separate from the perpetrator.",
    "pregnancy": "Victim pregnant or a baby under 18 months in the household.",
    "strangulation": "Strangulation or choking.",
    "stalking": "Stalking or harassment.",
    "threats_to_kill": "Threats to kill.",
    "consent_to_share": "Y, N or U (unknown).",
    "officer": "The referrer: name or collar number.",
    "narrative": "Free text, up to 20,000 characters, stored exactly as sent.",
}
PERSON_FIELDS: dict[str, str] = {
    "role": "victim, perpetrator, child or other. Required.",
    "given_name": "Given name (a given name or a surname is required).",
    "middle_name": "Middle name(s).",
    "surname": "Surname.",
    "date_of_birth": "yyyy-mm-dd or dd/mm/yyyy; not in the future, within 120 years.",
    "sex": "F, M, X or U.",
    "address": "One line.",
    "postcode": "UK postcode, any spacing or case.",
    "phone": "Phone number.",
    "pnc_id": "Police National Computer ID, YY/NNNNNNNL. Kept and flagged if its check fails.",
    "nhs_number": "10 digits, spaces allowed. Kept and flagged if its mod-11 check fails.",
    "school": "For children: the school or nursery.",
    "address_withheld": "true when the address must never be shown (refuge).",
}
_BOOLEAN_FIELDS = {
    "children_present",
    "separation",
    "pregnancy",
    "strangulation",
    "stalking",
    "threats_to_kill",
    "address_withheld",
}


def _properties(fields: dict[str, str]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name, description in fields.items():
        if name in _BOOLEAN_FIELDS:
            schema: dict[str, Any] = dict(_YES_NO)
        elif name == "dash_score":
            schema = {"type": ["integer", "null"], "minimum": 0, "maximum": 99}
        else:
            schema = dict(_TEXT)
        properties[name] = {**schema, "description": description}
    return properties


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _outcome_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Outcome"}}},
    }


def _components() -> dict[str, Any]:
    return {
        "securitySchemes": {
            "apiKey": {"type": "http", "scheme": "bearer", "description": "fd_<prefix>_<secret>"}
        },
        "schemas": {
            "Referral": {
                "type": "object",
                "additionalProperties": False,
                "required": ["source_reference", "incident", "people"],
                "properties": {
                    "source_reference": {
                        "type": "string",
                        "maxLength": 120,
                        "description": "Your own reference; sending it again amends or repeats.",
                    },
                    "received_at": {"type": "string", "format": "date-time"},
                    "incident": {"$ref": "#/components/schemas/Incident"},
                    "people": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"$ref": "#/components/schemas/Person"},
                    },
                },
            },  # fmt: skip
            "Incident": {
                "type": "object",
                "additionalProperties": False,
                "required": ["reported_at"],
                "properties": _properties(INCIDENT_FIELDS),
            },
            "Person": {
                "type": "object",
                "additionalProperties": False,
                "required": ["role"],
                "properties": _properties(PERSON_FIELDS),
            },
            "Outcome": {
                "type": "object",
                "properties": {
                    "status": {"enum": ["created", "amended", "duplicate"]},
                    "referral_id": {"type": "integer"},
                    "version": {"type": "integer"},
                    "warnings": {"type": "array", "items": {"type": "string"}},
                },
            },
            "Problem": {
                "type": "object",
                "properties": {
                    "status": {"type": "integer"},
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "field": {"type": "string", "examples": ["people[0].nhs_number"]},
                                "message": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    }


def openapi_document(app: Flask) -> dict[str, Any]:
    from .openapi_partner import partner_paths, partner_schemas

    components = _components()
    components["schemas"].update(partner_schemas())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Front Door referral API",
            "version": "1",
            "description": "Agencies send domestic-abuse referrals. See docs/intake.md.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"apiKey": []}],
        "paths": {
            "/referrals": {
                "post": {
                    "summary": "Send a referral (idempotent on source_reference)",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Referral"}
                            }
                        },
                    },
                    "responses": {
                        "201": _outcome_response("Created"),
                        "200": _outcome_response("Amended, or a duplicate that changed nothing"),
                        "400": _error_response("Not a JSON object"),
                        "401": _error_response("Missing, unknown or revoked API key"),
                        "422": _error_response("Invalid fields, each listed with why"),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "The OpenAPI document"}},
                }
            },
            **partner_paths(),
        },
        "components": components,
    }
