"""The ex-partner scenario (#20): victim A's family contains perpetrator P; a new referral
names victim B and P. B is a new case with a linked-cases panel, and nothing of A's family —
member, address, action or history — reaches any page, live payload, PDF or e-mail B's
readers get."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from typing import Any

from flask import Flask
from flask_socketio import SocketIOTestClient
from pycrdt import Doc, Text
from pypdf import PdfReader
from sqlalchemy import select

from agenda.live.documents import TEXT_KEY, store_update
from agenda.minutes.service import close_meeting
from frontdoor.db import db, transaction
from frontdoor.extensions import socketio
from frontdoor.identity.linked_cases import linked_cases, serial_perpetrator_families
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import (
    AgendaItem,
    Attendance,
    FamilyMember,
    ItemField,
    Meeting,
    MeetingStatus,
    Minutes,
    OutboxMessage,
    Referral,
    Role,
    User,
    utcnow,
)
from tests.factories import Factory, csrf_token_from, rows, sign_in
from tests.factories.cases import Refer, person

A_HOME = dict(address="7 Elm Road", postcode="LS6 1AA")
ALICE = dict(
    role="victim", given_name="Alisande", surname="Brookhaven", date_of_birth="1990-04-02", **A_HOME
)
AVA = dict(
    role="child", given_name="Avelina", surname="Brookhaven", date_of_birth="2019-06-06", **A_HOME
)
PAUL = dict(
    role="perpetrator", given_name="Paul", surname="Stonebridge", date_of_birth="1985-01-20"
)
BETH = dict(
    role="victim",
    given_name="Beth",
    surname="Colville",
    date_of_birth="1993-08-08",
    address="2 Oak Lane",
    postcode="LS7 2BB",
)
A_NARRATIVE = "Kitchen knife incident at the Brookhaven home, neighbours called"
# Anything of A's case: her and her child's names, her address, her referral's narrative.
A_ACTION = "Outreach worker to call at Elm Road about the kitchen knife"
A_DECISION = "Alisande and Avelina stay with her sister away from Elm Road"
A_NOTES = "Brookhaven family: Paul has a key to Elm Road; Avelina's school told"
A_SECRETS = ("Alisande", "Brookhaven", "Avelina", "Elm Road", "LS6 1AA", "Kitchen knife")


def _two_cases(app: Flask, refer: Refer, factory: Factory) -> tuple[int, int]:
    first = refer(person(**ALICE), person(**PAUL, **A_HOME), person(**AVA))
    with app.app_context(), transaction() as tx:
        stored = tx.get(Referral, first.id)
        assert stored is not None
        stored.narrative = A_NARRATIVE
    with app.app_context():
        resolve_pending()
    health = factory.agency("health-b")
    second = refer(person(**BETH), person(**PAUL), agency_id=health.id)
    with app.app_context():
        resolve_pending()
        a = db.session().get(Referral, first.id)
        b = db.session().get(Referral, second.id)
        assert a is not None and b is not None and a.family_id and b.family_id
        return a.family_id, b.family_id


def test_b_is_a_new_case_linked_not_merged(app: Flask, refer: Refer, factory: Factory) -> None:
    family_a, family_b = _two_cases(app, refer, factory)
    assert family_a != family_b
    with app.app_context():
        session = db.session()
        rows = session.scalars(select(FamilyMember).where(FamilyMember.family_id == family_b))
        assert sorted(str(r.named_as) for r in rows) == ["perpetrator", "victim"]
        links = linked_cases(session, family_b)
        assert [(link.other_cases, link.meeting_dates) for link in links] == [(1, ())]
        assert serial_perpetrator_families(session, [family_a, family_b]) == {family_a, family_b}


def test_a_victim_first_named_as_perpetrator_elsewhere_is_not_joined(
    app: Flask, refer: Refer
) -> None:
    """Only a victim's case is joined: B named as 'other' in A's case gets her own case."""
    first = refer(person(**ALICE), person(**PAUL), person(**BETH | {"role": "other"}))
    second = refer(person(**BETH))
    with app.app_context():
        resolve_pending()
        a = db.session().get(Referral, first.id)
        b = db.session().get(Referral, second.id)
        assert a and b and a.family_id != b.family_id


def test_a_child_only_referral_joins_the_childs_household(app: Flask, refer: Refer) -> None:
    first = refer(person(**ALICE), person(**PAUL), person(**AVA))
    second = refer(person(**AVA))
    third = refer(person(**PAUL))  # the perpetrator alone: never joins her case
    with app.app_context():
        resolve_pending()
        a, b, c = (db.session().get(Referral, r.id) for r in (first, second, third))
        assert a and b and c
        assert b.family_id == a.family_id
        assert c.family_id != a.family_id


def _meetings(app: Flask, family_a: int, family_b: int, partner: User, chair: User) -> int:
    """A's case was discussed three weeks ago; B's is on today's agenda, partner invited."""
    today = date(2026, 12, 4)
    with app.app_context(), transaction() as tx:
        earlier = Meeting(meeting_date=today - timedelta(days=21), starts_at=utcnow())
        now = Meeting(meeting_date=today, starts_at=utcnow(), chair_id=chair.id)
        tx.add_all([earlier, now])
        tx.flush()
        a_item = AgendaItem(meeting_id=earlier.id, family_id=family_a, position=1)
        tx.add(a_item)
        tx.add(AgendaItem(meeting_id=now.id, family_id=family_b, position=1))
        tx.add(Attendance(meeting_id=now.id, user_id=partner.id, agency_id=partner.agency_id))
        tx.flush()
        # A's history: the notes, the decision and an action of the earlier meeting
        rows.action(tx, family_a, partner.agency_id, description=A_ACTION)
        tx.add(ItemField(agenda_item_id=a_item.id, name="decision", value=A_DECISION, version=1))
        store_update(tx, a_item.id, "notes", _text_update(A_NOTES), chair.id)
        tx.flush()
        earlier.status = MeetingStatus.CLOSED
        now.status = MeetingStatus.LIVE
        return now.id


