"""The questions of the web referral form and the quarantine correction form, as data.

Values are checked by `validation` (the same rules as the police file and the API), so the
form only has to name, label and lay out the fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .validation import INCIDENT_COLUMNS, PERSON_COLUMNS, FieldError


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    kind: str = "text"  # text | textarea | select
    options: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    width: str = ""


_YES_NO = (("", "Not known"), ("Y", "Yes"), ("N", "No"))
_DATE_TIME_HINT = "For example, 24/11/2026 23:41"

INCIDENT_QUESTIONS = (
    Question("reported_at", "When was it reported to you?", hint=_DATE_TIME_HINT, width="10"),
    Question("incident_at", "When did it happen? (optional)", hint=_DATE_TIME_HINT, width="10"),
    Question("location_postcode", "Postcode where it happened (optional)", width="10"),
    Question(
        "risk_tool",
        "Which risk assessment was used?",
        "select",
        (
            ("DASH-SL", "SafeLives DASH RIC (24 questions)"),
            ("DASH-ACPO", "Police DASH (27 questions)"),
            ("DARA", "DARA (no score)"),
            ("other", "Another tool"),
            ("not-completed", "Not completed"),
        ),
    ),
    Question(
        "dash_risk",
        "Risk level",
        "select",
        (("", "Choose"), ("standard", "Standard"), ("medium", "Medium"), ("high", "High")),
        hint="Required unless no assessment was completed",
    ),
    Question(
        "dash_score",
        "Score (optional)",
        hint="Number of yes answers: 0 to 24 (DASH RIC) or 0 to 27 (police DASH); none for DARA",
        width="3",
    ),
    Question(
        "risk_reason",
        "Professional judgement (optional)",
        "textarea",
        hint="Why you graded this level, or why no assessment was completed",
    ),
    Question("children_present", "Were children present?", "select", _YES_NO),
    Question("separation", "Has the victim separated or is trying to?", "select", _YES_NO),
    Question("pregnancy", "Pregnancy or a baby under 18 months?", "select", _YES_NO),
    Question("strangulation", "Strangulation or choking?", "select", _YES_NO),
    Question("stalking", "Stalking or harassment?", "select", _YES_NO),
    Question("threats_to_kill", "Threats to kill?", "select", _YES_NO),
    Question(
        "consent_to_share",
        "Has the victim consented to sharing?",
        "select",
        (("", "Choose"), ("Y", "Yes"), ("N", "No"), ("U", "Not known")),
    ),
    Question("officer", "Your name or reference (optional)"),
    Question("narrative", "What happened?", "textarea", hint="Up to 20,000 characters"),
)

PERSON_QUESTIONS = (
    Question(
        "role",
        "Role in the incident",
        "select",
        (
            ("", "Choose"),
            ("victim", "Victim"),
            ("perpetrator", "Perpetrator"),
            ("child", "Child"),
            ("other", "Other adult"),
        ),
    ),  # fmt: skip
    Question("given_name", "Given name"),
    Question("middle_name", "Middle names (optional)"),
    Question("surname", "Surname"),
    Question(
        "date_of_birth", "Date of birth (optional)", hint="For example, 27/03/2007", width="10"
    ),
    Question(
        "sex",
        "Sex (optional)",
        "select",
        (("", "Not known"), ("F", "Female"), ("M", "Male"), ("X", "Other"), ("U", "Unknown")),
    ),
    Question("address", "Address (optional)"),
    Question("postcode", "Postcode (optional)", width="10"),
    Question("phone", "Phone (optional)", width="20"),
    Question("nhs_number", "NHS number (optional)", width="10"),
    Question("pnc_id", "PNC ID (optional)", width="10"),
    Question("school", "School or nursery (optional)"),
    Question(
        "address_withheld",
        "Must the address be withheld (refuge)?",
        "select",
        (("", "No"), ("Y", "Yes: never show it")),
    ),
)
ROW_QUESTIONS = (Question("incident_ref", "Incident reference"), *INCIDENT_QUESTIONS,
                 *PERSON_QUESTIONS)  # fmt: skip

assert {q.name for q in INCIDENT_QUESTIONS} == set(INCIDENT_COLUMNS[1:])
assert {q.name for q in PERSON_QUESTIONS} == set(PERSON_COLUMNS)


def answers_from(form: Mapping[str, str], questions: Sequence[Question]) -> dict[str, str]:
    return {q.name: form.get(q.name, "") for q in questions}


def errors_by_field(errors: Sequence[FieldError]) -> dict[str, str]:
    """The first message for each field, keyed by the field's own name (its last path part)."""
    found: dict[str, str] = {}
    for error in errors:
        found.setdefault(error.field.rsplit(".", 1)[-1], error.message)
    return found


def display_value(question: Question, value: str) -> str:
    """The label of a chosen option, for check-your-answers."""
    for option_value, label in question.options:
        if option_value == value:
            return label
    return value


def template_questions(
    questions: Sequence[Question], values: Mapping[str, Any], errors: Mapping[str, str]
) -> list[dict[str, Any]]:
    return [
        {"q": q, "value": values.get(q.name, ""), "error": errors.get(q.name)} for q in questions
    ]
