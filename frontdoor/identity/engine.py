"""The adapter between the app's person index and the pure `matching` library.

Resolving one record: its blocking keys find a bounded set of candidate records (indexed
look-ups), every record of the people holding them is loaded, and matching's own MatchIndex —
filled with just those people — scores, applies the hard rules and decides. The app therefore
uses exactly the engine, settings and person-level rules that `match-file` uses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from matching import (
    MatchIndex,
    MatchSettings,
    PreparedRecord,
    Record,
    Resolution,
    TermFrequencies,
    blocking_keys,
    default_settings,
    prepare,
)

from ..access.redaction import withheld_person_ids
from ..models import PersonRecord
from . import index_dao
from .index_dao import CandidateLimits

# Below this many indexed names a name's frequency is noise (in a one-person index every name
# is "the commonest name"), so term-frequency adjustment waits until the index has grown.
MIN_NAMES_FOR_FREQUENCIES = 1000


@lru_cache(maxsize=1)
def match_settings() -> MatchSettings:
    return default_settings()


class _FixedFrequencies(TermFrequencies):
    """Name frequencies read from the database; matching's MatchIndex must not add to them."""

    def add(self, record: PreparedRecord) -> None:
        return None


def as_match_record(row: PersonRecord | Any) -> Record:
    """A person record (ORM object or row) in matching's input form."""
    dob = row.date_of_birth
    dob_text = dob.isoformat() if isinstance(dob, date) else (row.date_of_birth_text or "")
    return Record(
        record_id=str(row.id),
        source=row.source or "",
        given_name=row.given_name or "",
        middle_name=row.middle_name or "",
        surname=row.surname or "",
        date_of_birth=dob_text,
        sex=row.sex or "",
        address=row.address or "",
        postcode=row.postcode or "",
        nhs_number=row.nhs_number or "",
        phone=row.phone or "",
        pnc_id=row.pnc_id or "",
    )


def prepare_record(row: PersonRecord | Any) -> PreparedRecord:
    """matching's normalised form of a record, memoised on the record's field values."""
    return _prepare(as_match_record(row))


# Preparing (normalising) a record is a pure function of its field values, so the result can be
# shared: a record is prepared when it is resolved and again for its household key, and the
# records of common blocking keys come back as candidates again and again. About 2 KB each.
PREPARED_CACHE_SIZE = 10_000


@lru_cache(maxsize=PREPARED_CACHE_SIZE)
def _prepare(record: Record) -> PreparedRecord:
    return prepare(record)


def index_names(prepared: PreparedRecord) -> dict[str, str]:
    return {"given": prepared.given, "surname": prepared.surname}


@dataclass(frozen=True, slots=True)
class IndexedResolution:
    resolution: Resolution
    candidates_scored: int  # records scored: the bounded candidate set and their people


def resolve(
    session: Session,
    query: PreparedRecord,
    limits: CandidateLimits = CandidateLimits(),
    *,
    hide_withheld: bool = False,
) -> IndexedResolution:
    """Who in the person index is this record? Matching's decision, with its explanation.

    `hide_withheld` (a look-up, whose answer a person sees): the address, postcode and phone of
    a person whose details are withheld take no part in the scoring, so a look-up can never
    confirm a refuge address or postcode (issue #16, finding 5)."""
    record_ids = index_dao.candidate_record_ids(session, blocking_keys(query), limits)
    rows = index_dao.records_of_people_holding(session, record_ids)
    hidden = withheld_person_ids(session, (r.person_id for r in rows)) if hide_withheld else set()
    index = MatchIndex(settings=match_settings(), tf=_frequencies(session, query))
    index.max_candidates_per_key = len(rows) + 1  # the candidate set is already bounded
    for row in rows:
        if str(row.id) != query.record_id:
            prepared = (
                _prepare(without_contact_details(as_match_record(row)))
                if row.person_id in hidden
                else prepare_record(row)
            )
            index.insert(prepared, person_id=str(row.person_id))
    return IndexedResolution(index.resolve(query), len(rows))


def without_contact_details(record: Record) -> Record:
    return replace(record, address="", postcode="", phone="")


def _frequencies(session: Session, query: PreparedRecord) -> TermFrequencies:
    counts = index_dao.name_counts(session, index_names(query))
    tf = _FixedFrequencies()
    for (kind, value), count in counts.items():
        if counts.get((kind, index_dao.TOTAL), 0) < MIN_NAMES_FOR_FREQUENCIES:
            continue
        if value == index_dao.TOTAL:
            tf.totals[kind] = count
        else:
            tf.counts[kind][value] = count
    return tf


def household_key(prepared: PreparedRecord, address_withheld: bool) -> str | None:
    """One address as a key, for finding a household; None for a withheld (refuge) address or
    one too vague to be a single dwelling."""
    postcode, address = prepared.postcode, prepared.address
    if address_withheld or not (postcode and postcode.valid and address):
        return None
    if not (address.number and address.street):
        return None
    return f"hh:{postcode.text}|{address.flat}|{address.number}|{address.street}"


def index_keys(prepared: PreparedRecord, address_withheld: bool) -> set[str]:
    """matching's blocking keys, plus the app's household key."""
    keys = blocking_keys(prepared)
    household = household_key(prepared, address_withheld)
    return keys | {household} if household else keys


def add_to_index(
    session: Session, record_id: int, prepared: PreparedRecord, address_withheld: bool
) -> None:
    """Make a record findable: its keys and its names' counts."""
    index_dao.add_keys(session, record_id, index_keys(prepared, address_withheld))
    index_dao.count_names(session, index_names(prepared))