def _text_update(text: str) -> bytes:
    doc: Doc = Doc()
    doc[TEXT_KEY] = Text(text)
    return doc.get_update()


def _live_payloads(app: Flask, partner: User, meeting_id: int, item_id: int) -> str:
    """Everything B's partner is sent on the live page: the meeting's state, the family's
    details and summary panel, and an action she agrees for B (its notice goes by e-mail)."""
    http = app.test_client()
    sign_in(http, partner)
    auth = {"meeting_id": meeting_id, "csrf_token": csrf_token_from(http, "/")}
    headers = {"Origin": "http://localhost"}

    def connect(namespace: str) -> SocketIOTestClient:
        return socketio.test_client(
            app, namespace=namespace, auth=auth, headers=headers, flask_test_client=http
        )

    sockets = {"/meeting": connect("/meeting")}
    replies: list[Any] = [
        sockets["/meeting"].emit("meeting:accept", {}, callback=True, namespace="/meeting")
    ]
    sockets["/items"] = connect("/items")  # the family channels open once the statement is accepted
    replies += [
        sockets["/meeting"].emit("meeting:state", {}, callback=True, namespace="/meeting"),
        sockets["/items"].emit(
            "item:details", {"item_id": item_id}, callback=True, namespace="/items"
        ),
        sockets["/items"].emit(
            "action:create",
            {
                "item_id": item_id,
                "description": "Safety visit for Beth",
                "due_on": "2030-01-02",
                "lead_agency_id": partner.agency_id,
                "lead_user_id": partner.id,
            },
            callback=True,
            namespace="/items",
        ),  # fmt: skip
    ]
    assert all(reply["ok"] for reply in replies), replies
    for ns, client in sockets.items():
        replies += client.get_received(ns)
        client.disconnect(ns)
    return json.dumps(replies, default=str)


def _leaks(text: str) -> list[str]:
    return [secret for secret in A_SECRETS if secret.lower() in text.lower()]


def test_nothing_of_a_reaches_bs_readers(app: Flask, refer: Refer, factory: Factory) -> None:
    family_a, family_b = _two_cases(app, refer, factory)
    health = factory.agency("health-b")
    partner = factory.user([Role.PARTNER], agency=health)
    chair = factory.user([Role.COORDINATOR])
    meeting_id = _meetings(app, family_a, family_b, partner, chair)
    with app.app_context():
        item_id = (
            db.session()
            .scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id))
            .one()
        )
    client = app.test_client()
    sign_in(client, partner)
    page = client.get(f"/agenda/items/{item_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Beth Colville" in html and "Paul Stonebridge" in html
    assert "Also named as the perpetrator in 1 other case, last discussed 3 weeks ago" in html
    assert _leaks(html) == []
    payloads = _live_payloads(app, partner, meeting_id, item_id)
    assert "Colville" in payloads and "Safety visit for Beth" in payloads
    assert "Also named as the perpetrator in 1 other case" in payloads  # the summary panel
    assert _leaks(payloads) == []
    with app.app_context():
        by = db.session().get(User, chair.id)
        assert by is not None
        close_meeting(by, meeting_id)
        minutes = (
            db.session().scalars(select(Minutes).where(Minutes.meeting_id == meeting_id)).one()
        )
        assert _leaks(minutes.snapshot) == []
    view = client.get(f"/meetings/{meeting_id}/minutes")
    assert view.status_code == 200 and "Beth Colville" in view.get_data(as_text=True)
    assert _leaks(view.get_data(as_text=True)) == []
    pdf = client.get(f"/meetings/{meeting_id}/minutes.pdf")
    pages = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Colville" in pages and _leaks(pages) == []
    notices = client.get("/notifications/")
    assert _leaks(notices.get_data(as_text=True)) == []
    with app.app_context():  # every e-mail written (the action's notice goes by e-mail)
        mails = db.session().scalars(select(OutboxMessage)).all()
        assert mails, "the action agreed for B should have written an e-mail"
        for mail in mails:
            assert _leaks(mail.subject + mail.text_body + mail.html_body) == []
