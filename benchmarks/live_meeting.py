"""Live meeting fan-out: N clients in one meeting, E edits per second in total.

Starts the real server (gunicorn, threading Socket.IO, persistence on: every edit is committed
before it is acknowledged or relayed), connects N real Socket.IO clients (WebSocket), and
measures, for every edit, the time from send to arrival at each other client. In the same run,
on the same server, the same clients send the same-sized payloads through /bench-raw, a bare
rebroadcast with no checks and no storage: the baseline. At the end it checks that every
acknowledged edit reached every other client and that every client's text equals the stored one.

    .venv/bin/python benchmarks/live_meeting.py                 # 40 clients, 20 edits/s, 15 s
    .venv/bin/python benchmarks/live_meeting.py --clients 200   # the stress figure

The clients all run in this one process on asyncio (benchmarks/live_clients.py): a harness of
200 threads measured itself as much as the server (its own raw baseline reached p99 14 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import requests
from pycrdt import Text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import with_smoke  # noqa: E402
from benchmarks.live_clients import (  # noqa: E402
    PASSWORD,
    TEXT_KEY,
    Client,
    Run,
    connect_clients,
    disconnect,
    drive,
    listen,
    missing_at_connected,
    settle,
)
from frontdoor import create_app, migrate  # noqa: E402
from frontdoor.accounts import service as accounts  # noqa: E402
from frontdoor.db import db, transaction  # noqa: E402
from frontdoor.models import (  # noqa: E402
    AgencyKind,
    AgendaItem,
    Attendance,
    Family,
    Meeting,
    MeetingStatus,
    Role,
    utcnow,
)
from frontdoor.sharing import register as sharing  # noqa: E402


def seed(database_url: str, instance: str, clients: int) -> tuple[int, int, list[str]]:
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": instance,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8192,
            "REDIS_URL": None,
        }
    )
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
            for user_id in user_ids:
                tx.add(
                    Attendance(
                        meeting_id=meeting.id,
                        user_id=user_id,
                        agency_id=agency.id,
                        confidentiality_accepted_at=utcnow(),
                    )
                )
            tx.flush()
            ids = (meeting.id, item.id)
        db.session.remove()
    return ids[0], ids[1], emails


def start_server(env: dict[str, str], port: int, threads: int) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers=1",
        f"--threads={threads}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "wsgi:app",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
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


def percentiles(values: list[float]) -> str:
    if not values:
        return "no samples"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {cuts[49]:6.1f} ms   p95 {cuts[94]:6.1f} ms   p99 {cuts[98]:6.1f} ms"


def diverged(clients: list[Client], database_url: str, instance: str, item_id: int) -> int:
    from agenda.live.documents import text_of

    app = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": instance, "REDIS_URL": None})
    with app.app_context():
        stored = text_of(db.session(), item_id, "notes")
    return sum(1 for c in clients if str(c.doc.get(TEXT_KEY, type=Text)) != stored)


async def measure(
    args: argparse.Namespace,
    url: str,
    meeting_id: int,
    item_id: int,
    emails: list[str],
    database_url: str,
    work: str,
) -> None:
    """The baseline series, then the live series, on the same connected clients."""
    clients = await connect_clients(url, emails, meeting_id)
    live, raw = Run(), Run()
    listen(clients, live, raw)
    await drive(clients, raw, item_id, args.rate, args.seconds, "/bench-raw")
    await settle(clients, raw, args.settle)
    raw_missing = missing_at_connected(clients, raw, "/bench-raw")
    await drive(clients, live, item_id, args.rate, args.seconds, "/docs")
    await settle(clients, live, args.settle)
    live_missing = missing_at_connected(clients, live, "/docs")
    connected = [c for c in clients if c.sio.connected]
    report(
        args,
        clients,
        live,
        raw,
        live_missing,
        raw_missing,
        diverged(connected, database_url, work, item_id),
    )
    await disconnect(clients)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--rate", type=float, default=20.0, help="edits per second, in total")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--settle", type=float, default=120.0, help="max seconds to drain")
    parser.add_argument("--threads", type=int, default=0, help="gunicorn threads (default N+60)")
    with_smoke(parser, clients=3, seconds=2.0, settle=30.0)
    args = parser.parse_args()
    threads = args.threads or args.clients + 60
    work = tempfile.mkdtemp(prefix="frontdoor-bench-")
    database_url = f"sqlite:///{work}/bench.db"
    migrate.upgrade(database_url)
    meeting_id, item_id, emails = seed(database_url, work, args.clients)
    port = 5600 + random.randint(0, 300)
    env = {
        "DATABASE_URL": database_url,
        "FRONTDOOR_INSTANCE": work,
        "SECRET_KEY": "bench",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "8192",
        "FRONTDOOR_LIVE_BENCHMARK": "1",
        "SIGN_IN_RATE_LIMIT": "100000 per minute",
        "REDIS_URL": "",
    }
    server = start_server(env, port, threads)
    url = f"http://127.0.0.1:{port}"
    try:
        print(
            f"{args.clients} clients (one asyncio process), {args.rate:g} edits/s in total for "
            f"{args.seconds:g} s, gunicorn 1 worker x {threads} threads, SQLite, persistence on"
        )
        asyncio.run(measure(args, url, meeting_id, item_id, emails, database_url, work))
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def report(
    args: argparse.Namespace,
    clients: list[Client],
    live: Run,
    raw: Run,
    live_missing: int,
    raw_missing: int,
    diverged_count: int,
) -> None:
    for name, run, missing in (
        ("baseline /bench-raw", raw, raw_missing),
        ("live /docs", live, live_missing),
    ):
        print(
            f"{name:20} {percentiles(run.latencies)}   ({len(run.sent_at)} sent, "
            f"{len(run.acked)} acknowledged, {len(run.latencies)} deliveries, "
            f"{missing} missing at connected clients)"
        )
    live_p99 = statistics.quantiles(live.latencies, n=100, method="inclusive")[98]
    raw_p99 = statistics.quantiles(raw.latencies, n=100, method="inclusive")[98]
    ratio = live_p99 / raw_p99
    print(f"p99 ratio live/baseline: {ratio:.2f}  (targets: <= 2.0, and live p99 <= 100 ms)")
    connected = sum(1 for c in clients if c.sio.connected)
    print(
        f"clients still connected at the end: {connected} of {len(clients)}; edits not sent "
        f"because their client had been dropped: baseline {raw.dropped_sends}, "
        f"live {live.dropped_sends}"
    )
    print(
        f"lost edits (acknowledged, never reached a client still connected): {live_missing}; "
        f"unacknowledged at the end: {len(live.sent_at) - len(live.acked)}; "
        f"connected clients whose text differs from the stored text: {diverged_count}"
    )


if __name__ == "__main__":
    main()
