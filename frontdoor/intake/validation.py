"""Field rules shared by every route in: the police file, the referral API and the web form.

Every value arrives as text (the API's booleans and numbers are turned into the police file's
spellings first), so one set of rules decides what is valid. Identifier checks, postcodes and
dates of birth reuse the pure functions of `matching/`; only the date-time parsing is ours.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import attrgetter
from typing import Any

from matching.identifiers import normalise_nhs_number, normalise_pnc_id

from ..models import Consent, DashRisk, ReferralRole, RiskTool
from . import messages
from .columns import (
    FLAG_COLUMNS,
    INCIDENT_COLUMNS,
    KNOWN_COLUMNS,
    MAX_NARRATIVE,
    PERSON_COLUMNS,
)
from .field_readers import (
    FieldError,
    choice,
    dash_score,
    date_of_birth,
    datetime_field,
    identifier,
    parse_datetime,
    phone_field,
    postcode_field,
    present,
    required,
    risk_tool,
    text_field,
    yes_no,
)
from .person_checks import check_role_age

__all__ = [
    "INCIDENT_COLUMNS",
    "KNOWN_COLUMNS",
    "MAX_NARRATIVE",
    "PERSON_COLUMNS",
    "FieldError",
    "parse_datetime",
]

_RISKS = {"standard": "standard", "s": "standard", "medium": "medium", "m": "medium"}
_RISKS |= {"high": "high", "h": "high"}
_ROLES = {role.value: role for role in ReferralRole}


@dataclass(slots=True)
class Incident:
    reported_at: datetime
    incident_at: datetime | None
    location_postcode: str | None
    risk_tool: RiskTool
    dash_risk: DashRisk | None
    dash_score: int | None
    risk_reason: str | None
    children_present: bool | None
    separation: bool | None
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
        """Role and name, case and spacing aside: the people of an incident who may be this one
        (`identity` then tells apart different people who share a role and a name)."""
        return name_key(self.role.value, self.given_name, self.surname)

    @property
    def identity(self) -> Identity:
        return identity_of(self.date_of_birth, self.nhs_number, self.pnc_id)


Identity = tuple[date | None, str | None, str | None]  # date of birth, NHS number, PNC ID


def name_key(role: str, given_name: str | None, surname: str | None) -> str:
    return digest((role, _fold(given_name), _fold(surname)))


def identity_of(born: date | None, nhs_number: str | None, pnc_id: str | None) -> Identity:
    def compact(text: str | None) -> str | None:
        return "".join(text.split()).upper() or None if text else None

    return born, compact(nhs_number), compact(pnc_id)


def same_person(first: Identity, second: Identity) -> bool:
    """Two rows with the same role and name are one person unless a date of birth or an
    identifier given on both differs."""
    return all(a is None or b is None or a == b for a, b in zip(first, second, strict=True))


def identity_key(key: str, identity: Identity) -> str:
    """The stored key of a second person with the same role and name in one incident."""
    return digest((key, *(None if v is None else str(v) for v in identity)))


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

    def __init__(self, today: date, *, strict: bool = False) -> None:
        self.today = today
        self.strict = strict  # typed in (web form, API): see parse_person
        self._incidents: dict[tuple[str | None, ...], _ParsedIncident] = {}

    def validate(self, row_number: int, raw: dict[str, str]) -> ValidRow | InvalidRow:
        errors: list[FieldError] = []
        incident_ref = required(raw, "incident_ref", 120, errors)
        incident, incident_hash = self._incident(raw, errors)
        person, warnings = parse_person(raw, self.today, errors, strict=self.strict)
        if errors or incident is None or person is None or incident_ref is None:
            return InvalidRow(row_number, present(raw, "incident_ref"), raw, tuple(errors))
        if incident.risk_tool == RiskTool.NOT_COMPLETED and not incident.risk_reason:
            warnings.append("no risk assessment and no risk_reason saying why")
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
    reported_at = datetime_field(raw, "reported_at", errors, required=True)
    incident_at = datetime_field(raw, "incident_at", errors, required=False)
    tool = risk_tool(raw, errors)
    # The level is required unless no assessment was completed.
    required_level = tool != RiskTool.NOT_COMPLETED
    risk = choice(raw, "dash_risk", _RISKS, errors, required=required_level)
    flags = {name: yes_no(raw, name, errors) for name in FLAG_COLUMNS}
    consent = choice(raw, "consent_to_share", {c.value.lower(): c for c in Consent}, errors)
    incident = Incident(
        reported_at=reported_at or datetime.min.replace(tzinfo=UTC),
        incident_at=incident_at,
        location_postcode=postcode_field(raw, "location_postcode", errors),
        risk_tool=tool,
        dash_risk=DashRisk(risk) if risk else (None if not required_level else DashRisk.STANDARD),
        dash_score=dash_score(raw, tool, errors),
        risk_reason=text_field(raw, "risk_reason", errors),
        consent_to_share=Consent(consent) if consent else None,
        officer=text_field(raw, "officer", errors),
        narrative=text_field(raw, "narrative", errors),
        **flags,
    )
    return incident if len(errors) == before else None


def parse_person(
    raw: Mapping[str, str], today: date, errors: list[FieldError], *, strict: bool = False
) -> tuple[PersonFields | None, list[str]]:
    """One person's columns. `strict` (typed in: web form, API) refuses an NHS number failing
    its check digit, a phone number that is not one and an age that does not fit the role;
    from a police file these are warnings."""
    before = len(errors)
    warnings: list[str] = []
    role = choice(raw, "role", _ROLES, errors, required=True)
    given, surname = text_field(raw, "given_name", errors), text_field(raw, "surname", errors)
    if given is None and surname is None:
        errors.append(FieldError("given_name", messages.missing("given_name")))
    nhs_text, nhs_valid = identifier(
        raw, "nhs_number", normalise_nhs_number, errors, warnings, strict=strict
    )
    pnc_text, pnc_valid = identifier(raw, "pnc_id", normalise_pnc_id, errors, warnings)
    dob, dob_text = date_of_birth(raw, today, errors)
    if role:
        check_role_age(ReferralRole(role), dob, today, errors, warnings, strict=strict)
    person = PersonFields(
        role=ReferralRole(role or "other"),
        given_name=given,
        middle_name=text_field(raw, "middle_name", errors),
        surname=surname,
        date_of_birth=dob,
        date_of_birth_text=dob_text,
        sex=choice(raw, "sex", {s.lower(): s for s in "FMXU"}, errors),
        address=text_field(raw, "address", errors),
        postcode=postcode_field(raw, "postcode", errors),
        phone=phone_field(raw, errors, warnings, strict=strict),
        nhs_number=nhs_text,
        nhs_number_valid=nhs_valid,
        pnc_id=pnc_text,
        pnc_id_valid=pnc_valid,
        school=text_field(raw, "school", errors),
        address_withheld=bool(yes_no(raw, "address_withheld", errors)),
    )
    return (person if len(errors) == before else None), warnings


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
