"""A person signs in, sees the page for their role, and signs out — in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from frontdoor.models import Role

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer
from ..factories import PASSWORD, Factory
from ..live.test_cockpit_browser import LAPTOP, PHONE

pytestmark = pytest.mark.browser

HEADINGS = {
    Role.COORDINATOR: "Duty coordinator",
    Role.PARTNER: "Partner representative",
    Role.AGENCY_WORKER: "Agency worker",
    Role.MANAGER: "Manager",
    Role.ADMIN: "Administrator",
}


def test_each_role_signs_in_sees_its_page_and_signs_out(
    browser: Browser, live_server: LiveServer, factory: Factory
) -> None:
    users = {role: factory.user([role]) for role in Role}
    for role, user in users.items():
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        expect(page).to_have_url(f"{live_server.url}/sign-in?next=/")
        if role == Role.COORDINATOR:
            assert_accessible(page, "sign-in page")

        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        expect(page.get_by_test_id("signed-in-as")).to_contain_text(user.display_name)
        expect(page.get_by_role("heading", level=2)).to_contain_text(HEADINGS[role])
        expect(page.locator("body")).to_have_class(
            "govuk-template__body js-enabled govuk-frontend-supported"
        )
        assert_accessible(page, f"home page, {role.value}")
        page.set_viewport_size(PHONE)
        assert_accessible(page, f"home page, {role.value}, phone")
        page.set_viewport_size(LAPTOP)  # where the header shows the sign-out button

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_text("You have signed out.")).to_be_visible()
        if role == Role.COORDINATOR:
            assert_accessible(page, "signed out")
        page.goto(f"{live_server.url}/")
        expect(page).to_have_url(f"{live_server.url}/sign-in?next=/")
        context.close()


def test_a_wrong_password_shows_the_error_summary(
    browser: Browser, live_server: LiveServer, factory: Factory
) -> None:
    user = factory.user([Role.PARTNER])
    page = browser.new_page()
    page.goto(f"{live_server.url}/sign-in")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct e-mail address and password")
    assert_accessible(page, "sign-in page with an error summary")
    page.set_viewport_size(PHONE)
    assert_accessible(page, "sign-in page with an error summary, phone")
    page.close()


def test_the_page_runs_no_script_the_csp_blocks(browser: Browser, live_server: LiveServer) -> None:
    page = browser.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(f"{live_server.url}/sign-in")
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    assert violations == []
    page.close()
