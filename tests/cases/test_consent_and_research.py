"""Consent that matters, research that stays with its agency, actions agreed not imposed (#20)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from agenda.consent import ConsentError, consent_of, ensure_may_finish, record_decision
from agenda.live.actions import ActionError, accept_action, create_action, reassign_action
from agenda.live.fields import write_field
from agenda.minutes.service import CONSENT_NOT_RECORDED, close_meeting
from frontdoor.db import db, transaction
from frontdoor.models import (
    ActionAcceptance,
    AgendaItem,
    AgendaItemStatus,
    AgendaSource,
    Attendance,
    AuditEvent,
    Channel,
    Consent,
    DashRisk,
    Minutes,
    Notification,
    PartnerPreparation,
    PreparationKind,
    Referral,
    User,
)
from tests.factories import Factory, csrf_token_from, signed_in_client
from tests.factories.meetings import LiveMeeting, create_meeting

JUSTIFIED = {
    "grounds": ["serious_harm_victim", "risk_to_children"],
    "justification": "Strangulation last night; two children under five at home.",
    "victim_told": "yes",
    "told_by": "IDVA (Leeds DV Service)",
    "how_safely": "By phone at the safe time in her contact plan, when he is at work.",
}


@pytest.fixture
def live(app: Flask, factory: Factory) -> LiveMeeting:
    return create_meeting(app, factory, families=1)


def _refer(app: Flask, live: LiveMeeting, consent: Consent | None) -> int:
    """The item's referral, recorded by the police with the victim's answer."""
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, live.item_ids[0])
        assert item is not None
        referral = Referral(
            agency_id=live.police_agency.id, channel=Channel.API, source_ref="DA-1",
            received_at=datetime(2026, 12, 3, 23, 0, tzinfo=UTC), dash_risk=DashRisk.HIGH,
            consent_to_share=consent, officer="PC 1234 Khan", family_id=item.family_id,
        )  # fmt: skip
        tx.add(referral)
        tx.flush()
        tx.add(
            AgendaSource(
                meeting_id=item.meeting_id, referral_id=referral.id, agenda_item_id=item.id
            )
        )
        return item.id


@pytest.mark.parametrize(("consent", "shown"), [(Consent.NO, "N"), (None, "U"), (Consent.YES, "Y")])
def test_consent_is_on_the_agenda_row_and_the_family_page(
    app: Flask, live: LiveMeeting, consent: Consent | None, shown: str
) -> None:
    item_id = _refer(app, live, consent)
    client = signed_in_client(app, live.chair)
    page = client.get(f"/agenda/items/{item_id}").get_data(as_text=True)
    assert f'data-consent="{shown}"' in page
    assert "West" not in page and "PC 1234 Khan" in page  # who recorded the victim's answer
    day = client.get(f"/agenda/{date.today().isoformat()}").get_data(as_text=True)
    words = {"N": "Refused", "U": "Not known", "Y": "Given"}[shown]
    assert words in day


def test_consent_n_needs_a_recorded_justification_before_the_item_finishes(
    app: Flask, live: LiveMeeting
) -> None:
    item_id = _refer(app, live, Consent.NO)
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, item_id)
        assert item is not None
        assert consent_of(tx, item).needs_decision
        with pytest.raises(ConsentError):  # a justification from the list, and free text
            record_decision(tx, item, {**JUSTIFIED, "grounds": []}, live.chair.id)
        with pytest.raises(ConsentError):  # who tells her, and how safely
            record_decision(tx, item, {**JUSTIFIED, "told_by": ""}, live.chair.id)
        write_field(
            tx, item_id, "decision", "Refer to MARAC; IDVA to make contact.", 0, live.chair.id
        )
    with app.app_context():
        chair = db.session().get(User, live.chair.id)
        assert chair is not None
        closed = close_meeting(chair, live.meeting_id)
        item = db.session().get(AgendaItem, item_id)
        assert item is not None and closed.unfinished == [item_id]
        assert (
            item.status == AgendaItemStatus.DEFERRED and item.status_reason == CONSENT_NOT_RECORDED
        )


def test_a_recorded_justification_finishes_the_item_and_is_in_minutes_and_audit(
    app: Flask, live: LiveMeeting
) -> None:
    item_id = _refer(app, live, Consent.NO)
    client = signed_in_client(app, live.health)  # any attendee of the meeting may record it
    token = csrf_token_from(client, f"/agenda/items/{item_id}")
    form = {**JUSTIFIED, "form": "consent", "csrf_token": token}
    page = client.post(f"/agenda/items/{item_id}", data=form, follow_redirects=True)
    assert "The decision to share without consent is recorded" in page.get_data(as_text=True)
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, item_id)
        assert item is not None
        ensure_may_finish(tx, item)  # no longer refused
        write_field(tx, item_id, "decision", "Refer to MARAC.", 0, live.chair.id)
    with app.app_context():
        chair = db.session().get(User, live.chair.id)
        assert chair is not None
        assert close_meeting(chair, live.meeting_id).unfinished == []
        minutes = db.session().scalars(select(Minutes)).one()
        consent = json.loads(minutes.snapshot)["items"][0]["consent"]
        assert (
            consent["status"] == "N" and consent["decision"]["told_by"] == "IDVA (Leeds DV Service)"
        )
        assert consent["decision"]["grounds"] == [
            "Risk to children",
            "Risk of serious harm to the victim",
        ]
        audit = (
            db.session()
            .scalars(select(AuditEvent).where(AuditEvent.action == "meeting.consent_decision"))
            .one()
        )
        assert audit.object_id is not None
    view = (
        signed_in_client(app, live.police)
        .get(f"/meetings/{live.meeting_id}/minutes")
        .get_data(as_text=True)
    )
    assert "Shared without consent because" in view and "By phone at the safe time" in view


def _prepare(app: Flask, live: LiveMeeting, user: User, text: str) -> int:
    with app.app_context(), transaction() as tx:
        entry = PartnerPreparation(
            agenda_item_id=live.item_ids[0], agency_id=user.agency_id, author_id=user.id,
            kind=PreparationKind.FACT, text=text,
        )  # fmt: skip
        tx.add(entry)
        tx.flush()
        return entry.id


def test_preparation_is_seen_by_its_own_agency_only_and_only_shared_entries_reach_the_minutes(
    app: Flask, live: LiveMeeting
) -> None:
    shared_id = _prepare(app, live, live.health, "Seen at A&E on 2 December with a wrist injury")
    _prepare(app, live, live.health, "GP thinks she may be pregnant (not raised in the meeting)")
    item_id = live.item_ids[0]
    for reader in (live.chair, live.police):  # a coordinator, another agency: nothing of it
        page = signed_in_client(app, reader).get(f"/agenda/items/{item_id}").get_data(as_text=True)
        assert "wrist injury" not in page and "pregnant" not in page
    health = signed_in_client(app, live.health)
    assert "wrist injury" in health.get(f"/agenda/items/{item_id}").get_data(as_text=True)
    token = csrf_token_from(health, f"/agenda/items/{item_id}")
    form = {"form": "shared", "entry_id": str(shared_id), "shared": "yes", "csrf_token": token}
    assert "Marked as shared" in health.post(
        f"/agenda/items/{item_id}", data=form, follow_redirects=True
    ).get_data(as_text=True)
    police = signed_in_client(app, live.police)
    token = csrf_token_from(police, f"/agenda/items/{item_id}")
    refused = police.post(
        f"/agenda/items/{item_id}", data={**form, "csrf_token": token}, follow_redirects=True
    )
    assert "Your agency has no such preparation" in refused.get_data(as_text=True)
    with app.app_context():
        chair = db.session().get(User, live.chair.id)
        assert chair is not None
        close_meeting(chair, live.meeting_id)
        left = db.session().scalars(select(PartnerPreparation.text)).all()
        assert len(left) == 2  # the unshared one goes with the retention purge (its own test)
        snapshot = db.session().scalars(select(Minutes.snapshot)).one()
        assert "wrist injury" in snapshot and "pregnant" not in snapshot
    minutes = police.get(f"/meetings/{live.meeting_id}/minutes").get_data(as_text=True)
    assert "wrist injury" in minutes  # shared in the meeting: every reader sees it


def _action(app: Flask, live: LiveMeeting, by: User, lead: User, **extra: object) -> int:
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, live.item_ids[0])
        assert item is not None
        payload = {
            "description": "Home visit",
            "lead_agency_id": lead.agency_id,
            "due_on": "2030-01-05",
            **extra,
        }
        return create_action(tx, item, payload, by.id).id


def test_an_action_for_another_agency_stays_a_proposal_until_it_accepts(
    app: Flask, live: LiveMeeting, factory: Factory
) -> None:
    housing = factory.agency("housing")
    own = _action(app, live, live.health, live.health)
    imposed = _action(app, live, live.police, live.health)
    with app.app_context(), transaction() as tx:
        from frontdoor.models import Action

        assert tx.get(Action, own).acceptance == ActionAcceptance.ACCEPTED  # type: ignore[union-attr]
        action = tx.get(Action, imposed)
        assert action is not None and action.acceptance == ActionAcceptance.PROPOSED
        with pytest.raises(ActionError):  # the police cannot accept for health
            accept_action(tx, action, live.police.id)
        with pytest.raises(ActionError):  # nor reassign health's action
            reassign_action(tx, action, {"lead_agency_id": live.police_agency.id}, live.police.id)
        accept_action(tx, action, live.health.id)
        assert (
            action.acceptance == ActionAcceptance.ACCEPTED
            and action.accepted_by_id == live.health.id
        )
        # reassigned by its lead agency: a proposal again until the receiving agency accepts
        reassign_action(tx, action, {"lead_agency_id": housing.id}, live.health.id)
        assert action.acceptance == ActionAcceptance.PROPOSED
        accept_action(tx, action, live.chair.id)  # the chair, recording that housing agreed
        assert action.accepted_by_chair and action.accepted_by_id == live.chair.id
    with app.app_context():
        chair = db.session().get(User, live.chair.id)
        assert chair is not None
        close_meeting(chair, live.meeting_id)
    minutes = (
        signed_in_client(app, live.health)
        .get(f"/meetings/{live.meeting_id}/minutes")
        .get_data(as_text=True)
    )
    assert "(the chair, for Agency housing)" in minutes and live.health.display_name in minutes


def test_an_agency_that_sent_apologies_is_told_of_actions_proposed_to_it(
    app: Flask, live: LiveMeeting
) -> None:
    with app.app_context(), transaction() as tx:
        row = tx.scalars(select(Attendance).where(Attendance.user_id == live.health.id)).one()
        row.apologies = "On leave"
    _action(app, live, live.chair, live.health)
    with app.app_context():
        told = db.session().scalars(select(Notification.user_id)).all()
        assert live.health.id in told and live.outsider.id in told  # every health partner
    page = signed_in_client(app, live.health).get("/notifications/").get_data(as_text=True)
    assert "An action was proposed to your agency" in page
