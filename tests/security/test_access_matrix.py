"""Role × endpoint × record: every route and Socket.IO namespace that shows or changes a case
record refuses whoever the access model refuses, including by guessing identifiers (IDOR).

Tables drive everything: a new route that takes a record identifier must be added to
RECORD_ROUTES (one line) or to NOT_RECORD_ROUTES with the reason; the coverage test fails
until it is. A route listed with `gap=` is a known hole, proven by a strict xfail: the day it
is fixed the test turns red until the `gap` is removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient
from sqlalchemy.orm import Session

from agenda.tracking.rules import Lead, Viewer, may_close, may_update, may_view
from frontdoor.access.policy import family_access
from frontdoor.auth.guards import roles_for_endpoint
from frontdoor.db import db
from frontdoor.extensions import socketio
from frontdoor.models import (
    Action,
    AgendaItem,
    Attendance,
    Role,
    User,
)

from ..factories import Factory, csrf_token_from, sign_in
from .access_world import World, build_world
from .routes import blueprint_of


@dataclass(frozen=True)
class RecordRoute:
    endpoint: str
    method: str
    url: Callable[[World], str]
    protects: str  # "family" | "meeting" | "claim"
    gap: str | None = None


RECORD_ROUTES = [
    RecordRoute(
        "agenda.family",
        "GET",
        lambda w: f"/agenda/items/{w.item_id}",
        "family",
    ),
    RecordRoute(
        "agenda.family",
        "GET",
        lambda w: f"/agenda/items/{w.other_item_id}",
        "other_family",
    ),
    RecordRoute("agenda.day", "GET", lambda w: f"/agenda/{date.today().isoformat()}", "meeting"),
    RecordRoute(
        "agenda.day",
        "GET",
        lambda w: f"/agenda/{date(2029, 12, 31).isoformat()}",
        "minutes",  # the earlier meeting: its chair and the invited partner, not the removed
    ),
    RecordRoute(
        "referral_form.incident", "GET", lambda w: f"/refer/{w.draft_id}/incident", "draft"
    ),
    RecordRoute("referral_form.people", "GET", lambda w: f"/refer/{w.draft_id}/people", "draft"),
    RecordRoute("referral_form.check", "GET", lambda w: f"/refer/{w.draft_id}/check", "draft"),
    RecordRoute(
        "live.meeting_page", "GET", lambda w: f"/meetings/{w.meeting.meeting_id}/live", "meeting"
    ),
    RecordRoute(
        "children_meeting.page", "GET", lambda w: f"/items/{w.item_id}/children", "meeting"
    ),
    RecordRoute(
        "governance.review", "POST", lambda w: f"/governance/claims/{w.claim_id}/review", "claim"
    ),
    RecordRoute(
        "minutes.view", "GET", lambda w: f"/meetings/{w.minutes_meeting_id}/minutes", "minutes"
    ),
    RecordRoute(
        "minutes.pdf", "GET", lambda w: f"/meetings/{w.minutes_meeting_id}/minutes.pdf", "minutes"
    ),
    RecordRoute(
        "minutes.add_addendum",
        "POST",
        lambda w: f"/meetings/{w.minutes_meeting_id}/minutes/addenda",
        "chair",
    ),
    RecordRoute(
        "minutes.close", "POST", lambda w: f"/meetings/{w.meeting.meeting_id}/close", "chair"
    ),
    RecordRoute(
        "minutes.confirm_close", "GET", lambda w: f"/meetings/{w.meeting.meeting_id}/close", "chair"
    ),
    RecordRoute(
        "triage.confirm_lists",
        "POST",
        lambda w: f"/meetings/{w.meeting.meeting_id}/triage/confirm",
        "chair",
    ),
    RecordRoute("tracking.action", "GET", lambda w: f"/actions/{w.action_id}", "action"),
    RecordRoute(
        "tracking.add_update", "POST", lambda w: f"/actions/{w.action_id}/update", "action_update"
    ),
    RecordRoute(
        "tracking.complete", "POST", lambda w: f"/actions/{w.action_id}/complete", "action_close"
    ),
    # accept / decline: anyone who may see the action reaches the service, which then decides
    # (the lead agency, or the chair / a coordinator for it; tests/tracking)
    RecordRoute("tracking.accept", "POST", lambda w: f"/actions/{w.action_id}/accept", "action"),
    RecordRoute("tracking.decline", "POST", lambda w: f"/actions/{w.action_id}/decline", "action"),
    RecordRoute(
        "notifications.read",
        "POST",
        lambda w: f"/notifications/{w.notification_id}/read",
        "notification",
    ),
]

NOT_RECORD_ROUTES = {
    "admin.agency_active": "account administration: administrators only, no case data",
    "admin.edit_user": "account administration: administrators only, no case data",
    "admin.user_password": "account administration: administrators only, no case data",
    "admin.user_active": "account administration: administrators only, no case data",
    "admin.user_sign_out_everywhere": "account administration: administrators only, no case data",
    "admin.user_reset_two_factor": "account administration: administrators only, no case data",
    "admin.approve_role_grant": "account administration: administrators only, no case data",
    "admin.refuse_role_grant": "account administration: administrators only, no case data",
    "agenda_admin.remove_non_meeting_date": "meeting schedule: administrators only",
    "agenda.add": "coordinators only: their role opens every family (Basis.ROLE)",
    "agenda.rebuild": "coordinators only: their role opens every family (Basis.ROLE)",
    "agenda.chairs": "coordinators only: sets who chairs; no case data (Basis.ROLE)",
    "agenda.move_up": "coordinators only: their role opens every family (Basis.ROLE)",
    "agenda.move_down": "coordinators only: their role opens every family (Basis.ROLE)",
    "agenda.defer": "coordinators only: their role opens every family (Basis.ROLE)",
    "agenda.remove": "coordinators only: their role opens every family (Basis.ROLE)",
    "agenda.restore": "coordinators only: their role opens every family (Basis.ROLE)",
    "agenda.marac": "coordinators only: their role opens every family (Basis.ROLE)",
    "triage.accept": "coordinators only: accepts the day's proposed triage, no family key",
    "triage.screening": "coordinators only: their role opens every family (Basis.ROLE)",
    "triage.marac_outcome": "coordinators only: their role opens every family (Basis.ROLE)",
    "triage.add_alert": "coordinators only: their role opens every family (Basis.ROLE)",
    "identity.review_pair": "coordinators only: their role opens every person (Basis.ROLE)",
    "identity.confirm": "coordinators only: their role opens every person (Basis.ROLE)",
    "identity.reject": "coordinators only: their role opens every person (Basis.ROLE)",
    "identity.person": "coordinators only: their role opens every person (Basis.ROLE)",
    "identity.split": "coordinators only: their role opens every person (Basis.ROLE)",
    "identity.undo": "coordinators only: their role opens every person (Basis.ROLE)",
    "identity.family": "coordinators only: their role opens every family (Basis.ROLE)",
    "admin.sharing_register": "account administration: administrators only, no case data",
    "admin.sharing_entry": "account administration: administrators only, no case data",
    "identity.family_change": "coordinators only: their role opens every family (Basis.ROLE)",
    "identity.family_undo": "coordinators only: their role opens every family (Basis.ROLE)",
    "access.claim": "break-glass by design: records an expiring claim that is reviewed",
    "api_keys.revoke": "account administration: administrators only, no case data",
    "intake.quarantined_row": "coordinators only: their role opens every family (Basis.ROLE)",
    "intake.discard": "coordinators only: their role opens every family (Basis.ROLE)",
    "referral_form.person": "the draft's owner only, as the referral_form routes above",
    "referral_form.remove_person": "the draft's owner only, as the referral_form routes above",
    "mail_admin.retry": "the outbox: administrators only; the page shows no message body",
    "children.pick_school": "coordinators only: their role opens every family (Basis.ROLE)",
    "children.key_adult": "schools register: coordinators and administrators, no case data",
    "children_meeting.record_child": "the children page's own member_of check (matrix above)",
    "children_meeting.fgc": "the children page's own member_of check (matrix above)",
}


def test_every_route_taking_a_record_identifier_is_in_the_matrix(app: Flask) -> None:
    """Every key in a URL counts, whatever its type: integers, dates (`/agenda/<day>`) and
    other strings alike."""
    listed = {r.endpoint for r in RECORD_ROUTES} | set(NOT_RECORD_ROUTES)
    unlisted = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.arguments
        and blueprint_of(app, rule) is not None
        and blueprint_of(app, rule).access.kind not in ("api_key", "public")  # type: ignore[union-attr]
        and rule.endpoint not in listed
    )
    assert unlisted == []
    stale = sorted(listed - {rule.endpoint for rule in app.url_map.iter_rules()})
    assert stale == []  # a renamed or removed route: update the tables


@pytest.fixture
def world(app: Flask, factory: Factory) -> World:
    return build_world(app, factory)


def _users(world: World) -> dict[str, User]:
    return {
        **{f"outsider {role.value}": user for role, user in world.outsiders.items()},
        "invited partner": world.meeting.police,
        "chair": world.meeting.chair,
    }


def _model_allows(app: Flask, world: World, route: RecordRoute, user: User) -> bool:
    with app.app_context():
        session = db.session()
        viewer = session.get(User, user.id)
        assert viewer is not None
        if route.protects == "family":
            return family_access(session, viewer, world.family_id).allowed
        if route.protects == "other_family":
            item = session.get(AgendaItem, world.other_item_id)
            assert item is not None
            return family_access(session, viewer, item.family_id).allowed
        if route.protects == "draft":
            return viewer.id == world.meeting.police.id
        if route.protects in ACTION_RULES:
            action = session.get(Action, world.action_id)
            assert action is not None
            viewer_rules = Viewer(viewer.id, viewer.agency_id, viewer.roles)
            lead = Lead(action.lead_agency_id, action.lead_user_id)
            return ACTION_RULES[route.protects](viewer_rules, lead)
        if route.protects == "notification":
            return viewer.id == world.meeting.police.id
        if route.protects == "minutes":
            return _may_read_minutes(session, viewer, world)
        if route.protects == "chair":  # close the meeting, add to its minutes
            return viewer.has_role(Role.COORDINATOR) or viewer.id == world.meeting.chair.id
        if route.protects == "meeting":
            invited = (
                session.query(Attendance)
                .filter_by(meeting_id=world.meeting.meeting_id, user_id=viewer.id, invited=True)
                .first()
            )
            return invited is not None or viewer.has_role(Role.COORDINATOR)
        # a claim is reviewed by a manager of the claimant's agency, or an administrator
        return viewer.has_role(Role.ADMIN) or (
            viewer.has_role(Role.MANAGER) and viewer.agency_id == world.meeting.police.agency_id
        )


def _may_read_minutes(session: Session, viewer: User, world: World) -> bool:
    """Coordinators; partners invited to the meeting; managers of an agency invited to it."""
    invited = session.query(Attendance).filter_by(meeting_id=world.minutes_meeting_id, invited=True)
    if viewer.has_role(Role.COORDINATOR):
        return True
    if viewer.has_role(Role.PARTNER) and invited.filter_by(user_id=viewer.id).first():
        return True
    return viewer.has_role(Role.MANAGER) and bool(
        invited.filter_by(agency_id=viewer.agency_id).first()
    )


# the rules of agenda.tracking.rules, checked table-driven in tests/tracking/test_rules.py
ACTION_RULES = {"action": may_view, "action_update": may_update, "action_close": may_close}


def _guard_admits(app: Flask, route: RecordRoute, user: User) -> bool:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == route.endpoint)
    blueprint = blueprint_of(app, rule)
    assert blueprint is not None
    admitted = roles_for_endpoint(app.view_functions[route.endpoint], blueprint.access)
    return not admitted or bool(user.roles & admitted)


def _request(client: FlaskClient, route: RecordRoute, url: str) -> int:
    if route.method == "GET":
        return client.get(url).status_code
    token = csrf_token_from(client, "/")
    return client.open(
        url, method=route.method, data={"csrf_token": token, "outcome": "justified"}
    ).status_code


@pytest.mark.parametrize(
    "route",
    [
        pytest.param(
            r,
            id=f"{r.endpoint}-{r.protects}",
            marks=[pytest.mark.xfail(strict=True, reason=r.gap)] if r.gap else [],
        )
        for r in RECORD_ROUTES
    ],
)
def test_each_record_route_admits_exactly_whom_the_model_admits(
    app: Flask, world: World, route: RecordRoute
) -> None:
    wrong = []
    for label, user in _users(world).items():
        client = app.test_client()
        sign_in(client, user)
        status = _request(client, route, route.url(world))
        expected = _guard_admits(app, route, user) and _model_allows(app, world, route, user)
        admitted = status in (200, 302)
        if admitted != expected or (not admitted and status not in (403, 404)):
            wrong.append((label, status, "should admit" if expected else "should refuse"))
    assert wrong == []


SOCKET_NAMESPACES = ["/meeting", "/items", "/docs"]


@pytest.mark.parametrize("namespace", SOCKET_NAMESPACES)
def test_socket_namespaces_refuse_users_without_a_place_in_the_meeting(
    app: Flask, world: World, namespace: str
) -> None:
    admitted, expected = {}, {}
    for label, user in _users(world).items():
        if label in {"invited partner", "chair"}:
            continue
        # Coordinators may join any meeting; the other namespaces also need the
        # confidentiality statement accepted, which no outsider has.
        expected[label] = namespace == "/meeting" and user.has_role(Role.COORDINATOR)
        http = app.test_client()
        sign_in(http, user)
        client: SocketIOTestClient = socketio.test_client(
            app,
            namespace=namespace,
            auth={"meeting_id": world.meeting.meeting_id, "csrf_token": csrf_token_from(http, "/")},
            headers={"Origin": "http://localhost"},
            flask_test_client=http,
        )
        admitted[label] = client.is_connected(namespace)
        if admitted[label]:
            client.disconnect(namespace)
    assert admitted == expected


def test_the_invited_partner_is_admitted_to_the_meeting_namespace(app: Flask, world: World) -> None:
    http = app.test_client()
    sign_in(http, world.meeting.police)
    client = socketio.test_client(
        app,
        namespace="/meeting",
        auth={"meeting_id": world.meeting.meeting_id, "csrf_token": csrf_token_from(http, "/")},
        headers={"Origin": "http://localhost"},
        flask_test_client=http,
    )
    assert client.is_connected("/meeting")
    client.disconnect("/meeting")
