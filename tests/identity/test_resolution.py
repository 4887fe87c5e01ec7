"""Resolving intake's person records through the app: the traps of UK multi-agency data."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from frontdoor.db import db
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import (
    IdentityKey,
    PersonRecord,
    ResolutionStatus,
    ReviewPair,
    ReviewStatus,
)
from tests.factories.cases import Refer, person

NHS_A, NHS_B = "9434765919", "9434765927"
KHAN = dict(
    surname="Khan", date_of_birth="1979-11-20", postcode="LS8 4EE", address="12 Harehills Lane"
)
BROADBENT = dict(surname="Broadbent", date_of_birth="1975-09-09", postcode="HD1 2AB")
OLDROYD = dict(surname="Oldroyd", postcode="WF17 5AB", address="9 Bank Street")
HUSSAIN = dict(
    surname="Hussain", date_of_birth="2015-06-01", postcode="LS9 8AB", address="4 Park Road"
)

SAME_PERSON = {
    "an initial against the full name, same birth date and address (issue #17)": (
        dict(given_name="Kerry", date_of_birth="1990-03-04", **OLDROYD),
        dict(given_name="K", date_of_birth="1990-03-04", **OLDROYD),
    ),
    "same valid NHS number, names and date mangled": (
        dict(given_name="Natasha", surname="Jackson", date_of_birth="1982-10-12", nhs_number=NHS_A),
        dict(given_name="Tash", surname="Jaxon", date_of_birth="1982-12-10", nhs_number=NHS_A),
    ),
    "transliteration Mohammed / Muhammad": (
        dict(given_name="Mohammed", **KHAN),
        dict(given_name="Muhammad", **KHAN),
    ),
    "nickname Bill / William": (
        dict(given_name="William", **BROADBENT),
        dict(given_name="Bill", **BROADBENT),
    ),
    "day and month swapped, same address": (
        dict(given_name="Kerry", date_of_birth="1990-03-04", **OLDROYD),
        dict(given_name="Kerry", date_of_birth="1990-04-03", **OLDROYD),
    ),
    "maiden name, same date of birth, address and phone": (
        dict(given_name="Sarah", surname="Jones", date_of_birth="1988-05-17", postcode="LS6 2QT",
             address="3 Cliff Road", phone="07700900123"),
        dict(given_name="Sarah", surname="Whitaker", date_of_birth="1988-05-17", postcode="LS6 2QT",
             address="3 Cliff Road", phone="07700900123"),
    ),
}  # fmt: skip

KEPT_APART = {
    "twins: same surname, birth date and address": (
        dict(given_name="Amelia", sex="F", **HUSSAIN),
        dict(given_name="Aisha", sex="F", **HUSSAIN),
    ),
    "junior / senior at one address": (
        dict(given_name="John", surname="Smith Jr", date_of_birth="1990-02-03", postcode="LS9 8AB",
             address="4 Park Road"),
        dict(given_name="John", surname="Smith Sr", date_of_birth="1965-02-03", postcode="LS9 8AB",
             address="4 Park Road"),
    ),
    "namesakes: common name, different birth date and town": (
        dict(given_name="John", surname="Smith", date_of_birth="1980-01-01", postcode="LS1 1AA"),
        dict(given_name="John", surname="Smith", date_of_birth="1985-07-12", postcode="BD5 9QQ"),
    ),
    "two different valid NHS numbers, all else equal": (
        dict(given_name="Kerry", date_of_birth="1990-03-04", nhs_number=NHS_A, **OLDROYD),
        dict(given_name="Kerry", date_of_birth="1990-03-04", nhs_number=NHS_B, **OLDROYD),
    ),
}  # fmt: skip


def _records(app: Flask) -> list[PersonRecord]:
    """Run resolution; every person record, oldest first."""
    resolve_pending()
    return list(db.session().scalars(select(PersonRecord).order_by(PersonRecord.id)))


@pytest.mark.parametrize(("first", "second"), SAME_PERSON.values(), ids=SAME_PERSON.keys())
def test_the_same_person_links_to_one_person(
    app: Flask, refer: Refer, first: dict[str, Any], second: dict[str, Any]
) -> None:
    refer(person(**first))
    refer(person(**second))
    with app.app_context():
        earlier, later = _records(app)
        assert earlier.resolution_status == ResolutionStatus.NEW
        assert later.resolution_status == ResolutionStatus.LINKED
        assert later.person_id == earlier.person_id


@pytest.mark.parametrize(("first", "second"), KEPT_APART.values(), ids=KEPT_APART.keys())
def test_different_people_are_never_linked(
    app: Flask, refer: Refer, first: dict[str, Any], second: dict[str, Any]
) -> None:
    refer(person(**first))
    refer(person(**second))
    with app.app_context():
        earlier, later = _records(app)
        assert later.resolution_status in (ResolutionStatus.NEW, ResolutionStatus.REVIEW)
        assert later.person_id != earlier.person_id


def test_twins_go_to_review_not_merged(app: Flask, refer: Refer) -> None:
    refer(person(given_name="Amelia", sex="F", **HUSSAIN))
    refer(person(given_name="Aisha", sex="F", **HUSSAIN))
    with app.app_context():
        earlier, later = _records(app)
        pair = db.session().scalars(select(ReviewPair)).one()
        assert later.resolution_status == ResolutionStatus.REVIEW
        assert (pair.person_record_id, pair.candidate_person_id) == (later.id, earlier.person_id)
        assert pair.status == ReviewStatus.PENDING
        assert pair.explanation["blocked_by"], "a hard rule must say why this was not merged"


def test_a_twin_like_name_with_the_same_birth_date_is_queued_with_its_evidence(
    app: Flask, refer: Refer
) -> None:
    refer(person(given_name="Kerry", date_of_birth="1990-03-04", **OLDROYD))
    refer(person(given_name="Keri", date_of_birth="1990-03-04", **OLDROYD))
    with app.app_context():
        earlier, later = _records(app)
        pair = db.session().scalars(select(ReviewPair)).one()
        levels = {c["comparison"]: c["level"] for c in pair.explanation["contributions"]}
        assert later.resolution_status == ResolutionStatus.REVIEW
        assert pair.candidate_person_id == earlier.person_id
        assert levels["date_of_birth"] == "exact"
        assert any("twin" in rule for rule in pair.explanation["blocked_by"])


def test_every_resolved_record_is_in_the_key_index(app: Flask, refer: Refer) -> None:
    refer(person(given_name="Amelia", sex="F", **HUSSAIN), person(given_name="Omar", **KHAN))
    with app.app_context():
        records = _records(app)
        keyed = db.session().scalar(select(func.count(func.distinct(IdentityKey.person_record_id))))
        assert keyed == len(records) == 2
        assert all(r.resolution_status != ResolutionStatus.UNRESOLVED for r in records)


def test_resolving_again_finds_nothing_left_to_do(app: Flask, refer: Refer) -> None:
    refer(person(given_name="Omar", **KHAN))
    with app.app_context():
        assert resolve_pending().records == 1
        assert resolve_pending().records == 0
