"""In-app notifications: a new action, a reassigned one (in the same transaction), due
tomorrow and overdue (a daily job that never duplicates), the page, and the header count."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from agenda.tracking import notifications
from agenda.tracking.jobs import notify_due_actions
from frontdoor.db import db, transaction
from frontdoor.models import Notification, NotificationKind, Role, User
from frontdoor.scheduler import JOBS, build_scheduler

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.meetings import LiveMeeting, family_of, make_action
from ..live.conftest import Connect
from ..live.test_protocol import join_all


def notices(app: Flask) -> list[tuple[int, str, int]]:
    with app.app_context():
        rows = db.session().scalars(select(Notification).order_by(Notification.id))
        return [(n.user_id, n.kind.value, n.action_id) for n in rows]


def create(
    client: dict, item_id: int, agency_id: int, user_id: int | None = None, agreed: bool = True
) -> dict:
    """The chair creates an action, recording (by default) that the lead agency agreed."""
    return client["/items"].emit(
        "action:create",
        {
            "item_id": item_id,
            "description": "Refer to the IDVA service",
            "lead_agency_id": agency_id,
            "lead_user_id": user_id,
            "due_on": (date.today() + timedelta(days=5)).isoformat(),
            "agency_agreed": agreed,
        },
        callback=True,
        namespace="/items",
    )


def test_a_new_action_notifies_its_named_lead_or_else_the_agencys_partners(
    app: Flask, connect: Connect, live_meeting: LiveMeeting, factory: Factory
) -> None:
    colleague = factory.user([Role.PARTNER], agency=live_meeting.health_agency)
    factory.user([Role.MANAGER], agency=live_meeting.health_agency)  # not a partner: not told
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    item = live_meeting.item_ids[0]
    named = create(chair, item, live_meeting.health_agency.id, live_meeting.health.id)
    assert named["ok"], named
    unnamed = create(chair, item, live_meeting.health_agency.id)
    assert unnamed["ok"], unnamed
    partners = sorted([live_meeting.health.id, live_meeting.outsider.id, colleague.id])
    assert notices(app) == [
        (live_meeting.health.id, "action_assigned", named["action"]["id"]),
        *[(uid, "action_assigned", unnamed["action"]["id"]) for uid in partners],
    ]


def test_a_proposed_action_notifies_every_partner_of_the_agency_as_a_proposal(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    item = live_meeting.item_ids[0]
    proposed = create(chair, item, live_meeting.health_agency.id, live_meeting.health.id, False)
    assert proposed["action"]["acceptance"] == "proposed"
    told = sorted([live_meeting.health.id, live_meeting.outsider.id])
    assert notices(app) == [(uid, "action_assigned", proposed["action"]["id"]) for uid in told]


def test_a_reassigned_action_notifies_the_new_lead(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    created = create(
        chair, live_meeting.item_ids[0], live_meeting.health_agency.id, live_meeting.health.id
    )
    action_id = created["action"]["id"]
    moved = chair["/items"].emit(
        "action:reassign",
        {
            "action_id": action_id,
            "lead_agency_id": live_meeting.police_agency.id,
            "lead_user_id": live_meeting.police.id,
            "agency_agreed": True,
        },
        callback=True,
        namespace="/items",
    )
    assert moved["ok"]
    assert notices(app)[-1] == (live_meeting.police.id, "action_reassigned", action_id)
    again = chair["/items"].emit(  # the same lead again: nothing new to tell
        "action:reassign",
        {
            "action_id": action_id,
            "lead_agency_id": live_meeting.police_agency.id,
            "lead_user_id": live_meeting.police.id,
            "agency_agreed": True,
        },
        callback=True,
        namespace="/items",
    )
    assert again["ok"] and len(notices(app)) == 2


def test_a_refused_action_leaves_no_notification(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    reply = create(
        chair, live_meeting.item_ids[0], live_meeting.health_agency.id, live_meeting.police.id
    )
    assert reply["ok"] is False
    assert notices(app) == []


def test_the_daily_job_tells_once_about_due_tomorrow_and_overdue(
    app: Flask, live_meeting: LiveMeeting
) -> None:
    family = family_of(app, live_meeting.item_ids[0])
    today = date.today()
    lead = live_meeting.health
    tomorrow = make_action(
        app, family, lead.agency_id, lead_user_id=lead.id, due_on=today + timedelta(days=1)
    )
    late = make_action(app, family, live_meeting.police_agency.id, due_on=today - timedelta(days=3))
    make_action(app, family, lead.agency_id, lead_user_id=lead.id, due_on=today + timedelta(days=2))
    with app.app_context():
        first = notify_due_actions()
        second = notify_due_actions()
        third = notifications.notify_due(today)
    assert (first.due_tomorrow, first.overdue) == (1, 1)
    assert (second.due_tomorrow, second.overdue) == (0, 0) == (third.due_tomorrow, third.overdue)
    assert sorted(notices(app)) == sorted(
        [
            (lead.id, "action_due_tomorrow", tomorrow),
            (live_meeting.police.id, "action_overdue", late),  # the police agency's partner
        ]
    )
    with app.app_context():
        next_day = notifications.notify_due(today + timedelta(days=1))
        day_after = notifications.notify_due(today + timedelta(days=2))
    assert (next_day.due_tomorrow, next_day.overdue) == (1, 0)  # the late one was told already
    assert (day_after.due_tomorrow, day_after.overdue) == (0, 1)  # "tomorrow" is now late


def test_the_job_is_scheduled_daily(app: Flask) -> None:
    app.config["ACTIONS_NOTIFY_TIME"] = "06:45"
    scheduler = build_scheduler(app)
    job = scheduler.get_job("tracking.notify_due")
    assert job is not None and "hour='6'" in str(job.trigger) and "minute='45'" in str(job.trigger)
    assert any(spec.id == "tracking.notify_due" for spec in JOBS)


def test_the_page_writes_text_at_view_time_and_marks_read(
    app: Flask, live_meeting: LiveMeeting, factory: Factory
) -> None:
    lead = live_meeting.health
    family = family_of(app, live_meeting.item_ids[0])
    action_id = make_action(
        app, family, lead.agency_id, lead_user_id=lead.id, description="Call the school"
    )
    with app.app_context(), transaction() as tx:
        for kind in (NotificationKind.ACTION_ASSIGNED, NotificationKind.ACTION_OVERDUE):
            tx.add(Notification(user_id=lead.id, kind=kind, action_id=action_id, occasion="x"))
    client = app.test_client()
    sign_in(client, lead)
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.count('data-testid="notification"') == 2 and "Call the school" in page
    assert 'data-testid="unread-count">2<' in page
    with app.app_context():
        ids = list(db.session().scalars(select(Notification.id).order_by(Notification.id)))
    token = csrf_token_from(client, "/notifications/")
    assert (
        client.post(f"/notifications/{ids[0]}/read", data={"csrf_token": token}).status_code == 302
    )
    assert 'data-testid="unread-count">1<' in client.get("/").get_data(as_text=True)
    intruder = app.test_client()
    sign_in(intruder, live_meeting.police)
    token = csrf_token_from(intruder, "/")
    assert (
        intruder.post(f"/notifications/{ids[1]}/read", data={"csrf_token": token}).status_code
        == 404
    )
    assert (
        client.post(
            "/notifications/read-all", data={"csrf_token": csrf_token_from(client, "/")}
        ).status_code
        == 302
    )
    assert 'data-testid="unread-count"' not in client.get("/").get_data(as_text=True)


def test_an_action_reassigned_away_shows_no_description(
    app: Flask, live_meeting: LiveMeeting
) -> None:
    lead = live_meeting.health
    family = family_of(app, live_meeting.item_ids[0])
    action_id = make_action(app, family, live_meeting.police_agency.id, description="Secret plan")
    with app.app_context(), transaction() as tx:
        tx.add(
            Notification(
                user_id=lead.id,
                kind=NotificationKind.ACTION_ASSIGNED,
                action_id=action_id,
                occasion="earlier",
            )
        )
        user = tx.get(User, lead.id)
        assert user is not None
        (shown,) = notifications.shown(tx, user)
    assert shown.action_id is None and "Secret plan" not in shown.description
