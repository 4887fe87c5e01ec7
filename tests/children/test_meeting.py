"""Per child in the meeting (CSC decision with who and when, measured against one working day;
impact and voice) and the Family Group Conference pathway, frozen in the minutes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from agenda.children import service
from agenda.children.service import ChildrenError
from agenda.minutes.service import close_meeting
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    AgencyKind,
    AgendaItem,
    AgendaSource,
    Channel,
    DashRisk,
    FamilyMember,
    FgcOffer,
    FgcStatus,
    MemberRole,
    Minutes,
    Person,
    PersonRecord,
    Referral,
    User,
    utcnow,
)
from frontdoor.outcomes.figures import Ratio, compute
from frontdoor.outcomes.rows import FgcRow, Filters, ReferralRow, Rows

from ..factories import Factory, cases, csrf_token_from, sign_in
from ..factories.meetings import LiveMeeting, create_meeting
from ..security.test_withheld_address import _leaks


def _with_child(app: Flask, live: LiveMeeting) -> tuple[int, int]:
    """A child in the first family; the family's referral arrived an hour ago."""
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, live.item_ids[0])
        assert item is not None
        child = Person()
        tx.add(child)
        tx.flush()
        tx.add(PersonRecord(agency_id=live.police_agency.id, person_id=child.id, source="test",
                            given_name="Mia", surname="Walker",
                            date_of_birth=date(2017, 3, 2)))  # fmt: skip
        tx.add(FamilyMember(family_id=item.family_id, person_id=child.id,
                            member_role=MemberRole.CHILD))  # fmt: skip
        referral = Referral(agency_id=live.police_agency.id, channel=Channel.POLICE_EXPORT,
                            source_ref="WY-1", received_at=utcnow() - timedelta(hours=1),
                            dash_risk=DashRisk.HIGH, family_id=item.family_id)  # fmt: skip
        tx.add(referral)
        tx.flush()
        tx.add(
            AgendaSource(
                meeting_id=item.meeting_id, agenda_item_id=item.id, referral_id=referral.id
            )
        )
        return item.id, child.id


def _user(app: Flask, user: User) -> User:
    with app.app_context():
        found = db.session().get(User, user.id)
        assert found is not None
        return found


def test_a_partner_records_a_childs_decision_and_voice_within_one_working_day(
    app: Flask, factory: Factory
) -> None:
    live = create_meeting(app, factory, families=1)
    item_id, child_id = _with_child(app, live)
    with app.app_context():
        health = db.session().get(User, live.health.id)
        assert health is not None
        service.record_child(
            health, item_id, child_id, decision="early_help",
            impact="Not sleeping; wets the bed since the incident.",
            voice="Mia said she hides under the stairs when they shout.",
        )  # fmt: skip
        item = db.session().get(AgendaItem, item_id)
        assert item is not None
        [child] = service.children_of(db.session(), item)
    assert child.record is not None and child.record.decision is not None
    assert child.record.decision.value == "early_help"
    assert child.record.decided_by_id == live.health.id and child.record.decided_at is not None
    assert child.within_one_working_day is True
    with app.app_context(), pytest.raises(LookupError):
        outsider = db.session().get(User, live.outsider.id)  # not invited: not a member
        assert outsider is not None
        service.record_child(outsider, item_id, child_id, decision="nfa", impact="", voice="")


def test_the_perpetrator_attends_only_with_both_conditions(app: Flask, factory: Factory) -> None:
    live = create_meeting(app, factory, families=1)
    item_id, _ = _with_child(app, live)
    with app.app_context():
        session = db.session()
        chair, police = session.get(User, live.chair.id), session.get(User, live.police.id)
        assert chair is not None and police is not None
        service.propose_fgc(police, item_id)  # any partner proposes
        with pytest.raises(ChildrenError):
            service.agree_fgc(police, item_id)  # only the chair agrees
        service.agree_fgc(chair, item_id)
        service.record_consent(chair, item_id, consent=True, invitees="Her mother; her sister")
        for requested, acknowledges in ((False, False), (True, False), (False, True)):
            with pytest.raises(ChildrenError, match="both"):
                service.record_perpetrator(chair, item_id, requested=requested,
                                           acknowledges=acknowledges, attends=True)  # fmt: skip
        offer = service.offer_of(db.session(), item_id)
        assert offer is not None and offer.perpetrator_attends is False
        service.record_perpetrator(chair, item_id, requested=True, acknowledges=True, attends=True)
        db.session().expire_all()
        offer = service.offer_of(db.session(), item_id)
        assert offer is not None and offer.perpetrator_attends is True
    # and the database refuses it too, whoever writes the row
    with app.app_context(), pytest.raises(IntegrityError), transaction() as tx:
        row = tx.scalar(select(FgcOffer))
        assert row is not None
        row.perpetrator_acknowledges = False


