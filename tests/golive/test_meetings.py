"""Standing members, chair and deputy chair, invitations with a reason, the quorum panel."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select

from agenda.build import build_agenda
from agenda.live.access import member_of
from agenda.live.quorum import quorum
from agenda.members import MembersError, set_chairs
from frontdoor.db import db, transaction
from frontdoor.models import AgencyKind, Attendance, AuditEvent, BuildTrigger, Meeting, Role

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.meetings import LiveMeeting
from ..live.conftest import Connect

WEDNESDAY = date(2026, 11, 25)


def _attendance(app: Flask, meeting_id: int) -> dict[str, tuple[bool, str | None]]:
    with app.app_context():
        rows = db.session().scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))
        return {r.user.email: (r.invited, r.invite_reason) for r in rows}


def test_standing_members_from_the_command_line_are_invited_when_the_agenda_is_built(
    app: Flask, factory: Factory
) -> None:
    police = factory.agency("wyp", AgencyKind.POLICE)
    health = factory.agency("lth", AgencyKind.HEALTH)
    factory.user([Role.PARTNER], agency=police, email="pc@wyp.example.org")
    factory.user([Role.PARTNER], agency=health, email="nurse@lth.example.org")
    factory.user([Role.PARTNER], agency=health, email="deputy@lth.example.org")
    factory.user([Role.AGENCY_WORKER], agency=health, email="worker@lth.example.org")
    cli = app.test_cli_runner()
    for args in (["pc@wyp.example.org"], ["nurse@lth.example.org"],
                 ["deputy@lth.example.org", "--deputy"]):  # fmt: skip
        assert cli.invoke(args=["meetings", "members", "add", *args]).exit_code == 0
    refused = cli.invoke(args=["meetings", "members", "add", "worker@lth.example.org"])
    assert refused.exit_code == 2 and "not a partner representative" in refused.output
    refused = cli.invoke(args=["meetings", "members", "remove", "nobody@x.org"])
    assert refused.exit_code == 2 and "is not a standing member" in refused.output
    listing = cli.invoke(args=["meetings", "members", "list"]).output.splitlines()
    assert [line.split("\t")[:3] for line in listing] == [
        ["lth", "nurse@lth.example.org", "representative"],
        ["lth", "deputy@lth.example.org", "deputy"],
        ["wyp", "pc@wyp.example.org", "representative"],
    ]
    with app.app_context():
        meeting_id = build_agenda(WEDNESDAY, BuildTrigger.COMMAND).meeting_id
    assert _attendance(app, meeting_id) == {
        "pc@wyp.example.org": (True, "Standing member"),
        "nurse@lth.example.org": (True, "Standing member"),
        "deputy@lth.example.org": (True, "Standing member (deputy)"),
    }
    assert cli.invoke(args=["meetings", "members", "remove", "pc@wyp.example.org"]).exit_code == 0
    with app.app_context(), transaction() as tx:  # the chair removed the nurse from this one
        row = tx.scalar(select(Attendance).where(Attendance.agency_id == health.id))
        assert row is not None
        row.invited = False
        build_agenda(WEDNESDAY, BuildTrigger.REBUILD)
    after = _attendance(app, meeting_id)
    assert sorted(invited for invited, _ in after.values()) == [False, True, True]


def test_the_coordinator_sets_chair_and_deputy_on_the_agenda_page_and_both_chair(
    app: Flask, factory: Factory
) -> None:
    council = factory.agency("leeds", AgencyKind.CHILDRENS_SOCIAL_CARE)
    coordinator = factory.user([Role.COORDINATOR], agency=council)
    chair = factory.user([Role.PARTNER], agency=council)
    deputy = factory.user([Role.PARTNER], agency=factory.agency("lth", AgencyKind.HEALTH))
    with app.app_context():
        meeting_id = build_agenda(WEDNESDAY, BuildTrigger.COMMAND).meeting_id
    http = app.test_client()
    sign_in(http, coordinator)
    page = http.get(f"/agenda/{WEDNESDAY.isoformat()}").get_data(as_text=True)
    assert "Set the chair and deputy chair" in page and "the duty coordinators" in page
    token = csrf_token_from(http, f"/agenda/{WEDNESDAY.isoformat()}")
    response = http.post(f"/agenda/{WEDNESDAY.isoformat()}/chairs",
                         data={"csrf_token": token, "chair_id": str(chair.id),
                               "deputy_chair_id": str(deputy.id)})  # fmt: skip
    assert response.status_code == 302
    page = http.get(f"/agenda/{WEDNESDAY.isoformat()}").get_data(as_text=True)
    assert f"Chair:\n  <strong>{chair.display_name}</strong>" in page
    with app.app_context():
        session = db.session()
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        standing = {u.id: member_of(session, session.merge(u), meeting_id)
                    for u in (chair, deputy, coordinator)}  # fmt: skip
        assert [m.is_chair if m else None for m in standing.values()] == [True, True, False]
        try:
            set_chairs(meeting_id, chair.id, chair.id, by_user_id=coordinator.id)
        except MembersError as exc:
            assert "different people" in str(exc)
        else:
            raise AssertionError("the same person was chair and deputy chair")


def test_the_chair_invites_an_extra_attendee_with_a_reason_audited_and_shown_live(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    chair = connect(live_meeting.chair, live_meeting.meeting_id)
    assert chair.emit("meeting:accept", {}, callback=True, namespace="/meeting") == {"ok": True}
    chair.get_received("/meeting")
    outsider = live_meeting.outsider.id
    no_reason = chair.emit("meeting:set_invited", {"user_id": outsider, "invited": True},
                           callback=True, namespace="/meeting")  # fmt: skip
    assert no_reason["error"] == "reason_required"
    choices = chair.emit("meeting:invite_choices", {}, callback=True, namespace="/meeting")
    assert outsider in [p["user_id"] for p in choices["people"]]
    reply = chair.emit("meeting:set_invited",
                       {"user_id": outsider, "invited": True, "reason": "Knows the family"},
                       callback=True, namespace="/meeting")  # fmt: skip
    assert reply == {"ok": True}
    shown = [m for m in chair.get_received("/meeting") if m["name"] == "meeting:attendance"]
    rows = shown[-1]["args"][0]["attendance"]
    assert {r["user_id"]: r["invite_reason"] for r in rows}[outsider] == "Knows the family"
    assert connect(live_meeting.outsider, live_meeting.meeting_id).is_connected("/meeting")
    with app.app_context():
        invited = select(AuditEvent).where(AuditEvent.action == "meeting.invited")
        event = db.session().scalar(invited)
        assert event is not None and "Knows the family" in str(event.details)


def test_the_quorum_panel_shows_present_apologies_and_information_only(
    app: Flask, connect: Connect, live_meeting: LiveMeeting, factory: Factory
) -> None:
    housing = factory.user([Role.PARTNER], agency=factory.agency("hou", AgencyKind.HOUSING))
    chair = connect(live_meeting.chair, live_meeting.meeting_id)
    chair.emit("meeting:accept", {}, callback=True, namespace="/meeting")
    connect(live_meeting.police, live_meeting.meeting_id)  # joins: police present
    for event, user in (("meeting:apologies", live_meeting.health),
                        ("meeting:information_only", housing)):  # fmt: skip
        reply = chair.emit(event, {"user_id": user.id, "text": "Sent by e-mail"},
                           callback=True, namespace="/meeting")  # fmt: skip
        assert reply == {"ok": True}
    state = chair.emit("meeting:state", {}, callback=True, namespace="/meeting")
    panel = {k["kind"]: k["state"] for k in state["quorum"]["kinds"]}
    assert panel == {"police": "present", "dvs": "absent", "csc": "absent",
                     "health": "apologies", "housing": "information_only",
                     "probation": "absent"}  # fmt: skip
    assert state["quorum"]["quorate"] is False
    with app.app_context():
        small = quorum(db.session(), live_meeting.meeting_id, ["police", "nonsense"])
        assert small == {"kinds": [{"kind": "police", "label": "Police", "state": "present",
                                    "words": "present", "agencies": ["Agency police"]}],
                         "quorate": True}  # fmt: skip
