"""The live meeting in real Chromium against the real gunicorn server: several partners at once."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from agenda.live import documents
from frontdoor.db import db
from frontdoor.models import User

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, enter_live, signed_in, start_server
from ..factories import Factory
from ..factories.meetings import LiveMeeting, create_meeting

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(app: Flask, factory: Factory) -> LiveMeeting:
    return create_meeting(app, factory)


def join(
    browser: Browser,
    contexts: list[BrowserContext],
    server: LiveServer,
    user: User,
    meeting_id: int,
) -> Page:
    return enter_live(signed_in(browser, contexts, server, user), server, meeting_id)


def notes(page: Page) -> str:
    return str(page.get_by_test_id("notes").input_value())


def stored_notes(app: Flask, item_id: int) -> str:
    with app.app_context():
        return documents.text_of(db.session(), item_id, "notes")


def wait_until_saved(page: Page) -> None:
    expect(page.get_by_test_id("connection")).to_have_attribute("data-pending", "0")


def test_three_partners_typing_at_once_all_end_with_every_keystroke(
    app: Flask,
    browser: Browser,
    live_server: LiveServer,
    meeting: LiveMeeting,
    contexts: list[BrowserContext],
) -> None:
    pages = [
        join(browser, contexts, live_server, user, meeting.meeting_id)
        for user in (meeting.chair, meeting.police, meeting.health)
    ]
    phrases = ["chair notes one two three", "police know of two call-outs", "GP saw injuries"]
    for page in pages:
        page.get_by_test_id("notes").click()
    for round_ in range(len(max(phrases, key=len))):  # interleaved, keystroke by keystroke
        for page, phrase in zip(pages, phrases, strict=True):
            if round_ < len(phrase):
                page.keyboard.type(phrase[round_])
    for page in pages:
        wait_until_saved(page)
    expect(pages[0].get_by_test_id("notes")).to_have_value(notes(pages[1]), timeout=10000)
    final = notes(pages[0])
    for page in pages:
        expect(page.get_by_test_id("notes")).to_have_value(final)
    for phrase in phrases:
        assert phrase in final
    assert len(final) == sum(len(p) for p in phrases)
    assert stored_notes(app, meeting.item_ids[0]) == final
    assert_accessible(pages[0], "live page, notes co-written by three partners")


def test_the_chair_moves_and_every_screen_follows_unless_a_partner_stays(
    browser: Browser,
    live_server: LiveServer,
    meeting: LiveMeeting,
    contexts: list[BrowserContext],
) -> None:
    chair = join(browser, contexts, live_server, meeting.chair, meeting.meeting_id)
    police = join(browser, contexts, live_server, meeting.police, meeting.meeting_id)
    health = join(browser, contexts, live_server, meeting.health, meeting.meeting_id)
    health.get_by_test_id("agenda").get_by_role("link", name="Family 3").click()
    expect(health.get_by_test_id("item-heading")).to_have_text("Family 3")
    chair.get_by_test_id("agenda").get_by_role("link", name="Family 2").click()
    expect(chair.get_by_test_id("item-heading")).to_have_text("Family 2")
    expect(police.get_by_test_id("item-heading")).to_have_text("Family 2")
    expect(police.get_by_test_id("live-status")).to_contain_text("moved the meeting to Family 2")
    expect(health.get_by_test_id("item-heading")).to_have_text("Family 3")
    expect(health.get_by_test_id("live-status")).to_contain_text("you stayed on Family 3")
    health.get_by_label("Follow the chair").check()
    expect(health.get_by_test_id("item-heading")).to_have_text("Family 2")
    expect(chair.get_by_test_id("presence")).to_contain_text("viewing Family 2")
    assert_accessible(health, "live page, partner following the chair")

    police.get_by_role("button", name="Pause live updates").click()
    expect(police.get_by_test_id("live-status")).to_contain_text("Live updates paused")
    assert_accessible(police, "live page, live updates paused")
    chair.get_by_test_id("agenda").get_by_role("link", name="Family 1").click()
    expect(health.get_by_test_id("item-heading")).to_have_text("Family 1")
    expect(police.get_by_test_id("item-heading")).to_have_text("Family 2")
    police.get_by_role("button", name="Resume live updates").click()
    expect(police.get_by_test_id("item-heading")).to_have_text("Family 1")
    expect(police.get_by_test_id("live-status")).to_contain_text("Live updates resumed")


def test_a_click_survives_the_agenda_being_redrawn_between_press_and_release(
    browser: Browser,
    live_server: LiveServer,
    meeting: LiveMeeting,
    contexts: list[BrowserContext],
) -> None:
    """The chair's laptop and the big screen are both the chair: while the chair presses
    Family 2 on one, the other moves the meeting to Family 3, so the list is redrawn under the
    pointer. The press and release land on the same family's link, so the click counts."""
    laptop = join(browser, contexts, live_server, meeting.chair, meeting.meeting_id)
    screen = signed_in(browser, contexts, live_server, meeting.chair)
    enter_live(screen, live_server, meeting.meeting_id, accepted=True)
    link = laptop.get_by_test_id("agenda").get_by_role("link", name="Family 2")
    box = link.bounding_box()
    assert box is not None
    laptop.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    laptop.mouse.down()
    screen.get_by_test_id("agenda").get_by_role("link", name="Family 3").click()
    expect(laptop.get_by_test_id("agenda").locator(".fd-live__current")).to_contain_text(
        "Family 3"
    )  # the laptop's list was redrawn while its button was down
    laptop.mouse.up()
    expect(laptop.get_by_test_id("item-heading")).to_have_text("Family 2")
    expect(screen.get_by_test_id("item-heading")).to_have_text("Family 2")


