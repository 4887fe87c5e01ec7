"""What a person types is checked as the GOV.UK patterns expect: NHS numbers by their check
digit, phone numbers by `phonenumbers`, a date of birth against the role, and a message written
for each field. From a police file the same findings are warnings (the export cannot be
corrected here)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from frontdoor.intake import apikeys, messages
from frontdoor.intake.form_fields import ROW_QUESTIONS
from frontdoor.intake.validation import FieldError, parse_person
from frontdoor.models import AgencyKind, Role

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.police_file import person_row
from .test_api import _post, referral


@pytest.fixture
def token(app: Flask, factory: Factory) -> str:
    agency = factory.agency("leeds-health", AgencyKind.HEALTH)
    with app.app_context():
        return apikeys.create_key(agency.id, "Health system", None).token


TODAY = date(2026, 12, 4)


def _checked(strict: bool, **answers: str) -> tuple[dict[str, str], list[str]]:
    errors: list[FieldError] = []
    _person, warnings = parse_person(person_row(**answers), TODAY, errors, strict=strict)
    return {e.field: e.message for e in errors}, warnings


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ({"nhs_number": "943 476 5918"}, "nhs_number", "NHS number check"),
        ({"phone": "abc"}, "phone", "Enter a phone number in the UK"),
        ({"phone": "0113 496"}, "phone", "Enter a phone number in the UK"),
        ({"role": "child", "date_of_birth": "1990-04-12"}, "date_of_birth", "under 18"),
        ({"role": "victim", "date_of_birth": "2023-06-01"}, "date_of_birth", "3 years old"),
        ({"role": "perpetrator", "date_of_birth": "2020-01-01"}, "date_of_birth", "role 'Child'"),
        ({"date_of_birth": "31/02/1990"}, "date_of_birth", "real date, for example 27/03/2007"),
        ({"date_of_birth": "2027-01-01"}, "date_of_birth", "today or in the past"),
    ],
)
def test_typed_in_a_wrong_answer_is_refused_with_a_message_for_its_field(
    answers: dict[str, str], field: str, words: str
) -> None:
    errors, _ = _checked(True, **answers)
    assert words in errors[field]
    police_errors, warnings = _checked(False, **answers)
    if field in ("nhs_number", "phone") or "role" in answers:
        assert field not in police_errors and warnings  # a police file keeps it, with a warning


@pytest.mark.parametrize(
    "answers",
    [
        {"phone": "07700 900123"},  # Ofcom's drama range: examples and tests
        {"phone": "0113 496 0000"},
        {"phone": "+44 (0)113 496 0000"},
        {"phone": "+33 1 42 68 53 00"},
        {"nhs_number": "943 476 5919"},
        {"role": "child", "date_of_birth": "2019-06-01"},
        {"role": "victim", "date_of_birth": "2008-01-01"},  # 18
    ],
)
def test_right_answers_pass(answers: dict[str, str]) -> None:
    assert _checked(True, **answers) == ({}, [])


def test_a_young_teenager_as_victim_is_accepted_with_a_warning() -> None:
    errors, warnings = _checked(True, role="victim", date_of_birth="2012-03-01")
    assert errors == {} and "child protection" in warnings[0]


def test_every_question_has_messages_written_for_it() -> None:
    for question in ROW_QUESTIONS:
        named = {**messages.MISSING, **messages.INVALID, **messages.FIELD_NAMES}
        assert question.name in named, question.name
    for text in [*messages.MISSING.values(), *messages.INVALID.values()]:
        assert "_" not in text and "yyyy" not in text.casefold() and "HH:MM" not in text


def _form_post(client: FlaskClient, path: str, data: dict[str, str]) -> tuple[int, str, str]:
    token = csrf_token_from(client, path)
    response = client.post(path, data={**data, "csrf_token": token})
    return response.status_code, response.location or "", response.get_data(as_text=True)


def test_the_web_form_shows_each_fields_own_message_in_the_summary_and_inline(
    client: FlaskClient, factory: Factory
) -> None:
    health = factory.agency("health", AgencyKind.HEALTH)
    sign_in(client, factory.user([Role.AGENCY_WORKER], agency=health))
    incident_path = _form_post(client, "/refer/", {})[1]
    _, _, html = _form_post(client, incident_path, {"reported_at": "yesterday"})
    assert "When it was reported must be a real date and time" in html
    assert "Select the risk level" in html and "Enter the dash risk" not in html
    assert "yyyy" not in html and "HH:MM" not in html
    draft = incident_path.split("/")[2]
    bad = {"role": "child", "given_name": "Lily", "date_of_birth": "1990-04-12",
           "phone": "abc", "nhs_number": "943 476 5918"}  # fmt: skip
    status, _, html = _form_post(client, f"/refer/{draft}/people/add", bad)
    assert status == 200 and "There is a problem" in html
    for field in ("date_of_birth", "phone", "nhs_number"):
        assert f'href="#{field}"' in html  # the summary links to the answer
        assert f'id="{field}-error"' in html  # the inline message beside it
    assert "A child must be under 18" in html and "NHS number check" in html


def test_the_api_refuses_a_failing_nhs_number_and_phone_per_field(
    app: Flask, client: FlaskClient, token: str
) -> None:
    body: dict[str, Any] = referral()
    body["people"][0].update(nhs_number="943 476 5918", phone="abc")
    response = _post(client, token, body)
    assert response.status_code == 422
    messages_by_field = {e["field"]: e["message"] for e in response.json["errors"]}
    assert "NHS number check" in messages_by_field["people[0].nhs_number"]
    assert "phone number" in messages_by_field["people[0].phone"]
