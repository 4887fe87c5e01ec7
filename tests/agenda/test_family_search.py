"""The coordinator's add-a-family search (#15): only families that match, each with its members
(names, roles, ages) and addresses, never a withheld one, and "Already on the agenda" instead
of an Add button for a family that is."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from agenda.build import build_agenda
from frontdoor.db import transaction
from frontdoor.models import (
    AgencyKind,
    BuildTrigger,
    Family,
    FamilyMember,
    MemberRole,
    PersonRecord,
    Role,
)

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.cases import Member, at, family, referral

TUESDAY = date(2026, 11, 24)
ADD = f"/agenda/{TUESDAY.isoformat()}/add"
REFUGE = "7 Secret Refuge Road"


@pytest.fixture
def families(app: Flask, factory: Factory) -> dict[str, int]:
    police = factory.agency("police", AgencyKind.POLICE)
    with app.app_context():
        ids = {
            "jo_smith": family(
                police,
                "Smith",
                Member("Jo", "Smith", date(1990, 1, 1), address="12 Oak Lane"),
                Member("Lee", "Smith", date(1988, 2, 2), MemberRole.ADULT, address="12 Oak Lane"),
                Member("Mia", "Smith", date(2019, 5, 1), MemberRole.CHILD, address="12 Oak Lane"),
            ),
            "ann_smith": family(
                police, "Smith", Member("Ann", "Smith", date(1975, 3, 3), address="4 Elm Road")
            ),
            "refuge": family(
                police,
                "Smith",
                Member("Kay", "Smith", date(1995, 4, 4), address=REFUGE, withheld=True),
            ),
            "goldsmith": family(
                police, "Goldsmith", Member("Jo", "Goldsmith", date(1980, 1, 1), address="9 Ash St")
            ),
            "jones": family(police, "Jones", Member("Jo", "Jones", date(1982, 1, 1), address=None)),
            "merged": family(police, "Smith", Member("Old", "Smith", None, address="1 Gone Way")),
        }
        with transaction() as tx:
            tx.execute(
                update(PersonRecord)
                .where(PersonRecord.address == REFUGE)
                .values(postcode="LS99 9ZZ", phone="07700 900123")
            )
            tx.execute(
                update(Family)
                .where(Family.id == ids["merged"])
                .values(merged_into_id=ids["ann_smith"])
            )
        referral(police, ids["ann_smith"], at(date(2026, 11, 23), 22))
        build_agenda(TUESDAY, BuildTrigger.COMMAND, now=at(TUESDAY, 8, 30))
    return ids


def search(client: FlaskClient, factory: Factory, query: str) -> str:
    """The coordinator's search (signing in on the client's first search)."""
    if client.get(ADD).status_code != 200:
        sign_in(client, factory.user([Role.COORDINATOR], agency=factory.agency("police")))
    token = csrf_token_from(client, ADD)
    return client.post(ADD, data={"csrf_token": token, "q": query}).get_data(as_text=True)


def found(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"\(family (\d+)\)</span></h3>", html)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Smith", ["jo_smith", "ann_smith", "refuge"]),  # not Goldsmith, not the merged family
        ("smi", ["jo_smith", "ann_smith", "refuge"]),
        ("Jo Smith", ["jo_smith"]),  # one member is Jo Smith: not Jo Jones, not Ann Smith
        ("Jo", ["goldsmith", "jones", "jo_smith"]),
        ("Mia", ["jo_smith"]),
        ("Gold", ["goldsmith"]),
        ("Nobody", []),
        ("100%", []),  # a wildcard is a character, not "anything"
    ],
)
def test_only_matching_families_are_found(
    client: FlaskClient,
    factory: Factory,
    families: dict[str, int],
    query: str,
    expected: list[str],
) -> None:
    assert sorted(found(search(client, factory, query))) == sorted(families[n] for n in expected)


def test_a_family_number_finds_that_family_only(
    client: FlaskClient, factory: Factory, families: dict[str, int]
) -> None:
    assert found(search(client, factory, str(families["jones"]))) == [families["jones"]]
    assert found(search(client, factory, str(families["merged"]))) == []


def test_results_show_members_with_roles_and_ages_and_addresses(
    client: FlaskClient, factory: Factory, families: dict[str, int]
) -> None:
    html = search(client, factory, "Jo Smith")
    members = re.findall(r'data-testid="result-member">([^<]+)</li>', html)
    assert members == [
        "Jo Smith – Adult, 36 years",
        "Lee Smith – Adult, 38 years",
        "Mia Smith – Child, 7 years",
    ]
    assert "12 Oak Lane, LS1 1AA" in html
    assert "1 family found" in html


def test_a_withheld_address_is_never_shown_and_the_guard_scrubs_it_elsewhere(
    app: Flask, client: FlaskClient, factory: Factory, families: dict[str, int]
) -> None:
    with app.app_context(), transaction() as tx:  # someone typed the refuge into Ann's record
        ann = tx.scalar(
            select(PersonRecord)
            .join(FamilyMember, FamilyMember.person_id == PersonRecord.person_id)
            .where(FamilyMember.family_id == families["ann_smith"])
        )
        assert ann is not None
        ann.address = f"c/o {REFUGE}"
    html = search(client, factory, "Smith")
    assert REFUGE not in html and "LS99 9ZZ" not in html and "Secret Refuge" not in html
    assert "An address in this family is withheld: none is shown." in html
    assert "Kay Smith – Adult, 31 years" in html
    assert "c/o Withheld" in html


def test_a_family_already_on_the_agenda_says_so_instead_of_an_add_button(
    client: FlaskClient, factory: Factory, families: dict[str, int]
) -> None:
    html = search(client, factory, "Ann Smith")
    assert found(html) == [families["ann_smith"]]
    assert 'data-testid="already-on-agenda">Already on the agenda' in html
    assert 'name="family_id"' not in html
    other = search(client, factory, "Jo Smith")
    assert "Already on the agenda" not in other and 'name="family_id"' in other
