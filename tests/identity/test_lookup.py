"""Who is in contact: POST only, a purpose required, agencies and the lead — nothing more."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.db import db, transaction
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import Agency, AgencyKind, AuditEvent, Involvement, Referral, Role, User
from tests.factories import Factory, csrf_token_from, sign_in
from tests.factories.cases import Refer, person

VICTIM = dict(
    given_name="Leanne", surname="Walsh", date_of_birth="1991-02-14", postcode="LS9 8AB",
    address="4 Park Road", nhs_number="9434765919", phone="07700900456",
)  # fmt: skip
PURPOSE = "Checking before I call her about a housing referral"


@pytest.fixture
def known_family(app: Flask, refer: Refer, factory: Factory) -> tuple[Agency, Agency]:
    """Leanne, on a referral; housing leads for her family (worker named); health involved."""
    referral = refer(person(**VICTIM))
    housing = factory.agency("housing-test", AgencyKind.HOUSING)
    health = factory.agency("health-test", AgencyKind.HEALTH)
    with app.app_context():
        resolve_pending()
        with transaction() as session:
            stored = session.get(Referral, referral.id)
            assert stored is not None and stored.family_id is not None
            person_id = stored.people[0].person_record.person_id
            session.add_all(
                [
                    Involvement(agency_id=housing.id, family_id=stored.family_id,
                                since=date(2026, 1, 5), is_lead=True, lead_worker="Priya Shah"),
                    Involvement(agency_id=health.id, person_id=person_id, since=date(2025, 6, 1)),
                    Involvement(agency_id=health.id, person_id=person_id, since=date(2020, 1, 1),
                                ended_on=date(2021, 1, 1), is_lead=False),
                ]
            )  # fmt: skip
    return housing, health


@pytest.fixture
def worker(factory: Factory) -> User:
    return factory.user([Role.AGENCY_WORKER])


def _look_up(client: FlaskClient, **fields: str) -> str:
    token = csrf_token_from(client, "/who-is-in-contact")
    response = client.post("/who-is-in-contact", data={"csrf_token": token, **fields})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _lookups(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        statement = select(AuditEvent).where(AuditEvent.action == "identity.lookup")
        return list(db.session().scalars(statement))


def test_lists_the_agencies_and_the_lead_and_nothing_more(
    app: Flask, client: FlaskClient, known_family: tuple[Agency, Agency], worker: User
) -> None:
    housing, health = known_family
    sign_in(client, worker)
    page = _look_up(
        client, given_name="Leanne", surname="Walsh", date_of_birth="14/02/1991", purpose=PURPOSE
    )
    assert housing.name in page and "lead agency" in page and "Priya Shah" in page
    assert health.name in page
    for detail in ("Park Road", "LS9 8AB", "9434765919", "07700900456", "1991"):
        assert detail not in page.split("<form")[0], detail  # the answer, above the form


@pytest.mark.parametrize(
    "query",
    [
        {"nhs_number": "943 476 5919"},
        {"given_name": "Leanne", "surname": "Walsh", "postcode": "ls98ab"},
    ],
)
def test_finds_by_nhs_number_or_by_name_and_postcode(
    client: FlaskClient, known_family: tuple[Agency, Agency], worker: User, query: dict[str, str]
) -> None:
    sign_in(client, worker)
    assert known_family[0].name in _look_up(client, purpose=PURPOSE, **query)


def test_every_look_up_is_audited_with_its_purpose_and_only_hashed_search_terms(
    app: Flask, client: FlaskClient, known_family: tuple[Agency, Agency], worker: User
) -> None:
    sign_in(client, worker)
    _look_up(client, given_name="Leanne", surname="Walsh", postcode="LS9 8AB", purpose=PURPOSE)
    _look_up(client, given_name="Nobody", surname="Known", postcode="LS1 1AA", purpose=PURPOSE)
    found, not_found = _lookups(app)
    assert (found.user_id, found.agency_id, found.purpose) == (worker.id, worker.agency_id, PURPOSE)
    assert found.details["results"] == 1 and not_found.details["results"] == 0
    assert "Leanne" not in str(found.details) and "LS9" not in str(found.details)


@pytest.mark.parametrize(
    "fields",
    [
        {"given_name": "Leanne", "surname": "Walsh", "postcode": "LS9 8AB", "purpose": ""},
        {"given_name": "Leanne", "surname": "Walsh", "postcode": "LS9 8AB", "purpose": "because"},
        {"given_name": "Leanne", "surname": "Walsh", "purpose": PURPOSE},  # name alone: too wide
        {"surname": "Walsh", "date_of_birth": "1991-02-14", "purpose": PURPOSE},
    ],
)
def test_refused_without_a_purpose_or_enough_to_go_on(
    app: Flask, client: FlaskClient, known_family: tuple[Agency, Agency], worker: User,
    fields: dict[str, str],
) -> None:  # fmt: skip
    sign_in(client, worker)
    page = _look_up(client, **fields)
    assert "There is a problem" in page or "govuk-error-message" in page
    assert known_family[0].name not in page
    assert _lookups(app) == []


def test_the_form_posts_and_a_get_never_searches(
    app: Flask, client: FlaskClient, known_family: tuple[Agency, Agency], worker: User
) -> None:
    sign_in(client, worker)
    form = client.get("/who-is-in-contact?given_name=Leanne&surname=Walsh&postcode=LS98AB")
    assert 'method="post"' in form.get_data(as_text=True)
    assert known_family[0].name not in form.get_data(as_text=True)
    assert _lookups(app) == []


@pytest.mark.parametrize("role", list(Role))
def test_every_signed_in_role_but_the_administrator_may_look_up(
    client: FlaskClient, factory: Factory, role: Role
) -> None:
    """Administrators manage accounts and never see case data (#13)."""
    sign_in(client, factory.user([role]))
    expected = 403 if role is Role.ADMIN else 200
    assert client.get("/who-is-in-contact").status_code == expected
