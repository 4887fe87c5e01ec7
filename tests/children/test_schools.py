"""The schools register (GIAS import, key adults by page and CSV), matching the police file's
free-text school, school age, and when a notice is due."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from sqlalchemy import func, select

from frontdoor.children import schooldays, schools
from frontdoor.children.notices import school_age
from frontdoor.db import db
from frontdoor.models import Role, School

from ..factories import Factory, csrf_token_from, sign_in
from .conftest import DATA


def _school_id(app: Flask, urn: str) -> int:
    with app.app_context():
        found = db.session().scalar(select(School.id).where(School.urn == urn))
        assert found is not None
        return found


def test_the_cli_imports_the_gias_file_and_a_second_import_updates(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["schools", "import", str(DATA / "gias-sample.csv")])
    assert first.exit_code == 0, first.output
    assert "11 added, 0 updated, 0 skipped" in first.output
    again = runner.invoke(args=["schools", "import", str(DATA / "gias-sample.csv")])
    assert "0 added, 11 updated" in again.output
    with app.app_context():
        school = db.session().scalar(select(School).where(School.urn == "108089"))
        assert school is not None
        assert (school.name, school.phase, school.postcode, school.local_authority) == (
            "Allerton High School", "Secondary", "LS17 7AG", "Leeds",
        )  # fmt: skip
        assert db.session().scalar(select(func.count()).select_from(School)) == 11


def test_a_file_without_the_gias_columns_is_rejected(app: Flask, tmp_path: object) -> None:
    path = DATA / "key-adults.csv"  # a CSV, but not the register
    result = app.test_cli_runner().invoke(args=["schools", "import", str(path)])
    assert result.exit_code == 2
    assert "URN, EstablishmentName" in result.output


def test_matching_is_confident_uncertain_or_not_in_the_register(app: Flask, register: None) -> None:
    meanwood, allerton = _school_id(app, "107950"), _school_id(app, "108089")
    rc, ce = _school_id(app, "107986"), _school_id(app, "107951")
    with app.app_context():
        session = db.session()
        assert schools.match(session, "Meanwood C of E Primary", ["LS6 1AA"]).school_id == meanwood
        assert schools.match(session, "allerton high", ["ls17 5bb"]).school_id == allerton
        marys = schools.match(session, "St Marys Primary", ["LS11 2AB"])
        assert marys.school_id is None and set(marys.candidates[:2]) == {rc, ce}
        assert schools.match(session, "Hogwarts", ["LS6 1AA"]) == schools.Match(None, ())
        # the postcode area keeps a Wakefield namesake out of a Leeds child's match
        harehills = schools.match(session, "Harehills Primary", ["LS8 5AA"])
        assert harehills.school_id == _school_id(app, "107800")
        # a closed school is never matched
        little = schools.match(session, "Little London Primary School", ["LS7 1AA"])
        assert _school_id(app, "107745") not in (little.school_id, *little.candidates)


def test_key_adults_are_kept_on_a_page_and_as_csv(
    app: Flask, register: None, factory: Factory
) -> None:
    coordinator = factory.user([Role.COORDINATOR])
    client = app.test_client()
    sign_in(client, coordinator)
    page = client.get("/children/schools").get_data(as_text=True)
    assert "dsl@meanwood.leeds.sch.uk" in page
    city = _school_id(app, "136400")
    token = csrf_token_from(client, "/children/schools")
    client.post(f"/children/schools/{city}/key-adult",
                data={"csrf_token": token, "email": "dsl@leedscity.example.sch.uk"})  # fmt: skip
    exported = client.get("/children/schools/key-adults.csv").get_data(as_text=True)
    assert "136400,Leeds City Academy,LS6 2LG,dsl@leedscity.example.sch.uk" in exported
    partner = factory.user([Role.PARTNER])
    other = app.test_client()
    sign_in(other, partner)
    assert other.get("/children/schools").status_code == 403


def test_school_age_runs_from_reception_to_17() -> None:
    day = date(2026, 11, 27)  # school year 2026/27
    assert school_age(date(2022, 8, 31), day) is True  # 4 on 31 August: reception
    assert school_age(date(2022, 9, 1), day) is False  # starts reception next year
    assert school_age(date(2009, 3, 1), day) is True  # 17
    assert school_age(date(2008, 11, 26), day) is False  # 18 yesterday
    assert school_age(None, day) is None


def _london(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=schooldays.LONDON)


def test_notices_are_due_by_8_on_the_next_school_day() -> None:
    friday_night = _london(2026, 11, 27, 23, 30)
    assert schooldays.due_at(friday_night, []) == _london(2026, 11, 30, 8).astimezone(UTC)
    before_school = _london(2026, 11, 30, 6, 0)  # Monday 06:00: due that morning
    assert schooldays.due_at(before_school, []) == _london(2026, 11, 30, 8).astimezone(UTC)
    # Friday before the early May bank holiday (Monday 4 May 2026): due Tuesday 08:00 BST
    may = schooldays.due_at(_london(2026, 5, 1, 22), [])
    assert may == _london(2026, 5, 5, 8).astimezone(UTC)
    # terms as data: the autumn term ends on Friday 18 December, spring starts 5 January
    terms = [(date(2026, 9, 3), date(2026, 12, 18)), (date(2027, 1, 5), date(2027, 3, 26))]
    assert schooldays.due_at(_london(2026, 12, 18, 20), terms) == _london(2027, 1, 5, 8)