def test_a_client_that_goes_offline_keeps_its_edits_and_sends_them_on_return(
    app: Flask,
    browser: Browser,
    live_server: LiveServer,
    meeting: LiveMeeting,
    contexts: list[BrowserContext],
) -> None:
    police = join(browser, contexts, live_server, meeting.police, meeting.meeting_id)
    health = join(browser, contexts, live_server, meeting.health, meeting.meeting_id)
    police.get_by_test_id("notes").click()
    police.keyboard.type("before ")
    wait_until_saved(police)
    police.context.set_offline(True)
    expect(police.get_by_test_id("connection")).to_have_attribute(
        "data-state", "offline", timeout=15000
    )
    police.keyboard.type("while offline")
    health.get_by_test_id("notes").click()
    health.keyboard.press("End")
    health.keyboard.type(" health online")
    wait_until_saved(health)
    expect(police.get_by_test_id("connection")).not_to_have_attribute("data-pending", "0")
    assert_accessible(police, "live page offline with unsent edits")
    police.context.set_offline(False)
    expect(police.get_by_test_id("connection")).to_have_attribute(
        "data-state", "live", timeout=15000
    )
    wait_until_saved(police)
    expect(health.get_by_test_id("notes")).to_have_value(notes(police))
    final = notes(police)
    assert "before " in final and "while offline" in final and " health online" in final
    assert stored_notes(app, meeting.item_ids[0]) == final


def test_a_server_restart_mid_meeting_loses_nothing_acknowledged(
    app: Flask,
    browser: Browser,
    live_server: LiveServer,
    meeting: LiveMeeting,
    contexts: list[BrowserContext],
) -> None:
    police = join(browser, contexts, live_server, meeting.police, meeting.meeting_id)
    health = join(browser, contexts, live_server, meeting.health, meeting.meeting_id)
    police.get_by_test_id("notes").click()
    police.keyboard.type("acknowledged before the restart")
    wait_until_saved(police)
    port = int(live_server.url.rsplit(":", 1)[1])
    live_server.stop()
    expect(police.get_by_test_id("connection")).to_have_attribute("data-state", "offline")
    police.keyboard.type(" / typed while down")
    assert_accessible(police, "live page while the server restarts")
    restarted = start_server(live_server.env, port=port)
    live_server.process = restarted.process  # the fixture stops whichever process is running
    expect(police.get_by_test_id("connection")).to_have_attribute(
        "data-state", "live", timeout=20000
    )
    wait_until_saved(police)
    expect(health.get_by_test_id("notes")).to_have_value(
        "acknowledged before the restart / typed while down", timeout=15000
    )
    assert stored_notes(app, meeting.item_ids[0]) == (
        "acknowledged before the restart / typed while down"
    )
    assert_accessible(police, "live page after the server restarted")
