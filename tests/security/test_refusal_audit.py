"""Guard-level refusals are audited (ASVS 16.3.2), de-duplicated and capped so that a signed-in
attacker sweeping URLs cannot flood the log; anonymous requests are sent to sign in, unrecorded."""

from __future__ import annotations

from flask import Flask
from flask_socketio import SocketIOTestClient
from sqlalchemy import select

from frontdoor.auth.guards import Access, GuardedBlueprint, requires_roles
from frontdoor.db import db
from frontdoor.extensions import socketio
from frontdoor.models import AuditEvent, Role, User

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.meetings import create_meeting
from ..live.conftest import ORIGIN

ADMIN_PAGES = [
    "/admin/users",
    "/admin/agencies",
    "/admin/api-keys/",
    "/admin/meeting-schedule/",
    "/admin/users/1",
]


def _refusals(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == "access.refused")
        return list(db.session().scalars(query.order_by(AuditEvent.id)))


def test_a_role_guard_refusal_is_audited_once_per_endpoint(app: Flask, factory: Factory) -> None:
    partner = factory.user([Role.PARTNER])
    client = app.test_client()
    sign_in(client, partner)
    assert [client.get("/admin/users?q=secret").status_code for _ in range(3)] == [403] * 3
    (event,) = _refusals(app)
    assert (event.object_type, event.object_id) == ("endpoint", "admin.users")
    assert (event.user_id, event.agency_id) == (partner.id, partner.agency_id)
    assert event.details == {"channel": "http", "limit_reached": False}
    assert "secret" not in str(event.details) and event.purpose is None


def test_a_narrowed_route_refusal_is_audited(app: Flask, factory: Factory) -> None:
    probe = GuardedBlueprint("refusal_probe", __name__, access=Access.signed_in())

    @probe.get("/refusal-probe")
    @requires_roles(Role.ADMIN)
    def narrowed() -> str:
        return "admins only"

    app.register_blueprint(probe)
    client = app.test_client()
    sign_in(client, factory.user([Role.MANAGER]))
    assert client.get("/refusal-probe").status_code == 403
    assert [e.object_id for e in _refusals(app)] == ["refusal_probe.narrowed"]


def test_a_sweep_is_capped_and_the_last_row_says_so(app: Flask, factory: Factory) -> None:
    app.config["ACCESS_REFUSAL_AUDIT_LIMIT"] = 3
    client = app.test_client()
    sign_in(client, factory.user([Role.AGENCY_WORKER]))
    statuses = [client.get(path).status_code for path in ADMIN_PAGES]
    assert statuses == [403] * len(ADMIN_PAGES)  # refused all the same
    assert [e.details["limit_reached"] for e in _refusals(app)] == [False, False, True]


def test_other_users_refusals_are_counted_apart(app: Flask, factory: Factory) -> None:
    app.config["ACCESS_REFUSAL_AUDIT_LIMIT"] = 1
    for _ in range(2):
        client = app.test_client()
        sign_in(client, factory.user([Role.PARTNER]))
        client.get("/admin/users")
    assert len({e.user_id for e in _refusals(app)}) == 2


def test_anonymous_requests_are_not_recorded(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/admin/users").status_code == 302
    assert _refusals(app) == []


def _meeting_socket(app: Flask, user: User, meeting_id: int) -> SocketIOTestClient:
    http = app.test_client()
    sign_in(http, user)
    return socketio.test_client(
        app,
        namespace="/meeting",
        auth={"meeting_id": meeting_id, "csrf_token": csrf_token_from(http, "/")},
        headers={"Origin": ORIGIN},
        flask_test_client=http,
    )


def test_a_live_meeting_connection_refused_to_an_outsider_is_audited(
    app: Flask, factory: Factory
) -> None:
    meeting = create_meeting(app, factory, families=1)
    client = _meeting_socket(app, meeting.outsider, meeting.meeting_id)
    assert not client.is_connected("/meeting")
    (event,) = _refusals(app)
    assert (event.object_id, event.user_id) == ("socket:/meeting:connect", meeting.outsider.id)
    assert event.details["channel"] == "socketio"


def test_a_chair_only_live_event_refused_to_a_partner_is_audited(
    app: Flask, factory: Factory
) -> None:
    meeting = create_meeting(app, factory, families=1)
    client = _meeting_socket(app, meeting.police, meeting.meeting_id)
    assert client.emit("meeting:accept", {}, callback=True, namespace="/meeting") == {"ok": True}
    for _ in range(2):
        reply = client.emit("meeting:navigate", {"item_id": 0}, callback=True, namespace="/meeting")
        assert reply == {"ok": False, "error": "chair_only"}
    client.disconnect(namespace="/meeting")
    (event,) = _refusals(app)
    assert (event.object_id, event.user_id) == ("socket:/meeting:on_navigate", meeting.police.id)
