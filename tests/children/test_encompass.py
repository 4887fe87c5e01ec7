"""Operation Encompass and health notices: made when the police file is imported, sent through
a real SMTP server with the statutory fields only, due by 08:00 on the next school day, on the
tracker with the reason for any not sent, and acknowledged once on the school's page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.db import db
from frontdoor.intake.service import import_police_file
from frontdoor.mail import sender
from frontdoor.models import AgencyKind, ChildNotice, NoticeKind, Role
from frontdoor.models.base import clock_at
from frontdoor.outcomes import dao as outcomes_dao
from frontdoor.outcomes.figures import Ratio, compute
from frontdoor.outcomes.rows import Filters

from ..factories import Factory, cases, csrf_token_from, sign_in
from ..factories.police_file import person_row, police_csv
from ..mail.smtp_server import SmtpServer, text_of
from ..security.test_withheld_address import _leaks

REF = "WY-20261127-0999"
FRIDAY_NIGHT = datetime(2026, 11, 27, 23, 40, tzinfo=UTC)
STATUTORY = {
    "Name", "Date of birth", "What happened", "Date and time of the incident",
    "Child present at the incident", "Police reference",
}  # fmt: skip
NARRATIVE = "He threw a chair at the kitchen window while the children watched."


def _rows() -> list[dict[str, str]]:
    incident = {
        "incident_at": "2026-11-27T21:30", "reported_at": "2026-11-27T22:10",
        "narrative": NARRATIVE, "pregnancy": "Y", "children_present": "Y",
        "location_postcode": "LS6 1AA",
    }  # fmt: skip
    refuge = {"address": cases.REFUGE_ADDRESS, "postcode": cases.REFUGE_POSTCODE,
              "phone": cases.REFUGE_PHONE, "address_withheld": "Y"}  # fmt: skip

    def child(given: str, born: str, school: str) -> dict[str, str]:
        return person_row(REF, **incident, **refuge, role="child", given_name=given,
                          surname="Walker", date_of_birth=born, nhs_number="", school=school,
                          sex="F")  # fmt: skip

    return [
        person_row(REF, **incident, **refuge, given_name="Jade", surname="Walker"),
        person_row(
            REF,
            **incident,
            role="perpetrator",
            given_name="Carl",
            surname="Walker",
            sex="M",
            date_of_birth="1985-02-02",
            nhs_number="",
        ),  # fmt: skip
        child("Mia", "2017-03-02", "Meanwood C of E Primary"),  # 9: confident match
        child("Ella", "2012-05-20", "Allerton High"),  # 14: confident match
        child("Rosie", "2024-06-01", ""),  # 2: not of school age; health visitor
        child("Amber", "2019-01-10", ""),  # 7: no school named
        child("Lola", "2016-10-10", "St Marys Primary"),  # 10: uncertain (two St Mary's)
        child("Skye", "2015-04-04", "Hogwarts"),  # 11: not in the register
    ]


def _import(app: Flask, factory: Factory) -> None:
    police = factory.agency("wy-police", AgencyKind.POLICE)
    app.config["HEALTH_NOTICE_ADDRESSES"] = {"LS": "hv-leeds@nhs.example.net"}
    app.config["MAIL_BASE_URL"] = "https://frontdoor.example.gov.uk"
    with app.app_context(), clock_at(FRIDAY_NIGHT):
        summary = import_police_file(police_csv(_rows()), agency_id=police.id)
        assert summary.imported == 8, summary


def _send(app: Flask) -> sender.SendRun:
    with app.app_context():
        return sender.send_due()


def _labels(message: EmailMessage) -> set[str]:
    plain, _ = text_of(message)
    return {line.split(":", 1)[0] for line in plain.splitlines() if ": " in line}


def test_a_friday_night_file_sends_statutory_notices_due_monday_8am(
    app: Flask, factory: Factory, register: None, smtp_server: SmtpServer
) -> None:
    _import(app, factory)
    assert _send(app).sent == 4  # two schools, the health visitor twice (under 5, pregnancy)
    [mia] = smtp_server.inbox.to("dsl@meanwood.leeds.sch.uk")
    [ella] = smtp_server.inbox.to("safeguarding@allerton.leeds.sch.uk")
    health = smtp_server.inbox.to("hv-leeds@nhs.example.net")
    assert len(health) == 2
    for message in (mia, ella):
        assert _labels(message) - {"Acknowledge this notice"} == STATUTORY
    for message in health:  # the same minimum, and why the health service is told
        assert _labels(message) - {"Acknowledge this notice"} == STATUTORY | {"Why you are told"}
    # (a line's start: the acknowledgement link's random token can itself hold "Why")
    lines = [line for m in health for line in text_of(m)[0].splitlines()]
    reasons = sorted(line for line in lines if line.startswith("Why you are told"))
    assert reasons == [
        "Why you are told: A child under 5 (health visitor or school nurse)",
        "Why you are told: Pregnancy or a baby under 18 months in the household",
    ]
    for message in (mia, ella, *health):
        plain, html = text_of(message)
        assert NARRATIVE not in plain + html
        assert "Oak Road" not in plain + html and "LS6 1AA" not in plain + html
        assert "07700" not in plain + html and "PC 4411" not in plain + html
        assert _leaks(plain + html) == []
    plain, _ = text_of(mia)
    assert "Name: Mia Walker" in plain and "Date of birth: 2 March 2017" in plain
    assert "Date and time of the incident: 27 November 2026 21:30" in plain
    assert "Child present at the incident: Yes" in plain and f"Police reference: {REF}" in plain
    assert "https://frontdoor.example.gov.uk/notices/" in plain
    with app.app_context():
        due = {n.due_at for n in db.session().scalars(select(ChildNotice))}
    assert due == {datetime(2026, 11, 30, 8, 0, tzinfo=UTC)}  # Monday 08:00 (GMT)


def _tracker(client: FlaskClient) -> dict[str, str]:
    html = client.get("/children/notices").get_data(as_text=True)
    rows = re.findall(r'<tr class="govuk-table__row" data-notice="\d+".*?</tr>', html, re.S)
    found = {}
    for row in rows:
        cells = [re.sub(r"<[^>]+>|\s+", " ", c).strip()
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]  # fmt: skip
        found[f"{cells[0]} {cells[1]}"] = f"{cells[5]} | {cells[6]}"
    return found


def test_the_tracker_gives_each_reason_and_the_coordinator_picks_an_uncertain_school(
    app: Flask, factory: Factory, register: None, smtp_server: SmtpServer
) -> None:
    _import(app, factory)
    coordinator = factory.user([Role.COORDINATOR])
    client = app.test_client()
    sign_in(client, coordinator)
    rows = _tracker(client)
    assert rows["Encompass Amber Walker"].endswith("No school known (the police file names none)")
    assert rows["Encompass Rosie Walker"].endswith("Child not of school age")
    assert rows["Encompass Skye Walker"].endswith("School not in the register")
    assert rows["Encompass Lola Walker"].startswith("due")
    assert "pick one" in rows["Encompass Lola Walker"]
    assert rows["Encompass Mia Walker"].startswith("sent")
    with app.app_context():
        lola = db.session().scalar(
            select(ChildNotice).join(ChildNotice.person_record).where(
                ChildNotice.kind == NoticeKind.ENCOMPASS, ChildNotice.school_text.like("St%"))
        )  # fmt: skip
        assert lola is not None and lola.candidates is not None
        notice_id, first_candidate = lola.id, int(lola.candidates.strip("[]").split(",")[0])
    token = csrf_token_from(client, "/children/notices")
    client.post(f"/children/notices/{notice_id}/school",
                data={"csrf_token": token, "school_id": first_candidate})  # fmt: skip
    assert _tracker(client)["Encompass Lola Walker"].startswith("sent")
    _send(app)
    assert any("Name: Lola Walker" in text_of(m)[0] for m in smtp_server.inbox.messages)


def test_the_school_acknowledges_once_on_its_page_with_the_statutory_fields_only(
    app: Flask, factory: Factory, register: None, smtp_server: SmtpServer
) -> None:
    _import(app, factory)
    _send(app)
    [mia] = smtp_server.inbox.to("dsl@meanwood.leeds.sch.uk")
    link = re.search(r"https://frontdoor.example.gov.uk(/notices/\S+)", text_of(mia)[0])
    assert link is not None
    school = app.test_client()  # not signed in
    page = school.get(link.group(1)).get_data(as_text=True)
    assert "Mia Walker" in page and REF in page
    assert NARRATIVE not in page and _leaks(page) == [] and "LS6 1AA" not in page
    token = csrf_token_from(school, link.group(1))
    school.post(link.group(1), data={"csrf_token": token, "name": "Ms Patel (DSL)"})
    after = school.get(link.group(1)).get_data(as_text=True)
    assert "Acknowledged by Ms Patel (DSL)" in after and "Mia Walker" not in after
    assert school.get("/notices/not-a-real-token").status_code == 404
    coordinator = factory.user([Role.COORDINATOR])
    client = app.test_client()
    sign_in(client, coordinator)
    assert _tracker(client)["Encompass Mia Walker"].startswith("acknowledged")


def test_importing_the_file_again_sends_nothing_more(
    app: Flask, factory: Factory, register: None, smtp_server: SmtpServer
) -> None:
    _import(app, factory)
    police = factory.agency("wy-police", AgencyKind.POLICE)
    with app.app_context():
        import_police_file(police_csv(_rows()), agency_id=police.id)
        count = len(db.session().scalars(select(ChildNotice)).all())
    assert count == 6 + 2  # six children's Encompass rows, two health notices
    assert _send(app).sent == 4


def test_outcomes_count_the_notices_delivered_before_the_next_school_day(
    app: Flask, factory: Factory, register: None, smtp_server: SmtpServer
) -> None:
    _import(app, factory)
    with app.app_context(), clock_at(FRIDAY_NIGHT + timedelta(minutes=1)):
        assert sender.send_due().sent == 4
    period = Filters(date(2026, 11, 1), date(2026, 11, 30))
    with app.app_context():
        figures = compute(outcomes_dao.rows(db.session(), period, date(2026, 12, 4)), period,
                          date(2026, 12, 4))  # fmt: skip
    # owed: Mia and Ella (delivered Friday night), Amber (no school), Lola (waiting for the
    # coordinator's pick) and Skye (not in the register); Rosie (2) is owed none
    assert figures.encompass_on_time == Ratio(2, 5)
    manager = factory.user([Role.MANAGER])
    client = app.test_client()
    sign_in(client, manager)
    page = client.get("/outcomes?from=2026-11&to=2026-11").get_data(as_text=True)
    assert "Encompass notices sent before the next school day" in page


def test_a_child_added_by_an_amended_file_gets_notices_and_no_one_else_again(
    app: Flask, factory: Factory, register: None, smtp_server: SmtpServer
) -> None:
    _import(app, factory)
    assert _send(app).sent == 4
    amended = _rows()
    for row in amended:  # the amendment changes the incident and re-spells a notified child
        row["narrative"] = NARRATIVE + " Officers returned the next morning."
        if row["given_name"] == "Mia":
            row["middle_name"] = "Rose"
    new = {key: amended[2][key] for key in amended[2]}
    new.update(given_name="Noah", middle_name="", date_of_birth="2018-09-09")  # 8, Meanwood
    baby = {**new, "given_name": "Leo", "date_of_birth": "2025-01-15", "school": ""}  # under 5
    police = factory.agency("wy-police", AgencyKind.POLICE)
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    with app.app_context(), clock_at(saturday):
        summary = import_police_file(police_csv([*amended, new, baby]), agency_id=police.id)
        assert summary.amended >= 1, summary
    assert _send(app).sent == 2  # Noah's school and the health visitor for Leo; nobody twice
    meanwood = smtp_server.inbox.to("dsl@meanwood.leeds.sch.uk")
    assert ["Name: Mia Walker" in text_of(m)[0] for m in meanwood] == [True, False]
    assert "Name: Noah Walker" in text_of(meanwood[1])[0]
    assert _labels(meanwood[1]) - {"Acknowledge this notice"} == STATUTORY
    plain, html = text_of(meanwood[1])
    assert "Officers returned" not in plain + html and _leaks(plain + html) == []
    health = smtp_server.inbox.to("hv-leeds@nhs.example.net")
    assert len(health) == 3 and "Name: Leo Walker" in text_of(health[2])[0]
    with app.app_context():
        notices = db.session().scalars(select(ChildNotice)).all()
        assert len(notices) == 8 + 3  # Noah: Encompass; Leo: Encompass (not of age) + health
        noah = [n for n in notices if n.person_record.given_name == "Noah"]
        assert [n.due_at for n in noah] == [datetime(2026, 11, 30, 8, 0, tzinfo=UTC)]
        mia = [n for n in notices if n.person_record.given_name == "Mia"]
        assert len(mia) == 1 and mia[0].person_record.middle_name == "Rose"


def test_a_file_imported_before_a_bank_holiday_monday_is_due_tuesday_8am(
    app: Flask, factory: Factory, register: None, smtp_server: SmtpServer
) -> None:
    police = factory.agency("wy-police", AgencyKind.POLICE)
    app.config["HEALTH_NOTICE_ADDRESSES"] = {"LS": "hv-leeds@nhs.example.net"}
    friday_night = datetime(2026, 5, 1, 22, 30, tzinfo=UTC)  # Monday 4 May: early May holiday
    rows = [{**row, "incident_at": "2026-05-01T21:30", "reported_at": "2026-05-01T22:10"}
            for row in _rows()]  # fmt: skip
    with app.app_context(), clock_at(friday_night):
        assert import_police_file(police_csv(rows), agency_id=police.id).imported == 8
    assert _send(app).sent == 4
    assert len(smtp_server.inbox.to("dsl@meanwood.leeds.sch.uk")) == 1
    with app.app_context():
        due = {n.due_at for n in db.session().scalars(select(ChildNotice))}
    assert due == {datetime(2026, 5, 5, 7, 0, tzinfo=UTC)}  # Tuesday 08:00 BST
