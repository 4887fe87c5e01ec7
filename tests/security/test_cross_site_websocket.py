"""Cross-site WebSocket hijacking: a page on another origin, riding the user's cookie, cannot
open the live meeting's Socket.IO connection. Real gunicorn, real WebSocket handshake."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests
import socketio
from flask import Flask

from ..browser_fixtures import LiveServer
from ..factories import PASSWORD, Factory
from ..factories.meetings import create_meeting


def _signed_in_http(server: LiveServer, email: str) -> tuple[requests.Session, str]:
    http = requests.Session()
    page = http.get(f"{server.url}/sign-in", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    response = http.post(
        f"{server.url}/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    home = http.get(f"{server.url}/", timeout=10).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', home)
    assert csrf is not None
    return http, csrf.group(1)


@pytest.fixture
def meeting_member(
    app: Flask, factory: Factory, live_server: LiveServer
) -> Iterator[tuple[str, int]]:
    meeting = create_meeting(app, factory, families=1)
    yield meeting.police.email, meeting.meeting_id


def _connect(
    server: LiveServer, http: requests.Session, csrf: str, meeting_id: int, origin: str | None
) -> bool:
    """Open the WebSocket with exactly this Origin header (or none at all)."""
    origin_option = {"origin": origin} if origin else {"suppress_origin": True}
    client = socketio.Client(reconnection=False, websocket_extra_options=origin_option)
    cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
    try:
        client.connect(
            server.url,
            headers={"Cookie": cookie},
            auth={"meeting_id": meeting_id, "csrf_token": csrf},
            namespaces=["/meeting"],
            transports=["websocket"],
            wait_timeout=5,
        )
    except socketio.exceptions.ConnectionError:
        return False
    connected = client.connected
    client.disconnect()
    return bool(connected)


# Origin sent → admitted? ("SAME" is the server's own origin.) Add a row for any new case.
ORIGINS: dict[str | None, bool] = {
    "SAME": True,
    "https://evil.example": False,
    "http://127.0.0.1.evil.example": False,
    "null": False,
    None: False,
}


def test_the_live_meeting_refuses_foreign_origins(
    live_server: LiveServer, meeting_member: tuple[str, int]
) -> None:
    email, meeting_id = meeting_member
    http, csrf = _signed_in_http(live_server, email)
    admitted = {
        origin: _connect(
            live_server, http, csrf, meeting_id, live_server.url if origin == "SAME" else origin
        )
        for origin in ORIGINS
    }
    assert admitted == ORIGINS
