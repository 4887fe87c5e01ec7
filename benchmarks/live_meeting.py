"""Live meeting fan-out: N clients in one meeting, E edits per second in total.

Starts the real server (gunicorn, threading Socket.IO, persistence on: every edit is committed
before it is acknowledged or relayed), connects N real Socket.IO clients (WebSocket), and
measures, for every edit, the time from send to arrival at each other client. In the same run,
on the same server, the same clients send the same-sized payloads through /bench-raw, a bare
rebroadcast with no checks and no storage: the baseline. At the end it checks that every
acknowledged edit reached every other client and that every client's text equals the stored one.

    .venv/bin/python benchmarks/live_meeting.py                 # 40 clients, 20 edits/s, 15 s
    .venv/bin/python benchmarks/live_meeting.py --clients 200   # the stress figure
    .venv/bin/python benchmarks/live_meeting.py --clients 200 --worker-class gevent
    .venv/bin/python benchmarks/live_meeting.py --clients 200 --processes 2
        # two processes behind nginx (ip_hash), PostgreSQL, Redis as the message queue

The clients all run in this one process on asyncio (benchmarks/live_clients.py): a harness of
200 threads measured itself as much as the server (its own raw baseline reached p99 14 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

from pycrdt import Text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import with_smoke  # noqa: E402
from benchmarks.live_clients import (  # noqa: E402
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
from benchmarks.live_server import Served, bench_app, one_process, scaled_out  # noqa: E402


def percentiles(values: list[float]) -> str:
    if not values:
        return "no samples"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {cuts[49]:6.1f} ms   p95 {cuts[94]:6.1f} ms   p99 {cuts[98]:6.1f} ms"


def diverged(clients: list[Client], database_url: str, instance: str, item_id: int) -> int:
    from agenda.live.documents import doc_of, text_of
    from frontdoor.db import db

    app = bench_app(database_url, instance)
    with app.app_context():
        stored = text_of(db.session(), item_id, "notes")
    return sum(1 for c in clients if str(doc_of(*c.updates).get(TEXT_KEY, type=Text)) != stored)


async def measure(args: argparse.Namespace, served: Served, work: str) -> None:
    """The baseline series, then the live series, on the same connected clients."""
    item_id = served.item_id
    clients = await connect_clients(served.url, served.emails, served.meeting_id)
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
        diverged(connected, served.database_url, work, item_id),
    )
    await disconnect(clients)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--rate", type=float, default=20.0, help="edits per second, in total")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--settle", type=float, default=120.0, help="max seconds to drain")
    parser.add_argument("--threads", type=int, default=0, help="gunicorn threads (default N+60)")
    parser.add_argument(
        "--processes", type=int, default=1,
        help="1: one process on SQLite; 2 or more: behind nginx with PostgreSQL and Redis",
    )  # fmt: skip
    parser.add_argument(
        "--worker-class", choices=["gthread", "gevent"], default="gthread",
        help="one process only: the server mode to measure (gevent needs the dev extras)",
    )  # fmt: skip
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get("PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13")
    )
    with_smoke(parser, clients=3, seconds=0.5, settle=30.0)
    args = parser.parse_args()
    threads = args.threads or args.clients + 60
    work = tempfile.mkdtemp(prefix="frontdoor-bench-")
    if args.processes > 1:
        per_process = args.threads or args.clients // args.processes + 60
        server = scaled_out(work, args.clients, per_process, args.processes, args.pg_admin_url,
                            args.redis_url)  # fmt: skip
    else:
        server = one_process(work, args.clients, threads, args.worker_class)
    with server as served:
        print(
            f"{args.clients} clients (one asyncio process), {args.rate:g} edits/s in total for "
            f"{args.seconds:g} s, {served.description}, persistence on"
        )
        asyncio.run(measure(args, served, work))


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
