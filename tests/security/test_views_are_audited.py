"""Every view of case data is audited, one event per view (issue #16, finding 15).

A table drives the sweep: each page, list, export, look-up (web and API) and live read that
shows case data is opened once by someone allowed to, and exactly one audit event of the named
kind, for that user, must follow; its details hold identifiers and counts, never the case data
shown (the look-up's search terms are keyed hashes that can be checked, not read). The
coverage tests read the URL map and the Socket.IO server: a GET route or live event that is
in neither the table nor the list of those that show no case data (with the reason) fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask_socketio import SocketIOTestClient
from sqlalchemy import func, select

from frontdoor.access.claims import claim_access
from frontdoor.audit.terms import was_searched
from frontdoor.db import db, transaction
from frontdoor.extensions import socketio
from frontdoor.intake import apikeys
from frontdoor.intake.service import import_police_file
from frontdoor.models import (
    Action,
    AgendaItem,
    AuditEvent,
    Notification,
    NotificationKind,
    QuarantinedRow,
    Role,
    User,
)

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.meetings import LiveMeeting, create_meeting
from ..factories.police_file import person_row, police_csv
from .test_need_to_know import live_events

NAME = "Quenby"  # a name in the case data every view below shows or searches
PURPOSE = "Before tomorrow's home visit"


@dataclass(frozen=True)
class World:
    meeting: LiveMeeting
    users: dict[str, User]
    row_id: int  # a quarantined police row
    claim_id: int
    notification_id: int
    api_token: str
    family_id: int
    action_id: int


@dataclass(frozen=True)
class View:
    key: str  # the endpoint, or "namespace event"
    action: str  # the audit event it must leave, once
    viewer: str
    url: Callable[[World], str] = lambda w: ""


VIEWS = [
    View("notifications.index", "notifications.viewed", "police", lambda w: "/notifications/"),
    View("intake.quarantine", "quarantine.viewed", "chair", lambda w: "/intake/quarantine"),
    View(
        "intake.quarantined_row",
        "quarantine.row_viewed",
        "chair",
        lambda w: f"/intake/quarantine/{w.row_id}",
    ),
    View(
        "intake.quarantine_csv", "quarantine.exported", "chair", lambda w: "/intake/quarantine.csv"
    ),
    View(
        "identity.review_queue",
        "identity.review_queue_viewed",
        "chair",
        lambda w: "/identity/review",
    ),
    View(
        "governance.claims", "governance.claims_viewed", "manager", lambda w: "/governance/claims"
    ),
    View(
        "identity_lookup.who_is_in_contact",
        "identity.lookup",
        "worker",
        lambda w: "/who-is-in-contact",
    ),
    View("intake_api.who_is_in_contact", "identity.lookup", "api"),
    View("agenda.day", "agenda.viewed", "chair", lambda w: f"/agenda/{date.today().isoformat()}"),
    View(
        "agenda.family",
        "family.viewed",
        "chair",
        lambda w: f"/agenda/items/{w.meeting.item_ids[0]}",
    ),
    View(
        "identity.family", "family.viewed", "chair", lambda w: f"/identity/families/{w.family_id}"
    ),
    View("tracking.action", "action.viewed", "police", lambda w: f"/actions/{w.action_id}"),
    View("governance.audit_export", "audit.exported", "manager", lambda w: "/governance/audit.csv"),
    View("outcomes.export", "outcomes.exported", "manager", lambda w: "/outcomes.csv"),
    View("tracking.our_actions", "action.list_viewed", "police", lambda w: "/actions/"),
    View("tracking.overdue", "action.overdue_viewed", "chair", lambda w: "/actions/overdue"),
    View("triage.marac_list", "marac.list_viewed", "chair", lambda w: "/marac"),
    View("children.tracker", "children.tracker_viewed", "chair", lambda w: "/children/notices"),
    View(
        "children_meeting.page",
        "children.viewed",
        "police",
        lambda w: f"/items/{w.meeting.item_ids[0]}/children",
    ),
    View("/meeting meeting:state", "meeting.state_viewed", "police"),
    View("/docs doc:sync", "document.synced", "police"),
]

LOOKUP = {"given_name": NAME, "surname": "Smith", "postcode": "LS6 1AA"}


def _world(app: Flask, factory: Factory) -> World:
    meeting = create_meeting(app, factory, families=1)
    manager = factory.user([Role.MANAGER], agency=meeting.police_agency)
    worker = factory.user([Role.AGENCY_WORKER], agency=meeting.health_agency)
    with app.app_context():
        import_police_file(
            police_csv([person_row("Q-1", given_name=NAME, date_of_birth="31/02/1990")]),
            agency_id=meeting.police_agency.id,
            filename="night.csv",
        )
        family_id = db.session().get(AgendaItem, meeting.item_ids[0]).family_id  # type: ignore[union-attr]
        claim = claim_access(meeting.police, family_id=family_id, reason=f"Checking {NAME} today")
        token = apikeys.create_key(meeting.health_agency.id, "Health EPR", None).token
    with app.app_context(), transaction() as tx:
        row_id = tx.scalar(select(func.max(QuarantinedRow.id)))
        action = Action(
            agenda_item_id=meeting.item_ids[0], family_id=family_id,
            description=f"Visit {NAME}", lead_agency_id=meeting.police_agency.id,
            lead_user_id=meeting.police.id, due_on=date.today(),
        )  # fmt: skip
        tx.add(action)
        tx.flush()
        notice = Notification(
            user_id=meeting.police.id, kind=NotificationKind.ACTION_ASSIGNED,
            action_id=action.id, occasion="audit sweep",
        )  # fmt: skip
        tx.add(notice)
        tx.flush()
        notice_id, action_id = notice.id, action.id
    assert row_id is not None
    users = {"chair": meeting.chair, "police": meeting.police, "manager": manager, "worker": worker}
    return World(meeting, users, row_id, claim.id, notice_id, token, family_id, action_id)


@pytest.fixture
def world(app: Flask, factory: Factory) -> World:
    return _world(app, factory)


def _events(app: Flask, after: int) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session().scalars(select(AuditEvent).where(AuditEvent.id > after)))


def _last_id(app: Flask) -> int:
    with app.app_context():
        return db.session().scalar(select(func.max(AuditEvent.id))) or 0


def _socket(app: Flask, world: World, namespace: str) -> SocketIOTestClient:
    http = app.test_client()
    sign_in(http, world.meeting.police)
    token = csrf_token_from(http, "/")
    clients = {}
    for ns in ("/meeting", namespace):
        clients[ns] = socketio_client(app, http, world, ns, token)
        if ns == "/meeting":
            reply = clients[ns].emit("meeting:accept", {}, callback=True, namespace=ns)
            assert reply == {"ok": True}
    return clients[namespace]


def socketio_client(
    app: Flask, http: object, world: World, namespace: str, token: str
) -> SocketIOTestClient:
    return socketio.test_client(
        app, namespace=namespace, flask_test_client=http,  # type: ignore[arg-type]
        auth={"meeting_id": world.meeting.meeting_id, "csrf_token": token},
        headers={"Origin": "http://localhost"},
    )  # fmt: skip


def _open(app: Flask, world: World, view: View) -> tuple[int, str]:
    """Open the view once; the status and the body (or reply) it answered."""
    if view.viewer == "api":
        response = app.test_client().post(
            "/api/v1/who-is-in-contact", json={**LOOKUP, "purpose": PURPOSE},
            headers={"Authorization": f"Bearer {world.api_token}"},
        )  # fmt: skip
        return response.status_code, response.get_data(as_text=True)
    if " " in view.key:
        namespace, event = view.key.split(" ")
        client = _socket(app, world, namespace)
        payload = {"item_id": world.meeting.item_ids[0], "field": "notes"}
        reply = client.emit(event, payload, callback=True, namespace=namespace)
        return (200 if reply.get("ok") else 400), repr(reply)
    client = app.test_client()
    sign_in(client, world.users[view.viewer])
    if view.key == "identity_lookup.who_is_in_contact":
        token = csrf_token_from(client, view.url(world))
        response = client.post(view.url(world), data={**LOOKUP, "purpose": PURPOSE,
                                                      "csrf_token": token})  # fmt: skip
    else:
        response = client.get(view.url(world))
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("view", VIEWS, ids=[v.key for v in VIEWS])
def test_each_view_of_case_data_leaves_one_audit_event_of_identifiers(
    app: Flask, world: World, view: View
) -> None:
    before = _last_id(app)
    status, _ = _open(app, world, view)
    assert status == 200
    events = [e for e in _events(app, before) if e.action == view.action]
    assert len(events) == 1, [e.action for e in _events(app, before)]
    event = events[0]
    if view.viewer == "api":
        assert event.agency_id == world.meeting.health_agency.id
    else:
        assert event.user_id == world.users[view.viewer].id
    assert NAME not in str(event.details) and NAME.lower() not in str(event.details).lower()


def test_the_look_up_s_terms_can_be_checked_against_the_log_but_not_read(
    app: Flask, world: World
) -> None:
    before = _last_id(app)
    _open(app, world, next(v for v in VIEWS if v.viewer == "api"))
    (event,) = [e for e in _events(app, before) if e.action == "identity.lookup"]
    terms = event.details["terms"]
    assert set(terms) == {"given_name", "surname", "postcode"}
    assert "LS6" not in str(terms) and "ls61aa" not in str(terms).lower()
    with app.app_context():
        assert was_searched(terms, "postcode", "ls6 1aa")  # normalised: space and case
        assert was_searched(terms, "given_name", NAME.upper())
        assert not was_searched(terms, "postcode", "LS6 2AA")
        assert not was_searched(terms, "surname", NAME)  # each term under its own field


def test_the_terms_hash_is_keyed_another_key_gives_another_digest(app: Flask, world: World) -> None:
    before = _last_id(app)
    _open(app, world, next(v for v in VIEWS if v.viewer == "api"))
    (event,) = [e for e in _events(app, before) if e.action == "identity.lookup"]
    with app.app_context():
        app.config["AUDIT_KEY"] = "ab" * 32
        try:
            assert not was_searched(event.details["terms"], "postcode", "LS6 1AA")
        finally:
            app.config["AUDIT_KEY"] = None


# --- Coverage: every GET route and live event is in the table or says why not -------------

NO_CASE_DATA = {
    "access.claim": "the self-claim form (audited when the claim is made: access.self_claimed)",
    "account.password": "the user's own password form",
    "account.sessions_page": "the user's own sessions, summarised",
    "admin.agencies": "account administration: agencies",
    "admin.edit_user": "account administration: one staff account",
    "admin.role_grants": "account administration: role grants waiting for approval",
    "admin.sharing_register": "the agencies on the information-sharing register",
    "admin.users": "account administration: staff accounts",
    "agenda_admin.schedule": "the meeting schedule: dates and times",
    "agenda_admin.standing_members": "who attends by default: staff, not cases",
    "api_keys.keys": "the agency's API keys (names and dates)",
    "auth.login": "sign-in",
    "auth.oidc_callback": "sign-in",
    "auth.oidc_start": "sign-in",
    "auth.two_factor": "sign-in",
    "auth.two_factor_setup": "sign-in",
    "health.healthz": "liveness probe",
    "intake.upload": "the upload form and batch counts (no rows)",
    "intake_api_docs.openapi": "the API's description",
    "mail.choices": "the user's own e-mail choices",
    "notice.acknowledge": "the privacy notice",
    "ops.metrics": "operational counters",
    "ops.readyz": "readiness probe",
    "referral_form.start": "an empty referral form",
    "static": "static files",
    "vendor.asset": "static files",
    "vendor.govuk_asset": "static files",
    "web.home": "the home page: counts only",
}

# Views of case data audited by code (and tests) of their own, needing a world of their own.
AUDITED_ELSEWHERE = {
    "identity.person": "person.viewed (frontdoor/identity/review.py::view_person)",
    "identity.review_pair": "identity.review_viewed — tests/identity/test_review.py",
    "minutes.view": "minutes.viewed — tests/minutes/test_minutes_out.py::test_every_view_…",
    "minutes.pdf": "minutes.viewed — tests/minutes/test_minutes_out.py::test_every_view_…",
}

# Pages that show no case record, or only the viewer's own unsent draft, or counts.
NOT_CASE_RECORDS = {
    "agenda.add": "the add-a-family form; its search POSTs (agenda curation is audited)",
    "agenda.today": "a redirect to agenda.day",
    "children.key_adults_csv": "schools' key adults: school staff, not cases",
    "children.schools_page": "schools and their key adults: school staff, not cases",
    "live.meeting_page": "the live meeting's shell: its data comes by meeting:state (audited)",
    "mail_admin.outbox_page": "the e-mail outbox: subjects and recipients (staff), no case data",
    "minutes.confirm_close": "the close-the-meeting page: counts of the meeting's items",
    "minutes.index": "the list of minutes: meeting dates",
    "open_cases.upload": "the open-cases upload form and batch counts",
    "outcomes.dashboard": "outcome figures: aggregates only (its CSV export is audited)",
    "referral_form.check": "the user's own referral draft, before it is sent",
    "referral_form.incident": "the user's own referral draft, before it is sent",
    "referral_form.people": "the user's own referral draft, before it is sent",
    "referral_form.person": "the user's own referral draft, before it is sent",
}


def test_every_get_route_is_in_the_table_or_says_why_not(app: Flask) -> None:
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if "GET" in (r.methods or set())}
    listed = (
        {v.key for v in VIEWS if "." in v.key and " " not in v.key}
        | set(NO_CASE_DATA)
        | set(AUDITED_ELSEWHERE)
        | set(NOT_CASE_RECORDS)
    )
    assert endpoints - listed == set()
    assert listed - endpoints <= {"intake_api.who_is_in_contact"}


def test_the_named_live_reads_are_live_events(app: Flask) -> None:
    events = {f"{namespace} {event}" for namespace, event in live_events()}
    assert {v.key for v in VIEWS if " " in v.key} <= events
