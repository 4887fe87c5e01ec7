"""Need to know on every list and every channel (issue #16, findings 4, 10 and 18).

A family on the agenda of a meeting someone was never invited to (or was removed from, or only
sent apologies for) is invisible to them: the day's agenda answers 404, as minutes do, and no
page, list or Socket.IO event of the whole app shows the family's name. The sweeps read the
URL map and the Socket.IO server's handlers, so a new route or event is swept the day it lands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask_socketio import SocketIOTestClient
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, Rule

from agenda.live.meeting import record_apologies, set_invited
from frontdoor.access.policy import family_access
from frontdoor.db import db, transaction
from frontdoor.extensions import socketio
from frontdoor.models import (
    Action,
    AgendaItem,
    Attendance,
    Family,
    Meeting,
    Notification,
    NotificationKind,
    Role,
    User,
    utcnow,
)

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.meetings import LiveMeeting, create_meeting

SECRET = "Quillfeather"  # the name of the family nobody below may see
SECRET_DAY = date(2030, 1, 2)
LIVE_NAMESPACES = ("/meeting", "/items", "/docs")


@dataclass(frozen=True)
class Secret:
    meeting_id: int
    item_id: int
    family_id: int
    action_id: int
    notification_id: int
    readers: dict[str, User]  # who may see it
    others: dict[str, User]  # who may not

    def ids(self) -> list[int]:
        return sorted(
            {self.meeting_id, self.item_id, self.family_id, self.action_id, self.notification_id}
        )


def _secret_meeting(app: Flask, factory: Factory) -> Secret:
    """A meeting on SECRET_DAY with the secret family, an action and a notification."""
    agency = factory.agency("secret-agency")
    chair = factory.user([Role.COORDINATOR], agency=agency)
    lead = factory.user([Role.PARTNER], agency=agency)
    removed = factory.user([Role.PARTNER], agency=factory.agency("removed-agency"))
    apologised = factory.user([Role.PARTNER], agency=factory.agency("apologised-agency"))
    with app.app_context(), transaction() as tx:
        meeting = Meeting(meeting_date=SECRET_DAY, starts_at=utcnow(), chair_id=chair.id)
        family = Family(label=f"Family {SECRET}")
        tx.add_all([meeting, family])
        tx.flush()
        item = AgendaItem(meeting_id=meeting.id, family_id=family.id, position=1)
        tx.add(item)
        tx.add(Attendance(meeting_id=meeting.id, user_id=lead.id, agency_id=agency.id))
        tx.flush()
        action = Action(
            agenda_item_id=item.id,
            family_id=family.id,
            description=f"Visit the {SECRET} family",
            lead_agency_id=agency.id,
            lead_user_id=lead.id,
            due_on=SECRET_DAY,
        )
        tx.add(action)
        tx.flush()
        notice = Notification(
            user_id=lead.id,
            kind=NotificationKind.ACTION_ASSIGNED,
            action_id=action.id,
            occasion="need-to-know",
        )
        tx.add(notice)
        tx.flush()
        ids = (meeting.id, item.id, family.id, action.id, notice.id)
        set_invited(tx, meeting.id, removed.id, removed.agency_id, True)
        set_invited(tx, meeting.id, removed.id, removed.agency_id, False)  # the chair removed them
        record_apologies(tx, meeting.id, apologised.id, "On leave")  # never invited
    unrelated = factory.agency("unrelated")
    others = {f"outsider {role.value}": factory.user([role], agency=unrelated) for role in Role}
    del others[f"outsider {Role.COORDINATOR.value}"]  # a coordinator's role opens every family
    others |= {"removed partner": removed, "partner who sent apologies": apologised}
    return Secret(*ids, readers={"chair": chair, "lead": lead}, others=others)


@pytest.fixture
def secret(app: Flask, factory: Factory) -> Secret:
    return _secret_meeting(app, factory)


def _page(app: Flask, user: User, url: str) -> tuple[int, str]:
    client = app.test_client()
    sign_in(client, user)
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def test_the_days_agenda_is_shown_only_to_those_invited(app: Flask, secret: Secret) -> None:
    url = f"/agenda/{SECRET_DAY.isoformat()}"
    for label, user in secret.readers.items():
        status, body = _page(app, user, url)
        assert (label, status, SECRET in body) == (label, 200, True)
    refused = {label: _page(app, user, url)[0] for label, user in secret.others.items()}
    partners = {label for label, user in secret.others.items() if user.has_role(Role.PARTNER)}
    assert {label: refused[label] for label in partners} == dict.fromkeys(partners, 404)
    assert set(refused.values()) <= {403, 404}


def test_a_partner_removed_by_the_chair_loses_the_agenda(
    app: Flask, factory: Factory, secret: Secret
) -> None:
    lead = secret.readers["lead"]
    url = f"/agenda/{SECRET_DAY.isoformat()}"
    assert _page(app, lead, url)[0] == 200
    with app.app_context(), transaction() as tx:
        set_invited(tx, secret.meeting_id, lead.id, lead.agency_id, False)
    assert _page(app, lead, url)[0] == 404


def test_apologies_recorded_in_the_live_meeting_never_invite(app: Flask, factory: Factory) -> None:
    """Finding 10: the chair records apologies for someone not invited; they gain nothing."""
    meeting = create_meeting(app, factory, families=1)
    stranger = factory.user([Role.PARTNER], agency=factory.agency("stranger"))
    chair = _join(app, meeting.chair, meeting.meeting_id)
    reply = chair["/meeting"].emit(
        "meeting:apologies",
        {"user_id": stranger.id, "text": "Sorry"},
        callback=True,
        namespace="/meeting",
    )
    assert reply == {"ok": True}
    with app.app_context():
        session = db.session()
        viewer = session.get(User, stranger.id)
        item = session.get(AgendaItem, meeting.item_ids[0])
        assert viewer is not None and item is not None
        assert not family_access(session, viewer, item.family_id)
        row = session.scalar(
            select(Attendance).where(
                Attendance.meeting_id == meeting.meeting_id, Attendance.user_id == stranger.id
            )
        )
        assert row is not None and row.apologies == "Sorry" and row.invited is False
    assert _page(app, stranger, f"/agenda/{date.today().isoformat()}")[0] == 404
    assert _page(app, stranger, f"/agenda/items/{meeting.item_ids[0]}")[0] in (403, 404)
    assert not _connect(app, stranger, meeting.meeting_id, "/meeting").is_connected("/meeting")


# --- The sweep over every route of the URL map -------------------------------------------


def _urls(app: Flask, rule: Rule, secret: Secret) -> set[str]:
    """The rule's URL with every argument set to each of the secret's keys: integers to each
    of its ids, days to its meeting's date, other strings to a plain word."""
    if not rule.arguments:
        return {rule.build({})[1]}  # type: ignore[index]
    urls = set()
    for value in secret.ids():
        values: dict[str, Any] = {}
        for argument, converter in rule._converters.items():
            kind = type(converter).__name__
            if isinstance(converter, IntegerConverter):
                values[argument] = value
            elif argument == "day":
                values[argument] = SECRET_DAY.isoformat()
            elif kind == "AnyConverter":
                values[argument] = sorted(converter.items)[0]  # type: ignore[attr-defined]
            else:
                values[argument] = "x"
        urls.add(rule.build(values)[1])  # type: ignore[index]
    return urls


