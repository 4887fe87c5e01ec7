"""The meeting cockpit in Chromium: a chair and two partners (one on a phone) find who is who
on the live page, the chair moves on without a save button and closes deliberately; the page
works from the keyboard; axe-core finds no WCAG 2.2 AA violation in any state visited.

`screenshot` writes a page to FRONTDOOR_SCREENSHOTS=<folder> when set: the screenshots in docs/
come from the 79-family test (test_cockpit_at_scale_browser.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from frontdoor.models import User

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, enter_live, signed_in
from ..factories import Factory
from ..factories.meetings import LiveMeeting, add_family, create_meeting

pytestmark = pytest.mark.browser
LAPTOP: ViewportSize = {"width": 1366, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
DECISION = "Refer to MARAC; IDVA to make safe contact today."


@pytest.fixture
def meeting(app: Flask, factory: Factory) -> LiveMeeting:
    live = create_meeting(app, factory, families=3)
    add_family(app, live, 0)
    return live


def join(
    browser: Browser,
    contexts: list[BrowserContext],
    server: LiveServer,
    user: User,
    meeting_id: int,
    viewport: ViewportSize = LAPTOP,
) -> Page:
    page = signed_in(browser, contexts, server, user, viewport=viewport)
    return enter_live(page, server, meeting_id)


def on_body(page: Page) -> bool:
    return bool(page.evaluate("() => document.activeElement === document.body"))


def focused_id(page: Page) -> str:
    return str(page.evaluate("() => document.activeElement && document.activeElement.id"))


def finds_the_family_without_leaving(page: Page) -> None:
    summary = page.get_by_test_id("summary-panel")
    expect(summary.get_by_test_id("member").filter(has_text="Jo Smith")).to_contain_text("Victim")
    expect(summary.get_by_test_id("member").filter(has_text="Lee Smith")).to_contain_text(
        "Perpetrator"
    )
    ages = summary.get_by_test_id("member").filter(has_text="Child").all_inner_texts()
    assert [re.search(r"\d+ years", a).group(0) for a in ages] == ["3 years", "9 years"]  # type: ignore[union-attr]
    expect(summary.get_by_test_id("risk-assessment")).to_contain_text("High")
    expect(page.get_by_test_id("family-page-link")).to_be_visible()


def close_and_read_the_minutes(
    chair: Page, partner: Page, meeting_id: int, decision: str, marac: bool = False
) -> None:
    """The chair confirms the close: the minutes hold what was agreed (high risk, and the MARAC
    referral when `marac`), and the partner's live page says the meeting closed."""
    chair.get_by_role("button", name="Close the meeting and freeze the minutes").click()
    expect(chair).to_have_url(re.compile(rf"/meetings/{meeting_id}/minutes$"))
    expect(chair.get_by_text(decision)).to_be_visible()
    expect(chair.locator("main")).to_contain_text(re.compile(r"Agreed risk\s*High"))
    if marac:
        expect(chair.locator("main")).to_contain_text(re.compile(r"MARAC referral\s*Yes"))
    expect(partner.get_by_test_id("meeting-closed")).to_be_visible()


def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("FRONTDOOR_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def test_a_chair_and_two_partners_run_a_family_from_the_cockpit(
    browser: Browser,
    live_server: LiveServer,
    meeting: LiveMeeting,
    contexts: list[BrowserContext],
) -> None:
    chair = join(browser, contexts, live_server, meeting.chair, meeting.meeting_id)
    police = join(browser, contexts, live_server, meeting.police, meeting.meeting_id)
    health = join(browser, contexts, live_server, meeting.health, meeting.meeting_id, PHONE)
    for page, state in ((police, "laptop"), (health, "phone")):
        finds_the_family_without_leaving(page)
        assert focused_id(page) == "doc-notes"  # the first field after the statement
        assert_accessible(page, f"live page, {state}")
    expect(police.get_by_test_id("agenda-entry").first).to_contain_text("Jo Smith, 34 years")
    chair.get_by_test_id("agenda").get_by_role("link", name="Family 1").click()
    expect(police.get_by_test_id("agenda-entry").first).to_contain_text("Now")
    police.get_by_test_id("notes").fill("Police: two call-outs in May; bail conditions end Friday.")
    police.get_by_test_id("known").click()

    # the chair agrees the risk and a decision and moves on: no save button anywhere
    chair.get_by_label("Agreed risk level").select_option("high")
    chair.get_by_label("Decision", exact=True).fill(DECISION)
    expect(chair.get_by_test_id("save-risk")).to_have_text("Saved")
    assert chair.get_by_role("button", name=re.compile("Save")).count() == 0
    chair.get_by_test_id("agenda").get_by_role("link", name="Family 2").click()
    expect(chair.get_by_test_id("item-heading")).to_have_text("Family 2")
    assert focused_id(chair) == "item-heading"
    expect(police.get_by_test_id("item-heading")).to_have_text("Family 2")
    expect(health.get_by_test_id("item-heading")).to_have_text("Family 2")
    assert not on_body(police) and not on_body(health)
    assert_accessible(chair, "live page, chair, after moving on")

    # closing is deliberate: a confirmation naming the unfinished families
    chair.get_by_test_id("close-meeting").get_by_role("button", name="Close meeting").click()
    unfinished = chair.get_by_test_id("unfinished")
    expect(unfinished).to_contain_text("Family 2")
    expect(unfinished).to_contain_text("Family 3")
    expect(unfinished).not_to_contain_text("Family 1")
    assert_accessible(chair, "close confirmation")
    close_and_read_the_minutes(chair, health, meeting.meeting_id, DECISION)
    assert_accessible(health, "live page after the close, phone")
    assert_accessible(chair, "minutes")


def test_the_notes_are_two_key_presses_from_the_top_and_focus_never_drops_to_the_body(
    browser: Browser,
    live_server: LiveServer,
    meeting: LiveMeeting,
    contexts: list[BrowserContext],
) -> None:
    police = join(browser, contexts, live_server, meeting.police, meeting.meeting_id)
    police.reload()  # the top of the page, statement already accepted
    expect(police.get_by_test_id("notes")).to_be_enabled()
    presses = ["Tab", "Enter"]  # the first skip link: "Skip to the family's notes"
    for key in presses:
        police.keyboard.press(key)
    assert focused_id(police) == "doc-notes" and len(presses) <= 5
    police.keyboard.type("Known to police: two call-outs this year.")

    police.reload()  # from the top again: the agenda's skip link is the second
    expect(police.get_by_test_id("notes")).to_be_enabled()
    police.keyboard.press("Tab")
    police.keyboard.press("Tab")
    police.keyboard.press("Enter")
    assert focused_id(police) == "agenda-filter"
    police.keyboard.type("Family 3")
    expect(police.get_by_test_id("agenda-entry")).to_have_count(1)
    police.keyboard.press("Tab")
    police.keyboard.press("Enter")
    expect(police.get_by_test_id("item-heading")).to_have_text("Family 3")
    assert focused_id(police) == "item-heading"
    assert not on_body(police)
    assert_accessible(police, "live page after keyboard navigation")
