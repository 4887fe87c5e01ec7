"""A withheld address (a refuge) and safe-contact details appear nowhere they must not:
not on pages for other agencies, not in Socket.IO payloads, audit rows, exports or logs."""

from __future__ import annotations

import json
import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.access.redaction import (
    WITHHELD,
    Audience,
    present_person_records,
    scrub,
    withheld_values,
)
from frontdoor.db import db, transaction
from frontdoor.extensions import socketio
from frontdoor.models import AgendaItem, AgendaSource, AuditEvent, PersonRecord, Role

from ..factories import Factory, cases, csrf_token_from, sign_in

SECRETS = (cases.REFUGE_ADDRESS, cases.REFUGE_POSTCODE, cases.REFUGE_PHONE)


def _leaks(text: str) -> list[str]:
    """Which withheld details appear in a text, however spaced or cased."""
    squashed = re.sub(r"[\s,.]", "", text).lower()
    return [s for s in SECRETS if re.sub(r"[\s,.]", "", s).lower() in squashed]


@pytest.fixture
def refuge(app: Flask, factory: Factory) -> dict[str, object]:
    """A family whose victim is in a refuge, on a meeting's agenda, and who may look at it."""
    housing = factory.agency("housing")
    case = cases.family_case(app, housing.id, withheld=True)
    coordinator = factory.user([Role.COORDINATOR])
    partner = factory.user([Role.PARTNER])
    meeting_id = cases.meeting_with(app, case.family_id, partner)
    with app.app_context():
        item = (
            db.session()
            .scalars(select(AgendaItem).where(AgendaItem.family_id == case.family_id))
            .one()
        )
        item_id, day = item.id, item.meeting.meeting_date.isoformat()
    return {
        "case": case,
        "coordinator": coordinator,
        "partner": partner,
        "meeting_id": meeting_id,
        "item_id": item_id,
        "day": day,
        "housing_worker": factory.user([Role.AGENCY_WORKER], agency=housing),
        "housing_agency": housing,
    }


def _page(app: Flask, user: object, path: str) -> str:
    client: FlaskClient = app.test_client()
    sign_in(client, user)  # type: ignore[arg-type]
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


PAGES = {
    "agenda family page, coordinator": ("coordinator", "/agenda/items/{item_id}"),
    "agenda family page, invited partner": ("partner", "/agenda/items/{item_id}"),
    "agenda day": ("coordinator", "/agenda/{day}"),
    "identity person page, coordinator": ("coordinator", "/identity/people/{victim_id}"),
}


@pytest.mark.parametrize("page", PAGES, ids=list(PAGES))
def test_pages_never_show_the_withheld_details(
    app: Flask, refuge: dict[str, object], page: str
) -> None:
    who, template = PAGES[page]
    case = refuge["case"]
    path = template.format(item_id=refuge["item_id"], day=refuge["day"], victim_id=case.victim_id)  # type: ignore[attr-defined]
    assert _leaks(_page(app, refuge[who], path)) == []


def test_a_referral_narrative_naming_the_refuge_is_scrubbed_on_the_family_page(
    app: Flask, refuge: dict[str, object]
) -> None:
    case = refuge["case"]
    told = f"Victim says she is now at {cases.REFUGE_ADDRESS}, {cases.REFUGE_POSTCODE}."
    referral_id = cases.referral_from(app, case.family_id, refuge["housing_agency"].id, told)  # type: ignore[attr-defined]
    with app.app_context(), transaction() as tx:  # last night's referral, on the agenda
        tx.add(
            AgendaSource(
                meeting_id=refuge["meeting_id"],
                referral_id=referral_id,
                agenda_item_id=refuge["item_id"],
            )
        )
    page = _page(app, refuge["coordinator"], f"/agenda/items/{refuge['item_id']}")
    assert "Victim says she is now at" in page  # the narrative is shown...
    assert _leaks(page) == []  # ...without the withheld details
    assert WITHHELD in page


def test_the_live_meeting_never_sends_the_withheld_details(
    app: Flask, refuge: dict[str, object]
) -> None:
    http = app.test_client()
    sign_in(http, refuge["partner"])  # type: ignore[arg-type]
    auth = {"meeting_id": refuge["meeting_id"], "csrf_token": csrf_token_from(http, "/")}
    headers = {"Origin": "http://localhost"}
    meeting = socketio.test_client(
        app, namespace="/meeting", auth=auth, headers=headers, flask_test_client=http
    )
    assert meeting.emit("meeting:accept", {}, callback=True, namespace="/meeting") == {"ok": True}
    items = socketio.test_client(
        app, namespace="/items", auth=auth, headers=headers, flask_test_client=http
    )
    answer = items.emit(
        "item:details", {"item_id": refuge["item_id"]}, callback=True, namespace="/items"
    )
    received = meeting.get_received("/meeting") + items.get_received("/items")
    payloads = json.dumps([answer, received], default=str)
    assert "item_id" in payloads or answer  # something about the family was sent
    assert _leaks(payloads) == []


def test_audit_rows_exports_and_logs_hold_no_withheld_details(
    app: Flask, refuge: dict[str, object], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    case = refuge["case"]
    for who, template in PAGES.values():
        victim_id = case.victim_id  # type: ignore[attr-defined]
        path = template.format(item_id=refuge["item_id"], day=refuge["day"], victim_id=victim_id)
        _page(app, refuge[who], path)
    with app.app_context():
        rows = db.session().scalars(select(AuditEvent)).all()
        audit_text = json.dumps(
            [[getattr(r, c.name) for c in AuditEvent.__table__.columns] for r in rows], default=str
        )
    assert len(rows) > 0 and _leaks(audit_text) == []
    client = app.test_client()
    export_user = Factory(app).user([Role.MANAGER], agency=refuge["housing_agency"])  # type: ignore[arg-type]
    sign_in(client, export_user)
    assert _leaks(client.get("/governance/audit.csv").get_data(as_text=True)) == []
    assert _leaks(caplog.text) == []


@pytest.mark.parametrize("audience", list(Audience))
def test_the_presenter_withholds_for_every_audience_and_every_other_agency(
    app: Flask, refuge: dict[str, object], audience: Audience
) -> None:
    case = refuge["case"]
    with app.app_context():
        session = db.session()
        records = session.scalars(
            select(PersonRecord).where(PersonRecord.person_id == case.victim_id)  # type: ignore[attr-defined]
        ).all()
        for viewer in (refuge["partner"], refuge["coordinator"], None):
            shown = present_person_records(session, records, viewer, audience)  # type: ignore[arg-type]
            assert all(v.address == v.postcode == v.phone == WITHHELD for v in shown)
        own = present_person_records(session, records, refuge["housing_worker"], audience)  # type: ignore[arg-type]
    expected = cases.REFUGE_ADDRESS if audience is Audience.SCREEN else WITHHELD
    assert [v.address for v in own] == [expected]


def test_free_text_and_payloads_are_scrubbed_of_withheld_details(
    app: Flask, refuge: dict[str, object]
) -> None:
    case = refuge["case"]
    with app.app_context():
        values = withheld_values(db.session(), case.family_id)  # type: ignore[attr-defined]
    note = "She is now at flat 9, 12 SAFEHAVEN ROAD, Leeds (ls97qz), call 07700900123."
    payload = {"notes": [note], "risk": "high"}
    assert _leaks(json.dumps(scrub(payload, values))) == []
    assert scrub(payload, values)["risk"] == "high"
