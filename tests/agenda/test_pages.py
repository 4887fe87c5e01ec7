"""The agenda pages: the coordinator curates, partners prepare, the family is on one screen."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from agenda.build import build_agenda
from agenda.settings import current_schedule
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    AgencyKind,
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    AgendaSection,
    Attendance,
    AuditEvent,
    BuildTrigger,
    DashRisk,
    Meeting,
    MemberRole,
    PartnerPreparation,
    Role,
)

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.cases import Member, at, family, involvement, referral

TUESDAY = date(2026, 11, 24)
AGENDA = f"/agenda/{TUESDAY.isoformat()}"
REFUGE = "7 Secret Refuge Road"


@pytest.fixture
def morning(app: Flask, factory: Factory) -> dict[str, int]:
    """Overnight: the Smiths (a refuge address, two children) reported by police and health,
    the Jones (adults only; one person left for review), and one referral still awaiting
    identity resolution."""
    police = factory.agency("police", AgencyKind.POLICE)
    health = factory.agency("health", AgencyKind.HEALTH)
    with app.app_context():
        smiths = family(
            police,
            "Smith",
            Member("Jo", "Smith", date(1990, 1, 1), address=REFUGE, withheld=True),
            Member("Old", "Smith", date(2016, 6, 1), MemberRole.CHILD, address=REFUGE),
            Member("Baby", "Smith", date(2026, 3, 1), MemberRole.CHILD, address=REFUGE),
        )
        jones = family(police, "Jones", Member("Al", "Jones", date(1985, 5, 5)))
        referral(police, smiths, at(date(2026, 11, 23), 22), dash=DashRisk.HIGH, strangulation=True)
        referral(health, smiths, at(date(2026, 11, 24), 1), source_ref="NHS-55")
        referral(police, jones, at(date(2026, 11, 24), 2), awaiting_review=True)
        referral(police, None, at(date(2026, 11, 24), 3), source_ref="AWAITING-1")
        involvement(app, health.id, family_id=smiths, lead=True, worker="Dr Who")
        build_agenda(TUESDAY, BuildTrigger.COMMAND, now=at(TUESDAY, 8, 30))
        items = db.session.scalars(select(AgendaItem).order_by(AgendaItem.position))
        ids = {i.family_id: i.id for i in items}
    return {"smiths": ids[smiths], "jones": ids[jones], "smiths_family": smiths}


def signed_in(client: FlaskClient, factory: Factory, role: Role, agency: str = "police") -> None:
    sign_in(client, factory.user([role], agency=factory.agency(agency)))


def post(client: FlaskClient, path: str, **data: str) -> str:
    token = csrf_token_from(client, AGENDA)
    response = client.post(path, data={"csrf_token": token, **data}, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def order(client: FlaskClient) -> list[str]:
    html = client.get(AGENDA).get_data(as_text=True)
    return [name for _, name in sorted((html.find(f">{n}</a>"), n) for n in ("Smith", "Jones"))]


def test_the_coordinator_finds_the_agenda_built_with_sources_and_reasons(
    app: Flask, client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    signed_in(client, factory, Role.COORDINATOR)
    html = client.get(AGENDA).get_data(as_text=True)
    assert order(client) == ["Smith", "Jones"]
    assert "Sources (2)" in html and "NHS-55" in html
    assert "Triage: Urgent. Urgent and MARAC criteria (section 1 of 5)." in html
    assert "MARAC criterion – Visible high risk: a new incident graded high risk" in html
    assert "MARAC criterion – Professional judgement: strangulation" in html
    assert "1 referral(s) not yet matched to a family" in html and "AWAITING-1" in html
    assert html.count("1 person(s) awaiting identity review") == 1  # the Jones item
    assert "Move up" in html and "Rebuild the agenda" in html
    with app.app_context():
        views = select(AuditEvent.action).where(AuditEvent.action == "agenda.viewed")
        assert len(db.session.scalars(views).all()) == 2  # this page and order()'s


def test_a_partner_sees_the_agenda_without_curation_controls(
    app: Flask, client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    partner = factory.user([Role.PARTNER], agency=factory.agency("police"))
    with app.app_context(), transaction() as tx:
        meeting = tx.scalar(select(Meeting).where(Meeting.meeting_date == TUESDAY))
        assert meeting is not None
        tx.add(Attendance(meeting_id=meeting.id, user_id=partner.id, agency_id=partner.agency_id))
    sign_in(client, partner)
    html = client.get(AGENDA).get_data(as_text=True)
    assert "Smith" in html and "Move up" not in html and "Rebuild" not in html
    assert "AWAITING-1" not in html  # referrals not yet on the agenda are the hub's work
    token = csrf_token_from(client, AGENDA)
    refused = client.post(f"/agenda/items/{morning['jones']}/move-up", data={"csrf_token": token})
    assert refused.status_code == 403


def test_the_coordinator_reorders_defers_removes_and_adds(
    client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    signed_in(client, factory, Role.COORDINATOR)
    post(client, f"/agenda/items/{morning['jones']}/screening", screening="discuss")
    assert order(client) == ["Smith", "Jones"]  # Urgent before Discuss
    post(client, f"/agenda/items/{morning['jones']}/move-up")
    assert order(client) == ["Jones", "Smith"]

    html = post(client, f"/agenda/items/{morning['jones']}/remove", reason="")
    assert "Say why the family is being removed" in html
    post(client, f"/agenda/items/{morning['jones']}/remove", reason="Not domestic abuse")
    post(client, f"/agenda/items/{morning['smiths']}/defer", reason="Awaiting police checks")
    html = client.get(AGENDA).get_data(as_text=True)
    assert "Not domestic abuse" in html and "Awaiting police checks" in html
    assert "No families on the agenda." in html

    results = post(client, f"{AGENDA}/add", q="Jones")
    assert "Jones (family" in results
    jones_family = db_family_of(client, morning["jones"])
    post(client, f"{AGENDA}/add", family_id=str(jones_family))
    assert order(client)[0] == "Jones"
    again = post(client, f"{AGENDA}/add", family_id=str(jones_family))
    assert "Jones is already on the agenda: nothing was added." in again
    assert "Family added to the agenda." not in again


def db_family_of(client: FlaskClient, item_id: int) -> int:
    app = client.application
    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        assert item is not None
        return item.family_id


def test_the_family_page_shows_everything_but_a_withheld_address(
    app: Flask, client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    signed_in(client, factory, Role.COORDINATOR)
    html = client.get(f"/agenda/items/{morning['smiths']}").get_data(as_text=True)
    assert REFUGE not in html and "LS1 1AA" not in html
    assert "An address in this family is withheld" in html
    baby, older = html.index("Baby Smith"), html.index("Old Smith")
    assert html.index("Jo Smith") < baby < older  # adults, then children youngest first
    assert "8 months" in html and "10 years" in html
    assert "High" in html  # the DASH risk of the police referral
    assert "strangulation" in html and "NHS-55" in html
    assert "Lead: <strong>Agency health</strong> (Dr Who)" in html
    assert "Not yet referred to MARAC; a new incident is graded high risk." in html
    with app.app_context():
        viewed = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "family.viewed")
        ).all()
    assert [(e.object_id, e.purpose) for e in viewed] == [
        (str(morning["smiths_family"]), "daily meeting agenda")
    ]


def test_partners_record_fact_opinion_and_not_shared_and_the_chair_sees_only_who(
    app: Flask, client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    page = f"/agenda/items/{morning['smiths']}"
    signed_in(client, factory, Role.PARTNER, agency="health")
    token = csrf_token_from(client, page)
    refused = client.post(
        page, data={"csrf_token": token, "kind": "not_shared", "text": "Mental health records"}
    )
    assert "Say why your agency is not sharing this." in refused.get_data(as_text=True)
    for kind, text, reason in [
        ("fact", "Baby seen by health visitor on 20 Nov", ""),
        ("not_shared", "Mental health records", "No consent; not necessary"),
    ]:
        data = {"csrf_token": token, "kind": kind, "text": text, "withheld_reason": reason}
        assert client.post(page, data=data).status_code == 302
    with app.app_context():
        assert len(db.session.scalars(select(PartnerPreparation)).all()) == 2

    other = app.test_client()
    signed_in(other, factory, Role.PARTNER, agency="police")
    assert "health visitor" not in other.get(page).get_data(as_text=True)

    chair = app.test_client()
    signed_in(chair, factory, Role.COORDINATOR)
    assert "health visitor" not in chair.get(page).get_data(as_text=True)  # stays with health
    agenda = chair.get(AGENDA).get_data(as_text=True)
    assert "Agency health (1 fact, 1 not shared)" in agenda


def test_the_administrator_sets_the_schedule_and_non_meeting_dates(
    app: Flask, client: FlaskClient, factory: Factory
) -> None:
    signed_in(client, factory, Role.ADMIN)
    page = "/admin/meeting-schedule/"
    token = csrf_token_from(client, page)
    saved = client.post(
        page,
        data={
            "csrf_token": token,
            "weekdays": ["1", "3", "5"],
            "meeting_time": "10:00",
            "build_time": "09:00",
        },
    )
    assert saved.status_code == 302
    client.post(
        "/admin/meeting-schedule/non-meeting-dates",
        data={"csrf_token": token, "nmd-day": "2026-12-25", "nmd-reason": "Christmas Day"},
    )
    with app.app_context():
        schedule = current_schedule()
    assert schedule.weekdays == {1, 3, 5}
    assert not schedule.is_meeting_date(date(2026, 12, 25))
    refused = client.post(
        page,
        data={
            "csrf_token": token,
            "weekdays": ["1"],
            "meeting_time": "08:00",
            "build_time": "09:00",
        },
    )
    assert "before the meeting starts" in refused.get_data(as_text=True)


def test_the_build_command_builds_a_given_date(app: Flask, factory: Factory) -> None:
    police = factory.agency("police")
    with app.app_context():
        fam = family(police, "Smith", Member("Jo", "Smith", None))
        referral(police, fam, at(date(2026, 11, 23), 22))
    result = app.test_cli_runner().invoke(args=["agenda", "build", "--date", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert "Agenda for 2026-11-24: 1 new referral(s), 1 new item(s)" in result.output
    weekend = app.test_cli_runner().invoke(args=["agenda", "build", "--date", "2026-11-28"])
    assert weekend.exit_code != 0 and "not a meeting date" in weekend.output


def test_the_family_page_shows_the_history(
    app: Flask, client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    police = factory.agency("police")
    smiths = morning["smiths_family"]
    with app.app_context():
        referral(police, smiths, at(date(2026, 8, 14), 23), source_ref="WYP-AUGUST")
        with transaction() as tx:
            earlier = Meeting(meeting_date=date(2026, 8, 17), starts_at=at(date(2026, 8, 17), 9))
            tx.add(earlier)
            tx.flush()
            item = AgendaItem(
                meeting_id=earlier.id,
                family_id=smiths,
                position=1,
                status=AgendaItemStatus.DISCUSSED,
            )
            tx.add(item)
            tx.flush()
            tx.add(
                AgendaItemState(
                    agenda_item_id=item.id, section=AgendaSection.CHILDREN, marac_flagged=True
                )
            )
            tx.add(
                Action(
                    family_id=smiths,
                    description="Safety planning visit",
                    lead_agency_id=police.id,
                    due_on=date(2026, 11, 1),
                )
            )
    signed_in(client, factory, Role.PARTNER)
    html = client.get(f"/agenda/items/{morning['smiths']}").get_data(as_text=True)
    assert "WYP-AUGUST" in html
    assert "17 August 2026: discussed" in html
    assert "Safety planning visit: Agency police, due 1 November 2026" in html
    assert "Overdue" in html
    assert "Flagged for MARAC at the meeting of 17 August 2026." in html


def test_a_partner_without_a_relationship_cannot_open_the_family(
    app: Flask, client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    signed_in(client, factory, Role.PARTNER, agency="housing")
    page = f"/agenda/items/{morning['smiths']}"
    assert client.get(page).status_code == 403
    assert client.get(AGENDA).status_code == 404  # not invited: the agenda is not there
    token = csrf_token_from(client, "/")
    data = {"csrf_token": token, "kind": "fact", "text": "Tenancy at risk"}
    assert client.post(page, data=data).status_code == 403
    with app.app_context():
        refused = select(AuditEvent.action).where(AuditEvent.action == "family.view_refused")
        assert len(db.session.scalars(refused).all()) == 2
        assert db.session.scalars(select(PartnerPreparation)).all() == []
