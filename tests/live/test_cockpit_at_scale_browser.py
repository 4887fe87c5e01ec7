"""#15's "Done when" at the demo's scale, without the demo: a 79-family morning (24 families
share a surname with another, three Smiths) imported from a police nightly export, resolved and
built into an agenda (tests/factories/scale_meeting.py). In Chromium, a chair and two partners (one
on a 390 px phone) run it: each partner finds the current family's victim, perpetrator,
children's ages and risk on the live page; the chair moves on without a save button and the
agreed fields are in the minutes; closing asks first and names the unfinished families. A
keyboard-only partner reaches the notes in at most 5 key presses and focus never falls to the
body; the coordinator's agenda page filters and reorders in place. axe-core (WCAG 2.2 AA)
finds no violation in any state visited, and nothing scrolls sideways at 390 px.

Set FRONTDOOR_SCREENSHOTS=<folder> to write the live page at 1366 and 390 px there (the
screenshots in docs/ come from this test)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, signed_in, start_server
from ..factories import Factory
from ..factories.scale_meeting import FAMILIES, SCHEDULE, ScaleMeeting, build_scale_meeting
from .test_cockpit_browser import (
    LAPTOP,
    PHONE,
    close_and_read_the_minutes,
    focused_id,
    join,
    on_body,
    screenshot,
)

pytestmark = pytest.mark.browser
DECISION = "Refer to MARAC; IDVA to make safe contact with Joanne today."


@pytest.fixture
def morning(app: Flask, factory: Factory) -> ScaleMeeting:
    return build_scale_meeting(app, factory)


@pytest.fixture
def server(app: Flask, database_url: str, instance_path: Path) -> Iterator[LiveServer]:
    live = start_server(
        {
            "DATABASE_URL": database_url,
            "FRONTDOOR_INSTANCE": str(instance_path),
            "SECRET_KEY": "test-secret-key-not-for-production",
            "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_COST": "1024",
            **SCHEDULE,
        }
    )
    yield live
    live.stop(graceful=False)


def choose(page: Page, victim: str) -> None:
    """The chair finds a family by its victim's name in the live agenda and opens it."""
    page.get_by_test_id("agenda-filter").fill(victim)
    expect(page.get_by_test_id("agenda-entry")).to_have_count(1)
    page.get_by_test_id("agenda").get_by_role("link", name=re.compile(victim)).click()


def finds_joanne_smiths_family(page: Page) -> None:
    expect(page.get_by_test_id("item-heading")).to_have_text("Smith family")
    summary = page.get_by_test_id("summary-panel")
    members = summary.get_by_test_id("member")
    expect(members.filter(has_text="Joanne Smith")).to_contain_text("Victim")
    expect(members.filter(has_text="Joanne Smith")).to_contain_text("34 years")
    expect(members.filter(has_text="Lee Smith")).to_contain_text("Perpetrator")
    ages = members.filter(has_text="Child").all_inner_texts()
    assert [re.search(r"\d+ years", a).group(0) for a in ages] == ["3 years", "9 years"]  # type: ignore[union-attr]
    expect(summary.get_by_test_id("risk-assessment").first).to_contain_text("High")
    expect(page.get_by_test_id("family-page-link")).to_be_visible()


