"""Writing the synthetic population into the app as its history: people, records, families.

The population stands for what the partner agencies already held before last night: one Person
per true person, each agency's own record of them (dirty as that agency's data is), resolved to
that person and added to the person index so look-ups and tonight's resolution can find them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy.orm import Session

from matching.addresses import normalise_postcode
from matching.dates import parse_date_of_birth
from matching.identifiers import normalise_nhs_number, normalise_pnc_id, normalise_sex

from ..identity import engine
from ..models import (
    Family,
    FamilyMember,
    Involvement,
    MemberRole,
    Person,
    PersonRecord,
    ResolutionStatus,
)
from .model import AgencyRecord, Population, TrueFamily

# Who leads for a family known to several agencies, most likely first.
_LEAD_PREFERENCE = ("csc", "dvs", "probation", "asc", "police", "housing", "education", "health")
_RELATIONSHIP_LABELS = {
    "head": "adult",
    "partner": "partner",
    "child": "child",
    "adult_child": "adult child",
    "grandparent": "grandparent",
}
_WORKERS = (
    "J. Hartley",
    "A. Begum",
    "M. Kowalska",
    "S. Okafor",
    "R. Sutcliffe",
    "L. Ahmed",
    "K. Booth",
    "D. Mensah",
    "H. Crowther",
    "F. Hussain",
)


def store_people(
    session: Session, pop: Population, agency_ids: dict[str, int], today: date
) -> dict[str, int]:
    """A Person per true person and a PersonRecord per agency record; returns person ids by key."""
    people = {p.key: Person() for p in pop.people}
    session.add_all(people.values())
    session.flush()
    seen: set[str] = set()
    rows = []
    for record in sorted(pop.records, key=lambda r: r.record_id):
        status = ResolutionStatus.LINKED if record.person_key in seen else ResolutionStatus.NEW
        seen.add(record.person_key)
        rows.append(_person_record(record, agency_ids, people[record.person_key].id, status, today))
    session.add_all(rows)
    session.flush()
    for row in rows:
        engine.add_to_index(session, row.id, engine.prepare_record(row), row.address_withheld)
    return {key: person.id for key, person in people.items()}


def _person_record(
    record: AgencyRecord,
    agency_ids: dict[str, int],
    person_id: int,
    status: ResolutionStatus,
    today: date,
) -> PersonRecord:
    postcode = normalise_postcode(record.postcode)
    return PersonRecord(
        agency_id=agency_ids[record.source],
        person_id=person_id,
        resolution_status=status,
        source=record.source,
        source_ref=record.source_ref,
        given_name=record.given_name or None,
        middle_name=record.middle_name or None,
        surname=record.surname or None,
        date_of_birth=parse_date_of_birth(record.date_of_birth, today),
        date_of_birth_text=record.date_of_birth or None,
        sex=normalise_sex(record.sex),
        address=record.address or None,
        postcode=postcode.text if postcode else None,
        phone=record.phone or None,
        nhs_number=record.nhs_number or None,
        nhs_number_valid=(normalise_nhs_number(record.nhs_number) is not None)
        if record.nhs_number
        else None,
        pnc_id=record.pnc_id or None,
        pnc_id_valid=(normalise_pnc_id(record.pnc_id) is not None) if record.pnc_id else None,
        address_withheld=record.address_withheld,
    )


def store_families(session: Session, pop: Population, person_ids: dict[str, int]) -> dict[str, int]:
    """Each household as a Family with its members and their roles; returns family ids by key."""
    families = {}
    for family in pop.families:
        head = pop.person(family.member_keys[0])
        row = Family(label=f"{head.surname} family"[:200])
        row.members = [
            FamilyMember(
                person_id=person_ids[key],
                member_role=MemberRole(pop.person(key).family_role),
                relationship_label=_RELATIONSHIP_LABELS[pop.person(key).relationship],
            )
            for key in family.member_keys
        ]
        families[family.key] = row
    session.add_all(families.values())
    session.flush()
    return {key: family.id for key, family in families.items()}


def store_involvements(
    session: Session,
    pop: Population,
    family_ids: dict[str, int],
    agency_ids: dict[str, int],
    *,
    seed: int,
    today: date,
) -> int:
    """The agencies working with each high-need family, one of them the lead."""
    rng = random.Random(f"{seed}:involvements")
    sources: dict[str, set[str]] = defaultdict(set)
    for record in pop.records:
        sources[record.family_key].add(record.source)
    rows = []
    for family in pop.families:
        if family.high_need:
            rows += _involvements_of(
                rng, family, sources[family.key], family_ids, agency_ids, today
            )
    session.add_all(rows)
    session.flush()
    return len(rows)


def _involvements_of(
    rng: random.Random,
    family: TrueFamily,
    agencies: set[str],
    family_ids: dict[str, int],
    agency_ids: dict[str, int],
    today: date,
) -> list[Involvement]:
    working = agencies - {"health"} or agencies  # a GP record alone is not an involvement
    lead = next(code for code in _LEAD_PREFERENCE if code in working)
    return [
        Involvement(
            agency_id=agency_ids[code],
            family_id=family_ids[family.key],
            since=today - timedelta(days=rng.randint(14, 1100)),
            is_lead=code == lead,
            lead_worker=rng.choice(_WORKERS) if code == lead else None,
        )
        for code in sorted(working)
    ]
