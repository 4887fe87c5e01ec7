"""Who is in contact: the likely people and the agencies already involved — nothing more.

The answer carries, per likely person, only a display name, how likely the match is, and each
involved agency with whether it leads and its named lead worker. No address, date of birth,
identifier or record detail leaves this module. Every look-up is audited with its purpose, the
ids of the people shown and its search terms keyed-hashed (`frontdoor.audit.terms`: a term can
be checked against the log by whoever holds the audit key, never read from it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from matching import Candidate, Decision, Record, prepare

from ..audit import service as audit
from ..audit.terms import digests
from ..db import transaction
from . import dao, engine

MAX_PEOPLE = 5
MIN_PURPOSE_LENGTH = 10


class LookupRefused(ValueError):
    """The look-up was not specific enough, or had no purpose."""


@dataclass(frozen=True)
class LookupQuery:
    given_name: str = ""
    surname: str = ""
    date_of_birth: str = ""
    postcode: str = ""
    nhs_number: str = ""

    def problem(self) -> str | None:
        """Why this query may not be run, or None."""
        if self.nhs_number.strip():
            return None
        if not (self.given_name.strip() and self.surname.strip()):
            return "Enter a given name and surname, or an NHS number."
        if not (self.date_of_birth.strip() or self.postcode.strip()):
            return "Enter a date of birth or a postcode with the name."
        return None


@dataclass(frozen=True)
class AgencyContact:
    agency: str
    is_lead: bool
    lead_worker: str | None
    since: str | None = None  # yyyy-mm-dd


@dataclass(frozen=True)
class LikelyPerson:
    name: str  # empty for a possible match
    likelihood: str  # "very likely" or "possible"
    agencies: tuple[AgencyContact, ...]  # empty for a possible match: it names no agency
    contact_plan: str = ""  # the victim's contact plan the meeting last agreed: the first line
    contact_plan_agreed_on: str | None = None  # that meeting's date

    @property
    def confident(self) -> bool:
        return self.likelihood == CONFIDENT


CONFIDENT = "very likely"
POSSIBLE_MESSAGE = "A possible match exists: ask the front door."


def who_is_in_contact(
    query: LookupQuery,
    purpose: str,
    *,
    user_id: int | None,
    agency_id: int,
    api_key_id: int | None = None,
) -> list[LikelyPerson]:
    """Confident matches name the agencies in contact; a possible match names none."""
    if query.problem():
        raise LookupRefused(query.problem())
    if len(purpose.strip()) < MIN_PURPOSE_LENGTH:
        raise LookupRefused("Say why you need to know (at least 10 characters).")
    with transaction() as session:
        prepared = prepare(Record(record_id="lookup", **asdict(query)))
        resolution = engine.resolve(session, prepared, hide_withheld=True).resolution
        likely = [c for c in resolution.candidates if c.decision != Decision.NEW][:MAX_PEOPLE]
        answer = [_likely_person(session, candidate) for candidate in likely]
        audit.record(
            session, "identity.lookup", object_type="person_lookup", purpose=purpose.strip()[:500],
            user_id=user_id, agency_id=agency_id,
            person_ids=[int(c.person_id) for c in likely], results=len(likely),
            api_key_id=api_key_id, confident=sum(p.confident for p in answer),
            terms=digests(asdict(query)),
        )  # fmt: skip
        return answer


def _likely_person(session: Session, candidate: Candidate) -> LikelyPerson:
    if candidate.decision != Decision.LINK:
        return LikelyPerson("", "possible", ())
    person_ids = dao.merged_into(session, int(candidate.person_id))
    family_ids = dao.families_of(session, person_ids)
    contacts = tuple(
        AgencyContact(
            involvement.agency.name,
            involvement.is_lead,
            involvement.lead_worker,
            involvement.since.isoformat(),
        )
        for involvement in dao.open_involvements(session, person_ids, family_ids)
    )
    plan, agreed_on = dao.latest_contact_plan(session, family_ids)
    return LikelyPerson(
        _display_name(session, candidate), CONFIDENT, _unique(contacts), plan, agreed_on
    )


def _display_name(session: Session, candidate: Candidate) -> str:
    record = dao.record(session, int(candidate.best_record_id))
    if record is None:
        return "Unknown"
    return " ".join(part for part in (record.given_name, record.surname) if part) or "Unknown"


def _unique(contacts: tuple[AgencyContact, ...]) -> tuple[AgencyContact, ...]:
    """One line per agency; a lead line wins over a plain involvement."""
    best: dict[str, AgencyContact] = {}
    for contact in contacts:
        if contact.agency not in best or (contact.is_lead and not best[contact.agency].is_lead):
            best[contact.agency] = contact
    return tuple(sorted(best.values(), key=lambda c: (not c.is_lead, c.agency)))
