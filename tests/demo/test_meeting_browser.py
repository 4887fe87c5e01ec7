"""#15's walk on the demo's own meeting: the loader behind `make run` (`load_demo`: agencies,
demo log-ins, past meetings, last night's police file, today's agenda with every partner
invited), served by gunicorn, run in Chromium by the demo's chair and two of its partners (one
on a 390 px phone). Each partner finds the current family's victim, perpetrator, children's
ages and risk on the live page, as last night's police file gave them; the chair agrees and
moves on with no save button; closing names the unfinished families; the minutes hold what
was agreed. axe-core checks every state. (tests/live/test_cockpit_at_scale_browser.py walks a
79-family morning built without the demo.)"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdoor import create_app
from frontdoor.db import db
from frontdoor.demo.load import DEMO_DOMAIN, DEMO_PASSWORD, DemoSummary, load_demo
from frontdoor.models import AgendaSource, Meeting, ReferralPerson, ReferralRole

from .. import conftest as shared
from ..accessibility import assert_accessible
from ..browser_fixtures import LiveServer, enter_live, sign_in_with, start_server
from ..live.test_cockpit_browser import PHONE, close_and_read_the_minutes, on_body

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1200)]
DECISION = "Refer to MARAC; IDVA to make safe contact with the victim today."


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    born: date | None


@dataclass(frozen=True)
class Case:
    """One family on today's agenda as last night's police file described it."""

    item_id: int
    victim: Person
    perpetrator: Person
    children: tuple[Person, ...]
    risk: str


@dataclass(frozen=True)
class DemoMorning:
    summary: DemoSummary
    meeting_id: int
    day: date
    cases: tuple[Case, ...]


@pytest.fixture(scope="module")
def demo(database_url: str, instance_path: Path) -> Iterator[DemoMorning]:
    """The demo as `frontdoor demo` loads it (its population and seed), with one week of past
    meetings instead of sixteen, for time; the tables are emptied afterwards."""
    app = create_app(shared.test_config(database_url, instance_path))
    with app.app_context():
        summary = load_demo(db.session(), families=1500, seed=2026, history_weeks=1)
        assert summary.meeting_date is not None and summary.agenda_items >= 40
        session = db.session()
        meeting = session.scalars(
            select(Meeting).where(Meeting.meeting_date == summary.meeting_date)
        ).one()
        cases = tuple(_cases(session, meeting.id))
        yield DemoMorning(summary, meeting.id, meeting.meeting_date, cases)
        shared._empty_all_tables()


def _cases(session: Session, meeting_id: int) -> Iterator[Case]:
    """Today's families whose new incident names a victim, a perpetrator and children."""
    sources = session.scalars(
        select(AgendaSource).where(
            AgendaSource.meeting_id == meeting_id, AgendaSource.agenda_item_id.is_not(None)
        )
    )
    for source in sources:
        referral = source.referral
        people: dict[ReferralRole, list[Person]] = {}
        for named in session.scalars(
            select(ReferralPerson).where(ReferralPerson.referral_id == referral.id)
        ):
            record = named.person_record
            person = Person(record.given_name or "", record.surname or "", record.date_of_birth)
            people.setdefault(named.role, []).append(person)
        victims, perpetrators = (
            people.get(ReferralRole.VICTIM, []),
            people.get(ReferralRole.PERPETRATOR, []),
        )
        children = people.get(ReferralRole.CHILD, [])
        if (
            len(victims) == 1
            and len(perpetrators) == 1
            and children
            and all(c.born for c in children)
            and referral.dash_risk is not None
            and victims[0].given
        ):
            assert source.agenda_item_id is not None
            yield Case(
                source.agenda_item_id,
                victims[0],
                perpetrators[0],
                tuple(children),
                referral.dash_risk.value,
            )


@pytest.fixture(scope="module")
def server(demo: DemoMorning, database_url: str, instance_path: Path) -> Iterator[LiveServer]:
    live = start_server(
        {
            "DATABASE_URL": database_url,
            "FRONTDOOR_INSTANCE": str(instance_path),
            "SECRET_KEY": "test-secret-key-not-for-production",
        }
    )
    yield live
    live.stop(graceful=False)


def demo_user(
    browser: Browser, contexts: list[BrowserContext], server: LiveServer, local_part: str, **opts
) -> Page:
    """Signed in with a demo log-in, as `make run` prints them."""
    context = browser.new_context(**opts)
    contexts.append(context)
    return sign_in_with(context.new_page(), server, f"{local_part}@{DEMO_DOMAIN}", DEMO_PASSWORD)


