"""The synthetic population: deterministic, exactly sized, every record traceable to the truth."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from frontdoor.demo import (
    AGENCY_CODES,
    DISTORTIONS,
    REFERENCE_DATE,
    TRAPS,
    Population,
    generate_families,
    generate_population,
    is_valid_nhs_number,
    is_valid_pnc_id,
    iter_people,
    iter_records,
)

UK_POSTCODE = re.compile(r"^[A-Z]{1,2}\d{1,2} \d[A-Z]{2}$")


def test_the_same_seed_gives_the_same_population() -> None:
    first = generate_population(800, seed=5)
    again = generate_population(800, seed=5)
    assert first.people == again.people
    assert first.families == again.families
    assert first.records == again.records


def test_another_seed_gives_other_people() -> None:
    first = generate_population(500, seed=5)
    other = generate_population(500, seed=6)
    assert [p.given_name for p in first.people] != [p.given_name for p in other.people]
    assert {p.nhs_number for p in first.people}.isdisjoint({p.nhs_number for p in other.people})


@pytest.mark.parametrize("size", [1, 7, 300])
def test_generates_exactly_the_number_of_people_asked_for(size: int) -> None:
    assert len(generate_population(size, seed=1).people) == size
    assert sum(1 for _ in iter_people(size, seed=1)) == size


def test_streamed_people_are_the_generated_people() -> None:
    assert list(iter_people(1_000, seed=9)) == generate_population(1_000, seed=9).people


def test_streamed_records_cover_the_same_people() -> None:
    people = {p.key: p for p in iter_people(1_000, seed=9)}
    records = list(iter_records(1_000, seed=9))
    assert {r.person_key for r in records} == set(people)
    assert all(r.family_key == people[r.person_key].family_key for r in records)


def test_every_record_traces_back_to_its_person_and_family(population: Population) -> None:
    keys = {p.key for p in population.people}
    for record in population.records:
        person_key = population.person_of(record.record_id)
        assert person_key == record.person_key and person_key in keys
        assert population.family_of_person(person_key) == record.family_key


def test_every_person_has_at_least_one_record(population: Population) -> None:
    assert {r.person_key for r in population.records} == {p.key for p in population.people}


def test_records_per_person_is_close_to_the_requested_rate(population: Population) -> None:
    assert 1.45 <= len(population.records) / len(population.people) <= 1.75
    richer = generate_population(1_000, seed=3, records_per_person=2.5)
    assert len(richer.records) / len(richer.people) > 2.1


def test_record_ids_and_agency_references_are_unique(population: Population) -> None:
    ids = [r.record_id for r in population.records]
    assert len(set(ids)) == len(ids)
    references = Counter((r.source, r.source_ref) for r in population.records)
    assert references.most_common(1)[0][1] == 1


def test_records_are_shuffled_so_ids_say_nothing_about_people(population: Population) -> None:
    by_id = sorted(population.records, key=lambda r: r.record_id)
    same_person_neighbours = sum(
        a.person_key == b.person_key for a, b in zip(by_id, by_id[1:], strict=False)
    )
    assert same_person_neighbours < len(by_id) * 0.01


def test_families_and_people_agree(population: Population) -> None:
    members = Counter(p.family_key for p in population.people)
    for family in population.families:
        assert len(family.member_keys) == members[family.key]
        people = [population.person(k) for k in family.member_keys]
        assert all(p.family_key == family.key and p.town == family.town for p in people)
        assert people[0].family_role == "adult"


def _age(born: date, on: date = REFERENCE_DATE) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_people_have_plausible_ages_and_roles(population: Population) -> None:
    for person in population.people:
        age = _age(person.date_of_birth)
        assert 0 <= age <= 96
        assert (person.family_role == "child") == (age < 18)
        assert (person.family_role == "child") == (person.relationship == "child")


def test_every_person_has_a_valid_unique_nhs_number(population: Population) -> None:
    numbers = [p.nhs_number for p in population.people]
    assert all(is_valid_nhs_number(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_pnc_ids_are_valid_unique_and_only_for_adults(population: Population) -> None:
    holders = [p for p in population.people if p.pnc_id]
    assert all(is_valid_pnc_id(p.pnc_id or "") for p in holders)
    assert len({p.pnc_id for p in holders}) == len(holders)
    assert all(p.family_role == "adult" for p in holders)
    adults = sum(p.family_role == "adult" for p in population.people)
    assert 0.10 <= len(holders) / adults <= 0.22


@pytest.mark.parametrize(
    ("pnc_id", "valid"),
    [
        ("12/3456789L", True),  # 123456789 mod 23 = 11 -> L (I, O and S are skipped)
        ("12/3456789K", False),
        ("00/0000000Z", True),  # 0 mod 23 -> Z
        ("00/0000001A", True),
        ("00/0000023Z", True),
        ("00/0000001B", False),
        ("2000/0000001A", True),  # the four-digit-year form checks the same letter
        ("00-0000001A", False),
        ("00/000001A", False),
    ],
)
def test_pnc_check_letter(pnc_id: str, valid: bool) -> None:
    assert is_valid_pnc_id(pnc_id) is valid


def test_phones_are_uk_mobiles_and_never_shared(population: Population) -> None:
    phones = [p.phone for p in population.people if p.phone]
    assert all(re.fullmatch(r"07\d{9}", phone) for phone in phones)
    assert len(set(phones)) == len(phones)


def test_addresses_have_real_looking_postcodes_in_west_yorkshire(population: Population) -> None:
    assert all(UK_POSTCODE.match(p.postcode) for p in population.people)
    areas = Counter(re.match(r"[A-Z]+", p.postcode).group() for p in population.people)  # type: ignore[union-attr]
    assert set(areas) == {"LS", "BD", "WF", "HD"}
    assert areas.most_common(1)[0][0] == "LS"


def test_households_sharing_an_address_are_one_family(population: Population) -> None:
    families_at = {}
    for person in population.people:
        families_at.setdefault((person.address, person.postcode), set()).add(person.family_key)
    assert all(len(families) == 1 for families in families_at.values())


def test_labels_come_from_the_published_vocabularies(population: Population) -> None:
    assert {t for p in population.people for t in p.traps} <= set(TRAPS)
    assert {d for r in population.records for d in r.distortions} <= set(DISTORTIONS)
    assert {r.source for r in population.records} == set(AGENCY_CODES)


def test_a_population_can_be_sized_in_households() -> None:
    population = generate_families(120, seed=4)
    assert len(population.families) == 120
    assert len(population.people) == sum(len(f.member_keys) for f in population.families)
    assert generate_families(120, seed=4).records == population.records
