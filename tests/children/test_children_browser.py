"""In real Chromium: in the live meeting a partner records a child's CSC decision and voice and
proposes an FGC; the chair records the victim's consent; the frozen minutes show them all."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, expect

from agenda.minutes.service import close_meeting
from frontdoor.db import db
from frontdoor.models import Role, User

from ..browser_fixtures import LiveServer, signed_in
from ..factories import Factory
from ..live.conftest import create_meeting
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
    _with_child(app, meeting)
    chair = join(browser, contexts, live_server, meeting.chair, meeting.meeting_id)
    health = join(browser, contexts, live_server, meeting.health, meeting.meeting_id)
    chair.get_by_test_id("agenda").get_by_role("link", name="Family 1").click()
    expect(health.get_by_test_id("item-heading")).to_have_text("Family 1")
    link = health.get_by_test_id("children-page-link")
    expect(link).to_be_visible()
    health.goto(f"{live_server.url}{link.get_attribute('href')}")
    health.get_by_label("Children's social care decision").select_option("early_help")
    health.get_by_label("The child's voice").fill("Mia said she hides under the stairs.")
    health.get_by_role("button", name="Save for Mia Walker").click()
    expect(health.get_by_text("CSC decision: Early help")).to_be_visible()
    health.get_by_role("button", name="Propose an FGC").click()
    expect(health.get_by_test_id("fgc-status")).to_contain_text("proposed")

    children_url = health.url
    chair.goto(children_url)
    chair.get_by_role("button", name="Agree to offer the FGC (chair)").click()
    expect(chair.get_by_test_id("fgc-status")).to_contain_text("agreed")
    chair.get_by_label("She consents").check()
    chair.get_by_label("Who she wants invited").fill("Her mother and her sister")
    chair.get_by_role("button", name="Record her answer").click()
    expect(chair.get_by_test_id("fgc-status")).to_contain_text("accepted")

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
    manager = signed_in(browser, contexts, live_server, factory.user([Role.MANAGER]))
    manager.goto(f"{live_server.url}/outcomes")
    expect(manager.get_by_text("Family Group Conferences offered")).to_be_visible()
    expect(manager.get_by_text("FGCs accepted by the victim")).to_be_visible()
