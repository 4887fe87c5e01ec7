"""In real Chromium: the chair records the outcome of an incomplete action in the live
meeting and a partner's screen shows it; the lead closes an action with the plain form."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, expect

from frontdoor.db import db
from frontdoor.models import (
    Action,
    ActionReview,
    ActionStatus,
    NotDoneReason,
    ReviewOutcomeKind,
)

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, signed_in
from ..factories import Factory
from ..factories.meetings import LiveMeeting, create_meeting, earlier_action, family_of, make_action
from ..live.test_browser import join
from ..live.test_cockpit_browser import PHONE

pytestmark = pytest.mark.browser


def test_the_chair_records_not_done_and_the_partner_sees_it(
    app: Flask,
    factory: Factory,
    browser: Browser,
    live_server: LiveServer,
    contexts: list[BrowserContext],
) -> None:
    meeting: LiveMeeting = create_meeting(app, factory)
    action_id = earlier_action(
        app,
        family_of(app, meeting.item_ids[0]),
        meeting.health_agency.id,
        due_on=date.today() - timedelta(days=1),
    )
    chair = join(browser, contexts, live_server, meeting.chair, meeting.meeting_id)
    health = join(browser, contexts, live_server, meeting.health, meeting.meeting_id)
    chair.get_by_test_id("agenda").get_by_role("link", name="Family 1").click()
    expect(health.get_by_test_id("item-heading")).to_have_text("Family 1")
    incomplete = chair.get_by_test_id("incomplete-action")
    expect(incomplete).to_contain_text("Visit and review the safety plan")
    assert_accessible(chair, "live page, chair, an incomplete action to review")
    incomplete.get_by_label("Not done").check()
    incomplete.get_by_label("Reason").select_option("agency_did_not_act")
    incomplete.get_by_label("Note").fill("No capacity this week")
    incomplete.get_by_role("button", name="Record outcome").click()
    expect(health.get_by_test_id("incomplete-outcome")).to_contain_text(
        "Not done: the agency did not act"
    )
    expect(health.get_by_role("button", name="Record outcome")).to_have_count(0)  # chair only
    assert_accessible(health, "live page, partner, an incomplete action's outcome")
    assert_accessible(chair, "live page, chair, an outcome recorded")
    with app.app_context():
        review = db.session().query(ActionReview).filter_by(action_id=action_id).one()
        assert review.outcome == ReviewOutcomeKind.NOT_DONE
        assert review.not_done_reason == NotDoneReason.AGENCY_DID_NOT_ACT


def test_the_lead_marks_an_action_complete_with_the_form(
    app: Flask,
    factory: Factory,
    browser: Browser,
    live_server: LiveServer,
    contexts: list[BrowserContext],
) -> None:
    meeting: LiveMeeting = create_meeting(app, factory, families=1)
    lead = meeting.health
    action_id = make_action(
        app,
        family_of(app, meeting.item_ids[0]),
        lead.agency_id,
        lead_user_id=lead.id,
        description="Book a home visit",
    )
    page = signed_in(browser, contexts, live_server, lead)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Our actions").click()
    expect(page.get_by_role("heading", name="Our actions")).to_be_visible()
    assert_accessible(page, "our actions")
    page.get_by_role("link", name="Book a home visit").click()
    expect(page.get_by_label("Status update")).to_be_visible()
    assert_accessible(page, "an action's page, its lead")
    page.get_by_label("Status update").fill("Letter sent")
    page.get_by_role("button", name="Add status update").click()
    expect(page.get_by_test_id("history")).to_contain_text("Letter sent")
    page.get_by_label("What was done").fill("Visited; safety plan agreed")
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_test_id("action-status")).to_contain_text("Done")
    assert_accessible(page, "an action's page, completed")
    page.set_viewport_size(PHONE)
    assert_accessible(page, "an action's page, completed, phone")
    page.goto(f"{live_server.url}/actions/")
    expect(page.get_by_role("heading", name="Our actions")).to_be_visible()
    assert_accessible(page, "our actions, phone")
    with app.app_context():
        action = db.session().get(Action, action_id)
        assert action is not None and action.status == ActionStatus.DONE
