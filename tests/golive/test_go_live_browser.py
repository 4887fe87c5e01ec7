"""Issue #13's "done when", end to end with no demo code: the command-line set-up on an empty
migrated database, a police file, identity resolution, the agenda built by the scheduler's own
function, then in Chromium the standing members from police and health sign in, accept the
confidentiality statement, co-edit the notes, agree the victim's contact plan and an action with
one lead; the chair closes the meeting and each downloads their minutes. A partner who is not a
member is refused the live page, the agenda list and the minutes. Then the look-up API, with a
health key, names the police and shows the contact plan; a namesake names no agency."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from agenda.build import build_scheduled
from agenda.settings import current_schedule
from frontdoor.db import db
from frontdoor.models import AgendaItem, User, utcnow

from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, enter_live, signed_in
from ..factories import PASSWORD
from ..factories.police_file import incident, police_csv

pytestmark = pytest.mark.browser

PLAN = "Leeds DV Service (IDVA) calls her mobile 10:00-12:00; others go through the IDVA."
ACTION = "Police to check bail conditions"
USERS = {  # e-mail -> (name, agency, role)
    "chair@leeds.example.org": ("Cara Chair", "leeds", "coordinator"),
    "pc.rep@wyp.example.org": ("Pat Police", "wyp", "partner"),
    "nurse.rep@lth.example.org": ("Nina Nurse", "lth", "partner"),
    "other.nurse@lth.example.org": ("Olga Other", "lth", "partner"),  # not a member
}


def cli(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.output


def set_up_from_the_shell(app: Flask, tmp_path: Path) -> str:
    """The runbook's commands (docs/go-live.md); returns a health API key."""
    cli(app, "setup", "--skip-migrate", "--council-code", "leeds", "--council-name",
        "Leeds City Council", "--police-code", "wyp", "--police-name", "West Yorkshire Police",
        "--admin-email", "it.admin@leeds.example.org", "--admin-name", "Ada Admin",
        "--admin-password", PASSWORD)  # fmt: skip
    cli(app, "agencies", "create", "--code", "lth", "--name", "Leeds Teaching Hospitals",
        "--kind", "health")  # fmt: skip
    # Partners only for agencies on the information-sharing register (#20).
    cli(app, "agencies", "register", "wyp", "--basis", "dpa_part3", "--condition", "s35_sch8",
        "--agreed", "2025-04-01")  # fmt: skip
    cli(app, "agencies", "register", "lth", "--basis", "art6_1_e", "--condition", "art9_2_h",
        "--agreed", "2025-04-01")  # fmt: skip
    cli(app, "agencies", "register", "leeds", "--basis", "art6_1_e", "--condition", "sch1_18",
        "--agreed", "2025-04-01")  # fmt: skip
    for email, (name, agency, role) in USERS.items():
        cli(app, "users", "create", "--email", email, "--name", name, "--agency", agency,
            "--role", role, "--password", PASSWORD)  # fmt: skip
    cli(app, "meetings", "members", "add", "pc.rep@wyp.example.org")
    cli(app, "meetings", "members", "add", "nurse.rep@lth.example.org")
    token = cli(app, "api-keys", "create", "--agency", "lth", "--name", "Health EPR")
    night = tmp_path / "night.csv"
    night.write_bytes(police_csv(incident()))
    assert cli(app, "import", "police", str(night)).splitlines()[-1].startswith("processed")
    cli(app, "identity", "resolve")
    return token.splitlines()[-1]


def build_as_the_scheduler_does(app: Flask) -> tuple[int, date, str]:
    with app.app_context():
        schedule = current_schedule()
        day = schedule.meeting_on_or_after(date.today())
        if schedule.cutoff(day) <= utcnow():
            day = schedule.next_meeting_date(day)
        result = build_scheduled(now=schedule.cutoff(day) + timedelta(minutes=1))
        assert result is not None and result.items_added == 1
        item = (
            db.session()
            .scalars(select(AgendaItem).where(AgendaItem.meeting_id == result.meeting_id))
            .one()
        )
        return result.meeting_id, day, item.family.label or f"Family {item.family_id}"


def user(app: Flask, email: str) -> User:
    with app.app_context():
        found = db.session().scalar(select(User).where(User.email == email))
        assert found is not None
        db.session().expunge(found)
        return found


def open_live(page: Page, server: LiveServer, meeting_id: int, family: str) -> None:
    enter_live(page, server, meeting_id)
    page.get_by_test_id("agenda").get_by_role("link", name=family).click()
    expect(page.get_by_test_id("item-heading")).to_have_text(family)
    expect(page.get_by_test_id("notes")).to_be_enabled()