def test_the_fgc_referral_is_an_action_for_the_fgc_service_and_all_is_in_the_minutes(
    app: Flask, factory: Factory
) -> None:
    live = create_meeting(app, factory, families=1)
    fgc = factory.agency("leeds-fgc", AgencyKind.CHILDRENS_SOCIAL_CARE)
    app.config["FGC_SERVICE_AGENCY"] = "leeds-fgc"
    housing = factory.agency("housing")
    refuge = cases.family_case(app, housing.id, withheld=True)
    item_id, child_id = _with_child(app, live)
    with app.app_context():
        session = db.session()
        chair, health = session.get(User, live.chair.id), session.get(User, live.health.id)
        assert chair is not None and health is not None
        service.record_child(health, item_id, child_id, decision="assessment", impact="",
                             voice=f"Mia wants to stay at {cases.REFUGE_ADDRESS}")  # fmt: skip
        service.propose_fgc(health, item_id)
        service.agree_fgc(chair, item_id)
        service.record_consent(chair, item_id, consent=True, invitees="Her mother")
        offer = service.refer_fgc(chair, item_id)
        action = session.get(Action, offer.referral_action_id)
        assert action is not None and action.lead_agency_id == fgc.id
        assert action.due_on == date.today() + timedelta(weeks=8)
        service.record_outcome(chair, item_id, held_on=None, needs=["housing", "parenting"])
        close_meeting(chair, live.meeting_id)
        minutes = session.scalar(select(Minutes))
        assert minutes is not None
        [item] = json.loads(minutes.snapshot)["items"]
    children = item["children"]
    assert children["children"][0]["decision"] == "Child and family assessment"
    assert children["children"][0]["within_one_working_day"] is True
    assert "Withheld" in children["children"][0]["voice"]
    assert children["fgc"]["status"] == FgcStatus.ACCEPTED.value
    assert children["fgc"]["invitees"] == "Her mother"
    assert children["fgc"]["unmet_needs"] == ["Housing", "Parenting support"]
    assert _leaks(minutes.snapshot) == []
    assert refuge.family_id
    chair_client = app.test_client()
    sign_in(chair_client, live.chair)
    page = chair_client.get(f"/meetings/{live.meeting_id}/minutes").get_data(as_text=True)
    assert "CSC decision Child and family assessment" in page
    assert "Family Group Conference: accepted" in page and "Housing, Parenting support" in page


def test_the_children_page_is_for_members_of_the_meeting(app: Flask, factory: Factory) -> None:
    live = create_meeting(app, factory, families=1)
    item_id, child_id = _with_child(app, live)
    partner = app.test_client()
    sign_in(partner, live.health)
    page = partner.get(f"/items/{item_id}/children").get_data(as_text=True)
    assert "Mia Walker" in page and "Impact on the child" in page
    token = csrf_token_from(partner, f"/items/{item_id}/children")
    form = {"csrf_token": token, "decision": "nfa", "impact": "", "voice": "ok"}
    partner.post(f"/items/{item_id}/children/{child_id}", data=form)
    partner.post(f"/items/{item_id}/fgc/propose", data={"csrf_token": token})
    page = partner.get(f"/items/{item_id}/children").get_data(as_text=True)
    assert "No further action" in page and "Status: <strong>proposed" in page
    outsider = app.test_client()
    sign_in(outsider, live.outsider)
    assert outsider.get(f"/items/{item_id}/children").status_code == 404
    assert _user(app, live.health).id == live.health.id


def test_outcomes_count_fgcs_offered_accepted_held_and_repeats_after_them() -> None:
    may, june = date(2026, 5, 4), date(2026, 6, 20)
    at = datetime(2026, 8, 1, 12, tzinfo=UTC)
    rows = Rows(
        referrals=[ReferralRow(1, 1, at, at, family_id=7)],  # a new incident after the FGC
        items=[],
        actions=[],
        fgcs=[
            FgcRow(7, may, accepted=True, held_on=june),
            FgcRow(8, may, accepted=True, held_on=june),
            FgcRow(9, may, accepted=False, held_on=None),
        ],
    )
    figures = compute(rows, Filters(date(2026, 5, 1), date(2026, 6, 30)), date(2026, 9, 1))
    assert (figures.fgc_offered, figures.fgc_accepted, figures.fgc_held) == (3, 2, 2)
    assert figures.fgc_repeat == Ratio(1, 2)
