"""Resolution runs as a scheduled job and from the command line."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from frontdoor import scheduler
from frontdoor.db import db
from frontdoor.models import PersonRecord, ResolutionStatus
from tests.factories.cases import Refer, person

LEANNE = dict(given_name="Leanne", surname="Walsh", date_of_birth="1991-02-14", postcode="LS9 8AB")


def _statuses(app: Flask) -> list[ResolutionStatus]:
    with app.app_context():
        return list(db.session().scalars(select(PersonRecord.resolution_status)))


def test_the_scheduled_job_resolves_what_intake_left(app: Flask, refer: Refer) -> None:
    scheduler.build_scheduler(app)  # imports the job modules, as the scheduler process does
    job = next(job for job in scheduler.JOBS if job.id == "identity.resolve_pending")
    refer(person(**LEANNE), person(given_name="Darren", surname="Walsh"))
    with app.app_context():
        job.func()
    assert _statuses(app) == [ResolutionStatus.NEW, ResolutionStatus.NEW]
    assert job.trigger == "interval" and job.trigger_args(app) == {"seconds": 60}


def test_the_command_resolves_and_reports(app: Flask, refer: Refer) -> None:
    refer(person(**LEANNE))
    refer(person(**LEANNE))
    result = app.test_cli_runner().invoke(args=["identity", "resolve"])
    assert result.exit_code == 0, result.output
    assert "Resolved 2 record(s) (linked: 1, new: 1); 2 referral families formed." in result.output
    assert sorted(_statuses(app)) == [ResolutionStatus.LINKED, ResolutionStatus.NEW]
