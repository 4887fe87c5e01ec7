"""Who is in contact, kept current, and the look-up API for agencies' own systems (#13)."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from agenda.build import build_agenda
from agenda.live.fields import write_field
from frontdoor.db import db, transaction
from frontdoor.identity.resolution import resolve_pending
from frontdoor.intake import apikeys
from frontdoor.intake.service import import_police_file
from frontdoor.models import (
    AgencyKind,
    AgendaItem,
    AuditEvent,
    BuildTrigger,
    Involvement,
    Role,
)

from ..factories import Factory, sign_in
from ..factories.police_file import incident, police_csv

DAY = date(2026, 11, 25)
PLAN = "IDVA (Leeds DV Service) calls her mobile 10:00-12:00 only; others go through the IDVA."


def _police_night(app: Flask, factory: Factory) -> tuple[int, str]:
    """The police file of the issue's e2e: imported, resolved, on an agenda; a health key."""
    police = factory.agency("wyp", AgencyKind.POLICE)
    health = factory.agency("lth", AgencyKind.HEALTH)
    chair = factory.user([Role.COORDINATOR], agency=factory.agency("leeds", AgencyKind.OTHER))
    with app.app_context():
        summary = import_police_file(police_csv(incident()), agency_id=police.id, today=DAY)
        assert summary.imported == 3
        resolve_pending()
        meeting_id = build_agenda(DAY, BuildTrigger.COMMAND).meeting_id
        token = apikeys.create_key(health.id, "Health EPR", None).token
        with transaction() as tx:
            item = tx.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).one()
            write_field(tx, item.id, "contact_plan", PLAN, 0, chair.id)
    return meeting_id, token


