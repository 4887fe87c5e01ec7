"""Issue #7 end to end, in real Chromium against the real gunicorn server: the chair closes a
meeting, downloads the minutes as a PDF, a partner completes one action, and the next meeting
(built as the scheduler builds it) brings back the rest as incomplete actions."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from agenda.build import build_scheduled
from agenda.live.actions import create_action
from agenda.live.fields import write_field
from agenda.settings import current_schedule
from frontdoor.db import db, transaction
from frontdoor.models import Action, ActionStatus, AgendaItem, Family, User

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, enter_live, signed_in
from ..factories import Factory, cases
from ..factories.meetings import LiveMeeting, create_meeting
from ..factories.minutes import justify
from ..security.test_withheld_address import _leaks

pytestmark = pytest.mark.browser

REFUGE = "Refuge family"
OTHER = "Family 1"
UI_ACTION = "Police welfare visit to Alice at"  # typed with her refuge postcode after it
DECISION = f"Refer to MARAC. Alice is safe at {cases.REFUGE_ADDRESS}, {cases.REFUGE_POSTCODE}."
OTHER_DECISION = "Police to check bail conditions; health visitor to call."
# (family, description, lead) of the actions agreed through the service layer
AGREED = [
    (REFUGE, "GP to review the injuries", "health"),
    (OTHER, "Check bail conditions", "police"),  # the one the police partner completes
    (OTHER, "Health visitor to call", "health"),
]
COMPLETED = "Check bail conditions"
STILL_OPEN = {REFUGE: [UI_ACTION, "GP to review the injuries"], OTHER: ["Health visitor to call"]}


@dataclass(frozen=True)
class World:
    live: LiveMeeting
    items: dict[str, int]  # family label -> agenda item
    next_day: date  # the next meeting date; every action is due on it


def build_world(app: Flask, factory: Factory) -> World:
    """Today's live meeting: Family 1 and a family whose victim is in a refuge (address
    withheld, recorded by housing), three actions for police and health, Family 1 decided."""
    live = create_meeting(app, factory, families=1)
    housing = factory.agency("housing")
    case = cases.family_case(app, housing.id, withheld=True)
    with app.app_context(), transaction() as tx:
        family = tx.get(Family, case.family_id)
        assert family is not None
        family.label = REFUGE
        refuge = AgendaItem(meeting_id=live.meeting_id, family_id=case.family_id, position=2)
        tx.add(refuge)
        tx.flush()
        items = {OTHER: live.item_ids[0], REFUGE: refuge.id}
        next_day = current_schedule(tx).next_meeting_date(date.today())
        agencies = {"police": live.police_agency.id, "health": live.health_agency.id}
        for label, description, lead in AGREED:
            item = tx.get(AgendaItem, items[label])
            assert item is not None
            payload = {
                "description": description,
                "lead_agency_id": agencies[lead],
                "due_on": next_day.isoformat(),
            }
            create_action(tx, item, payload, live.chair.id)
        write_field(tx, items[OTHER], "decision", OTHER_DECISION, 0, live.chair.id)
        for item_id in items.values():  # neither family's victim consented: the meeting says why
            justify(tx, item_id, live.chair.id)
    return World(live, items, next_day)


def choose_family(page: Page, label: str, loaded: str = "") -> None:
    """Open a family's item; `loaded`: text its actions show once its details have arrived
    (typing into a field before then would be overwritten by the details)."""
    page.get_by_test_id("agenda").get_by_role("link", name=label).click()
    expect(page.get_by_test_id("item-heading")).to_have_text(label)
    if loaded:
        expect(page.get_by_test_id("actions")).to_contain_text(loaded)


def chair_decides_agrees_and_closes(chair: Page, partner: Page, world: World) -> None:
    choose_family(chair, REFUGE, loaded=AGREED[0][1])
    chair.get_by_label("Decision", exact=True).fill(DECISION)  # saves itself: no button
    expect(chair.get_by_test_id("save-decision")).to_have_text("Saved")
    # the reply is scrubbed: the chair's own screen no longer shows the refuge address
    expect(chair.get_by_label("Decision", exact=True)).to_have_value(
        re.compile(r"safe at Withheld")
    )
    chair.get_by_label("Action", exact=True).fill(f"{UI_ACTION} {cases.REFUGE_POSTCODE}")
    chair.get_by_label("Lead agency", exact=True).select_option(label=world.live.police_agency.name)
    chair.get_by_label("Due date", exact=True).fill(world.next_day.isoformat())
    chair.get_by_role("button", name="Add action").click()
    expect(chair.get_by_test_id("actions")).to_contain_text(f"{UI_ACTION} Withheld")
    expect(partner.get_by_test_id("actions")).to_contain_text(f"{UI_ACTION} Withheld")
    assert_accessible(chair, "live page, chair, decision and action agreed")
    chair.get_by_test_id("close-meeting").get_by_role("button", name="Close meeting").click()
    expect(chair.get_by_test_id("close-heading")).to_have_text("Close the meeting?")
    assert_accessible(chair, "close confirmation")
    chair.get_by_role("button", name="Close the meeting and freeze the minutes").click()
    expect(chair).to_have_url(re.compile(rf"/meetings/{world.live.meeting_id}/minutes$"))
    expect(chair.get_by_text("The meeting is closed and its minutes are frozen.")).to_be_visible()
    closed = partner.get_by_test_id("meeting-closed")
    expect(closed).to_be_visible()
    expect(closed.get_by_role("link", name="Read the minutes")).to_have_attribute(
        "href", f"/meetings/{world.live.meeting_id}/minutes"
    )
    expect(partner.get_by_test_id("connection")).to_have_attribute("data-state", "closed")
    assert_accessible(chair, "minutes just frozen")
    assert_accessible(partner, "live page, partner, after the close")


def download_pdf(page: Page) -> list[str]:
    with page.expect_download() as info:
        page.get_by_test_id("download-pdf").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    path = download.path()
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    return [page_.extract_text() or "" for page_ in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def check_pdf(pages: list[str], reader: User) -> None:
    assert pages
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}: not marked top and bottom"
        assert f"Copy for {reader.display_name}" in squash(text), f"page {number}: no reader"
        assert f"Page {number} of {len(pages)}" in squash(text)
    whole = squash(" ".join(pages))
    for expected in (REFUGE, OTHER, OTHER_DECISION, "Refer to MARAC. Alice is safe at Withheld"):
        assert expected in whole
    for description in [f"{UI_ACTION} Withheld", *(d for _, d, _ in AGREED)]:
        assert description in whole
    assert _leaks(whole) == []  # the refuge address, postcode and phone, however spaced


def partner_completes(page: Page, server: LiveServer) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Our actions").click()
    expect(page.get_by_role("heading", name="Our actions")).to_be_visible()
    assert_accessible(page, "our actions")
    page.get_by_role("link", name=COMPLETED).click()
    expect(page.get_by_test_id("action-description")).to_have_text(COMPLETED)
    expect(page.get_by_test_id("action-status")).to_have_text("Open")
    assert_accessible(page, "an open action's page")
    page.get_by_role("button", name="Mark complete").click()  # no note: refused
    expect(page.get_by_test_id("complete-form")).to_contain_text("Say what was done")
    assert_accessible(page, "action page with an error")
    expect(page.get_by_test_id("action-status")).to_have_text("Open")
    page.get_by_label("What was done").fill("Bail conditions confirmed with the court")
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_test_id("action-status")).to_contain_text("Done, completed")
    expect(page.get_by_test_id("history")).to_contain_text("Bail conditions confirmed")
    assert_accessible(page, "a completed action's page")
    page.goto(f"{server.url}/actions/")
    expect(page.get_by_test_id("done-recently")).to_contain_text(COMPLETED)
    expect(page.get_by_test_id("due-soon")).not_to_contain_text(COMPLETED)
    assert_accessible(page, "our actions, one done recently")
    # the postcode typed into an action in the meeting is not on police's list or its page
    visit = page.get_by_role("link", name=f"{UI_ACTION} Withheld")
    expect(visit).to_be_visible()
    assert _leaks(page.content()) == []
    visit.click()
    expect(page.get_by_test_id("action-description")).to_have_text(f"{UI_ACTION} Withheld")
    assert _leaks(page.content()) == []


def build_next_meeting(app: Flask, world: World) -> int:
    """The scheduled job's own entry point, at the next meeting's build time."""
    with app.app_context():
        cutoff = current_schedule().cutoff(world.next_day)
        result = build_scheduled(now=cutoff + timedelta(minutes=1))
        assert result is not None and result.meeting_date == world.next_day
        return result.meeting_id


def check_next_agenda(page: Page, server: LiveServer, day: date) -> None:
    page.goto(f"{server.url}/agenda/{day.isoformat()}")
    rows = page.get_by_test_id("agenda-item")
    expect(rows).to_have_count(2)
    sections = page.get_by_test_id("agenda-section")
    for label in STILL_OPEN:  # each in the section of families with incomplete actions
        label_text = page.get_by_test_id("item-label").get_by_text(label, exact=True)
        section = sections.filter(has=label_text)
        expect(section.get_by_role("heading", level=2)).to_contain_text("Incomplete actions")
    assert_accessible(page, "next agenda with incomplete actions")


def check_incomplete_in_meeting(page: Page) -> None:
    for label, descriptions in STILL_OPEN.items():
        choose_family(page, label)
        shown = page.get_by_test_id("incomplete-action")
        expect(shown).to_have_count(len(descriptions))
        for description in descriptions:
            expect(page.get_by_test_id("incomplete-actions")).to_contain_text(description)
        expect(page.get_by_test_id("incomplete-actions")).not_to_contain_text(COMPLETED)
        expect(page.get_by_role("button", name="Record outcome")).to_have_count(len(descriptions))
        assert_accessible(page, f"live page, incomplete actions of {label}")


def test_close_download_complete_and_the_rest_come_back_at_the_next_meeting(
    app: Flask,
    factory: Factory,
    browser: Browser,
    live_server: LiveServer,
    contexts: list[BrowserContext],
) -> None:
    world = build_world(app, factory)
    live = world.live
    chair = signed_in(browser, contexts, live_server, live.chair, accept_downloads=True)
    enter_live(chair, live_server, live.meeting_id)
    health = signed_in(browser, contexts, live_server, live.health, accept_downloads=True)
    enter_live(health, live_server, live.meeting_id)
    chair_decides_agrees_and_closes(chair, health, world)

    expect(chair.get_by_test_id("reader")).to_contain_text(live.chair.display_name)
    check_pdf(download_pdf(chair), live.chair)

    police = signed_in(browser, contexts, live_server, live.police, accept_downloads=True)
    partner_completes(police, live_server)
    typed = f" {cases.REFUGE_POSTCODE}"
    with app.app_context():
        statuses = {a.description.replace(typed, ""): a.status for a in db.session().query(Action)}
    assert statuses[COMPLETED] == ActionStatus.DONE
    still_open = {d for ds in STILL_OPEN.values() for d in ds}
    assert {d for d, s in statuses.items() if s == ActionStatus.OPEN} == still_open

    next_meeting_id = build_next_meeting(app, world)
    check_next_agenda(chair, live_server, world.next_day)
    enter_live(chair, live_server, next_meeting_id)
    check_incomplete_in_meeting(chair)
