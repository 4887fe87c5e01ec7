"""Error messages written for each field of a referral, as the GOV.UK patterns ask: say what to
do, in the words of the question, never the column name or a format string.

The same messages reach the web form, the API and the quarantine of a police file (where the
column is named beside the message). `tests/intake/test_messages.py` checks every field has them.
"""

from __future__ import annotations

_WHEN = "a real date and time, for example 24/11/2026 23:41"

# When a required answer is missing.
MISSING: dict[str, str] = {
    "incident_ref": "Enter the incident reference",
    "reported_at": "Enter when the incident was reported to you",
    "incident_at": "Enter when the incident happened",
    "risk_tool": "Select which risk assessment was used",
    "dash_risk": "Select the risk level, or choose 'Not completed' as the risk assessment",
    "role": "Select the person's role in the incident",
    "given_name": "Enter a given name or a surname (or both)",
}

# When an answer is there but cannot be right.
INVALID: dict[str, str] = {
    "reported_at": f"When it was reported must be {_WHEN}",
    "incident_at": f"When it happened must be {_WHEN}",
    "date_of_birth": "Date of birth must be a real date, for example 27/03/2007",
    "date_of_birth_future": "Date of birth must be today or in the past",
    "date_of_birth_old": "Date of birth must be within the last 120 years",
    "location_postcode": "Enter the postcode where it happened as a UK postcode, like LS1 4AP",
    "postcode": "Enter the postcode as a UK postcode, like LS1 4AP",
    "phone": "Enter a phone number in the UK, like 07700 900982 or 0113 496 0000, or with +44",
    "nhs_number": "NHS number must be 10 digits that pass the NHS number check, like 943 476 5919",
    "risk_tool": "Select which risk assessment was used",
    "dash_risk": "Select the risk level: standard, medium or high",
    "role": "Select the person's role: victim, perpetrator, child or other adult",
    "sex": "Select the person's sex, or 'Not known'",
    "consent_to_share": "Select whether the victim consented to sharing: yes, no or not known",
    "address_withheld": "Select whether the address must be withheld",
}

_YES_NO_QUESTIONS = {
    "children_present": "whether children were present",
    "separation": "whether the victim has separated or is trying to",
    "pregnancy": "whether there is a pregnancy or a baby under 18 months",
    "strangulation": "whether there was strangulation or choking",
    "stalking": "whether there was stalking or harassment",
    "threats_to_kill": "whether there were threats to kill",
}
INVALID.update({k: f"Select {v}: yes, no or not known" for k, v in _YES_NO_QUESTIONS.items()})

# Names of fields people read in a message ("Narrative must be 20,000 characters or fewer").
FIELD_NAMES: dict[str, str] = {
    "incident_ref": "The incident reference",
    "dash_score": "The score",
    "narrative": "What happened",
    "risk_reason": "The professional judgement",
    "officer": "Your name or reference",
    "given_name": "The given name",
    "middle_name": "The middle names",
    "surname": "The surname",
    "address": "The address",
    "school": "The school or nursery",
    "phone": "The phone number",
    "nhs_number": "The NHS number",
    "pnc_id": "The PNC ID",
}


def missing(field: str) -> str:
    return MISSING.get(field, "Answer this question")


def invalid(field: str) -> str:
    return INVALID.get(field, "Check this answer")


def too_long(field: str, limit: int) -> str:
    return f"{FIELD_NAMES.get(field, 'The answer')} must be {limit:,} characters or fewer"