def test_a_chair_and_two_partners_run_a_79_family_morning(
    browser: Browser,
    contexts: list[BrowserContext],
    server: LiveServer,
    morning: ScaleMeeting,
) -> None:
    chair = join(browser, contexts, server, morning.chair, morning.meeting_id)
    police = join(browser, contexts, server, morning.police, morning.meeting_id)
    health = join(browser, contexts, server, morning.health, morning.meeting_id, PHONE)

    entries = police.get_by_test_id("agenda-entry")
    expect(entries).to_have_count(FAMILIES)
    labels = Counter(police.locator(".fd-live__entry-label").all_inner_texts())
    assert labels["Smith family"] == 3
    assert sum(n for n in labels.values() if n > 1) == 24
    smiths = entries.filter(has_text="Smith family").all_inner_texts()
    lines = {re.sub(r"\s+", " ", s).split("Smith family", 1)[1].strip() for s in smiths}
    assert len(lines) == 3  # each Smith told apart by its line (victim, age, area, risk)

    choose(chair, "Joanne Smith")
    for page, state in ((police, "laptop"), (health, "phone")):
        finds_joanne_smiths_family(page)
        assert not on_body(page)
        assert_accessible(page, f"live page at 79 families, {state}")
    police.get_by_test_id("notes").fill("Police: two call-outs in May; bail conditions end Friday.")
    screenshot(police, "live-meeting-1366.png")
    screenshot(health, "live-meeting-390.png")

    # the chair agrees the risk, the MARAC referral and a decision and moves on: no save button
    chair.get_by_label("Agreed risk level").select_option("high")
    chair.get_by_label("MARAC referral", exact=True).select_option("yes")
    chair.get_by_label("Decision", exact=True).fill(DECISION)
    expect(chair.get_by_test_id("save-risk")).to_have_text("Saved")
    expect(chair.get_by_test_id("save-marac")).to_have_text("Saved")
    assert chair.get_by_role("button", name=re.compile("Save")).count() == 0
    choose(chair, "Aisha Smith")
    expect(chair.get_by_test_id("item-heading")).to_be_focused()
    assert not on_body(chair)
    for page in (police, health):
        expect(page.get_by_test_id("summary-panel").get_by_test_id("member").first).to_contain_text(
            "Aisha Smith"
        )
    assert_accessible(chair, "live page, chair, after moving on")
    family_page = health.get_by_test_id("family-page-link").get_attribute("href")
    assert family_page is not None and family_page.startswith("/agenda/items/")

    # closing is deliberate: a confirmation naming the 78 unfinished families
    chair.get_by_test_id("close-meeting").get_by_role("button", name="Close meeting").click()
    expect(chair.get_by_test_id("unfinished-count")).to_have_text("78 families have no decision")
    unfinished = chair.get_by_test_id("unfinished")
    expect(unfinished).to_contain_text("Aisha Smith")
    expect(unfinished).to_contain_text("Bethany Smith")
    expect(unfinished).not_to_contain_text("Joanne Smith")
    expect(chair.get_by_test_id("finished")).to_contain_text("Smith family: Refer to MARAC")
    assert_accessible(chair, "close confirmation, 78 unfinished")
    close_and_read_the_minutes(chair, health, morning.meeting_id, DECISION, marac=True)
    assert_accessible(health, "live page after the close, phone")
    assert_accessible(chair, "minutes of a 79-family meeting")

    # on the 390 px phone: a family's page, the minutes, and a page that is not there
    minutes = f"/meetings/{morning.meeting_id}/minutes"
    for path, status, state in ((family_page, 200, "family page"), (minutes, 200, "minutes"),
                                ("/no-such-page", 404, "page not found")):  # fmt: skip
        response = health.goto(f"{server.url}{path}")
        assert response is not None and response.status == status, path
        assert_accessible(health, f"{state}, phone")


def test_keyboard_only_at_79_families_and_the_coordinators_agenda_in_place(
    browser: Browser,
    contexts: list[BrowserContext],
    server: LiveServer,
    morning: ScaleMeeting,
) -> None:
    coordinator = signed_in(browser, contexts, server, morning.chair, viewport=LAPTOP)
    coordinator.goto(f"{server.url}/agenda/{morning.day.isoformat()}")
    expect(coordinator.get_by_test_id("agenda-shown")).to_contain_text(f"{FAMILIES} families")
    joanne = coordinator.get_by_test_id("item-line").filter(has_text="Joanne Smith, 34 years")
    expect(joanne).to_have_count(1)
    assert_accessible(coordinator, "agenda page, 79 families")
    coordinator.get_by_label("Risk").select_option("high")
    expect(coordinator.get_by_test_id("agenda-shown")).to_contain_text("Showing")
    expect(coordinator.get_by_test_id("agenda-announce")).to_contain_text("High risk")
    lines = coordinator.get_by_test_id("agenda-items").get_by_test_id("item-line")
    assert all("High risk" in line for line in lines.all_inner_texts())
    assert_accessible(coordinator, "agenda page filtered by risk")
    second = coordinator.get_by_test_id("agenda-items").get_by_test_id("item-label").nth(1)
    name = second.inner_text()
    button = coordinator.get_by_test_id("move-up").nth(1)
    label = str(button.inner_text())
    button.focus()
    coordinator.keyboard.press("Enter")
    expect(coordinator.get_by_test_id("agenda-announce")).to_contain_text(f"{name} moved up")
    expect(coordinator.get_by_role("button", name=label)).to_be_focused()
    assert not on_body(coordinator)
    assert_accessible(coordinator, "agenda page after an in-place reorder")
    coordinator.set_viewport_size(PHONE)
    assert_accessible(coordinator, "agenda page filtered, phone")

    police = join(browser, contexts, server, morning.police, morning.meeting_id)
    assert focused_id(police) == "doc-notes" and not on_body(police)
    police.reload()  # the top of the page, statement already accepted
    expect(police.get_by_test_id("notes")).to_be_enabled()
    presses = ["Tab", "Enter"]  # the first skip link: "Skip to the family's notes"
    for key in presses:
        police.keyboard.press(key)
    assert focused_id(police) == "doc-notes" and len(presses) <= 5
    police.keyboard.type("Known to police: two call-outs this year.")
    police.reload()
    expect(police.get_by_test_id("notes")).to_be_enabled()
    for key in ("Tab", "Tab", "Enter"):  # the second skip link: the agenda's filter
        police.keyboard.press(key)
    assert focused_id(police) == "agenda-filter"
    police.keyboard.type("Bethany Smith")
    expect(police.get_by_test_id("agenda-entry")).to_have_count(1)
    police.keyboard.press("Tab")
    police.keyboard.press("Enter")
    expect(police.get_by_test_id("item-heading")).to_have_text("Smith family")
    assert focused_id(police) == "item-heading" and not on_body(police)
    expect(police.get_by_test_id("summary-panel")).to_contain_text("Bethany Smith")
    assert_accessible(police, "live page after keyboard navigation, 79 families")
