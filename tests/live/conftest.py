"""The live meeting fixtures: today's meeting (tests.factories.meetings) and Socket.IO
connections to it as a signed-in user."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient

from frontdoor.extensions import socketio
from frontdoor.models import (
    User,
)

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.meetings import LiveMeeting, create_meeting

ORIGIN = "http://localhost"


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
