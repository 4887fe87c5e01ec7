"""A meeting for today with three families, a chair and invited partners from two agencies."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient

from frontdoor.db import transaction
from frontdoor.extensions import socketio
from frontdoor.models import (
    Agency,
    AgencyKind,
    AgendaItem,
    Attendance,
    Family,
    Meeting,
    MeetingStatus,
    Role,
    User,
    utcnow,
)

from ..factories import Factory, csrf_token_from, sign_in

ORIGIN = "http://localhost"


@dataclass
class LiveMeeting:
    meeting_id: int
    item_ids: list[int]
    chair: User
    police: User
    health: User
    outsider: User
    police_agency: Agency
    health_agency: Agency


def create_meeting(app: Flask, factory: Factory, families: int = 3) -> LiveMeeting:
    police_agency = factory.agency("police", AgencyKind.POLICE)
    health_agency = factory.agency("health", AgencyKind.HEALTH)
    chair = factory.user([Role.COORDINATOR], agency=police_agency)
    police = factory.user([Role.PARTNER], agency=police_agency)
    health = factory.user([Role.PARTNER], agency=health_agency)
    outsider = factory.user([Role.PARTNER], agency=health_agency)
    with app.app_context(), transaction() as tx:
        meeting = Meeting(
            meeting_date=date.today(),
            starts_at=utcnow(),
            status=MeetingStatus.LIVE,
            chair_id=chair.id,
        )
        tx.add(meeting)
        tx.flush()
        item_ids = []
        for position in range(1, families + 1):
            family = Family(label=f"Family {position}")
            tx.add(family)
            tx.flush()
            item = AgendaItem(meeting_id=meeting.id, family_id=family.id, position=position)
            tx.add(item)
            tx.flush()
            item_ids.append(item.id)
        for user in (police, health):
            tx.add(Attendance(meeting_id=meeting.id, user_id=user.id, agency_id=user.agency_id))
        meeting_id = meeting.id
    return LiveMeeting(
        meeting_id, item_ids, chair, police, health, outsider, police_agency, health_agency
    )


@pytest.fixture
def live_meeting(app: Flask, factory: Factory) -> LiveMeeting:
    return create_meeting(app, factory)


Connect = Callable[..., SocketIOTestClient]


@pytest.fixture
def connect(app: Flask) -> Iterator[Connect]:
    """Open a Socket.IO test connection as a signed-in user, with the page's CSRF token."""
    opened: list[SocketIOTestClient] = []

    def open_connection(
        user: User | None,
        meeting_id: int,
        namespace: str = "/meeting",
        *,
        origin: str | None = ORIGIN,
        csrf: str | None = None,
        http: FlaskClient | None = None,
    ) -> SocketIOTestClient:
        token = csrf
        if http is None:
            http = app.test_client()
            if user is not None:
                sign_in(http, user)
        if user is not None and token is None:
            token = csrf_token_from(http, "/")
        headers = {"Origin": origin} if origin else {}
        client = socketio.test_client(
            app,
            namespace=namespace,
            auth={"meeting_id": meeting_id, "csrf_token": token},
            headers=headers,
            flask_test_client=http,
        )
        opened.append(client)
        return client

    yield open_connection
    for client in opened:
        for namespace, connected in list(client.connected.items()):
            if connected:
                client.disconnect(namespace)