def _ask(client: FlaskClient, token: str, **query: str) -> tuple[int, dict]:
    body = {"purpose": "Before a home visit by the health visitor", **query}
    response = client.post("/api/v1/who-is-in-contact", json=body,
                           headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    return response.status_code, response.get_json(silent=True) or {}


def test_the_api_look_up_names_the_police_and_the_contact_plan_for_a_confident_match_only(
    app: Flask, factory: Factory, client: FlaskClient
) -> None:
    _, token = _police_night(app, factory)
    status, answer = _ask(client, token, given_name="Amy", surname="Smith",
                          date_of_birth="1990-04-12", postcode="LS6 1AA")  # fmt: skip
    assert status == 200
    [amy] = answer["people"]
    assert (amy["match"], amy["name"], amy["contact_plan"]) == ("confident", "Amy Smith", PLAN)
    assert amy["contact_plan_agreed_on"] == DAY.isoformat()
    assert [(a["agency"], a["lead"]) for a in amy["agencies"]] == [("Agency wyp", False)]
    assert amy["agencies"][0]["since"] is not None
    status, answer = _ask(client, token, given_name="Amy", surname="Smith",
                          date_of_birth="1971-09-30")  # fmt: skip
    assert status == 200
    assert all(p.get("agencies") is None for p in answer["people"])
    assert "Agency wyp" not in str(answer) and PLAN not in str(answer)
    with app.app_context():
        events = (
            db.session()
            .scalars(select(AuditEvent).where(AuditEvent.action == "identity.lookup"))
            .all()
        )
        assert len(events) == 2
        assert all(e.details and e.details.get("api_key_id") for e in events)


def test_the_api_look_up_refuses_vague_queries_unknown_fields_and_bad_keys(
    app: Flask, factory: Factory, client: FlaskClient
) -> None:
    _, token = _police_night(app, factory)
    assert _ask(client, token, given_name="Amy")[0] == 422
    assert _ask(client, token, given_name="Amy", surname="Smith", shoe_size="7")[0] == 422
    assert _ask(client, "fd_nope_nope", nhs_number="943 476 5919")[0] == 401


def test_the_api_look_up_is_rate_limited_per_key(
    app: Flask, factory: Factory, client: FlaskClient
) -> None:
    _, token = _police_night(app, factory)
    with app.app_context():
        other = apikeys.create_key(factory.agency("lth").id, "Second system", None).token
    app.config["API_LOOKUP_RATE_LIMIT"] = "2 per minute"
    codes = [_ask(client, token, nhs_number="943 476 5919")[0] for _ in range(3)]
    assert codes == [200, 200, 429]
    assert _ask(client, other, nhs_number="943 476 5919")[0] == 200


def test_the_web_look_up_shows_the_contact_plan_first_and_administrators_do_not_get_it(
    app: Flask, factory: Factory
) -> None:
    _police_night(app, factory)
    worker = factory.user([Role.AGENCY_WORKER], agency=factory.agency("lth"))
    admin = factory.user([Role.ADMIN], agency=factory.agency("lth"))
    http = app.test_client()
    sign_in(http, admin)
    assert http.get("/who-is-in-contact").status_code == 403
    http = app.test_client()
    sign_in(http, worker)
    page = http.get("/who-is-in-contact").get_data(as_text=True)
    from ..factories import csrf_token_in

    answer = http.post("/who-is-in-contact", data={
        "csrf_token": csrf_token_in(page), "given_name": "Amy", "surname": "Smith",
        "date_of_birth": "12/04/1990", "purpose": "Before a home visit next week",
    }).get_data(as_text=True)  # fmt: skip
    assert PLAN in answer and "Agency wyp" in answer
    assert answer.index(PLAN) < answer.index("Agency wyp")


def test_open_cases_link_refresh_and_close_involvements_idempotently(
    app: Flask, factory: Factory, client: FlaskClient
) -> None:
    _police_night(app, factory)
    with app.app_context():
        dvs = factory.agency("ldvs", AgencyKind.DV_SERVICE)
        token = apikeys.create_key(dvs.id, "Case system", None).token
    cases = [
        {"case_reference": "DV-1", "given_name": "Amy", "surname": "Smith",
         "date_of_birth": "1990-04-12", "postcode": "LS6 1AA", "since": "2026-10-01",
         "lead": True, "lead_worker": "Jo (IDVA)"},
        {"case_reference": "DV-2", "given_name": "Zed", "surname": "Quill",
         "date_of_birth": "1980-01-01"},
        {"case_reference": "DV-3", "given_name": "No", "surname": "Identifiers"},
    ]  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"}
    first = client.post("/api/v1/involvements", json={"cases": cases}, headers=headers)
    assert [c["status"] for c in first.get_json()["cases"]] == ["linked", "new", "invalid"]
    again = client.post("/api/v1/involvements", json={"cases": cases[:2]}, headers=headers)
    assert [c["status"] for c in again.get_json()["cases"]] == ["refreshed", "refreshed"]
    with app.app_context():
        rows = db.session().scalars(select(Involvement).where(Involvement.agency_id == dvs.id))
        found = {r.source_ref: (r.since, r.is_lead, r.lead_worker, r.ended_on) for r in rows}
        assert found == {"DV-1": (date(2026, 10, 1), True, "Jo (IDVA)", None),
                         "DV-2": (date.today(), False, None, None)}  # fmt: skip
    closed = client.post("/api/v1/involvements", headers=headers,
                         json={"cases": [{"case_reference": "DV-1", "closed": True}]})  # fmt: skip
    assert closed.get_json()["cases"][0]["status"] == "closed"
    with app.app_context():
        ended = (
            db.session().scalars(select(Involvement).where(Involvement.source_ref == "DV-1")).one()
        )
        assert ended.ended_on == date.today()
    assert client.post("/api/v1/involvements", json=[], headers=headers).status_code == 400


def test_referral_resolution_and_an_action_keep_involvements_current(
    app: Flask, factory: Factory
) -> None:
    meeting_id, _ = _police_night(app, factory)
    with app.app_context():
        rows = db.session().scalars(select(Involvement)).all()
        police = [r for r in rows if r.person_id is not None]
        assert len(police) == 3 and {r.source for r in police} == {"police_export"}
        from agenda.live.actions import create_action

        housing = factory.agency("hou", AgencyKind.HOUSING)
        with transaction() as tx:
            item = tx.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).one()
            payload = {"description": "Fit door locks", "lead_agency_id": housing.id,
                       "due_on": "2031-12-01"}  # fmt: skip
            create_action(tx, item, payload, police[0].agency_id)
        family = (
            db.session()
            .scalars(select(Involvement).where(Involvement.agency_id == housing.id))
            .one()
        )
        assert (family.family_id is not None, family.source) == (True, "action")


def test_the_openapi_document_describes_the_look_up_and_open_cases(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert {"/who-is-in-contact", "/involvements"} <= set(document["paths"])
    assert "LookupAnswer" in document["components"]["schemas"]
