"""Every level of every comparison, one row per level (the first level that holds fires)."""

from __future__ import annotations

import pytest

from matching.comparisons import (
    COMPARISONS,
    Fuzziness,
    compare_dob,
    compare_given,
    compare_middle,
    compare_nhs,
    compare_phone,
    compare_pnc,
    compare_residence,
    compare_sex,
    compare_surname,
)

from ..factories.records import NHS_A, NHS_B, make

FZ = Fuzziness()


def level_label(comparison: str, index: int) -> str:
    return next(c for c in COMPARISONS if c.name == comparison).levels[index]


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        ({"given_name": ""}, {}, "missing"),
        ({}, {"given_name": "JONATHAN"}, "exact"),
        (
            {"given_name": "Whitaker", "surname": "Jonathan"},
            {},
            "swapped with surname",
        ),
        ({"given_name": "William"}, {"given_name": "Bill"}, "nickname or transliteration"),
        ({"given_name": "Mohammed"}, {"given_name": "Muhammad"}, "nickname or transliteration"),
        ({"given_name": "Whitaker", "surname": "Jonathon"}, {}, "swapped with surname"),
        ({"given_name": "Whitaker", "surname": ""}, {}, "swapped with surname"),
        # Names written in Cyrillic, Greek, Chinese, Arabic and Urdu script, transliterated.
        ({"given_name": "Михаил"}, {"given_name": "Mikhail"}, "exact"),
        ({"given_name": "Γεώργιος"}, {"given_name": "Georgios"}, "exact"),
        ({"given_name": "伟"}, {"given_name": "Wei"}, "exact"),
        ({"given_name": "محمد"}, {"given_name": "Mohammed"}, "nickname or transliteration"),
        ({"given_name": "عائشہ"}, {"given_name": "Ayesha"}, "nickname or transliteration"),
        (
            {"given_name": "Sim"},
            {"given_name": "Simran"},
            "short form (one is the start of the other)",
        ),
        ({}, {"given_name": "Jonahtan"}, "one typo (a letter wrong, missing, extra or swapped)"),
        (
            {"given_name": "Tifafny"},
            {"given_name": "Tiffany"},
            "one typo (a letter wrong, missing, extra or swapped)",
        ),
        ({}, {"given_name": "Jonathab"}, "one typo (a letter wrong, missing, extra or swapped)"),
        ({"given_name": "Jnoathna"}, {}, "similar (Jaro-Winkler >= high)"),
        # A nickname of the name one slip from an unknown spelling (Mayr: Mary; Jonmy: Jonny).
        (
            {"given_name": "Mayr"},
            {"given_name": "Polly"},
            "nickname of a spelling one slip from a known name",
        ),
        (
            {"given_name": "Chorlotte"},
            {"given_name": "Lottie"},
            "nickname of a spelling one slip from a known name",
        ),
        (
            {"given_name": "Dcborah"},
            {"given_name": "Debbie"},
            "nickname of a spelling one slip from a known name",
        ),
        ({"given_name": "Jonmy"}, {}, "nickname of a spelling one slip from a known name"),
        ({"given_name": "Paul", "middle_name": ""}, {}, "matches a middle name"),
        (
            {"given_name": "Katrina"},
            {"given_name": "Catriona"},
            "sounds alike or Jaro-Winkler >= low",
        ),
        ({"given_name": "J"}, {}, "initial only"),
        # Swapped on one side, and a nickname: read the right way round, Jon Whitaker.
        ({"given_name": "Whitaker", "surname": "Jon"}, {}, "matches the other's surname (one way)"),
        # Swapped on one side with a married surname on the other; Jonathan is a given name.
        (
            {"given_name": "Simon", "surname": "Jonathan"},
            {},
            "matches the other's surname (one way)",
        ),
        # A sibling, swapped: read the right way round, Simon against Jonathan.
        ({"given_name": "Whitaker", "surname": "Simon"}, {"surname": "Whitaker"}, "different"),
        ({"given_name": "Simon"}, {}, "different"),
    ],
)
def test_given_name_levels(a, b, label):
    assert level_label("given_name", compare_given(make(**a), make(**b), FZ)) == label


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        ({"surname": ""}, {}, "missing"),
        ({"surname": "whitaker"}, {}, "exact"),
        (
            {"given_name": "Whitaker", "surname": "Jonathan"},
            {},
            "swapped with given name (weighed once, under given name)",
        ),
        ({"surname": "Whitaker-Bell"}, {}, "shares a part or transliteration"),
        ({"surname": "Кузнецов"}, {"surname": "Kuznetsov"}, "exact"),
        ({"surname": "Wałęsa"}, {"surname": "Walesa"}, "exact"),
        ({"surname": "Παπαδόπουλος"}, {"surname": "Papadopoylos"}, "exact"),
        ({"surname": "王"}, {"surname": "Wang"}, "exact"),
        ({"surname": "حسین"}, {"surname": "Hussain"}, "shares a part or transliteration"),
        ({"surname": "Whittaker"}, {}, "one typo (a letter wrong, missing, extra or swapped)"),
        ({"surname": "Wihtakre"}, {}, "similar (Jaro-Winkler >= high)"),
        ({"surname": "Whitmore"}, {}, "sounds alike or Jaro-Winkler >= low"),
        ({"surname": "Ahmed"}, {}, "different"),
    ],
)
def test_surname_levels(a, b, label):
    assert level_label("surname", compare_surname(make(**a), make(**b), FZ)) == label


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        ({"date_of_birth": ""}, {}, "missing"),
        ({"date_of_birth": "31/02/1984"}, {}, "missing"),
        ({"date_of_birth": "12/06/1984"}, {}, "exact"),
        ({"date_of_birth": "1984-12-06"}, {}, "day and month swapped"),
        ({"date_of_birth": "1985-06-12"}, {}, "year off by one"),
        ({"date_of_birth": "1948-06-12"}, {}, "two digits swapped"),
        ({"date_of_birth": "1984-06-13"}, {}, "one digit different"),
        # an impossible date a typing slip from the other (month 96) is that slip
        ({"date_of_birth": "19849612"}, {}, "one digit different"),
        ({"date_of_birth": "1984-21-06"}, {}, "missing"),
        ({"date_of_birth": "1986-03-01"}, {}, "different"),
    ],
)
def test_date_of_birth_levels(a, b, label):
    assert level_label("date_of_birth", compare_dob(make(**a), make(**b), FZ)) == label


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [({"sex": "U"}, {}, "missing"), ({"sex": "male"}, {}, "same"), ({"sex": "F"}, {}, "different")],
)
def test_sex_levels(a, b, label):
    assert level_label("sex", compare_sex(make(**a), make(**b), FZ)) == label


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        ({"postcode": "", "address": ""}, {}, "missing"),
        ({"postcode": "ls62qt", "address": "14 Oakfield Rd"}, {}, "same address and postcode"),
        ({"postcode": "LS6 2QX"}, {}, "same address, postcode differs or missing"),
        ({"postcode": ""}, {}, "same address, postcode differs or missing"),
        ({"address": ""}, {}, "same postcode, address similar or missing"),
        ({"address": "Oakfield Road, Headingley"}, {}, "same postcode, address similar or missing"),
        (
            {"address": "Oakfield Road", "postcode": "LS6 2TQ"},
            {},
            "address similar, postcode differs",
        ),
        ({"address": "16 Oakfield Road"}, {}, "same postcode, another house"),
        (
            {"address": "Flat 2, 14 Oakfield Road"},
            {"address": "Flat 3, 14 Oakfield Road"},
            "same postcode, another house",
        ),
        (
            {"address": "Flat 6, 3 Selby Crescent"},
            {"address": "6, 3 Selby Cres"},
            "same address and postcode",
        ),
        ({"address": "3 Mill Lane", "postcode": "LS6 2AB"}, {}, "same postcode sector"),
        ({"address": "3 Mill Lane", "postcode": "BD1 1AA"}, {}, "different"),
        ({"address": "3 Mill Lane", "postcode": "unknown"}, {}, "different"),
    ],
)
def test_residence_levels(a, b, label):
    assert level_label("residence", compare_residence(make(**a), make(**b), FZ)) == label


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        ({"middle_name": ""}, {}, "missing"),
        ({"middle_name": "PAUL"}, {}, "exact"),
        ({"middle_name": "P"}, {}, "initial matches"),
        ({"middle_name": "Paull"}, {}, "similar"),
        ({"middle_name": "Noah"}, {}, "different"),
    ],
)
def test_middle_name_levels(a, b, label):
    assert level_label("middle_name", compare_middle(make(**a), make(**b), FZ)) == label


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        ({"phone": ""}, {}, "missing"),
        ({"phone": "+44 7700 900123"}, {}, "exact"),
        ({"phone": "07700 900124"}, {}, "one digit different"),
        ({"phone": "07911 123456"}, {}, "different"),
    ],
)
def test_phone_levels(a, b, label):
    assert level_label("phone", compare_phone(make(**a), make(**b), FZ)) == label


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        ({"nhs_number": ""}, {"nhs_number": NHS_A}, "missing or invalid"),
        ({"nhs_number": "4010232138"}, {"nhs_number": NHS_A}, "missing or invalid"),
        ({"nhs_number": "401 023 2137"}, {"nhs_number": NHS_A}, "same valid number"),
        ({"nhs_number": NHS_B}, {"nhs_number": NHS_A}, "different valid numbers"),
    ],
)
def test_nhs_number_levels(a, b, label):
    assert level_label("nhs_number", compare_nhs(make(**a), make(**b), FZ)) == label


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        ({"pnc_id": ""}, {"pnc_id": "09/0123456C"}, "missing or invalid"),
        ({"pnc_id": "09/0123456D"}, {"pnc_id": "09/0123456C"}, "missing or invalid"),
        ({"pnc_id": "2009/123456C"}, {"pnc_id": "09/0123456C"}, "same valid ID"),
        ({"pnc_id": "98/7654321E"}, {"pnc_id": "09/0123456C"}, "different valid IDs"),
    ],
)
def test_pnc_levels(a, b, label):
    assert level_label("pnc_id", compare_pnc(make(**a), make(**b), FZ)) == label


def test_comparisons_are_symmetric_on_a_mixed_pair():
    a = make(given_name="Bill", surname="Whitaker-Bell", date_of_birth="1984-12-06")
    b = make(given_name="William", middle_name="P", postcode="LS6 2AB", phone="07700 900124")
    for definition in COMPARISONS:
        assert definition.compare(a, b, FZ) == definition.compare(b, a, FZ), definition.name