def co_edit_and_agree(chair: Page, police: Page, health: Page) -> None:
    police.get_by_test_id("notes").click()
    police.keyboard.type("Police: two call-outs this year. ")
    expect(health.get_by_test_id("notes")).to_have_value(re.compile("two call-outs"))
    health.get_by_test_id("notes").click()
    health.keyboard.press("End")
    health.keyboard.type("Health: GP saw injuries.")
    for page in (chair, police, health):
        expect(page.get_by_test_id("notes")).to_have_value(
            re.compile("two call-outs.*GP saw injuries"), timeout=10000
        )
    chair.get_by_label("Victim's contact plan").fill(PLAN)  # saves itself: no button
    expect(chair.get_by_test_id("save-contact_plan")).to_have_text("Saved")
    expect(police.get_by_label("Victim's contact plan")).to_have_value(PLAN, timeout=10000)
    chair.get_by_label("Action", exact=True).fill(ACTION)
    chair.get_by_label("Lead agency", exact=True).select_option(label="West Yorkshire Police")
    chair.get_by_label("Due date", exact=True).fill((date.today() + timedelta(days=7)).isoformat())
    chair.get_by_role("button", name="Add action").click()
    for page in (chair, police, health):
        expect(page.get_by_test_id("actions")).to_contain_text(ACTION)
    assert_accessible(chair, "live page, chair, notes, contact plan and an action")
    assert_accessible(health, "live page, partner, notes, contact plan and an action")


def download_minutes(page: Page, server: LiveServer, meeting_id: int) -> str:
    page.goto(f"{server.url}/meetings/{meeting_id}/minutes")
    expect(page.get_by_test_id("contact-plan")).to_have_text(PLAN)
    assert_accessible(page, "minutes with a contact plan")
    with page.expect_download() as info:
        page.get_by_test_id("download-pdf").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def refused(page: Page, server: LiveServer, meeting_id: int, day: date) -> None:
    for path in (f"/meetings/{meeting_id}/live", f"/agenda/{day.isoformat()}",
                 f"/meetings/{meeting_id}/minutes"):  # fmt: skip
        response = page.goto(f"{server.url}{path}")
        assert response is not None and response.status == 404, path
        assert_accessible(page, f"not found, {path}")
    page.goto(f"{server.url}/minutes")
    expect(page.locator("main")).not_to_contain_text(day.strftime("%-d %B %Y"))
    assert_accessible(page, "minutes list, not a member")


def look_up(app: Flask, token: str, born: str) -> dict:
    response = app.test_client().post(
        "/api/v1/who-is-in-contact", headers={"Authorization": f"Bearer {token}"},
        json={"given_name": "Amy", "surname": "Smith", "date_of_birth": born,
              "purpose": "Health visitor checking before a home visit"},
    )  # fmt: skip
    assert response.status_code == 200
    return response.get_json()


def test_from_an_empty_database_to_a_finished_meeting_without_the_demo(
    app: Flask,
    browser: Browser,
    live_server: LiveServer,
    contexts: list[BrowserContext],
    tmp_path: Path,
) -> None:
    token = set_up_from_the_shell(app, tmp_path)
    meeting_id, day, family = build_as_the_scheduler_does(app)
    pages = {
        email: signed_in(browser, contexts, live_server, user(app, email), accept_downloads=True)
        for email in USERS
    }
    chair, police, health, outsider = pages.values()
    for page in (chair, police, health):
        open_live(page, live_server, meeting_id, family)
    co_edit_and_agree(chair, police, health)
    refused(outsider, live_server, meeting_id, day)
    chair.get_by_test_id("close-meeting").get_by_role("button", name="Close meeting").click()
    expect(chair.get_by_test_id("close-heading")).to_have_text("Close the meeting?")
    assert_accessible(chair, "close confirmation")
    chair.get_by_role("button", name="Close the meeting and freeze the minutes").click()
    expect(chair).to_have_url(re.compile(rf"/meetings/{meeting_id}/minutes$"))
    for page in (chair, police, health):
        text = download_minutes(page, live_server, meeting_id)
        assert PLAN in text and ACTION in text and "GP saw injuries" in text
        assert text.count("accepted the confidentiality statement") == 3
    refused(outsider, live_server, meeting_id, day)

    [victim] = look_up(app, token, "1990-04-12")["people"]
    assert (victim["match"], victim["contact_plan"]) == ("confident", PLAN)
    assert [a["agency"] for a in victim["agencies"]] == ["West Yorkshire Police"]
    namesake = look_up(app, token, "1971-09-30")["people"]
    assert all("agencies" not in p for p in namesake)
    assert "West Yorkshire Police" not in str(namesake)
