"""In real Chromium (#20): the chair records, in the live meeting's consent panel, why the
meeting shares without consent (grounds, whether, by whom and how safely the victim is told)
and the family can then be finished; a representative of the receiving agency clicks Accept
on an action proposed to it, on the action's page."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, expect

from agenda.live.actions import create_action
from agenda.live.fields import write_field
from agenda.minutes.service import close_meeting
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    ActionAcceptance,
    AgendaItem,
    AgendaItemStatus,
    ConsentDecision,
    User,
)

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, signed_in
from ..factories import Factory
from ..factories.meetings import LiveMeeting, create_meeting
from ..live.test_browser import join

pytestmark = pytest.mark.browser


def test_the_chair_records_sharing_without_consent_and_the_family_can_finish(
    app: Flask,
    factory: Factory,
    browser: Browser,
    live_server: LiveServer,
    contexts: list[BrowserContext],
) -> None:
    meeting: LiveMeeting = create_meeting(app, factory, families=1)  # no referral: not asked
    item_id = meeting.item_ids[0]
    chair = join(browser, contexts, live_server, meeting.chair, meeting.meeting_id)
    chair.get_by_test_id("agenda").get_by_role("link", name="Family 1").click()
    panel = chair.get_by_test_id("live-consent")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("No referral: consent was not asked.")
    expect(panel.get_by_test_id("consent-decision")).to_contain_text(
        "Record why the meeting shares without consent"
    )
    assert_accessible(chair, "live page, consent panel, no decision yet")
    panel.get_by_label("Risk of serious harm to the victim").check()
    panel.get_by_label("Risk to children").check()
    panel.get_by_label("Why it is necessary and proportionate").fill(
        "Strangulation last night; two children under five at home."
    )
    panel.get_by_label("Yes").check()
    panel.get_by_label("Who will tell her").fill("IDVA (Leeds DV Service)")
    panel.get_by_label("How, safely (or why she will not be told)").fill(
        "By phone at the safe time in her contact plan."
    )
    panel.get_by_role("button", name="Record the decision").click()
    expect(panel.get_by_test_id("consent-decision")).to_contain_text(
        "Shared without consent because: Risk to children; Risk of serious harm to the victim."
    )
    expect(panel.get_by_test_id("consent-decision")).to_contain_text("yes, by IDVA")
    assert_accessible(chair, "live page, consent panel, decision recorded")
    with app.app_context(), transaction() as tx:
        decision = tx.get(ConsentDecision, item_id)
        assert decision is not None and decision.told_by == "IDVA (Leeds DV Service)"
        write_field(tx, item_id, "decision", "Refer to MARAC.", 0, meeting.chair.id)
    with app.app_context():
        user = db.session().get(User, meeting.chair.id)
        assert user is not None
        assert close_meeting(user, meeting.meeting_id).unfinished == []
        item = db.session().get(AgendaItem, item_id)
        assert item is not None and item.status == AgendaItemStatus.DISCUSSED


def test_the_receiving_agency_clicks_accept_on_the_action_page(
    app: Flask,
    factory: Factory,
    browser: Browser,
    live_server: LiveServer,
    contexts: list[BrowserContext],
) -> None:
    meeting: LiveMeeting = create_meeting(app, factory, families=1)
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, meeting.item_ids[0])
        assert item is not None
        payload = {"description": "GP to review her injuries",
                   "lead_agency_id": meeting.health_agency.id, "due_on": "2030-01-05"}  # fmt: skip
        action_id = create_action(tx, item, payload, meeting.police.id).id
    page = signed_in(browser, contexts, live_server, meeting.health)
    page.goto(f"{live_server.url}/actions/{action_id}")
    acceptance = page.get_by_test_id("action-acceptance")
    expect(acceptance).to_have_text("Proposed, not yet accepted by Agency health")
    assert_accessible(page, "a proposed action's page")
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_text("Action accepted.")).to_be_visible()
    expect(acceptance).to_have_text(f"Accepted by {meeting.health.display_name}")
    expect(page.get_by_role("button", name="Decline")).to_have_count(0)
    assert_accessible(page, "an accepted action's page")
    with app.app_context():
        action = db.session().get(Action, action_id)
        assert action is not None and action.acceptance == ActionAcceptance.ACCEPTED
        assert action.accepted_by_id == meeting.health.id
