"""Incomplete actions at the next meeting: the agenda puts the family under "incomplete
actions"; the chair records done / carried forward / not done and why over Socket.IO; a
carried-forward action comes back at the next meeting, a done one does not."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from agenda import curation
from agenda.build import build_agenda
from agenda.family import _item_referrals
from agenda.minutes import service as minutes_service
from agenda.panels import unreached_twice
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    ActionReview,
    ActionStatus,
    AgencyKind,
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    AgendaSection,
    Attendance,
    AuditEvent,
    BuildTrigger,
    Meeting,
    MeetingStatus,
    Minutes,
    Role,
    User,
)

from ..factories import Factory, sign_in
from ..factories.cases import Member, at, family, referral
from ..factories.meetings import LiveMeeting, earlier_action, family_of, make_action
from ..live.conftest import Connect
from ..live.test_protocol import join_all

TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = (date(2026, 11, 24) + timedelta(days=n) for n in range(4))


def review(client: dict, item_id: int, action_id: int, **data: object) -> dict:
    return client["/items"].emit(
        "action:review",
        {"item_id": item_id, "action_id": action_id, **data},
        callback=True,
        namespace="/items",
    )


def details(client: dict, item_id: int) -> dict:
    return client["/items"].emit(
        "item:details", {"item_id": item_id}, callback=True, namespace="/items"
    )


@pytest.fixture
def with_earlier_action(app: Flask, live_meeting: LiveMeeting) -> tuple[int, int]:
    """Today's first item's family has an open action agreed at yesterday's meeting."""
    item_id = live_meeting.item_ids[0]
    action_id = earlier_action(
        app,
        family_of(app, item_id),
        live_meeting.health_agency.id,
        due_on=date.today() - timedelta(days=1),
    )
    return item_id, action_id


def test_item_details_lists_incomplete_actions_from_earlier_meetings(
    app: Flask, connect: Connect, live_meeting: LiveMeeting, with_earlier_action: tuple[int, int]
) -> None:
    item_id, action_id = with_earlier_action
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    reply = details(police, item_id)
    (shown,) = reply["incomplete_actions"]
    assert shown["id"] == action_id and shown["overdue"] and shown["review"] is None
    assert shown["agreed_on"] == (date.today() - timedelta(days=1)).isoformat()
    assert reply["actions"] == []  # agreed at this meeting: none yet


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"outcome": "done", "note": "Visit made"}, ActionStatus.DONE),
        ({"outcome": "carried_forward"}, ActionStatus.OPEN),
        (
            {"outcome": "not_done", "not_done_reason": "change_in_circumstance", "note": "Moved"},
            ActionStatus.NOT_DONE,
        ),
        (
            {"outcome": "not_done", "not_done_reason": "agency_did_not_act"},
            ActionStatus.NOT_DONE,
        ),
    ],
)
def test_the_chair_records_each_outcome_and_everyone_is_told(
    app: Flask,
    connect: Connect,
    live_meeting: LiveMeeting,
    with_earlier_action: tuple[int, int],
    data: dict,
    status: ActionStatus,
) -> None:
    item_id, action_id = with_earlier_action
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    reply = review(chair, item_id, action_id, **data)
    assert reply["ok"], reply
    assert reply["review"]["outcome"] == data["outcome"]
    heard = {m["name"]: m["args"][0] for m in police["/items"].get_received("/items")}
    assert heard["action:reviewed"]["action_id"] == action_id
    assert heard["action:reviewed"]["item_id"] == item_id
    assert heard["action:changed"]["change"] == "reviewed"
    with app.app_context():
        action = db.session().get(Action, action_id)
        assert action is not None and action.status == status
        assert (action.completed_at is not None) == (status == ActionStatus.DONE)
        row = db.session().scalar(select(ActionReview).where(ActionReview.action_id == action_id))
        assert row is not None and row.meeting_id == live_meeting.meeting_id
        reason = row.not_done_reason.value if row.not_done_reason else None
        assert reason == data.get("not_done_reason")
        assert (row.note or "") == data.get("note", "")
        audited = db.session().scalar(
            select(AuditEvent).where(AuditEvent.action == "action.reviewed")
        )
        assert audited is not None and audited.object_id == str(action_id)
    (shown,) = details(police, item_id)["incomplete_actions"]
    assert shown["review"]["outcome"] == data["outcome"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "not_done"}, "Say why"),
        ({"outcome": "finished"}, "Choose done"),
        ({"outcome": "carried_forward", "new_due_on": "2000-01-01"}, "cannot be before"),
        ({"outcome": "carried_forward", "new_due_on": "soon"}, "as a date"),
    ],
)
def test_a_review_must_be_complete(
    app: Flask,
    connect: Connect,
    live_meeting: LiveMeeting,
    with_earlier_action: tuple[int, int],
    data: dict,
    message: str,
) -> None:
    item_id, action_id = with_earlier_action
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    reply = review(chair, item_id, action_id, **data)
    assert reply["ok"] is False and message in reply["message"]
    with app.app_context():
        assert db.session().scalar(select(ActionReview.id)) is None


