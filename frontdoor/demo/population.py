"""The synthetic population with ground truth: people, families and every agency's records.

    pop = generate_population(20_000, seed=1)        # people, families, shuffled records
    for person in iter_people(1_000_000, seed=1):    # streaming, flat memory
        ...

Everything is a function of (n_people, seed, reference_date): the same arguments give the same
population, record for record.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import TextIO

from matching import FILE_COLUMNS

from .agencies import PROFILES, choose_agencies, coverage_weights
from .households import HIGH_NEED_RATE, HouseholdFactory
from .identifiers import unique_pupil_number
from .model import AgencyRecord, Population, TrueFamily, TruePerson
from .observe import observe
from .places import TOWN_BY_NAME

REFERENCE_DATE = date(2026, 11, 25)

MATCH_COLUMNS = FILE_COLUMNS
TRUTH_COLUMNS = ("record_id", "person_key", "family_key")

_HIGH_NEED_CONTACT = 2.0  # high-need families are known to twice as many agencies as average
_SOURCE_REF_FORMATS = {
    "police": "WYP-N{:07d}",
    "health": "H{:08d}",
    "housing": "TEN-{:06d}",
    "csc": "MOS{:07d}",
    "asc": "ASC{:07d}",
    "dvs": "DV{:05d}",
    "probation": "X{:06d}",
}


_PEOPLE_PER_HOUSEHOLD = 2.6  # about what the household mix gives


def iter_households(
    n_people: int,
    seed: int = 0,
    *,
    reference_date: date = REFERENCE_DATE,
    n_families: int | None = None,
) -> Iterator[tuple[TrueFamily, list[TruePerson]]]:
    """Households one at a time, exactly `n_people` people in all (the last may be cut short).

    With `n_families`, exactly that many households instead, however many people they hold.
    """
    if n_families is not None:
        n_people = 10 * n_families + 10  # never the limit: households hold at most 10 people
        expected = int(n_families * _PEOPLE_PER_HOUSEHOLD)
    else:
        expected = n_people
    factory = HouseholdFactory(seed, expected, reference_date)
    yield from factory.households(n_people, max_families=n_families)


def iter_people(
    n_people: int, seed: int = 0, *, reference_date: date = REFERENCE_DATE
) -> Iterator[TruePerson]:
    """The same people as generate_population(n_people, seed), streamed."""
    for _, people in iter_households(n_people, seed, reference_date=reference_date):
        yield from people


def iter_records(
    n_people: int,
    seed: int = 0,
    *,
    records_per_person: float = 1.6,
    reference_date: date = REFERENCE_DATE,
) -> Iterator[AgencyRecord]:
    """Agency records streamed in person order, for indexes too big to hold twice in memory.

    Same people as generate_population, but records are not shuffled and are numbered in order,
    so neighbouring record ids often belong to one family: shuffle before judging a matcher.
    """
    rng = random.Random(f"{seed}:records")
    numbering = _Numbering()
    for family, people in iter_households(n_people, seed, reference_date=reference_date):
        for person in people:
            for record in _observations(rng, person, family, records_per_person, reference_date):
                yield numbering.assign(record, person.town)


def generate_population(
    n_people: int,
    seed: int = 0,
    *,
    records_per_person: float = 1.6,
    reference_date: date = REFERENCE_DATE,
) -> Population:
    """People, families and every agency's records of them, records in shuffled order."""
    households = iter_households(n_people, seed, reference_date=reference_date)
    return _population(households, seed, records_per_person, reference_date)


def generate_families(
    n_families: int,
    seed: int = 0,
    *,
    records_per_person: float = 1.6,
    reference_date: date = REFERENCE_DATE,
) -> Population:
    """As generate_population, sized by households rather than people (the demo loader's unit)."""
    households = iter_households(0, seed, reference_date=reference_date, n_families=n_families)
    return _population(households, seed, records_per_person, reference_date)


def _population(
    households: Iterable[tuple[TrueFamily, list[TruePerson]]],
    seed: int,
    records_per_person: float,
    reference_date: date,
) -> Population:
    if records_per_person < 1:
        raise ValueError("every person has at least one record: records_per_person >= 1")
    rng = random.Random(f"{seed}:records")
    people: list[TruePerson] = []
    families: list[TrueFamily] = []
    observed: list[tuple[AgencyRecord, str]] = []
    for family, members in households:
        families.append(family)
        people.extend(members)
        for person in members:
            observed.extend(
                (record, person.town)
                for record in _observations(rng, person, family, records_per_person, reference_date)
            )
    rng.shuffle(observed)  # so record order and numbering say nothing about who is who
    numbering = _Numbering()
    records = [numbering.assign(record, town) for record, town in observed]
    return Population(people=people, families=families, records=records)


def _observations(
    rng: random.Random,
    person: TruePerson,
    family: TrueFamily,
    records_per_person: float,
    today: date,
) -> list[AgencyRecord]:
    ordinary = (1 - HIGH_NEED_RATE * _HIGH_NEED_CONTACT) / (1 - HIGH_NEED_RATE)
    contact = _HIGH_NEED_CONTACT if family.high_need else ordinary
    agencies = choose_agencies(
        rng, coverage_weights(person, family, today), (records_per_person - 1) * contact
    )
    return [observe(rng, person, PROFILES[code], today=today) for code in agencies]


class _Numbering:
    """Record ids and each agency's own reference, issued in the order records are numbered."""

    def __init__(self) -> None:
        self._records = 0
        self._per_agency: dict[str, int] = {}

    def assign(self, record: AgencyRecord, town: str) -> AgencyRecord:
        self._records += 1
        count = self._per_agency[record.source] = self._per_agency.get(record.source, 0) + 1
        if record.source == "education":
            source_ref = unique_pupil_number(TOWN_BY_NAME[town].la_number, count, 2010 + count % 16)
        else:
            source_ref = _SOURCE_REF_FORMATS[record.source].format(count)
        return replace(record, record_id=f"R{self._records:08d}", source_ref=source_ref)


def write_match_csv(records: Iterable[AgencyRecord], out: TextIO) -> None:
    """The `frontdoor match-file` input: one row per record, values as the agency recorded them."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MATCH_COLUMNS)
    for r in records:
        writer.writerow(
            (r.record_id, r.source, r.given_name, r.middle_name, r.surname, r.date_of_birth, r.sex,
             r.address, r.postcode, r.nhs_number, r.phone, r.pnc_id)
        )  # fmt: skip


def write_truth_csv(records: Iterable[AgencyRecord], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRUTH_COLUMNS)
    for r in records:
        writer.writerow((r.record_id, r.person_key, r.family_key))
