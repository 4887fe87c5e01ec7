"""Blocking keys: a typo, change or gap in any one field must never hide a match."""

from __future__ import annotations

import pytest

from matching.blocking import blocking_keys

from ..factories.records import NHS_A, make


@pytest.mark.parametrize(
    "change",
    [
        {"given_name": "Jnoathan"},  # typo in given name
        {"given_name": "Jon"},  # nickname
        {"given_name": "", "middle_name": ""},
        {"surname": "Whittacker"},  # typo in surname
        {"surname": "Holroyd"},  # married name
        {"surname": ""},
        {"date_of_birth": "1985-06-12"},  # year off by one
        {"date_of_birth": "1984-12-06"},  # day/month swap
        {"date_of_birth": ""},
        {"postcode": "BD7 1AA", "address": "3 Mill Lane"},  # moved
        {"postcode": ""},
        {"given_name": "Whitaker", "surname": "Jonathan"},  # swapped names
    ],
)
def test_one_broken_field_still_shares_a_key(change):
    original, changed = make(), make(**change)
    assert blocking_keys(original) & blocking_keys(changed)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({"given_name": "William"}, {"given_name": "Bill", "surname": "Smyth", "postcode": ""}),
        (
            {"given_name": "Mohammed"},
            {"given_name": "Muhammad", "date_of_birth": "", "postcode": ""},
        ),
        ({"surname": "Smith"}, {"surname": "Smyth", "date_of_birth": "", "postcode": ""}),
    ],
)
def test_name_variants_share_a_key_even_when_other_fields_are_missing(a, b):
    assert blocking_keys(make(**a)) & blocking_keys(make(**b))


def test_strong_identifiers_are_keys_on_their_own():
    keys = blocking_keys(make(nhs_number=NHS_A, pnc_id="09/0123456C"))
    assert {f"nhs:{NHS_A}", "pnc:09/0123456C", "tel:07700900123"} <= keys


def test_unrelated_people_share_no_key():
    other = make(
        given_name="Sadia",
        middle_name="",
        surname="Begum",
        date_of_birth="1972-01-30",
        postcode="BD3 9QQ",
        address="1 Low Lane",
        phone="",
    )
    assert not blocking_keys(make()) & blocking_keys(other)


def test_keys_are_plain_strings_with_a_kind_prefix():
    for key in blocking_keys(make()):
        kind, _, value = key.partition(":")
        assert kind in {"gs", "gd", "sd", "gp", "sp", "dp", "nhs", "pnc", "tel"}
        assert value