def test_only_the_chair_reviews_and_only_this_familys_earlier_actions(
    app: Flask, connect: Connect, live_meeting: LiveMeeting, with_earlier_action: tuple[int, int]
) -> None:
    item_id, action_id = with_earlier_action
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    assert review(police, item_id, action_id, outcome="done") == {
        "ok": False,
        "error": "chair_only",
    }
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    other_item = live_meeting.item_ids[1]
    wrong = review(chair, other_item, action_id, outcome="done")
    assert wrong["ok"] is False and "not an incomplete action" in wrong["message"]
    today_action = make_action(
        app, family_of(app, item_id), live_meeting.police_agency.id, item_id=item_id
    )
    same_meeting = review(chair, item_id, today_action, outcome="done")
    assert same_meeting["ok"] is False


def test_recording_again_at_the_same_meeting_replaces_the_outcome(
    app: Flask, connect: Connect, live_meeting: LiveMeeting, with_earlier_action: tuple[int, int]
) -> None:
    item_id, action_id = with_earlier_action
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    assert review(chair, item_id, action_id, outcome="done")["ok"]
    new_due = (date.today() + timedelta(days=7)).isoformat()
    assert review(chair, item_id, action_id, outcome="carried_forward", new_due_on=new_due)["ok"]
    with app.app_context():
        rows = db.session().scalars(select(ActionReview)).all()
        action = db.session().get(Action, action_id)
        assert action is not None
    assert len(rows) == 1 and rows[0].updated_at is not None
    assert action.status == ActionStatus.OPEN and action.completed_at is None
    assert action.due_on.isoformat() == new_due


# --- across meetings, through the real agenda build ----------------------------------------


def _go_live(day: date, chair: User, partner: User) -> int:
    with transaction() as tx:
        meeting = tx.scalar(select(Meeting).where(Meeting.meeting_date == day))
        assert meeting is not None
        meeting.status, meeting.chair_id = MeetingStatus.LIVE, chair.id
        tx.add(Attendance(meeting_id=meeting.id, user_id=partner.id, agency_id=partner.agency_id))
        return meeting.id


def _item_for(day: date, family_id: int) -> AgendaItem | None:
    return db.session.scalar(
        select(AgendaItem)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.meeting_date == day, AgendaItem.family_id == family_id)
    )


def _section(item: AgendaItem) -> AgendaSection:
    state = db.session.get(AgendaItemState, item.id)
    assert state is not None
    return state.section


def _build(app: Flask, day: date) -> None:
    with app.app_context():
        build_agenda(day, BuildTrigger.COMMAND, now=at(day, 8, 30))


def test_a_carried_forward_action_comes_back_until_it_is_done(
    app: Flask, factory: Factory, connect: Connect
) -> None:
    police = factory.agency("police", AgencyKind.POLICE)
    chair = factory.user([Role.COORDINATOR], agency=police)
    partner = factory.user([Role.PARTNER], agency=police)
    with app.app_context():
        fam = family(police, "Carried", Member("Jo", "Carried", None))
        quiet = family(police, "Quiet", Member("Al", "Quiet", None))
        referral(police, fam, at(date(2026, 11, 23), 22))
        referral(police, quiet, at(date(2026, 11, 23), 23))
    _build(app, TUESDAY)
    with app.app_context():
        tuesday_item = _item_for(TUESDAY, fam)
        assert tuesday_item is not None
        tuesday_item_id = tuesday_item.id
    action_id = make_action(app, fam, police.id, item_id=tuesday_item_id, due_on=TUESDAY)
    make_action(app, quiet, police.id, due_on=FRIDAY + timedelta(days=30))  # not yet due

    _build(app, WEDNESDAY)
    with app.app_context():
        wednesday = _item_for(WEDNESDAY, fam)
        assert wednesday is not None and _section(wednesday) == AgendaSection.INCOMPLETE_ACTIONS
        assert _item_for(WEDNESDAY, quiet) is None
        meeting_id = _go_live(WEDNESDAY, chair, partner)
        wednesday_id = wednesday.id
    client = join_all(connect, app, chair, meeting_id)
    assert review(client, wednesday_id, action_id, outcome="carried_forward", note="Awaiting")["ok"]

    _build(app, THURSDAY)
    with app.app_context():
        thursday = _item_for(THURSDAY, fam)
        assert thursday is not None and _section(thursday) == AgendaSection.INCOMPLETE_ACTIONS
        thursday_meeting = _go_live(THURSDAY, chair, partner)
        thursday_id = thursday.id
    client = join_all(connect, app, chair, thursday_meeting)
    (shown,) = details(client, thursday_id)["incomplete_actions"]
    assert [r["outcome"] for r in shown["earlier_reviews"]] == ["carried_forward"]
    assert review(client, thursday_id, action_id, outcome="done", note="Visit made")["ok"]

    _build(app, FRIDAY)
    with app.app_context():
        assert _item_for(FRIDAY, fam) is None
        outcomes = db.session.scalars(
            select(ActionReview.outcome).where(ActionReview.action_id == action_id)
        ).all()
    assert [o.value for o in outcomes] == ["carried_forward", "done"]


