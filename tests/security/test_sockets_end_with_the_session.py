"""Sessions end everywhere at once (issue #16, finding 6): signing out, disabling the user or
their agency, a password change, ending sessions and the time-outs cut off that session's live
connections at once, and a silent connection hears no more broadcasts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient
from sqlalchemy import select, update

from frontdoor.auth.connections import sweep_connections
from frontdoor.db import transaction
from frontdoor.models import Role, UserSession, utcnow

from ..factories import PASSWORD, Factory, csrf_token_from, sign_in
from ..factories.meetings import LiveMeeting, create_meeting
from .test_need_to_know import LIVE_NAMESPACES, _connect

NEW_PASSWORD = "a different long passphrase"


def _browser_in_meeting(
    app: Flask, meeting: LiveMeeting
) -> tuple[FlaskClient, dict[str, SocketIOTestClient]]:
    """The police partner's browser: signed in, in the meeting on every namespace."""
    http = app.test_client()
    sign_in(http, meeting.police)
    clients = {"/meeting": _connect(app, meeting.police, meeting.meeting_id, "/meeting", http)}
    reply = clients["/meeting"].emit("meeting:accept", {}, callback=True, namespace="/meeting")
    assert reply == {"ok": True}
    for namespace in LIVE_NAMESPACES[1:]:
        clients[namespace] = _connect(app, meeting.police, meeting.meeting_id, namespace, http)
    assert _connected(clients) == list(LIVE_NAMESPACES)
    return http, clients


def _connected(clients: dict[str, SocketIOTestClient]) -> list[str]:
    return [ns for ns in LIVE_NAMESPACES if clients[ns].is_connected(ns)]


def _revoked(clients: dict[str, SocketIOTestClient]) -> list[str]:
    """The namespaces that were told their access had gone (read after the disconnect, so
    from the test client's queue: `get_received` only answers while connected)."""
    return [
        ns
        for ns, client in clients.items()
        if any(m["name"] == "access:revoked" and m["namespace"] == ns for m in client.queue)
    ]


def _post(client: FlaskClient, path: str, data: dict[str, str] | None = None) -> int:
    token = csrf_token_from(client, "/")
    return client.post(path, data={**(data or {}), "csrf_token": token}).status_code


@pytest.fixture
def meeting(app: Flask, factory: Factory) -> LiveMeeting:
    return create_meeting(app, factory, families=1)


def _admin(app: Flask, factory: Factory) -> FlaskClient:
    admin = app.test_client()
    sign_in(admin, factory.user([Role.ADMIN]))
    return admin


ENDINGS = {
    "signing out": lambda app, factory, m, http: _post(http, "/sign-out"),
    "changing the password": lambda app, factory, m, http: _post(
        http,
        "/account/password",
        {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ),
    "an administrator disabling the user": lambda app, factory, m, http: _post(
        _admin(app, factory), f"/admin/users/{m.police.id}/active/0"
    ),
    "an administrator signing the user out everywhere": lambda app, factory, m, http: _post(
        _admin(app, factory), f"/admin/users/{m.police.id}/sign-out-everywhere"
    ),
    "an administrator disabling the agency": lambda app, factory, m, http: _post(
        _admin(app, factory), f"/admin/agencies/{m.police_agency.id}/active/0"
    ),
}


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_the_sessions_live_connections_are_cut_off_at_once(
    app: Flask, factory: Factory, meeting: LiveMeeting, ending: str
) -> None:
    http, clients = _browser_in_meeting(app, meeting)
    for namespace, client in clients.items():
        client.get_received(namespace)
    assert ENDINGS[ending](app, factory, meeting, http) == 302
    assert _connected(clients) == []
    assert _revoked(clients) == list(LIVE_NAMESPACES)


def test_ending_another_session_cuts_off_only_that_sessions_connections(
    app: Flask, meeting: LiveMeeting
) -> None:
    here, here_clients = _browser_in_meeting(app, meeting)
    there, there_clients = _browser_in_meeting(app, meeting)
    assert _post(here, "/account/sessions/end-others") == 302
    assert _connected(there_clients) == []
    assert _connected(here_clients) == list(LIVE_NAMESPACES)


def test_a_silent_connection_hears_nothing_after_signing_out(
    app: Flask, meeting: LiveMeeting
) -> None:
    """The chair moves to the family after the partner signed out in another tab; the
    partner's connection, which never sent another event, receives nothing of it."""
    http, clients = _browser_in_meeting(app, meeting)
    chair_http = app.test_client()
    sign_in(chair_http, meeting.chair)
    chair = _connect(app, meeting.chair, meeting.meeting_id, "/meeting", chair_http)
    assert chair.emit("meeting:accept", {}, callback=True, namespace="/meeting") == {"ok": True}
    clients["/meeting"].get_received("/meeting")
    assert _post(http, "/sign-out") == 302
    reply = chair.emit(
        "meeting:navigate", {"item_id": meeting.item_ids[0]}, callback=True, namespace="/meeting"
    )
    assert reply["ok"] is True
    heard = [m["name"] for m in clients["/meeting"].queue if m["namespace"] == "/meeting"]
    assert "access:revoked" in heard and "meeting:navigated" not in heard


@pytest.mark.parametrize("limit", ["idle", "absolute"])
def test_the_sweep_cuts_off_connections_whose_session_timed_out(
    app: Flask, meeting: LiveMeeting, limit: str
) -> None:
    _, clients = _browser_in_meeting(app, meeting)
    _, others = _browser_in_meeting(app, meeting)
    with app.app_context():
        sweep_connections()  # (connections earlier tests left open, of their own databases)
        assert sweep_connections() == 0  # every session alive: nobody is cut off
    assert _connected(clients) == _connected(others) == list(LIVE_NAMESPACES)
    long_ago = utcnow() - timedelta(days=2)
    column = UserSession.last_seen_at if limit == "idle" else UserSession.created_at
    with app.app_context(), transaction() as tx:
        first = tx.scalars(select(UserSession.id).order_by(UserSession.created_at)).first()
        tx.execute(update(UserSession).where(UserSession.id == first).values({column: long_ago}))
    with app.app_context():
        assert sweep_connections() == len(LIVE_NAMESPACES)
    assert _connected(clients) == []
    assert _connected(others) == list(LIVE_NAMESPACES)
