"""Two app processes sharing PostgreSQL and Redis: users on different processes see each other."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests
import socketio
from flask import Flask
from pycrdt import Doc, Text
from sqlalchemy import select

from agenda.live import documents
from frontdoor.db import db, transaction
from frontdoor.models import Attendance, User, utcnow

from ..browser_fixtures import LiveServer, start_server
from ..conftest import REDIS_URL
from ..factories import PASSWORD, Factory
from ..factories.meetings import LiveMeeting, create_meeting

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_servers(app: Flask, database_url: str, instance_path: str) -> Iterator[list[LiveServer]]:
    env = {
        "DATABASE_URL": database_url,
        "FRONTDOOR_INSTANCE": str(instance_path),
        "SECRET_KEY": "test-secret-key-not-for-production",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "1024",
        "REDIS_URL": REDIS_URL or "",
    }
    servers = [start_server(env), start_server(env)]
    yield servers
    for server in servers:
        server.stop(graceful=False)


def connect(
    server: LiveServer,
    user: User,
    meeting_id: int,
    namespaces: tuple[str, ...] = ("/meeting", "/docs"),
) -> socketio.Client:
    http = requests.Session()
    http.post(
        f"{server.url}/sign-in",
        data={
            "email": user.email,
            "password": PASSWORD,
            "csrf_token": _token(http.get(f"{server.url}/sign-in").text),
        },
    )
    token = _token(http.get(f"{server.url}/").text)
    client = socketio.Client(reconnection=False)
    cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
    client.connect(
        server.url,
        headers={"Cookie": cookie},
        transports=["websocket"],
        namespaces=list(namespaces),
        auth={"meeting_id": meeting_id, "csrf_token": token},
        wait_timeout=10,
    )
    return client


def _token(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def accept_confidentiality(app: Flask, meeting: LiveMeeting) -> None:
    with app.app_context(), transaction() as tx:
        for row in tx.scalars(
            select(Attendance).where(Attendance.meeting_id == meeting.meeting_id)
        ):
            row.confidentiality_accepted_at = utcnow()


def test_an_edit_on_one_process_reaches_a_user_on_the_other(
    app: Flask, factory: Factory, two_servers: list[LiveServer]
) -> None:
    meeting: LiveMeeting = create_meeting(app, factory)
    accept_confidentiality(app, meeting)
    police = connect(two_servers[0], meeting.police, meeting.meeting_id)
    health = connect(two_servers[1], meeting.health, meeting.meeting_id)
    arrived = threading.Event()
    relayed: list[dict[str, str]] = []

    def on_update(message: dict[str, str]) -> None:
        relayed.append(message)
        arrived.set()

    health.on("doc:update", on_update, namespace="/docs")
    doc: Doc = Doc()
    doc.get(documents.TEXT_KEY, type=Text).insert(0, "across processes")
    reply = police.call(
        "doc:update",
        {
            "item_id": meeting.item_ids[0],
            "field": "notes",
            "update": documents.encode(bytes(doc.get_update())),
            "op": "x-1",
        },
        namespace="/docs",
    )
    assert reply == {"ok": True, "op": "x-1"}
    assert arrived.wait(10)
    received: Doc = Doc()
    received.apply_update(documents.decode(relayed[0]["update"]))
    assert str(received.get(documents.TEXT_KEY, type=Text)) == "across processes"
    with app.app_context():
        assert documents.text_of(db.session(), meeting.item_ids[0], "notes") == "across processes"
    for client in (police, health):
        client.disconnect()


def test_a_removal_on_one_process_cuts_off_the_user_on_the_other(
    app: Flask, factory: Factory, two_servers: list[LiveServer]
) -> None:
    meeting: LiveMeeting = create_meeting(app, factory)
    accept_confidentiality(app, meeting)
    chair = connect(two_servers[0], meeting.chair, meeting.meeting_id, ("/meeting",))
    police = connect(two_servers[1], meeting.police, meeting.meeting_id)
    gone = threading.Event()
    police.on("disconnect", lambda *args: gone.set(), namespace="/docs")
    assert chair.call("meeting:accept", {}, namespace="/meeting") == {"ok": True}
    reply = chair.call(
        "meeting:set_invited",
        {"user_id": meeting.police.id, "invited": False},
        namespace="/meeting",
    )
    assert reply == {"ok": True}
    assert gone.wait(10)
    chair.disconnect()
