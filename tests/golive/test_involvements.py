"""Open cases from a CSV file, and involvements ended for inactivity after a notice (#13)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from frontdoor.db import db, transaction
from frontdoor.identity.inactive import end_inactive
from frontdoor.models import AgencyKind, Involvement, OutboxMessage, Person, Role, utcnow

from ..factories import Factory

CSV = (
    "case_reference,given_name,surname,date_of_birth,postcode,since,lead,lead_worker,closed\n"
    "H-1,Amy,Smith,1990-04-12,LS6 1AA,2026-09-01,Y,Nurse Jo,\n"
    "H-2,Bo,Quill,,,,,,\n"
)


def test_an_open_cases_file_is_imported_and_bad_input_exits_2(
    app: Flask, factory: Factory, tmp_path: Path
) -> None:
    factory.agency("lth", AgencyKind.HEALTH)
    path = tmp_path / "open.csv"
    path.write_text(CSV)
    cli = app.test_cli_runner()
    result = cli.invoke(args=["import", "open-cases", str(path), "--agency", "lth"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "H-2: date_of_birth: Give a date of birth, postcode or NHS number",
        "invalid 1, new 1",
    ]
    again = cli.invoke(args=["import", "open-cases", str(path), "--agency", "lth", "--json"])
    assert '"status": "refreshed"' in again.output
    for args, message in {
        ("import", "open-cases", str(path), "--agency", "nope"): "No agency has the code",
        ("import", "open-cases", str(tmp_path / "absent.csv"), "--agency", "lth"):
            "cannot be read",
    }.items():  # fmt: skip
        refused = cli.invoke(args=list(args))
        assert (refused.exit_code, message in refused.output) == (2, True), refused.output


def test_inactive_involvements_end_after_a_notice_to_the_agency_managers(
    app: Flask, factory: Factory
) -> None:
    health = factory.agency("lth", AgencyKind.HEALTH)
    manager = factory.user([Role.MANAGER], agency=health)
    now = utcnow()
    with app.app_context(), transaction() as tx:
        people = [Person(), Person()]
        tx.add_all(people)
        tx.flush()
        stale, fresh = (
            Involvement(agency_id=health.id, person_id=people[0].id, since=now.date(),
                        last_activity_at=now - timedelta(days=200)),
            Involvement(agency_id=health.id, person_id=people[1].id, since=now.date(),
                        last_activity_at=now - timedelta(days=10)),
        )  # fmt: skip
        tx.add_all([stale, fresh])
    with app.app_context():
        first = end_inactive(now)
        assert (first.noticed, first.ended) == (1, 0)
        assert end_inactive(now).noticed == 0  # noticed once
        mail = db.session().scalars(select(OutboxMessage)).all()
        assert [m.user_id for m in mail] == [manager.id]
        assert end_inactive(now + timedelta(days=13)).ended == 0
        assert end_inactive(now + timedelta(days=15)).ended == 1
        rows = db.session().scalars(select(Involvement).order_by(Involvement.id)).all()
        assert [r.ended_on is not None for r in rows] == [True, False]


def test_the_open_cases_drop_folder_imports_each_agency_subfolder(
    app: Flask, factory: Factory, tmp_path: Path
) -> None:
    from frontdoor.intake.open_cases_jobs import import_open_cases_folders

    factory.agency("lth", AgencyKind.HEALTH)
    (tmp_path / "lth").mkdir()
    (tmp_path / "nope").mkdir()
    (tmp_path / "lth" / "today.csv").write_text(CSV)
    (tmp_path / "lth" / "broken.csv").write_bytes(b"no,header\n1,2\n")
    app.config["OPEN_CASES_FOLDER"] = str(tmp_path)
    with app.app_context():
        assert import_open_cases_folders() == []  # first look: not yet settled
        results = {r.name: r.summary for r in import_open_cases_folders()}
    assert (results["today.csv"].status, results["today.csv"].imported) == ("processed", 1)
    assert results["broken.csv"].errors == ["The file has no case_reference column."]
    assert (tmp_path / "lth" / "archive" / "today.csv").exists()
    assert (tmp_path / "lth" / "quarantine" / "broken.csv.reason.txt").exists()


def test_a_manager_uploads_their_agencys_open_cases_on_a_page(app: Flask, factory: Factory) -> None:
    from ..factories import csrf_token_from, sign_in

    health = factory.agency("lth", AgencyKind.HEALTH)
    manager = factory.user([Role.MANAGER], agency=health)
    http = app.test_client()
    sign_in(http, manager)
    token = csrf_token_from(http, "/open-cases/")
    missing = http.post("/open-cases/", data={"csrf_token": token})
    assert "Choose your agency" in missing.get_data(as_text=True)
    page = http.post(
        "/open-cases/",
        data={"csrf_token": token, "cases_file": (io.BytesIO(CSV.encode()), "open.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "2 case(s):" in page and "new 1;" in page and "invalid 1;" in page
    with app.app_context():
        [row] = db.session().scalars(select(Involvement)).all()
        assert (row.agency_id, row.source_ref, row.lead_worker) == (health.id, "H-1", "Nurse Jo")
    partner = factory.user([Role.PARTNER], agency=health)
    other = app.test_client()
    sign_in(other, partner)
    assert other.get("/open-cases/").status_code == 403