def _get_rules(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules() if "GET" in (r.methods or set())]


def test_no_page_or_list_shows_the_family_to_anyone_without_a_relationship(
    app: Flask, secret: Secret
) -> None:
    urls = sorted({url for rule in _get_rules(app) for url in _urls(app, rule, secret)})
    assert any(url.startswith("/agenda/2030-01-02") for url in urls)  # date keys are swept
    assert f"/actions/{secret.action_id}" in urls  # integer keys are swept
    leaks, errors = [], []
    for label, user in secret.others.items():
        client = app.test_client()
        sign_in(client, user)
        for url in urls:
            response = client.get(url)
            if response.status_code >= 500:
                errors.append((label, url, response.status_code))
            elif SECRET in response.get_data(as_text=True):
                leaks.append((label, url))
    assert leaks == []
    assert errors == []


def test_the_sweep_would_see_the_family_where_it_is_shown(app: Flask, secret: Secret) -> None:
    """The control: the lead partner sees the family on the agenda, its page and the action."""
    lead = secret.readers["lead"]
    for url in (
        f"/agenda/{SECRET_DAY.isoformat()}",
        f"/agenda/items/{secret.item_id}",
        f"/actions/{secret.action_id}",
        "/actions/",
    ):
        status, body = _page(app, lead, url)
        assert (url, status, SECRET in body) == (url, 200, True)


# --- The sweep over every Socket.IO event ----------------------------------------------------


