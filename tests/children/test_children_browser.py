"""In real Chromium: on the live meeting page a partner records a child's CSC decision and voice
(saved as typed, pushed to the chair), an action for the child, and proposes an FGC; the chair
agrees it and records the victim's consent; the frozen minutes and the outcomes show them."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, expect

from agenda.minutes.service import close_meeting
from frontdoor.db import db
from frontdoor.models import Role, User

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, signed_in
from ..factories import Factory
from ..factories.meetings import create_meeting
from ..live.test_browser import join
from .test_meeting import _with_child

pytestmark = pytest.mark.browser


def test_a_partner_records_a_child_and_proposes_an_fgc_and_the_chair_records_consent(
    app: Flask,
    factory: Factory,
    browser: Browser,
    live_server: LiveServer,
    contexts: list[BrowserContext],
) -> None:
    meeting = create_meeting(app, factory, families=1)
    _, child_id = _with_child(app, meeting)
    chair = join(browser, contexts, live_server, meeting.chair, meeting.meeting_id)
    health = join(browser, contexts, live_server, meeting.health, meeting.meeting_id)
    chair.get_by_test_id("agenda").get_by_role("link", name="Family 1").click()
    expect(health.get_by_test_id("item-heading")).to_have_text("Family 1")
    expect(health.get_by_test_id("children-panel")).to_be_visible()
    # The partner records the child's CSC decision and voice on the live page: saved as typed.
    health.get_by_label("Children's social care decision").select_option("early_help")
    expect(health.get_by_test_id(f"save-child-{child_id}-decision")).to_have_text("Saved")
    voice = health.get_by_label("The child's voice")
    voice.fill("Mia said she hides under the stairs.")
    expect(health.get_by_test_id(f"save-child-{child_id}-voice")).to_have_text("Saved")
    expect(health.get_by_test_id("child-decided")).to_contain_text(
        "within one working day of the referral"
    )
    # Pushed to the chair's page, with no reload.
    expect(chair.get_by_label("Children's social care decision")).to_have_value("early_help")
    expect(chair.get_by_label("The child's voice")).to_have_value(
        "Mia said she hides under the stairs."
    )
    # An action for the child.
    health.get_by_label("Action", exact=True).fill("Tell the school's key adult")
    health.get_by_label("Lead agency").select_option(label=meeting.health_agency.name)
    health.get_by_label("For a child (optional)").select_option(label="Mia Walker")
    health.get_by_label("Due date").fill("2030-01-15")
    health.get_by_role("button", name="Add action").click()
    expect(chair.get_by_test_id("actions")).to_contain_text("For Mia Walker.")
    # The partner proposes an FGC; the chair agrees and records the victim's consent.
    health.get_by_role("button", name="Propose an FGC").click()
    expect(chair.get_by_test_id("fgc-status")).to_contain_text("proposed")
    chair.get_by_role("button", name="Agree to offer the FGC").click()
    expect(health.get_by_test_id("fgc-status")).to_contain_text("agreed by the meeting")
    chair.get_by_label("She consents").check()
    chair.get_by_label("Who she wants invited").fill("Her mother and her sister")
    chair.get_by_role("button", name="Record her answer").click()
    expect(health.get_by_test_id("fgc-status")).to_contain_text("accepted by the victim")
    expect(health.get_by_test_id("fgc-status")).to_contain_text("Her mother and her sister")
    assert_accessible(chair, "live page, children panel, chair's FGC steps")
    assert_accessible(health, "live page, children panel, partner")

    with app.app_context():
        user = db.session().get(User, meeting.chair.id)
        assert user is not None
        close_meeting(user, meeting.meeting_id)
    health.goto(f"{live_server.url}/meetings/{meeting.meeting_id}/minutes")
    child = health.get_by_test_id("minutes-child")
    expect(child).to_contain_text("CSC decision Early help")
    expect(child).to_contain_text("Mia said she hides under the stairs.")
    expect(health.get_by_test_id("minutes-fgc")).to_contain_text(
        "Family Group Conference: accepted"
    )
    expect(health.get_by_test_id("minutes-fgc")).to_contain_text("Her mother and her sister")
    expect(health.get_by_test_id("action-child")).to_have_text("For the child: Mia Walker")
    assert_accessible(health, "minutes with a child's record and an FGC")
    manager = signed_in(browser, contexts, live_server, factory.user([Role.MANAGER]))
    manager.goto(f"{live_server.url}/outcomes")
    # one FGC offered and accepted: counted, shown as "<5" (small numbers are suppressed)
    expect(manager.get_by_test_id("figure-fgc_offered")).to_contain_text(
        "<5Family Group Conferences offered"
    )
    expect(manager.get_by_test_id("figure-fgc_accepted")).to_contain_text(
        "<5FGCs accepted by the victim"
    )
    assert_accessible(manager, "outcomes with FGC figures")
