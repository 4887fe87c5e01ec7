"""The scheduled build runs exactly once per meeting, however many app processes tick at once.

Real processes against PostgreSQL: each runs the scheduled job at the same instant. The
claim (a unique `agenda_builds.scheduled_for` row inserted in the build's own transaction)
lets one build; the others wait on the unique index, fail it, and skip. With the cheap
"already built?" pre-check switched off, every process races for the claim itself.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from frontdoor.db import db
from frontdoor.models import AgencyKind, AgendaBuild, AgendaItem, AgendaSource, AuditEvent

from ..factories import Factory
from ..factories.cases import Member, at, family, referral

pytestmark = pytest.mark.postgres

PROCESSES = 4
TUESDAY = date(2026, 11, 24)

WORKER = """
import os, sys, time
from datetime import datetime
from frontdoor import create_app
from agenda.build import build_scheduled
from frontdoor.db import db
from sqlalchemy import text

url, instance, barrier, now, precheck = sys.argv[1:6]
if precheck == "off":  # every process goes straight for the claim
    import agenda.dao
    agenda.dao.scheduled_build_exists = lambda session, day: False
app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": instance, "SECRET_KEY": "k",
                  "TESTING": True, "REDIS_URL": None})
with app.app_context():
    db.session.execute(text("SELECT 1"))  # connect before the race, not during it
    db.session.rollback()
    open(barrier + ".ready." + str(os.getpid()), "w").close()
    while not os.path.exists(barrier + ".go"):  # all processes start the race together
        time.sleep(0.005)
    print("built" if build_scheduled(now=datetime.fromisoformat(now)) else "skipped")
"""


@pytest.mark.parametrize("precheck", ["on", "off"])
def test_several_processes_build_the_scheduled_agenda_exactly_once(
    app: Flask,
    factory: Factory,
    database_url: str,
    instance_path: Path,
    tmp_path: Path,
    precheck: str,
) -> None:
    police = factory.agency("police", AgencyKind.POLICE)
    health = factory.agency("health", AgencyKind.HEALTH)
    with app.app_context():
        smiths = family(police, "Smith", Member("Jo", "Smith", date(1990, 1, 1)))
        for agency in (police, health):
            referral(agency, smiths, at(date(2026, 11, 23), 22))
        referral(police, None, at(date(2026, 11, 24), 3))

    outcomes = race(database_url, instance_path, tmp_path, precheck)

    assert sorted(outcomes) == ["built"] + ["skipped"] * (PROCESSES - 1)
    with app.app_context():
        count = db.session.scalar
        assert count(select(func.count(AgendaBuild.id))) == 1
        assert count(select(func.count(AgendaItem.id))) == 1
        assert count(select(func.count(AgendaSource.id))) == 3
        built = select(func.count(AuditEvent.id)).where(AuditEvent.action == "agenda.built")
        assert count(built) == 1


def race(database_url: str, instance_path: Path, tmp_path: Path, precheck: str) -> list[str]:
    """Start the workers, release them together once all are ready, collect what each did."""
    barrier = str(tmp_path / "barrier")
    now = at(TUESDAY, 8, 30).isoformat()
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                database_url,
                str(instance_path),
                barrier,
                now,
                precheck,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("barrier.ready.*"))) < PROCESSES:
        assert time.monotonic() < deadline, "the worker processes did not start"
        assert all(w.poll() is None for w in workers), "a worker process died"
        time.sleep(0.05)
    (tmp_path / "barrier.go").touch()
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        outcomes.append(out.strip())
    return outcomes
