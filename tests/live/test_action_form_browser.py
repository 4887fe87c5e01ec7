"""The live meeting's action form in Chromium: a due date in the past is refused with the GOV.UK
inline error beside the due date, which takes the focus; a good date is shown as people read
dates ("4 December 2026")."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from agenda.schedule import local_date
from frontdoor.models import utcnow
from frontdoor.names import long_date

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer
from ..factories.meetings import LiveMeeting
from .test_cockpit_browser import focused_id, join

pytestmark = pytest.mark.browser


def test_a_past_due_date_is_refused_beside_its_field_and_a_good_one_reads_as_a_date(
    browser: Browser,
    live_server: LiveServer,
    live_meeting: LiveMeeting,
    contexts: list[BrowserContext],
) -> None:
    page = join(browser, contexts, live_server, live_meeting.police, live_meeting.meeting_id)
    page.fill("#action-description", "Safety visit")
    page.select_option("#action-agency", label=live_meeting.police_agency.name)
    page.fill("#action-due", "2020-01-02")
    page.get_by_role("button", name="Add action").click()
    inline = page.locator("#action-due-error")
    expect(inline).to_have_text("The due date must be today or in the future.")
    expect(page.locator("#action-due")).to_have_attribute("aria-describedby", "action-due-error")
    assert focused_id(page) == "action-due"
    assert_accessible(page, "action form with an inline error")
    today = local_date(utcnow())
    page.fill("#action-due", today.isoformat())
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_test_id("action-text")).to_contain_text(f"Due {long_date(today)}.")
    expect(inline).to_be_hidden()
    assert_accessible(page, "live page with the action added")
