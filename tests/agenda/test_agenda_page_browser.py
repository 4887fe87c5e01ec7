"""The coordinator's agenda page in Chromium (#15): filters apply in place, a family moves by
keyboard without a reload with focus kept on its button and the result announced; without
JavaScript the same controls are ordinary forms. axe-core finds no WCAG 2.2 AA violation in
any state visited, and nothing scrolls sideways at 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from frontdoor.models import Role

from ..accessibility import assert_accessible, assert_accessible_without_script
from ..browser_fixtures import LiveServer, signed_in
from ..factories import Factory
from .test_agenda_page import morning
from .test_pages import AGENDA

pytestmark = pytest.mark.browser
__all__ = ["morning"]


def labels(page: Page) -> list[str]:
    return page.get_by_test_id("agenda-items").get_by_test_id("item-label").all_inner_texts()


def mark_page(page: Page) -> None:
    """A marker a full reload would wipe out."""
    page.evaluate("() => { window.notReloaded = true; }")


def not_reloaded(page: Page) -> bool:
    return bool(page.evaluate("() => window.notReloaded === true"))


def test_filters_and_keyboard_reorder_in_place(
    browser: Browser,
    contexts: list[BrowserContext],
    live_server: LiveServer,
    factory: Factory,
    morning: dict[str, int],
) -> None:
    coordinator = factory.user([Role.COORDINATOR], agency=factory.agency("police"))
    laptop = {"width": 1366, "height": 900}
    page = signed_in(browser, contexts, live_server, coordinator, viewport=laptop)
    page.goto(f"{live_server.url}{AGENDA}")
    page.get_by_role("button", name="Move to Discuss Jones").click()  # the triage exception
    expect(page.get_by_test_id("jump-list")).to_contain_text("Urgent and MARAC criteria (1)")
    expect(page.get_by_test_id("jump-list")).to_contain_text("Adults only (1)")
    assert_accessible(page, "agenda page")
    mark_page(page)

    page.get_by_label("Children").select_option("yes")
    expect(page.get_by_test_id("agenda-shown")).to_contain_text("Showing 1 of 2 families")
    assert labels(page) == ["Smith"] and not_reloaded(page)
    assert page.url.endswith(f"{AGENDA}?children=yes")
    expect(page.get_by_test_id("agenda-announce")).to_contain_text("Showing 1 of 2 families")
    assert_accessible(page, "agenda filtered")

    page.get_by_label("Children").select_option("")
    expect(page.get_by_test_id("agenda-shown")).to_contain_text("2 families on the agenda")
    jones_up = page.get_by_role("button", name="Move up Jones")
    jones_up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("agenda-announce")).to_have_text("Jones moved up: now number 1.")
    assert labels(page) == ["Jones", "Smith"] and not_reloaded(page)
    expect(page.get_by_role("button", name="Move up Jones")).to_be_focused()
    page.keyboard.press("Enter")  # again, from the same button: already first
    announce = page.get_by_test_id("agenda-announce")
    expect(announce).to_have_text("Jones is already first: not moved.")
    expect(page.get_by_role("button", name="Move up Jones")).to_be_focused()
    assert_accessible(page, "agenda after an in-place reorder")

    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, "agenda on a phone")


def test_without_javascript_the_filters_and_moves_are_ordinary_forms(
    browser: Browser,
    contexts: list[BrowserContext],
    live_server: LiveServer,
    factory: Factory,
    morning: dict[str, int],
) -> None:
    coordinator = factory.user([Role.COORDINATOR], agency=factory.agency("police"))
    page = signed_in(browser, contexts, live_server, coordinator, java_script_enabled=False)
    page.goto(f"{live_server.url}{AGENDA}")
    page.get_by_role("button", name="Move to Discuss Jones").click()
    page.get_by_label("Risk").select_option("standard")
    page.get_by_test_id("apply-filters").click()
    expect(page.get_by_test_id("agenda-shown")).to_contain_text("Showing 1 of 2 families")
    assert page.url.endswith("?risk=standard&children=&agency=")
    assert labels(page) == ["Jones"]
    page.get_by_role("button", name="Move up Jones").click()
    expect(page.get_by_text("Jones moved up: now number 1.")).to_be_visible()
    assert labels(page) == ["Jones", "Smith"]
    assert_accessible_without_script(browser, page, "agenda filtered and reordered by its forms")
