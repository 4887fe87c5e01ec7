"""Field rules shared by every route in: the police file, the referral API and the web form.

Every value arrives as text (the API's booleans and numbers are turned into the police file's
spellings first), so one set of rules decides what is valid. Identifier checks, postcodes and
dates of birth reuse the pure functions of `matching/`; only the date-time parsing is ours.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from matching.addresses import Postcode, normalise_postcode
from matching.dates import parse_date_of_birth
from matching.identifiers import normalise_nhs_number, normalise_pnc_id

from ..models import Consent, DashRisk, ReferralRole
from .columns import (
    FLAG_COLUMNS,
    INCIDENT_COLUMNS,
    KNOWN_COLUMNS,
    MAX_NARRATIVE,
    PERSON_COLUMNS,
    TEXT_LIMITS,
)

__all__ = ["INCIDENT_COLUMNS", "KNOWN_COLUMNS", "MAX_NARRATIVE", "PERSON_COLUMNS"]

LOCAL_TIME = ZoneInfo("Europe/London")
MAX_AGE_YEARS = 120

_RISKS = {"standard": "standard", "s": "standard", "medium": "medium", "m": "medium"}
_RISKS |= {"high": "high", "h": "high"}
_ROLES = {role.value: role for role in ReferralRole}
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


@dataclass(slots=True)
class Incident:
    reported_at: datetime
    incident_at: datetime | None
    location_postcode: str | None
    dash_risk: DashRisk
    dash_score: int | None
    children_present: bool | None
    pregnancy: bool | None
    strangulation: bool | None
    stalking: bool | None
    threats_to_kill: bool | None
    consent_to_share: Consent | None
    officer: str | None
    narrative: str | None

    def as_json(self) -> dict[str, Any]:
        return {name: _jsonable(getattr(self, name)) for name in self.__slots__}


@dataclass(slots=True)
class PersonFields:
    role: ReferralRole
    given_name: str | None
    middle_name: str | None
    surname: str | None
    date_of_birth: date | None
    date_of_birth_text: str | None
    sex: str | None
    address: str | None
    postcode: str | None
    phone: str | None
    nhs_number: str | None
    nhs_number_valid: bool | None
    pnc_id: str | None
    pnc_id_valid: bool | None
    school: str | None
    address_withheld: bool

    def as_json(self) -> dict[str, Any]:
        return {name: _jsonable(getattr(self, name)) for name in self.__slots__}

    @property
    def key(self) -> str:
        """Who this row is about within its incident: role and name, case and spacing aside."""
        parts = (self.role.value, _fold(self.given_name), _fold(self.surname))
        return digest(parts)


@dataclass(slots=True)
class ValidRow:
    row_number: int
    incident_ref: str
    incident: Incident
    person: PersonFields
    raw: dict[str, str]
    warnings: tuple[str, ...]
    person_key: str  # who the row is about within its incident
    person_hash: str  # the person's details
    incident_hash: str  # the incident's details
    row_hash: str  # both: an identical row is a duplicate

    @classmethod
    def build(
        cls,
        row_number: int,
        incident_ref: str,
        incident: Incident,
        person: PersonFields,
        raw: dict[str, str],
        warnings: tuple[str, ...],
        incident_hash: str = "",
    ) -> ValidRow:
        person_hash = fingerprint(person)
        incident_hash = incident_hash or fingerprint(incident)
        return cls(
            row_number, incident_ref, incident, person, raw, warnings, person.key,
            person_hash, incident_hash, digest((incident_hash, person_hash)),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class InvalidRow:
    row_number: int
    incident_ref: str | None
    raw: dict[str, str]
    reasons: tuple[FieldError, ...]

    @property
    def raw_hash(self) -> str:
        return raw_digest(self.raw)


def digest(value: Any) -> str:
    """A stable fingerprint of plain values (their repr is deterministic)."""
    return hashlib.blake2b(repr(value).encode(), digest_size=20).hexdigest()


def fingerprint(fields: Incident | PersonFields) -> str:
    """A stable fingerprint of an incident's or a person's values, field by field.

    Cheaper than a repr: each value as text (enums as their value), None as a NUL.
    """
    values = _FIELD_GETTERS[type(fields)](fields)
    text = "\x1f".join(["\x00" if value is None else str(value) for value in values])
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def raw_digest(raw: Mapping[str, str]) -> str:
    return digest(sorted((k, v) for k, v in raw.items() if v))


def validate_row(row_number: int, raw: dict[str, str], today: date) -> ValidRow | InvalidRow:
    """Check one row (incident columns and person columns) against every rule of the format."""
    return RowValidator(today).validate(row_number, raw)


_FIELD_GETTERS = {cls: attrgetter(*cls.__slots__) for cls in (Incident, PersonFields)}


class RowValidator:
    """Validates the rows of one file; rows of one incident repeat its columns, so the incident
    part is parsed (and fingerprinted) once per distinct set of values."""

    _INCIDENT_VALUES = INCIDENT_COLUMNS[1:]

    def __init__(self, today: date) -> None:
        self.today = today
        self._incidents: dict[tuple[str | None, ...], _ParsedIncident] = {}

    def validate(self, row_number: int, raw: dict[str, str]) -> ValidRow | InvalidRow:
        errors: list[FieldError] = []
        incident_ref = _required(raw, "incident_ref", 120, errors)
        incident, incident_hash = self._incident(raw, errors)
        person, warnings = parse_person(raw, self.today, errors)
        if errors or incident is None or person is None or incident_ref is None:
            return InvalidRow(row_number, _present(raw, "incident_ref"), raw, tuple(errors))
        return ValidRow.build(
            row_number, incident_ref, incident, person, raw, tuple(warnings), incident_hash
        )

    def _incident(
        self, raw: Mapping[str, str], errors: list[FieldError]
    ) -> tuple[Incident | None, str]:
        key = tuple(map(raw.get, self._INCIDENT_VALUES))
        cached = self._incidents.get(key)
        if cached is None:
            found: list[FieldError] = []
            incident = parse_incident(raw, found)
            cached = (incident, found, fingerprint(incident) if incident else "")
            self._incidents[key] = cached
        errors.extend(cached[1])
        return cached[0], cached[2]


_ParsedIncident = tuple["Incident | None", list[FieldError], str]


def parse_incident(raw: Mapping[str, str], errors: list[FieldError]) -> Incident | None:
    before = len(errors)
    reported_at = _datetime(raw, "reported_at", errors, required=True)
    incident_at = _datetime(raw, "incident_at", errors, required=False)
    risk = _choice(raw, "dash_risk", _RISKS, errors, required=True)
    flags = {name: _yes_no(raw, name, errors) for name in FLAG_COLUMNS}
    consent = _choice(raw, "consent_to_share", {c.value.lower(): c for c in Consent}, errors)
    incident = Incident(
        reported_at=reported_at or datetime.min.replace(tzinfo=UTC),
        incident_at=incident_at,
        location_postcode=_postcode(raw, "location_postcode", errors),
        dash_risk=DashRisk(risk or "standard"),
        dash_score=_dash_score(raw, errors),
        consent_to_share=Consent(consent) if consent else None,
        officer=_text(raw, "officer", errors),
        narrative=_text(raw, "narrative", errors),
        **flags,
    )
    return incident if len(errors) == before else None


def parse_person(
    raw: Mapping[str, str], today: date, errors: list[FieldError]
) -> tuple[PersonFields | None, list[str]]:
    before = len(errors)
    warnings: list[str] = []
    role = _choice(raw, "role", _ROLES, errors, required=True)
    given, surname = _text(raw, "given_name", errors), _text(raw, "surname", errors)
    if given is None and surname is None:
        errors.append(FieldError("given_name", "Enter a given name or a surname (or both)"))
    nhs_text, nhs_valid = _identifier(raw, "nhs_number", normalise_nhs_number, errors, warnings)
    pnc_text, pnc_valid = _identifier(raw, "pnc_id", normalise_pnc_id, errors, warnings)
    dob, dob_text = _date_of_birth(raw, today, errors)
    person = PersonFields(
        role=ReferralRole(role or "other"),
        given_name=given,
        middle_name=_text(raw, "middle_name", errors),
        surname=surname,
        date_of_birth=dob,
        date_of_birth_text=dob_text,
        sex=_choice(raw, "sex", {s.lower(): s for s in "FMXU"}, errors),
        address=_text(raw, "address", errors),
        postcode=_postcode(raw, "postcode", errors),
        phone=_text(raw, "phone", errors),
        nhs_number=nhs_text,
        nhs_number_valid=nhs_valid,
        pnc_id=pnc_text,
        pnc_id_valid=pnc_valid,
        school=_text(raw, "school", errors),
        address_withheld=bool(_yes_no(raw, "address_withheld", errors)),
    )
    return (person if len(errors) == before else None), warnings


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


def _present(raw: Mapping[str, str], name: str) -> str | None:
    value = raw.get(name)
    return value.strip() if value and value.strip() else None


def _required(
    raw: Mapping[str, str], name: str, limit: int, errors: list[FieldError]
) -> str | None:
    value = _present(raw, name)
    if value is None:
        errors.append(FieldError(name, f"Enter the {name.replace('_', ' ')}"))
    elif len(value) > limit:
        errors.append(FieldError(name, f"Must be {limit} characters or fewer"))
        return None
    return value


def _text(raw: Mapping[str, str], name: str, errors: list[FieldError]) -> str | None:
    value = raw.get(name)
    if not value or not value.strip():
        return None
    limit = TEXT_LIMITS[name]
    if len(value) > limit:
        errors.append(FieldError(name, f"Must be {limit:,} characters or fewer"))
    return value


def _choice(
    raw: Mapping[str, str],
    name: str,
    allowed: Mapping[str, Any],
    errors: list[FieldError],
    *,
    required: bool = False,
) -> Any:
    value = _present(raw, name)
    if value is None:
        if required:
            errors.append(FieldError(name, f"Enter the {name.replace('_', ' ')}"))
        return None
    chosen = allowed.get(value.lower())
    if chosen is None:
        options = ", ".join(sorted({str(v) for v in allowed.values()}))
        errors.append(FieldError(name, f"'{value[:40]}' is not one of: {options}"))
    return chosen


def _yes_no(raw: Mapping[str, str], name: str, errors: list[FieldError]) -> bool | None:
    value = _choice(raw, name, {"y": True, "n": False}, errors)
    return value if isinstance(value, bool) else None


def _datetime(
    raw: Mapping[str, str], name: str, errors: list[FieldError], *, required: bool
) -> datetime | None:
    value = _present(raw, name)
    if value is None:
        if required:
            errors.append(FieldError(name, f"Enter the {name.replace('_', ' ')}"))
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        errors.append(
            FieldError(name, "Must be a real date and time: yyyy-mm-ddTHH:MM or dd/mm/yyyy HH:MM")
        )
    return parsed


def _dash_score(raw: Mapping[str, str], errors: list[FieldError]) -> int | None:
    value = _present(raw, "dash_score")
    if value is None:
        return None
    if not value.isdigit() or int(value) > 24:
        errors.append(FieldError("dash_score", "Must be a whole number from 0 to 24"))
        return None
    return int(value)


@lru_cache(maxsize=4096)
def _normalised_postcode(text: str | None) -> Postcode | None:
    return normalise_postcode(text)  # a household's rows repeat its postcode


def _postcode(raw: Mapping[str, str], name: str, errors: list[FieldError]) -> str | None:
    postcode = _normalised_postcode(raw.get(name))
    if postcode is None:
        return None
    if not postcode.valid:
        errors.append(FieldError(name, "Must be a UK postcode, like LS1 4AP"))
        return None
    return postcode.text


def _identifier(
    raw: Mapping[str, str],
    name: str,
    normalise: Any,
    errors: list[FieldError],
    warnings: list[str],
) -> tuple[str | None, bool | None]:
    """Kept as text whether or not it passes its check; the flag keeps a bad one out of matching."""
    value = _present(raw, name)
    if value is None:
        return None, None
    if len(value) > 20:
        errors.append(FieldError(name, "Must be 20 characters or fewer"))
        return None, None
    valid = normalise(value) is not None
    if not valid:
        warnings.append(f"{name} fails its check; kept as text and not used for matching")
    return value, valid


def _date_of_birth(
    raw: Mapping[str, str], today: date, errors: list[FieldError]
) -> tuple[date | None, str | None]:
    value = _present(raw, "date_of_birth")
    if value is None:
        return None, None
    if not _DOB_FORMS.match(value):
        errors.append(FieldError("date_of_birth", "Must be yyyy-mm-dd or dd/mm/yyyy"))
        return None, value
    parsed = parse_date_of_birth(value, today)
    if parsed is None:
        errors.append(FieldError("date_of_birth", "Must be a real date, not in the future"))
    elif _years_before(parsed, today) > MAX_AGE_YEARS:
        errors.append(FieldError("date_of_birth", f"Must be within the last {MAX_AGE_YEARS} years"))
        parsed = None
    return parsed, value


def _years_before(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
