"""Prometheus metrics: one registry per process, served at /metrics.

Labels are endpoint names, methods, status codes, namespaces, event names and fixed outcome
words: never paths, query strings or anything a person typed. Other features import the
counters below and increment them after their transaction commits
(`INTAKE_REFERRALS.labels(source="police_export", outcome="imported").inc(n)`); queue sizes
are read from the database when Prometheus scrapes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from flask import Flask
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

REGISTRY = CollectorRegistry(auto_describe=True)

HTTP_REQUESTS = Counter(
    "frontdoor_http_requests",
    "HTTP requests handled, by endpoint, method and status.",
    ["endpoint", "method", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "frontdoor_http_request_duration_seconds",
    "Time to handle an HTTP request, by endpoint.",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
SOCKETIO_EVENTS = Counter(
    "frontdoor_socketio_events",
    "Socket.IO events received, by namespace and event name.",
    ["namespace", "event"],
    registry=REGISTRY,
)
INTAKE_REFERRALS = Counter(
    "frontdoor_intake_referrals",
    "Rows (a person on a referral) received by intake, by channel and outcome "
    "(imported, duplicates, amended, quarantined).",
    ["source", "outcome"],
    registry=REGISTRY,
)
MATCH_DECISIONS = Counter(
    "frontdoor_match_decisions",
    "Identity-resolution decisions, by decision (linked, review, new, confirmed, rejected).",
    ["decision"],
    registry=REGISTRY,
)
DATABASE_ERRORS = Counter(
    "frontdoor_database_unavailable",
    "Requests answered 503 because the database could not be reached.",
    registry=REGISTRY,
)


@dataclass(frozen=True)
class Queue:
    """A queue whose size is counted in the database at scrape time."""

    name: str
    count: Callable[[], int]


class QueueSizes(Collector):
    """Reads each queue's size in the app's context; a short cache keeps scrapes cheap."""

    def __init__(self, app: Flask, queues: Iterable[Queue], max_age: float = 10.0) -> None:
        self.app = app
        self.queues = list(queues)
        self.max_age = max_age
        self._cached: tuple[float, dict[str, int]] = (0.0, {})

    def describe(self) -> Iterator[Metric]:
        """What `collect` yields, without counting: registering asks for it, and the app
        being created must not query the database."""
        yield self._family()

    def collect(self) -> Iterator[Metric]:
        family = self._family()
        for name, size in self._sizes().items():
            family.add_metric([name], size)
        yield family

    @staticmethod
    def _family() -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "frontdoor_queue_size", "Items waiting in a work queue.", labels=["queue"]
        )

    def _sizes(self) -> dict[str, int]:
        taken, sizes = self._cached
        if time.monotonic() - taken < self.max_age:
            return sizes
        sizes = {}
        with self.app.app_context():
            for queue in self.queues:
                try:
                    sizes[queue.name] = queue.count()
                except SQLAlchemyError:
                    continue  # /readyz reports the database; a scrape still answers
        self._cached = (time.monotonic(), sizes)
        return sizes


def default_queues() -> list[Queue]:
    """The coordinator's work queues: identity reviews and quarantined intake rows."""
    from ..db import db
    from ..models.identity import ReviewPair, ReviewStatus
    from ..models.intake import QuarantinedRow, QuarantineStatus

    def counter(model: type, condition: object) -> Callable[[], int]:
        def count() -> int:
            statement = select(func.count()).select_from(model).where(condition)  # type: ignore[arg-type]
            return int(db.session().scalar(statement) or 0)

        return count

    return [
        Queue("identity_review", counter(ReviewPair, ReviewPair.status == ReviewStatus.PENDING)),
        Queue(
            "intake_quarantine",
            counter(QuarantinedRow, QuarantinedRow.status == QuarantineStatus.OPEN),
        ),
    ]


_queue_collector: QueueSizes | None = None


def watch_queues(app: Flask, queues: Iterable[Queue]) -> None:
    """(Re)bind the queue collector to this app: the registry is per process, apps are not."""
    global _queue_collector
    if _queue_collector is not None:
        REGISTRY.unregister(_queue_collector)
    _queue_collector = QueueSizes(app, queues)
    REGISTRY.register(_queue_collector)
