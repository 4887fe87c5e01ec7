"""Sessions end everywhere at once when scaled out (issue #16, finding 6): signing out on one
app process cuts off the same session's live connections held by another, through Redis."""

from __future__ import annotations

import threading

import pytest
import requests
import socketio
from flask import Flask

from frontdoor.models import User

from ..browser_fixtures import LiveServer
from ..factories import PASSWORD, Factory
from ..factories.meetings import LiveMeeting, create_meeting
from ..live.test_across_processes import _token, accept_confidentiality, two_servers

pytestmark = pytest.mark.postgres
__all__ = ["two_servers"]  # the fixture, shared with tests/live


def _signed_in(server: LiveServer, user: User) -> requests.Session:
    http = requests.Session()
    form = {"email": user.email, "password": PASSWORD}
    form["csrf_token"] = _token(http.get(f"{server.url}/sign-in").text)
    assert http.post(f"{server.url}/sign-in", data=form, allow_redirects=False).status_code == 302
    return http


def _live(server: LiveServer, http: requests.Session, meeting_id: int) -> socketio.Client:
    token = _token(http.get(f"{server.url}/").text)  # first: it may update the cookie
    client = socketio.Client(reconnection=False)
    client.connect(
        server.url,
        headers={"Cookie": "; ".join(f"{c.name}={c.value}" for c in http.cookies)},
        transports=["websocket"],
        namespaces=["/meeting", "/docs"],
        auth={"meeting_id": meeting_id, "csrf_token": token},
        wait_timeout=10,
    )
    return client


def test_signing_out_on_one_process_cuts_off_the_sessions_sockets_on_the_other(
    app: Flask, factory: Factory, two_servers: list[LiveServer]
) -> None:
    meeting: LiveMeeting = create_meeting(app, factory)
    accept_confidentiality(app, meeting)
    here = _signed_in(two_servers[0], meeting.police)
    elsewhere = _signed_in(two_servers[0], meeting.police)  # another browser, same user
    cut = _live(two_servers[1], here, meeting.meeting_id)
    kept = _live(two_servers[1], elsewhere, meeting.meeting_id)
    told, gone, kept_gone = threading.Event(), threading.Event(), threading.Event()
    cut.on("access:revoked", lambda *_: told.set(), namespace="/docs")
    cut.on("disconnect", lambda *_: gone.set(), namespace="/docs")
    kept.on("disconnect", lambda *_: kept_gone.set(), namespace="/docs")
    token = _token(here.get(f"{two_servers[0].url}/").text)
    signed_out = here.post(
        f"{two_servers[0].url}/sign-out", data={"csrf_token": token}, allow_redirects=False
    )
    assert signed_out.status_code == 302
    assert gone.wait(10) and told.is_set()
    assert not kept_gone.wait(1)  # the other browser's session goes on
    assert kept.call("meeting:state", {}, namespace="/meeting", timeout=10)["ok"] is True
    kept.disconnect()
