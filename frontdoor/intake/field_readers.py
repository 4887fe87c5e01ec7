"""Reading one field of a submitted row: presence, length, choices, dates, identifiers.

Each reader appends a FieldError (saying what to enter) and returns None when the value
cannot be used; validation.py assembles them into an incident and its people.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers

from matching.addresses import Postcode, normalise_postcode
from matching.dates import parse_date_of_birth

from ..models import TOOL_MAX_SCORE, RiskTool
from ..text_safety import strip_controls
from . import messages
from .columns import TEXT_LIMITS

LOCAL_TIME = ZoneInfo("Europe/London")
MAX_AGE_YEARS = 120

_ISO_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_UK_TIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$")
_DOB_FORMS = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$")


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def parse_datetime(text: str) -> datetime | None:
    """ISO 8601 (`2026-11-24T23:41`, optional seconds and offset) or `dd/mm/yyyy HH:MM`.

    Times without an offset are UK local time (the police force's clock); the result is UTC.
    """
    if match := _ISO_TIME.match(text):
        year, month, day, hour, minute, second, offset = match.groups()
    elif match := _UK_TIME.match(text):
        day, month, year, hour, minute, second = match.groups()
        offset = None
    else:
        return None
    try:
        naive = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if offset is None:
        return naive.replace(tzinfo=LOCAL_TIME).astimezone(UTC)
    if offset == "Z":
        return naive.replace(tzinfo=UTC)
    sign = 1 if offset[0] == "+" else -1
    digits = offset[1:].replace(":", "")
    minutes = sign * (int(digits[:2]) * 60 + int(digits[2:]))
    return naive.replace(tzinfo=UTC) - timedelta(minutes=minutes)


def present(raw: Mapping[str, str], name: str) -> str | None:
    value = raw.get(name)
    return value.strip() if value and value.strip() else None


def required(raw: Mapping[str, str], name: str, limit: int, errors: list[FieldError]) -> str | None:
    value = present(raw, name)
    if value is None:
        errors.append(FieldError(name, messages.missing(name)))
    elif len(value) > limit:
        errors.append(FieldError(name, messages.too_long(name, limit)))
        return None
    return value


def text_field(raw: Mapping[str, str], name: str, errors: list[FieldError]) -> str | None:
    value = raw.get(name)
    value = strip_controls(value) if value else value  # bidi and zero-width controls go
    if not value or not value.strip():
        return None
    limit = TEXT_LIMITS[name]
    if len(value) > limit:
        errors.append(FieldError(name, messages.too_long(name, limit)))
    return value


def choice(
    raw: Mapping[str, str],
    name: str,
    allowed: Mapping[str, Any],
    errors: list[FieldError],
    *,
    required: bool = False,
) -> Any:
    value = present(raw, name)
    if value is None:
        if required:
            errors.append(FieldError(name, messages.missing(name)))
        return None
    chosen = allowed.get(value.lower())
    if chosen is None:
        options = ", ".join(sorted({str(v) for v in allowed.values()}))
        errors.append(
            FieldError(name, f"{messages.invalid(name)} ('{value[:40]}' is not one of: {options})")
        )
    return chosen


def yes_no(raw: Mapping[str, str], name: str, errors: list[FieldError]) -> bool | None:
    value = choice(raw, name, {"y": True, "n": False}, errors)
    return value if isinstance(value, bool) else None


def datetime_field(
    raw: Mapping[str, str], name: str, errors: list[FieldError], *, required: bool
) -> datetime | None:
    value = present(raw, name)
    if value is None:
        if required:
            errors.append(FieldError(name, messages.missing(name)))
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        errors.append(FieldError(name, messages.invalid(name)))
    return parsed


def dash_score(raw: Mapping[str, str], tool: RiskTool, errors: list[FieldError]) -> int | None:
    """The number of "yes" answers, checked against the range of the tool that was used."""
    value = present(raw, "dash_score")
    if value is None:
        return None
    highest = TOOL_MAX_SCORE.get(tool)
    if highest is None:
        errors.append(FieldError("dash_score", f"{tool.value} has no score: leave the score empty"))
        return None
    if not value.isdigit() or int(value) > highest:
        message = f"The score must be a number from 0 to {highest} for {tool.value}"
        errors.append(FieldError("dash_score", message))
        return None
    return int(value)


_TOOLS = {tool.value.lower(): tool for tool in RiskTool}


def risk_tool(raw: Mapping[str, str], errors: list[FieldError]) -> RiskTool:
    """The tool used; an absent column or empty value is the police DASH (older exports)."""
    chosen = choice(raw, "risk_tool", _TOOLS, errors)
    return chosen if isinstance(chosen, RiskTool) else RiskTool.DASH_ACPO


@lru_cache(maxsize=4096)
def _normalised_postcode(text: str | None) -> Postcode | None:
    return normalise_postcode(text)  # a household's rows repeat its postcode


def postcode_field(raw: Mapping[str, str], name: str, errors: list[FieldError]) -> str | None:
    postcode = _normalised_postcode(raw.get(name))
    if postcode is None:
        return None
    if not postcode.valid:
        errors.append(FieldError(name, messages.invalid(name)))
        return None
    return postcode.text


def identifier(
    raw: Mapping[str, str],
    name: str,
    normalise: Any,
    errors: list[FieldError],
    warnings: list[str],
    *,
    strict: bool = False,
) -> tuple[str | None, bool | None]:
    """From a police file: kept as text whether or not it passes its check (the flag keeps a bad
    one out of matching). Typed in (`strict`: the web form, the API): one failing its check is
    refused, so the person typing can correct it."""
    value = present(raw, name)
    if value is None:
        return None, None
    if len(value) > 20:
        errors.append(FieldError(name, messages.too_long(name, 20)))
        return None, None
    valid = normalise(value) is not None
    if not valid and strict:
        errors.append(FieldError(name, messages.invalid(name)))
    elif not valid:
        warnings.append(f"{name} fails its check; kept as text and not used for matching")
    return value, valid


def date_of_birth(
    raw: Mapping[str, str], today: date, errors: list[FieldError]
) -> tuple[date | None, str | None]:
    value = present(raw, "date_of_birth")
    if value is None:
        return None, None
    if not _DOB_FORMS.match(value):
        errors.append(FieldError("date_of_birth", messages.invalid("date_of_birth")))
        return None, value
    parsed = parse_date_of_birth(value, today)
    if parsed is None:
        future = _DOB_FORMS.match(value) and _looks_future(value, today)
        message = "date_of_birth_future" if future else "date_of_birth"
        errors.append(FieldError("date_of_birth", messages.invalid(message)))
    elif years_before(parsed, today) > MAX_AGE_YEARS:
        errors.append(FieldError("date_of_birth", messages.invalid("date_of_birth_old")))
        parsed = None
    return parsed, value


def years_before(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _looks_future(value: str, today: date) -> bool:
    """A well-formed date of birth refused because it is after today (not because it is not a
    real date)."""
    try:
        if "-" in value:
            parsed = date.fromisoformat(value)
        else:
            day, month, year = (int(p) for p in value.split("/"))
            parsed = date(year, month, day)
    except ValueError:
        return False
    return parsed > today


# Ofcom's mobile numbers reserved for drama (07700 900000 to 900999): not "valid" to the
# phonenumbers library, but used in examples, training and tests.
_DRAMA_MOBILE = re.compile(r"^7700900\d{3}$")


def phone_field(
    raw: Mapping[str, str], errors: list[FieldError], warnings: list[str], *, strict: bool
) -> str | None:
    """A phone number the `phonenumbers` library can read as a real number (UK by default,
    +country for others). Typed in (`strict`), one that is not is refused; from a police file it
    is kept as text with a warning."""
    value = text_field(raw, "phone", errors)
    if value is None or phone_is_valid(value):
        return value
    if strict:
        errors.append(FieldError("phone", messages.invalid("phone")))
        return None
    warnings.append("phone is not a valid phone number; kept as text")
    return value


def phone_is_valid(text: str) -> bool:
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return False
    if number.country_code == 44 and _DRAMA_MOBILE.match(str(number.national_number)):
        return True
    return phonenumbers.is_valid_number(number)
