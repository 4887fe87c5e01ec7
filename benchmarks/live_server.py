"""The server side of benchmarks/live_meeting.py: the seeded meeting, and the server under test —
one gunicorn process on SQLite, or the scaled-out topology (N gunicorn processes behind nginx,
PostgreSQL, Redis as the Socket.IO message queue) started by `frontdoor.ops.topology`."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import requests

from benchmarks.live_clients import PASSWORD
from benchmarks.load_seed import create_database, drop_database
from frontdoor import create_app, migrate
from frontdoor.accounts import service as accounts
from frontdoor.db import db, transaction
from frontdoor.models import (
    AgencyKind,
    AgendaItem,
    Attendance,
    Family,
    Meeting,
    MeetingStatus,
    Role,
    utcnow,
)
from frontdoor.ops.topology import Topology
from frontdoor.sharing import register as sharing

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Served:
    url: str
    database_url: str
    meeting_id: int
    item_id: int
    emails: list[str]
    description: str


def bench_app(database_url: str, instance: str):  # noqa: ANN201 (a Flask app)
    return create_app(
        {
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": instance,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8192,
            "REDIS_URL": None,
        }
    )


def seed(database_url: str, instance: str, clients: int) -> tuple[int, int, list[str]]:
    """One live meeting with one family and `clients` partners, all attending."""
    app = bench_app(database_url, instance)
    with app.app_context():
        agency = accounts.create_agency("bench", "Benchmark agency", AgencyKind.HEALTH)
        with transaction() as tx:  # only a signatory of the sharing agreement may have partners
            sharing.set_entry(
                tx, agency.id, signatory=True, lawful_basis="art6_1_e",
                special_condition="sch1_18", agreement_date=date(2025, 4, 1),
            )  # fmt: skip
        emails, user_ids = [], []
        for n in range(clients):
            email = f"partner{n}@bench.example"
            user = accounts.create_user(email, f"Partner {n}", agency.id, [Role.PARTNER], PASSWORD)
            emails.append(email)
            user_ids.append(user.id)
        with transaction() as tx:
            meeting = Meeting(
                meeting_date=date.today(), starts_at=utcnow(), status=MeetingStatus.LIVE
            )
            family = Family(label="Benchmark family")
            tx.add_all([meeting, family])
            tx.flush()
            item = AgendaItem(meeting_id=meeting.id, family_id=family.id, position=1)
            tx.add(item)
            tx.add_all(
                Attendance(
                    meeting_id=meeting.id,
                    user_id=user_id,
                    agency_id=agency.id,
                    confidentiality_accepted_at=utcnow(),
                )
                for user_id in user_ids
            )
            tx.flush()
            ids = (meeting.id, item.id)
        db.session.remove()
    return ids[0], ids[1], emails


def server_env(
    database_url: str, instance: str, threads: int, redis_url: str, worker_class: str = "gthread"
) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "FRONTDOOR_INSTANCE": instance,
        "SECRET_KEY": "bench",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "8192",
        "FRONTDOOR_LIVE_BENCHMARK": "1",
        "SIGN_IN_RATE_LIMIT": "100000 per minute",
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_WORKER_CLASS": worker_class,
        "REDIS_URL": redis_url,
    }


@contextmanager
def one_process(work: str, clients: int, threads: int, worker_class: str) -> Iterator[Served]:
    """One gunicorn process (gthread, or gevent to compare), SQLite, no message queue."""
    database_url = f"sqlite:///{work}/bench.db"
    migrate.upgrade(database_url)
    meeting_id, item_id, emails = seed(database_url, work, clients)
    port = 5600 + random.randint(0, 300)
    env = server_env(database_url, work, threads, "", worker_class)
    server = start_gunicorn(env, port, threads, worker_class)
    workers = f"{threads} threads" if worker_class == "gthread" else "gevent greenlets"
    description = f"gunicorn 1 {worker_class} worker x {workers}, SQLite"
    try:
        yield Served(f"http://127.0.0.1:{port}", database_url, meeting_id, item_id, emails,
                     description)  # fmt: skip
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


@contextmanager
def scaled_out(
    work: str, clients: int, threads: int, processes: int, pg_admin_url: str, redis_url: str
) -> Iterator[Served]:
    """`processes` gunicorn processes behind nginx (ip_hash), PostgreSQL, Redis."""
    from tests.browser_fixtures import free_port

    database_url = create_database(pg_admin_url, None)
    try:
        migrate.upgrade(database_url)
        meeting_id, item_id, emails = seed(database_url, work, clients)
        env = server_env(database_url, work, threads, redis_url)
        app_ports = [free_port() for _ in range(processes)]
        topology = Topology(Path(work) / "run", free_port(), app_ports, env)
        topology.start(with_scheduler=False)
        description = (
            f"nginx (ip_hash) -> {processes} gunicorn processes x {threads} threads, "
            "PostgreSQL, Redis message queue"
        )
        try:
            yield Served(topology.url, database_url, meeting_id, item_id, emails, description)
        finally:
            topology.stop()
    finally:
        drop_database(pg_admin_url, database_url)


def start_gunicorn(
    env: dict[str, str], port: int, threads: int, worker_class: str
) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers=1",
        f"--worker-class={worker_class}",
        f"--threads={threads}",
        "--worker-connections=1000",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "wsgi:app",
    ]
    process = subprocess.Popen(  # noqa: S603
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("BENCH_DEBUG") else subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180  # a busy machine (CI) can take a minute to import the app
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return process
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server did not start (exit code {process.poll()})")