def _connect(app: Flask, user: User, meeting_id: int, namespace: str, http=None):  # type: ignore[no-untyped-def]
    if http is None:
        http = app.test_client()
        sign_in(http, user)
    return socketio.test_client(
        app,
        namespace=namespace,
        auth={"meeting_id": meeting_id, "csrf_token": csrf_token_from(http, "/")},
        headers={"Origin": "http://localhost"},
        flask_test_client=http,
    )


def _join(app: Flask, user: User, meeting_id: int) -> dict[str, SocketIOTestClient]:
    http = app.test_client()
    sign_in(http, user)
    clients = {"/meeting": _connect(app, user, meeting_id, "/meeting", http)}
    accepted = clients["/meeting"].emit("meeting:accept", {}, callback=True, namespace="/meeting")
    assert accepted == {"ok": True}
    for namespace in LIVE_NAMESPACES[1:]:
        clients[namespace] = _connect(app, user, meeting_id, namespace, http)
        assert clients[namespace].is_connected(namespace)
    return clients


def live_events() -> list[tuple[str, str]]:
    """Every event every live namespace handles (read from the server, not listed by hand)."""
    handlers = socketio.server.handlers  # type: ignore[union-attr]
    return sorted(
        (namespace, event)
        for namespace in LIVE_NAMESPACES
        for event in handlers.get(namespace, {})
        if event not in {"connect", "disconnect"}
    )


def _probe(secret: Secret) -> dict[str, Any]:
    """One payload naming the secret meeting's records in every key an event reads."""
    return {
        "item_id": secret.item_id,
        "action_id": secret.action_id,
        "family_id": secret.family_id,
        "meeting_id": secret.meeting_id,
        "user_id": secret.readers["lead"].id,
        "field": "notes",
        "name": "decision",
        "value": "x",
        "version": 0,
        "text": "x",
        "invited": True,
        "description": "x",
        "lead_agency_id": 1,
        "due_on": "2030-01-03",
        "outcome": "done",
    }


def _everything_received(clients: dict[str, SocketIOTestClient]) -> str:
    return repr([c.get_received(ns) for ns, c in clients.items() if c.is_connected(ns)])


def test_the_event_sweep_covers_every_live_event(app: Flask) -> None:
    events = live_events()
    assert ("/meeting", "meeting:state") in events and ("/docs", "doc:sync") in events
    assert len(events) >= 13


@pytest.mark.parametrize("who", ["chair", "police"])
def test_no_socket_event_reveals_a_family_of_another_meeting(
    app: Flask, factory: Factory, secret: Secret, who: str
) -> None:
    """Members of meeting A name meeting B's records in every event: nothing of B comes back,
    in the reply or in any broadcast, and no event fails."""
    meeting: LiveMeeting = create_meeting(app, factory, families=1)
    user = meeting.chair if who == "chair" else meeting.police
    clients = _join(app, user, meeting.meeting_id)
    watcher = _join(app, meeting.health, meeting.meeting_id)
    replies = {}
    for namespace, event in live_events():
        replies[event] = clients[namespace].emit(
            event, _probe(secret), callback=True, namespace=namespace
        )
    assert all(isinstance(r, dict) for r in replies.values()), replies
    assert SECRET not in repr(replies)
    assert SECRET not in _everything_received(clients) + _everything_received(watcher)
    assert "item_id" not in repr(replies["action:reassign"])  # finding 18: no agenda item id
    assert str(secret.item_id) not in str(replies["action:reassign"].get("message", ""))


def test_every_socket_event_is_refused_once_the_invitation_is_withdrawn(
    app: Flask, factory: Factory
) -> None:
    meeting = create_meeting(app, factory, families=1)
    answers = {}
    for namespace, event in live_events():
        _invite(app, meeting, True)
        clients = _join(app, meeting.police, meeting.meeting_id)
        _invite(app, meeting, False)
        answers[event] = clients[namespace].emit(
            event, {"item_id": meeting.item_ids[0]}, callback=True, namespace=namespace
        )
    assert answers == dict.fromkeys(answers, {"ok": False, "error": "forbidden"})


def _invite(app: Flask, meeting: LiveMeeting, invited: bool) -> None:
    with app.app_context(), transaction() as tx:
        row = tx.scalar(
            select(Attendance).where(
                Attendance.meeting_id == meeting.meeting_id,
                Attendance.user_id == meeting.police.id,
            )
        )
        assert row is not None
        row.invited = invited
