"""The traps of multi-agency data, end to end through the index and the bulk matcher."""

from __future__ import annotations

from itertools import product

import pytest

from matching import Decision, MatchIndex, default_settings, match_records

from ..factories.records import BASE, NHS_A, NHS_B

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


def _twin(record_id: str, given: str, source: str) -> dict[str, str]:
    return person(
        record_id,
        source=source,
        given_name=given,
        middle_name="",
        surname="Younis",
        date_of_birth="2021-10-26",
        **ADDRESS,
    )


# Other people in the file, so that Louis and Louie are not a large share of all given names
# (term frequencies would then make an exact match weaker than a nickname).
STRANGERS = [
    person(
        f"s-{i}",
        given_name=first + second,
        middle_name="",
        surname=f"{tree}ley",
        date_of_birth=f"19{10 + i % 80}-0{1 + i % 9}-1{i % 10}",
        address=f"{i + 1} Far Road",
        postcode="HD1 1AA",
        phone="",
    )
    for i, (first, second, tree) in enumerate(
        product(
            ("Ka", "Lo", "Mi", "Nu", "Ro"),
            ("ra", "ven", "sa", "to", "lin"),
            ("Ash", "Birch", "Cedar", "Elm", "Fir", "Hazel", "Oak", "Yew"),
        )
    )
]


def test_twins_with_nickname_related_names_stay_apart_when_agencies_agree_on_each():
    # Louie is a nickname of Louis, so each cross pair looks like one boy; but two agencies
    # call one twin Louis and two others call the other Louie: two people, sent to review.
    twins = [
        _twin("louis-1", "Louis", "health"),
        _twin("louis-2", "Louis", "education"),
        _twin("louie-1", "Louie", "csc"),
        _twin("louie-2", "Louie", "police"),
    ]
    groups = people_of([*twins, *STRANGERS])
    assert {"louis-1", "louis-2"} in groups and {"louie-1", "louie-2"} in groups
    _, review = match_records([*twins, *STRANGERS], default_settings())
    assert any({r.record_id_a, r.record_id_b} <= {r["record_id"] for r in twins} for r in review)


def test_a_nickname_used_by_one_agency_still_joins_the_person():
    records = [
        _twin("thomas-1", "Thomas", "health"),
        _twin("thomas-2", "Thomas", "education"),
        _twin("tommy-1", "Tommy", "csc"),
    ]
    assert {"thomas-1", "thomas-2", "tommy-1"} in people_of([*records, *STRANGERS])


def test_a_swapped_name_with_a_changed_surname_does_not_block_the_person():
    # Daisy O'Brien (swapped by one agency) and Daisy Evans (maiden name) with the same date
    # of birth and address: the one-way match of given name and surname is evidence, and
    # "given names differ" no longer stops the records joining one person.
    base = {"middle_name": "", "date_of_birth": "2000-12-20", "sex": "F", **ADDRESS}
    records = [
        person("d-1", given_name="Daisy", surname="O'Brien", **base),
        person("d-2", given_name="Daisy", surname="O'Brien", **base),
        person("d-3", given_name="O'Brien", surname="Daisy", **base),
        person("d-4", given_name="Daisy", surname="Evans", nhs_number=NHS_A, **base),
        person("d-5", given_name="O'Brien", surname="Daisy", nhs_number=NHS_A, **base),
    ]
    assert people_of(records) == [{"d-1", "d-2", "d-3", "d-4", "d-5"}]


def test_a_namesake_does_not_join_through_one_link_when_another_record_says_no():
    # Karen Walker moved (k-3 has the new address and no phone); another Karen Walker, born
    # the same day, links to k-3 on name and date alone. Against k-1 (a different middle
    # name, home and phone) she is judged a new person: the merge is refused although the
    # mean weight would allow it.
    karen = {"given_name": "Karen", "surname": "Walker", "sex": "F"}
    home = {"address": "51 Otley Way", "postcode": "WF5 8XW", "phone": "07962 369012"}
    records = [
        person("k-1", middle_name="Anne", date_of_birth="1965-02-04", **karen, **home),
        person("k-2", middle_name="", date_of_birth="04/02/1965", **karen, **home),
        person(
            "k-3",
            middle_name="",
            date_of_birth="1965-02-04",
            address="39 School Crescent",
            postcode="WF5 9LD",
            phone="",
            **karen,
        ),
        person(
            "other",
            middle_name="Patricia",
            date_of_birth="04/02/1965",
            address="6/51 Heather Drive",
            postcode="LS16 4DR",
            phone="07742 144694",
            **karen,
        ),
    ]
    groups = people_of([*records, *STRANGERS])
    assert {"k-1", "k-2", "k-3"} in groups and {"other"} in groups
