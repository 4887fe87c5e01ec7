"""Agency records: each agency's data quality, and every distortion doing what its label says."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

import pytest

from frontdoor.demo import (
    DISTORTIONS,
    AgencyRecord,
    Population,
    TruePerson,
    is_valid_nhs_number,
    is_valid_pnc_id,
)
from frontdoor.demo.names import nicknames_of, spelling_variants, strip_diacritics


def parse_date(text: str) -> date:
    for style in ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d"):
        try:
            return datetime.strptime(text, style).date()
        except ValueError:
            continue
    raise ValueError(text)


def compact_postcode(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def with_distortion(population: Population, name: str) -> list[tuple[AgencyRecord, TruePerson]]:
    return [
        (r, population.person(r.person_key)) for r in population.records if name in r.distortions
    ]


def test_every_distortion_occurs(population: Population) -> None:
    seen = {d for r in population.records for d in r.distortions}
    assert seen == set(DISTORTIONS)


def test_clean_records_state_the_truth(population: Population) -> None:
    clean = [r for r in population.records if not r.distortions]
    assert len(clean) > len(population.records) * 0.2
    for record in clean:
        person = population.person(record.person_key)
        assert record.given_name == person.given_name
        assert record.surname.lower() == person.surname.lower()
        assert parse_date(record.date_of_birth) == person.date_of_birth
        assert compact_postcode(record.postcode) == compact_postcode(person.postcode)
        assert record.address.lower().startswith(person.address.lower())


def _dob_swapped(r: AgencyRecord, p: TruePerson) -> bool:
    day = parse_date(r.date_of_birth)
    return (day.day, day.month) == (p.date_of_birth.month, p.date_of_birth.day)


def _year_off(r: AgencyRecord, p: TruePerson) -> bool:
    return abs(parse_date(r.date_of_birth).year - p.date_of_birth.year) == 1


def _nickname(r: AgencyRecord, p: TruePerson) -> bool:
    return r.given_name in nicknames_of(p.given_name) or r.surname in nicknames_of(p.given_name)


def _transliterated(r: AgencyRecord, p: TruePerson) -> bool:
    names = {r.given_name, r.surname.title()}
    truths = (p.given_name, p.middle_name, p.surname, p.birth_surname)
    return bool(names & {variant for name in truths for variant in spelling_variants(name)})


def _maiden(r: AgencyRecord, p: TruePerson) -> bool:
    spellings = {p.birth_surname, *p.birth_surname.split("-"), *spelling_variants(p.birth_surname)}
    return r.surname.lower() in {spelling.lower() for spelling in spellings}


def _transliterated(r: AgencyRecord, p: TruePerson) -> bool:
    names = {r.given_name, r.surname.title()}
    truths = (p.given_name, p.middle_name, p.surname, p.birth_surname)
    return bool(names & {variant for name in truths for variant in spelling_variants(name)})


def _maiden(r: AgencyRecord, p: TruePerson) -> bool:
    recorded = {r.surname.lower(), r.given_name.lower()}
    spellings = {p.birth_surname, *spelling_variants(p.birth_surname), *p.birth_surname.split("-")}
    return bool(
        recorded & {strip_diacritics(s).lower() for s in spellings}
        | recorded & {s.lower() for s in spellings}
    )


def _moved(r: AgencyRecord, p: TruePerson) -> bool:
    return r.postcode == "" or compact_postcode(r.postcode) == compact_postcode(
        p.previous_postcode or ""
    )


def _postcode_of(r: AgencyRecord, p: TruePerson) -> bool:
    known = {compact_postcode(p.postcode), compact_postcode(p.previous_postcode or "")}
    return compact_postcode(r.postcode) in known


def _same_phone(r: AgencyRecord, p: TruePerson) -> bool:
    return r.phone != p.phone and re.sub(r"\D", "", r.phone).endswith((p.phone or "-")[1:])


def _part_of_double_barrel(r: AgencyRecord, p: TruePerson) -> bool:
    parts = {part.lower() for part in (p.surname + "-" + p.birth_surname).split("-")}
    return r.surname.lower() in parts or r.given_name.lower() in parts


SEMANTICS: dict[str, Callable[[AgencyRecord, TruePerson], bool]] = {
    "dob_missing": lambda r, p: r.date_of_birth == "",
    "dob_day_month_swap": lambda r, p: _dob_swapped(r, p) or _year_off(r, p),
    "dob_year_off_by_one": _year_off,
    "nickname": _nickname,
    "transliteration": _transliterated,
    "maiden_surname": _maiden,
    "double_barrel_part": _part_of_double_barrel,
    "surname_missing": lambda r, p: r.surname == "",
    "names_swapped": lambda r, p: r.surname != p.surname or r.given_name != p.given_name,
    "middle_as_given": lambda r, p: r.given_name in (p.middle_name, p.surname),
    "address_moved": _moved,
    "address_missing": lambda r, p: r.address == "",
    "postcode_missing": lambda r, p: r.postcode == "",
    "postcode_lowercase": lambda r, p: r.postcode == r.postcode.lower() and _postcode_of(r, p),
    "postcode_no_space": lambda r, p: " " not in r.postcode and _postcode_of(r, p),
    "postcode_extra_spaces": lambda r, p: "  " in r.postcode or r.postcode != r.postcode.strip(),
    "nhs_mistyped": lambda r, p: not is_valid_nhs_number(r.nhs_number),
    "pnc_long_form": lambda r, p: re.fullmatch(r"\d{4}/\d{7}[A-Z]", r.pnc_id) is not None,
    "phone_reformatted": _same_phone,
    "sex_unknown": lambda r, p: r.sex in ("U", ""),
}


# Later slips in the same field hide an earlier one: those records are not judged.
_SURNAME_SLIPS = {"surname_missing", "surname_typo", "names_swapped", "diacritics_dropped"}
_GIVEN_SLIPS = {"given_typo", "names_swapped", "diacritics_dropped"}
MASKED_BY = {
    "maiden_surname": _SURNAME_SLIPS,
    "double_barrel_part": _SURNAME_SLIPS,
    "nickname": _GIVEN_SLIPS,
    "transliteration": _SURNAME_SLIPS | _GIVEN_SLIPS,
    "middle_as_given": _GIVEN_SLIPS,
}


@pytest.mark.parametrize("distortion", sorted(SEMANTICS))
def test_a_distortion_does_what_its_label_says(population: Population, distortion: str) -> None:
    cases = with_distortion(population, distortion)
    assert cases, f"no record carries {distortion}"
    judged = [(r, p) for r, p in cases if not MASKED_BY.get(distortion, set()) & set(r.distortions)]
    assert len(judged) > len(cases) / 2
    wrong = [(r, p) for r, p in judged if not SEMANTICS[distortion](r, p)]
    assert not wrong[:3]


def test_nhs_numbers_are_valid_unless_deliberately_broken(population: Population) -> None:
    recorded = [r for r in population.records if r.nhs_number]
    for record in recorded:
        person = population.person(record.person_key)
        compact = re.sub(r"[ -]", "", record.nhs_number)
        if "nhs_mistyped" in record.distortions:
            assert not is_valid_nhs_number(compact) and compact != person.nhs_number
        else:
            assert compact == person.nhs_number
    broken = sum("nhs_mistyped" in r.distortions for r in recorded)
    assert 0.003 <= broken / len(recorded) <= 0.05


def test_recorded_pnc_ids_are_the_persons_own(population: Population) -> None:
    for record in (r for r in population.records if r.pnc_id):
        person = population.person(record.person_key)
        assert is_valid_pnc_id(record.pnc_id)
        assert record.pnc_id[-9:] == (person.pnc_id or "")[-9:]


def _share(records: list[AgencyRecord], has: Callable[[AgencyRecord], bool]) -> float:
    return sum(map(has, records)) / len(records)


@pytest.mark.parametrize(
    ("source", "measure", "low", "high"),
    [
        ("health", lambda r: bool(r.nhs_number), 0.93, 1.0),
        ("housing", lambda r: r.date_of_birth == "", 0.25, 0.45),
        ("housing", lambda r: bool(r.address), 0.99, 1.0),
        ("dvs", lambda r: r.surname == "" and bool(r.phone), 0.12, 0.35),
        ("police", lambda r: bool(r.pnc_id), 0.15, 0.6),
        ("probation", lambda r: bool(r.pnc_id), 0.93, 1.0),
        ("education", lambda r: bool(r.nhs_number), 0.0, 0.0),
    ],
)
def test_each_agency_has_its_typical_data_quality(
    population: Population,
    source: str,
    measure: Callable[[AgencyRecord], bool],
    low: float,
    high: float,
) -> None:
    records = [r for r in population.records if r.source == source]
    assert low <= _share(records, measure) <= high


def test_schools_know_children_and_probation_knows_offenders(population: Population) -> None:
    for record in population.records:
        person = population.person(record.person_key)
        if record.source == "education":
            assert person.family_role == "child"
        if record.source == "probation":
            assert person.pnc_id


def test_only_agencies_told_of_a_refuge_withhold_its_address(population: Population) -> None:
    withheld = [r for r in population.records if r.address_withheld]
    assert withheld
    assert {r.source for r in withheld} <= {"police", "health", "csc", "asc", "dvs"}
    for record in withheld:
        assert population.person(record.person_key).address_withheld
    old_home = [
        r
        for r in population.records
        if population.person(r.person_key).address_withheld and not r.address_withheld
    ]
    assert all("address_moved" in r.distortions for r in old_home)
