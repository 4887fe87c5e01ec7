"""The live meeting page builds its content in the browser: the XSS corpus, in every field
the meeting shows, must stay inert in real Chromium against the real server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, expect
from sqlalchemy import select

from frontdoor.db import transaction
from frontdoor.models import AgendaItem, Family, FamilyMember, MemberRole, Person, PersonRecord

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, sign_in_page
from ..factories import Factory
from ..factories.meetings import LiveMeeting, create_meeting
from .xss import CORPUS, injected

pytestmark = pytest.mark.browser


@pytest.fixture
def poisoned_meeting(app: Flask, factory: Factory) -> LiveMeeting:
    meeting = create_meeting(app, factory, families=2)
    counter = itertools.count()
    with app.app_context(), transaction() as tx:
        for item in tx.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting.meeting_id)
        ):
            family = tx.get(Family, item.family_id)
            assert family is not None
            family.label = CORPUS[next(counter) % len(CORPUS)]
            item.order_reason = CORPUS[next(counter) % len(CORPUS)]
            person = Person()
            tx.add(person)
            tx.flush()
            tx.add(
                PersonRecord(
                    agency_id=meeting.police_agency.id,
                    person_id=person.id,
                    source="test",
                    given_name=CORPUS[next(counter) % len(CORPUS)][:200],
                    surname=CORPUS[next(counter) % len(CORPUS)][:200],
                )
            )
            tx.add(
                FamilyMember(family_id=family.id, person_id=person.id, member_role=MemberRole.ADULT)
            )
    return meeting


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    opened = browser.new_context()
    yield opened
    opened.close()


def test_the_live_meeting_page_keeps_the_corpus_inert(
    live_server: LiveServer, context: BrowserContext, poisoned_meeting: LiveMeeting
) -> None:
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in_page(page, live_server, poisoned_meeting.police)
    page.goto(f"{live_server.url}/meetings/{poisoned_meeting.meeting_id}/live")
    page.get_by_role("button", name="I accept the confidentiality statement").click()
    expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "live")
    # The meeting state carrying every payload has been rendered once its text shows on the page.
    expect(page.locator("body")).to_contain_text("xss-")
    assert dialogs == []
    html = page.content()
    assert "xss-" in html  # the payloads did reach the page, as text
    assert injected(html) == []
    assert_accessible(page, "live page showing the XSS corpus as text")
