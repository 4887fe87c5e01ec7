"""The traps of multi-agency data, end to end through the index and the bulk matcher."""

from __future__ import annotations

import pytest

from matching import Decision, MatchIndex, default_settings, match_records

from .conftest import BASE, NHS_A, NHS_B

ADDRESS = {"address": "7 Mill Lane", "postcode": "BD7 1AA", "phone": "01274 496000"}


def person(record_id: str, **fields: str) -> dict[str, str]:
    return {**BASE, "record_id": record_id, **fields}


def people_of(records: list[dict[str, str]]) -> list[set[str]]:
    assignments, _ = match_records(records, default_settings())
    groups: dict[str, set[str]] = {}
    for record_id, person_id in assignments.items():
        groups.setdefault(person_id, set()).add(record_id)
    return sorted(groups.values(), key=min)


TWINS = [
    person(
        "ruby-1",
        given_name="Ruby",
        middle_name="",
        surname="Akhtar",
        date_of_birth="2015-03-09",
        sex="F",
        **ADDRESS,
    ),
    person(
        "ruby-2",
        given_name="Ruby",
        middle_name="",
        surname="Akhtar",
        date_of_birth="09/03/2015",
        sex="F",
        **ADDRESS,
    ),
    person(
        "rosa-1",
        given_name="Rosa",
        middle_name="",
        surname="Akhtar",
        date_of_birth="2015-03-09",
        sex="F",
        **ADDRESS,
    ),
    person(
        "rosa-2",
        given_name="Rosa",
        middle_name="",
        surname="Akhtar",
        date_of_birth="20150309",
        sex="F",
        **ADDRESS,
    ),
]
JUNIOR_SENIOR = [
    person(
        "jr-1",
        given_name="Mark",
        middle_name="",
        surname="Pryce",
        date_of_birth="1999-05-02",
        **ADDRESS,
    ),
    person(
        "jr-2",
        given_name="Mark",
        middle_name="",
        surname="Pryce",
        date_of_birth="02/05/1999",
        **ADDRESS,
    ),
    person(
        "sr-1",
        given_name="Mark",
        middle_name="",
        surname="Pryce",
        date_of_birth="1971-11-20",
        **ADDRESS,
    ),
    person(
        "sr-2",
        given_name="Mark",
        middle_name="",
        surname="Pryce Snr",
        date_of_birth="1971-11-20",
        **ADDRESS,
    ),
]
NAMESAKES = [
    person(
        "a",
        given_name="Mohammed",
        middle_name="",
        surname="Khan",
        date_of_birth="1990-01-02",
        address="1 Low Lane",
        postcode="BD3 9QQ",
        phone="",
    ),
    person(
        "b",
        given_name="Mohammed",
        middle_name="",
        surname="Khan",
        date_of_birth="1990-01-02",
        address="88 Park Road",
        postcode="LS8 2AA",
        phone="",
    ),
]
TRANSLITERATION = [
    person(
        "t-1",
        given_name="Mohammed",
        middle_name="",
        surname="Khan",
        date_of_birth="1990-01-02",
        **ADDRESS,
    ),
    person(
        "t-2",
        given_name="Muhammad",
        middle_name="",
        surname="Khan",
        date_of_birth="1990-01-02",
        **ADDRESS,
    ),
]
MAIDEN_NAME = [
    person(
        "m-1", given_name="Sarah", middle_name="Jane", surname="Holroyd", sex="F", nhs_number=NHS_A
    ),
    person(
        "m-2",
        given_name="Sarah",
        middle_name="Jane",
        surname="Whitaker",
        sex="F",
        nhs_number=NHS_A,
        address="3 New Street",
        postcode="WF1 2AB",
    ),
]
DAY_MONTH_SWAP = [
    person("d-1", date_of_birth="1984-06-12"),
    person("d-2", date_of_birth="1984-12-06"),
]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        (TWINS, [{"rosa-1", "rosa-2"}, {"ruby-1", "ruby-2"}]),
        (JUNIOR_SENIOR, [{"jr-1", "jr-2"}, {"sr-1", "sr-2"}]),
        (NAMESAKES, [{"a"}, {"b"}]),
        (TRANSLITERATION, [{"t-1", "t-2"}]),
        (MAIDEN_NAME, [{"m-1", "m-2"}]),
        (DAY_MONTH_SWAP, [{"d-1", "d-2"}]),
    ],
    ids=["twins", "junior-senior", "namesakes", "transliteration", "maiden-name", "day-month-swap"],
)
def test_bulk_matching_gets_the_traps_right(records, expected):
    assert people_of(records) == expected


def test_namesakes_are_offered_for_review_not_merged():
    _, review = match_records(NAMESAKES, default_settings())
    assert [(r.record_id_a, r.record_id_b) for r in review] in ([], [("a", "b")])


def test_different_nhs_numbers_never_merge_automatically():
    twins = [person("x", nhs_number=NHS_A, **ADDRESS), person("y", nhs_number=NHS_B, **ADDRESS)]
    assert people_of(twins) == [{"x"}, {"y"}]


def test_a_household_does_not_chain_into_one_person():
    # A bridging record (no date of birth) looks like both the son and the father.
    bridge = person(
        "bridge", given_name="Mark", middle_name="", surname="Pryce", date_of_birth="", **ADDRESS
    )
    groups = people_of([*JUNIOR_SENIOR, bridge])
    assert {"jr-1", "sr-1"} not in [g & {"jr-1", "sr-1"} for g in groups]
    assert not any({"jr-1", "sr-1"} <= group for group in groups)


@pytest.fixture
def index() -> MatchIndex:
    index = MatchIndex(default_settings())
    for record in [*TWINS[:1], *TWINS[2:3], *JUNIOR_SENIOR[:1], *JUNIOR_SENIOR[2:3]]:
        index.add(record)
    return index


def test_index_links_a_dirty_copy_to_the_right_twin(index):
    resolution = index.resolve(TWINS[1])
    assert resolution.decision == Decision.LINK
    assert resolution.best is not None and resolution.best.best_record_id == "ruby-1"


def test_index_does_not_link_the_son_to_the_father(index):
    resolution = index.resolve(JUNIOR_SENIOR[3])
    assert resolution.best is not None and resolution.best.best_record_id == "sr-1"
    assert resolution.decision == Decision.LINK


def test_index_sends_an_ambiguous_record_to_review(index):
    no_dob = person(
        "?", given_name="Mark", middle_name="", surname="Pryce", date_of_birth="", **ADDRESS
    )
    resolution = index.resolve(no_dob)
    assert resolution.decision == Decision.REVIEW
    assert {c.best_record_id for c in resolution.candidates[:2]} == {"jr-1", "sr-1"}


def test_index_explains_its_decision(index):
    resolution = index.resolve(TWINS[1])
    best = resolution.best
    assert best is not None
    levels = {c.comparison: c.level for c in best.explanation.contributions}
    assert levels["date_of_birth"] == "exact"
    assert best.explanation.weight == pytest.approx(best.weight)


def test_index_add_links_or_creates_people():
    index = MatchIndex(default_settings())
    first, _ = index.add(TRANSLITERATION[0])
    second, resolution = index.add(TRANSLITERATION[1])
    stranger, _ = index.add(NAMESAKES[1])
    assert resolution.decision == Decision.LINK
    assert first == second != stranger
    assert index.people == 2
