"""The traps that break matchers are planted deliberately, in known proportions."""

from __future__ import annotations

from collections import Counter

import pytest

from frontdoor.demo import TRAP_RATES, Population, TruePerson


def _pairs(population: Population, trap: str) -> list[tuple[TruePerson, TruePerson]]:
    return [
        (person, population.person(person.look_alike_of or ""))
        for person in population.people_with_trap(trap)
    ]


def _families_with_children(population: Population) -> int:
    return len({p.family_key for p in population.people if p.family_role == "child"})


def test_twins_share_surname_birthday_and_home_but_not_their_given_name(
    population: Population,
) -> None:
    pairs = _pairs(population, "twin")
    assert pairs
    for twin, other in pairs:
        assert "twin" in other.traps and other.look_alike_of == twin.key
        assert (twin.surname, twin.date_of_birth, twin.address, twin.family_key) == (
            other.surname,
            other.date_of_birth,
            other.address,
            other.family_key,
        )
        assert twin.given_name != other.given_name


def test_twins_appear_in_the_stated_share_of_families_with_children(population: Population) -> None:
    twin_families = len({p.family_key for p in population.people_with_trap("twin")})
    share = twin_families / _families_with_children(population)
    assert share == pytest.approx(TRAP_RATES["twins"], abs=0.025)


def test_some_twins_have_nearly_the_same_name(population: Population) -> None:
    similar = {
        frozenset((a.given_name, b.given_name))
        for a, b in _pairs(population, "twin")
        if a.sex == b.sex and a.given_name[:2] == b.given_name[:2]
    }
    assert len(similar) >= 3  # Aiden/Aidan, Lily/Lilly, Isabel/Isobel...


def test_a_junior_carries_his_fathers_name_at_his_fathers_address(population: Population) -> None:
    pairs = _pairs(population, "junior")
    assert len(pairs) >= 20
    for son, father in pairs:
        assert "senior" in father.traps and father.look_alike_of == son.key
        assert (son.given_name, son.surname, son.sex) == (father.given_name, father.surname, "M")
        assert (son.address, son.postcode) == (father.address, father.postcode)
        assert son.date_of_birth.year - father.date_of_birth.year >= 16
    assert any(son.family_role == "adult" for son, _ in pairs)  # grown-up sons living at home
    assert any(son.family_role == "child" for son, _ in pairs)


def test_namesakes_are_unrelated_people_of_the_same_town(population: Population) -> None:
    pairs = _pairs(population, "namesake")
    heads = sum(p.relationship == "head" for p in population.people)
    assert len(pairs) / heads == pytest.approx(TRAP_RATES["namesake"], abs=0.015)
    for namesake, other in pairs:
        assert (namesake.given_name, namesake.surname) == (other.given_name, other.surname)
        assert namesake.town == other.town
        assert namesake.family_key != other.family_key
        assert namesake.date_of_birth != other.date_of_birth
        assert namesake.address != other.address
    same_year = sum(a.date_of_birth.year == b.date_of_birth.year for a, b in pairs)
    assert 0.15 <= same_year / len(pairs) <= 0.5


def test_namesakes_mostly_carry_common_names(population: Population) -> None:
    surnames = Counter(p.surname for p in population.people)
    namesakes = population.people_with_trap("namesake")
    common = sum(surnames[p.surname] >= 10 for p in namesakes)
    assert common / len(namesakes) > 0.6


def test_siblings_share_a_household(population: Population) -> None:
    siblings = population.people_with_trap("sibling")
    per_family = Counter(p.family_key for p in siblings)
    assert per_family and min(per_family.values()) >= 2


def test_people_who_moved_have_a_different_previous_address(population: Population) -> None:
    movers = population.people_with_trap("moved")
    families = {p.family_key for p in movers}
    share = len(families) / len(population.families)
    assert share == pytest.approx(TRAP_RATES["moved"], abs=0.03)
    assert all(p.previous_address and p.previous_address != p.address for p in movers)


def test_refuge_residents_have_their_address_withheld(population: Population) -> None:
    residents = population.people_with_trap("refuge")
    assert residents
    assert all(p.address_withheld and "moved" in p.traps for p in residents)
    assert not [p for p in population.people if p.address_withheld and p not in residents]


def test_married_women_often_carry_a_surname_they_were_not_born_with(
    population: Population,
) -> None:
    partners = [p for p in population.people if p.relationship == "partner" and p.sex == "F"]
    changed = sum(p.surname != p.birth_surname for p in partners)
    assert 0.25 <= changed / len(partners) <= 0.8


def test_some_surnames_are_double_barrelled(population: Population) -> None:
    assert sum("-" in p.surname for p in population.people) >= 20
