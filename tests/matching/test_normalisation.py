"""Normalisation of every field: names, dates, postcodes, identifiers, phones, sex, addresses."""

from __future__ import annotations

from datetime import date

import pytest

from matching.addresses import normalise_address, normalise_postcode
from matching.dates import parse_date_of_birth
from matching.identifiers import (
    normalise_nhs_number,
    normalise_phone,
    normalise_pnc_id,
    normalise_sex,
    pnc_check_letter,
)
from matching.names import canonical_given, fold, name_aliases, normalise_name

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("JOHN", "john"),
        ("  José ", "jose"),
        ("Zoë", "zoe"),
        ("O'Brien", "obrien"),
        ("O\u2019Neill", "oneill"),
        ("Smith-Jones", "smith jones"),
        ("Łukasz", "lukasz"),
        ("Strauß", "strauss"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_lowercases_strips_accents_and_punctuation(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("given", "middle", "surname", "expected"),
    [
        ("Mr John", "", "Smith", ("john", (), "smith", "")),
        ("Dr. Mary Ann", "", "Jones", ("mary", ("ann",), "jones", "")),
        ("Robert", "James", "Smith Jnr", ("robert", ("james",), "smith", "jr")),
        ("Robert", "", "Smith Sr.", ("robert", (), "smith", "sr")),
        ("Ayesha", "", "Khan-Ahmed", ("ayesha", (), "khanahmed", "")),
        ("", "", "", ("", (), "", "")),
    ],
)
def test_normalise_name_splits_titles_middles_and_generation(given, middle, surname, expected):
    name = normalise_name(given, middle, surname)
    assert (name.given, name.middle, name.surname, name.generation) == expected


def test_double_barrelled_surname_keeps_its_parts():
    assert normalise_name("A", "", "Smith-Jones").surname_tokens == ("smith", "jones")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("bill", "william"),
        ("bob", "robert"),
        ("liz", "elizabeth"),
        ("mohammed", "muhammad"),
        ("mohamed", "mohammad"),
        ("yusuf", "yousef"),
        ("hussain", "hussein"),
        ("aisha", "ayesha"),
        ("mikhail", "mykhailo"),
    ],
)
def test_nicknames_and_transliterations_are_aliases(a, b):
    assert name_aliases(a) & name_aliases(b)


@pytest.mark.parametrize(("a", "b"), [("john", "mary"), ("ahmed", "mohammed"), ("ryan", "bryan")])
def test_unrelated_given_names_are_not_aliases(a, b):
    assert not name_aliases(a) & name_aliases(b)


def test_nickname_shares_a_canonical_blocking_form_with_its_formal_name():
    assert "william" in canonical_given("bill") & canonical_given("william")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1980-03-04", date(1980, 3, 4)),
        ("04/03/1980", date(1980, 3, 4)),
        ("4/3/1980", date(1980, 3, 4)),
        ("19800304", date(1980, 3, 4)),
        ("1980-03-04T00:00:00", date(1980, 3, 4)),
        (" 2001-12-31 ", date(2001, 12, 31)),
        ("31/02/1990", None),  # no such day
        ("1990-13-01", None),  # no such month
        ("2030-01-01", None),  # in the future
        ("1850-01-01", None),  # implausibly old
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_of_birth_parse_or_become_missing(raw, expected):
    assert parse_date_of_birth(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    ("raw", "text", "valid"),
    [
        ("ls61aa", "LS6 1AA", True),
        (" LS6  1AA ", "LS6 1AA", True),
        ("sw1a1aa", "SW1A 1AA", True),
        ("EC1A 1BB", "EC1A 1BB", True),
        ("M1 1AE", "M1 1AE", True),
        ("LS6 IAA", "LS6 1AA", True),  # letter I where the inward digit must be
        ("BD1 0AA", "BD1 0AA", True),
        ("NOT KNOWN", "NOT KNOWN", False),
        ("LS6", "LS6", False),
    ],
)
def test_postcodes_are_formatted_or_kept_raw(raw, text, valid):
    postcode = normalise_postcode(raw)
    assert postcode is not None
    assert (postcode.text, postcode.valid) == (text, valid)


def test_postcode_parts_for_sector_and_district_levels():
    postcode = normalise_postcode("ls6 1aa")
    assert postcode is not None
    assert (postcode.outward, postcode.sector) == ("LS6", "LS6 1")


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty_postcode_is_missing(raw):
    assert normalise_postcode(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("943 476 5870", "9434765870"),
        ("943-476-5870", "9434765870"),
        ("9434765870", "9434765870"),
        ("9434765871", None),  # wrong check digit
        ("943476587", None),  # too short
        ("0000000000", None),  # placeholder
        ("abc", None),
        ("", None),
    ],
)
def test_nhs_numbers_are_validated_with_mod_11(raw, expected):
    assert normalise_nhs_number(raw) == expected


def test_pnc_check_letter_is_modulus_23():
    # 09 0123456: 90123456 % 23 == 3, the third letter after Z (A, B, C).
    assert pnc_check_letter("09", "123456") == "C"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("09/123456C", "09/0123456C"),
        ("09/0123456C", "09/0123456C"),
        ("2009/0123456C", "09/0123456C"),
        ("09/0123456c", "09/0123456C"),
        ("090123456C", "09/0123456C"),
        ("09/0123456D", None),  # wrong check letter
        ("9/0123456C", None),
        ("", None),
    ],
)
def test_pnc_ids_are_normalised_and_checked(raw, expected):
    assert normalise_pnc_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("07700 900123", "07700900123"),
        ("+44 7700 900123", "07700900123"),
        ("0044 7700 900123", "07700900123"),
        ("447700900123", "07700900123"),
        ("+44 (0)7700 900123", "07700900123"),
        ("001 212 555 0100", "0012125550100"),
        ("7700900123", "07700900123"),
        ("(0113) 496 0000", "01134960000"),
        ("12345", None),
        ("", None),
    ],
)
def test_phones_are_put_in_national_form(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("M", "M"), ("male", "M"), ("F", "F"), ("Female", "F"), ("X", "X"), ("U", None), ("", None)],
)
def test_sex_is_m_f_x_or_missing(raw, expected):
    assert normalise_sex(raw) == expected


@pytest.mark.parametrize(
    ("raw", "flat", "number", "street"),
    [
        ("Flat 3, 12 High St", "3", "12", "high street"),
        ("3/12 High Street", "3", "12", "high street"),
        ("Apt 3 12 high street", "3", "12", "high street"),
        ("3, 12 High St, Leeds", "3", "12", "high street"),
        ("Flat 6 3 Selby Cres", "6", "3", "selby crescent"),
        ("12 High Street 4", "", "12", "high street"),
        ("12a Church Rd", "", "12a", "church road"),
        ("Flat B, 4 Mill Lane, Leeds", "b", "4", "mill lane"),
        ("7 Park St North", "", "7", "park street"),
        ("22 Acacia Ave, Leeds", "", "22", "acacia avenue"),
    ],
)
def test_addresses_expand_abbreviations_and_find_flat_and_house(raw, flat, number, street):
    address = normalise_address(raw)
    assert address is not None
    assert (address.flat, address.number, address.street) == (flat, number, street)
