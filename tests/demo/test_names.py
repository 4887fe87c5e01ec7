"""Names follow the frequencies of a West Yorkshire population, with a long tail."""

from __future__ import annotations

from collections import Counter

from frontdoor.demo import Population


def test_smith_is_the_commonest_surname(population: Population) -> None:
    surnames = Counter(p.surname for p in population.people)
    assert surnames.most_common(1)[0][0] == "Smith"


def test_common_names_of_every_community_appear(population: Population) -> None:
    surnames = {p.surname for p in population.people}
    given = {p.given_name for p in population.people}
    assert {"Jones", "Khan", "Hussain", "Singh", "Kaur", "Begum"} <= surnames
    assert surnames & {"Nowak", "Kowalska", "Kowalski", "Wójcik"}
    assert surnames & {"Okafor", "Adeyemi", "Mensah", "Owusu"}
    assert {"Mohammed", "Muhammad"} <= given
    assert given & {"Abdi", "Fadumo", "Hodan"}


def test_names_have_a_long_tail_of_rare_surnames(population: Population) -> None:
    surnames = Counter(p.surname for p in population.people)
    rare = [name for name, count in surnames.items() if count <= 2]
    assert len(rare) > 150


def test_given_names_follow_the_birth_cohort(population: Population) -> None:
    older = Counter(p.given_name for p in population.people if p.date_of_birth.year < 1955)
    younger = Counter(p.given_name for p in population.people if p.date_of_birth.year >= 2010)
    assert older["Margaret"] > younger["Margaret"]
    assert younger["Oliver"] > older["Oliver"]


def test_polish_women_carry_the_feminine_form_of_their_surname(population: Population) -> None:
    polish_women = [p for p in population.people if p.ethnic_group == "polish" and p.sex == "F"]
    assert polish_women
    assert not [p for p in polish_women if p.surname.endswith("ski")]