def join(page: Page, server: LiveServer, morning: DemoMorning) -> Page:
    enter_live(page, server, morning.meeting_id)
    expect(page.get_by_test_id("agreed-fields")).to_have_attribute("data-loaded", "true")
    return page


def named(person: Person) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(person.given)}\b.*\b{re.escape(person.surname)}", re.I)


def years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def choose(page: Page, case: Case) -> None:
    """The chair finds a family by its victim's name in the live agenda and opens it."""
    victim = f"{case.victim.given} {case.victim.surname}"
    page.get_by_test_id("agenda-filter").fill(victim)
    entry = page.get_by_test_id("agenda-entry").filter(has_text=named(case.victim))
    entry.first.get_by_role("link").click()
    expect(page.get_by_test_id("summary-panel")).to_contain_text(named(case.victim))


def finds_the_family(page: Page, case: Case, day: date) -> None:
    """Victim, perpetrator, children's ages (youngest first) and risk, on the live page."""
    members = page.get_by_test_id("summary-panel").get_by_test_id("member")
    expect(members.filter(has_text=named(case.victim)).first).to_contain_text("Victim")
    expect(members.filter(has_text=named(case.perpetrator)).first).to_contain_text("Perpetrator")
    shown = members.filter(has_text="Child").all_inner_texts()
    ages = [int(m.group(1)) for text in shown if (m := re.search(r"(\d+) years?", text))]
    assert ages == sorted(ages), f"children are listed youngest first: {ages}"
    # the family may have more children than the night's incident names; under-twos show months
    named_ages = Counter(y for c in case.children if c.born and (y := years(c.born, day)) >= 2)
    assert not named_ages - Counter(ages), (ages, named_ages)
    risk = page.get_by_test_id("summary-panel").get_by_test_id("risk-assessment")
    expect(risk.first).to_contain_text(re.compile(case.risk, re.I))


def test_the_demo_chair_and_two_partners_run_the_demo_meeting(
    browser: Browser, contexts: list[BrowserContext], server: LiveServer, demo: DemoMorning
) -> None:
    assert len(demo.cases) >= 2, "the demo's night has families with victim, perpetrator, child"
    first, second = demo.cases[0], demo.cases[1]
    chair = join(demo_user(browser, contexts, server, "coordinator"), server, demo)
    police = join(demo_user(browser, contexts, server, "partner.police"), server, demo)
    health = join(
        demo_user(browser, contexts, server, "partner.health", viewport=PHONE), server, demo
    )
    expect(police.get_by_test_id("agenda-entry")).to_have_count(demo.summary.agenda_items)

    choose(chair, first)
    for page, state in ((police, "laptop"), (health, "phone")):
        finds_the_family(page, first, demo.day)
        assert not on_body(page)
        assert_accessible(page, f"demo meeting, live page, {state}")

    chair.get_by_label("Agreed risk level").select_option("high")
    chair.get_by_label("MARAC referral", exact=True).select_option("yes")
    chair.get_by_label("Decision", exact=True).fill(DECISION)
    expect(chair.get_by_test_id("save-risk")).to_have_text("Saved")
    expect(chair.get_by_test_id("save-marac")).to_have_text("Saved")
    expect(chair.get_by_test_id("save-decision")).to_have_text("Saved")
    assert chair.get_by_role("button", name=re.compile("Save")).count() == 0
    choose(chair, second)
    for page in (police, health):
        finds_the_family(page, second, demo.day)
    assert not on_body(chair)
    assert_accessible(chair, "demo meeting, chair, after moving on")

    chair.get_by_test_id("close-meeting").get_by_role("button", name="Close meeting").click()
    unfinished = demo.summary.agenda_items - 1
    expect(chair.get_by_test_id("unfinished-count")).to_have_text(
        f"{unfinished} families have no decision"
    )
    expect(chair.get_by_test_id("unfinished")).to_contain_text(named(second.victim))
    expect(chair.get_by_test_id("finished")).to_contain_text(DECISION)
    assert_accessible(chair, "demo meeting, close confirmation")
    close_and_read_the_minutes(chair, health, demo.meeting_id, DECISION, marac=True)
    assert_accessible(chair, "demo meeting, minutes")
    assert_accessible(health, "demo meeting, live page after the close, phone")
