"""A coordinator's morning in real Chromium: the overnight intake is on the agenda; they
reorder (by keyboard), defer and add a family; a partner records their agency's research."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from agenda.build import build_scheduled
from frontdoor.db import transaction
from frontdoor.models import AgencyKind, Attendance, DashRisk, MemberRole, Role, User

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, sign_in_page
from ..factories import Factory
from ..factories.cases import Member, at, family, referral
from ..live.test_cockpit_browser import PHONE

pytestmark = pytest.mark.browser

TUESDAY = date(2026, 11, 24)


def sign_in(browser: Browser, server: LiveServer, user: User) -> Page:
    return sign_in_page(browser.new_context().new_page(), server, user)


def labels(page: Page) -> list[str]:
    return page.get_by_test_id("item-label").all_inner_texts()


def test_the_coordinators_morning_and_a_partners_research(
    app: Flask, browser: Browser, live_server: LiveServer, factory: Factory
) -> None:
    police = factory.agency("police", AgencyKind.POLICE)
    health = factory.agency("health", AgencyKind.HEALTH)
    coordinator = factory.user([Role.COORDINATOR], agency=police)
    partner = factory.user([Role.PARTNER], agency=health)
    with app.app_context():
        smith = family(
            police,
            "Smith",
            Member("Jo", "Smith", date(1990, 1, 1)),
            Member("Kit", "Smith", date(2025, 9, 1), MemberRole.CHILD),
        )
        jones = family(police, "Jones", Member("Al", "Jones", date(1985, 5, 5)))
        family(police, "Brown", Member("Bo", "Brown", date(1979, 3, 3)))
        referral(police, smith, at(date(2026, 11, 23), 23), dash=DashRisk.HIGH)
        referral(health, smith, at(TUESDAY, 1), source_ref="NHS-1")
        referral(police, jones, at(TUESDAY, 2), source_ref="WYP-2", stalking=True)
        referral(police, None, at(TUESDAY, 3), source_ref="WYP-UNMATCHED")
        built = build_scheduled(now=at(TUESDAY, 8, 30))  # the 08:30 job
        assert built is not None
        with transaction() as tx:  # the partner is invited to the meeting
            tx.add(Attendance(meeting_id=built.meeting_id, user_id=partner.id, agency_id=health.id))

    page = sign_in(browser, live_server, coordinator)
    page.goto(f"{live_server.url}/agenda/{TUESDAY.isoformat()}")
    expect(page.get_by_test_id("item-label")).to_have_count(2)
    assert labels(page) == ["Smith", "Jones"]
    expect(page.get_by_test_id("provisional")).to_contain_text("1 referral(s) not yet matched")
    expect(page.get_by_text("Sources (2)")).to_be_visible()
    assert_accessible(page, "agenda built overnight, with a provisional referral")

    page.get_by_role("button", name="Move up Jones").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("item-label").first).to_have_text("Jones")

    page.get_by_text("Defer or remove Smith").click()
    page.get_by_label("Reason for deferring Smith (optional)").fill("Awaiting police checks")
    page.get_by_role("button", name="Defer to the next meeting Smith").click()
    expect(page.get_by_test_id("set-aside")).to_contain_text("Awaiting police checks")
    assert labels(page) == ["Jones"]
    assert_accessible(page, "agenda with a family set aside")

    page.get_by_role("link", name="Add a family").click()
    search = page.get_by_label("Family name, a member's name or the family number")
    expect(search).to_be_visible()
    assert_accessible(page, "add a family")
    search.fill("Brown")
    page.get_by_role("button", name="Search").click()
    add_brown = page.get_by_role("button", name="Add Brown")
    expect(add_brown).to_be_visible()
    assert_accessible(page, "add a family, search results")
    add_brown.click()
    expect(page.get_by_text("Family added to the agenda.")).to_be_visible()
    assert sorted(labels(page)) == ["Brown", "Jones"]
    assert_accessible(page, "agenda after adding a family")

    research = sign_in(browser, live_server, partner)
    research.goto(f"{live_server.url}/agenda/{TUESDAY.isoformat()}")
    research.get_by_role("link", name="Jones").click()
    expect(research.get_by_role("heading", name="Jones", level=1)).to_be_visible()
    assert_accessible(research, "family page, partner")
    research.get_by_label("Opinion").check()
    research.get_by_label("What your agency knows").fill("GP concerned about controlling behaviour")
    research.get_by_role("button", name="Save preparation").click()
    expect(research.get_by_test_id("preparation")).to_contain_text("GP concerned")
    assert_accessible(research, "family page after saving preparation")
    research.set_viewport_size(PHONE)
    assert_accessible(research, "family page after saving preparation, phone")

    page.reload()
    expect(page.get_by_test_id("prepared-by").first).to_contain_text("Agency health (1 opinion)")
