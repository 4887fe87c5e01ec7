"""The drop folder, run by a real APScheduler BackgroundScheduler on a short interval."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from sqlalchemy import func, select

from frontdoor.db import db
from frontdoor.intake.dropfolder import DropFolder
from frontdoor.intake.jobs import import_drop_folder
from frontdoor.intake.service import Summary
from frontdoor.models import Agency, Referral
from frontdoor.scheduler import build_scheduler

from ..factories.police_file import incident, police_csv

INTERVAL = 0.2


class JobRuns:
    """Counts the drop-folder job's finished runs, so a test can wait for the next ones."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, event: JobExecutionEvent) -> None:
        if event.job_id == "intake.drop_folder":
            self.count += 1

    def wait_for_more(self, runs: int) -> None:
        target = self.count + runs
        _wait_for(lambda: self.count >= target)


@pytest.fixture
def runs() -> JobRuns:
    return JobRuns()


@pytest.fixture
def drop(app: Flask, police: Agency, tmp_path: Path, runs: JobRuns) -> Iterator[Path]:
    """The intake job alone on a real background scheduler, importing tmp_path/drop."""
    folder = tmp_path / "drop"
    app.config.update(DROP_FOLDER=str(folder), DROP_FOLDER_INTERVAL_SECONDS=INTERVAL)
    scheduler = build_scheduler(app, BackgroundScheduler())
    for job in scheduler.get_jobs():
        if job.id != "intake.drop_folder":
            scheduler.remove_job(job.id)
    scheduler.add_listener(runs, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.start()
    yield folder
    scheduler.shutdown(wait=True)


def _wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the scheduled job did not get there in time")
        time.sleep(0.05)


def _referrals(app: Flask) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Referral)) or 0


def test_a_new_file_is_imported_and_archived(app: Flask, drop: Path) -> None:
    drop.mkdir(parents=True, exist_ok=True)
    (drop / "night.csv").write_bytes(police_csv(incident() + incident("WY-2")))
    _wait_for(lambda: (drop / "archive" / "night.csv").exists())
    assert not (drop / "night.csv").exists()
    assert _referrals(app) == 2


def test_a_rejected_file_goes_to_quarantine_with_a_reason_file(app: Flask, drop: Path) -> None:
    drop.mkdir(parents=True, exist_ok=True)
    (drop / "bad.csv").write_bytes(b"incident_ref,role\nWY-1,victim\n")
    reason = drop / "quarantine" / "bad.csv.reason.txt"
    _wait_for(reason.exists)
    assert (drop / "quarantine" / "bad.csv").read_bytes() == b"incident_ref,role\nWY-1,victim\n"
    assert "reported_at" in reason.read_text()
    assert _referrals(app) == 0


def test_a_part_file_is_left_until_it_is_renamed(app: Flask, drop: Path, runs: JobRuns) -> None:
    drop.mkdir(parents=True, exist_ok=True)
    part = drop / "night.csv.part"
    part.write_bytes(police_csv(incident()))
    runs.wait_for_more(3)  # the job has looked at the folder, with the part file in it
    assert part.exists() and _referrals(app) == 0
    part.rename(drop / "night.csv")
    _wait_for(lambda: (drop / "archive" / "night.csv").exists())
    assert _referrals(app) == 1


def test_the_same_file_dropped_again_is_archived_beside_the_first_and_adds_nothing(
    app: Flask, drop: Path
) -> None:
    drop.mkdir(parents=True, exist_ok=True)
    data = police_csv(incident())
    (drop / "night.csv").write_bytes(data)
    _wait_for(lambda: (drop / "archive" / "night.csv").exists())
    (drop / "night.csv").write_bytes(data)
    _wait_for(lambda: len(list((drop / "archive").iterdir())) == 2)
    assert _referrals(app) == 1


def test_a_growing_file_waits_until_two_looks_agree(tmp_path: Path) -> None:
    folder = DropFolder(tmp_path)
    imported: list[str] = []

    def importer(data: bytes, name: str) -> Summary:
        imported.append(name)
        return Summary("processed")

    (tmp_path / "night.csv").write_bytes(b"incident_ref")
    assert folder.run(importer) == []  # first look
    with open(tmp_path / "night.csv", "ab") as handle:
        handle.write(b",reported_at\n")
    assert folder.run(importer) == []  # it grew: wait again
    assert [r.name for r in folder.run(importer)] == ["night.csv"]
    assert imported == ["night.csv"]


def test_without_a_single_police_agency_the_job_imports_nothing(app: Flask, tmp_path: Path) -> None:
    app.config["DROP_FOLDER"] = str(tmp_path)
    (tmp_path / "night.csv").write_bytes(police_csv(incident()))
    with app.app_context():
        assert import_drop_folder() == [] and import_drop_folder() == []
    assert (tmp_path / "night.csv").exists()


def test_only_one_run_at_a_time(tmp_path: Path) -> None:
    folder = DropFolder(tmp_path)
    overlapping: list[object] = []

    def importer(data: bytes, name: str) -> Summary:
        overlapping.append(folder.run(importer))  # a second run while the first is busy
        return Summary("processed")

    (tmp_path / "night.csv").write_bytes(b"x")
    folder.run(importer)
    assert [r.name for r in folder.run(importer)] == ["night.csv"]
    assert overlapping == [[]]