def test_carried_forward_to_a_new_date_waits_for_that_date(
    app: Flask, factory: Factory, connect: Connect
) -> None:
    police = factory.agency("police", AgencyKind.POLICE)
    chair = factory.user([Role.COORDINATOR], agency=police)
    partner = factory.user([Role.PARTNER], agency=police)
    with app.app_context():
        fam = family(police, "Later", Member("Jo", "Later", None))
        referral(police, fam, at(date(2026, 11, 23), 22))
    _build(app, TUESDAY)
    with app.app_context():
        item = _item_for(TUESDAY, fam)
        assert item is not None
        item_id = item.id
    action_id = make_action(app, fam, police.id, item_id=item_id, due_on=TUESDAY)
    _build(app, WEDNESDAY)
    with app.app_context():
        wednesday = _item_for(WEDNESDAY, fam)
        assert wednesday is not None
        meeting_id, wednesday_id = _go_live(WEDNESDAY, chair, partner), wednesday.id
    client = join_all(connect, app, chair, meeting_id)
    reply = review(
        client, wednesday_id, action_id, outcome="carried_forward", new_due_on=FRIDAY.isoformat()
    )
    assert reply["ok"] and reply["action"]["due_on"] == FRIDAY.isoformat()
    _build(app, THURSDAY)
    _build(app, FRIDAY)
    with app.app_context():
        assert _item_for(THURSDAY, fam) is None
        friday = _item_for(FRIDAY, fam)
        assert friday is not None and _section(friday) == AgendaSection.INCOMPLETE_ACTIONS


def test_a_family_deferred_twice_running_is_carried_once_then_put_to_the_chair(
    app: Flask, factory: Factory
) -> None:
    """#14: an item not reached is carried forward once (with its referrals, still new); not
    reached again, it is not carried a second time but listed for the chair."""
    police = factory.agency("police", AgencyKind.POLICE)
    with app.app_context():
        fam = family(police, "Deferred", Member("Jo", "Deferred", None))
        first_referral = referral(police, fam, at(date(2026, 11, 23), 22), threats_to_kill=True)
    for day in (TUESDAY, WEDNESDAY):
        _build(app, day)
        with app.app_context():
            item = _item_for(day, fam)
            assert item is not None
            if day == WEDNESDAY:
                assert item.order_reason is not None and "threats to kill" in item.order_reason
                referrals, _late = _item_referrals(db.session(), item)
                assert [r.id for r in referrals] == [first_referral]
            curation.set_status(item.id, AgendaItemStatus.DEFERRED, "Research not back")
    _build(app, THURSDAY)
    with app.app_context():
        assert _item_for(THURSDAY, fam) is None
        thursday = db.session().scalar(select(Meeting).where(Meeting.meeting_date == THURSDAY))
        assert thursday is not None
        assert [i.family_id for i in unreached_twice(db.session(), thursday)] == [fam]


def test_the_frozen_minutes_hold_the_reviews_recorded_at_the_meeting(
    app: Flask, connect: Connect, live_meeting: LiveMeeting, with_earlier_action: tuple[int, int]
) -> None:
    item_id, action_id = with_earlier_action
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    reply = review(
        chair,
        item_id,
        action_id,
        outcome="not_done",
        not_done_reason="change_in_circumstance",
        note="Family moved away",
    )
    assert reply["ok"]
    with app.app_context():
        closer = db.session().get(User, live_meeting.chair.id)
        assert closer is not None
        minutes_service.close_meeting(closer, live_meeting.meeting_id)
        frozen = db.session().scalar(
            select(Minutes.snapshot).where(Minutes.meeting_id == live_meeting.meeting_id)
        )
    assert frozen is not None
    (item,) = [i for i in json.loads(frozen)["items"] if i["item_id"] == item_id]
    (recorded,) = item["actions"]["reviews"]
    assert recorded["action_id"] == action_id and recorded["outcome"] == "not_done"
    assert recorded["not_done_reason"] == "change_in_circumstance"
    assert recorded["summary"] == "Not done: a change in circumstance"
    http = app.test_client()
    sign_in(http, live_meeting.chair)
    page = http.get(f"/meetings/{live_meeting.meeting_id}/minutes").get_data(as_text=True)
    assert 'data-testid="action-reviews"' in page and "Family moved away" in page
    # the database refuses, whatever the code path
    with (
        app.app_context(),
        pytest.raises(DBAPIError, match="minutes are frozen"),
        transaction() as tx,
    ):
        row = tx.scalar(select(ActionReview).where(ActionReview.action_id == action_id))
        assert row is not None
        row.note = "Rewritten afterwards"
