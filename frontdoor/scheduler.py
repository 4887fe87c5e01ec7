"""Scheduled jobs (APScheduler 3). Features declare jobs; one process runs them.

Embedded set-up: the single app process runs the scheduler (`SCHEDULER_ENABLED=1`, set by
`make run`). Scaled out: app processes leave it off and exactly one `frontdoor scheduler run`
process runs the jobs. Each job runs in its own app context, one instance at a time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from flask import Flask


@dataclass(frozen=True)
class JobSpec:
    """A job a feature offers: `trigger_args(app)` turns the app's config into a trigger."""

    id: str
    func: Callable[[], Any]
    trigger: str
    trigger_args: Callable[[Flask], dict[str, Any]]


JOBS: list[JobSpec] = []

# Modules that declare jobs with @scheduled_job; imported before a scheduler is built.
JOB_MODULES: list[str] = [
    "frontdoor.identity.jobs",
    "frontdoor.retention.jobs",
    "frontdoor.audit.jobs",
    "agenda.jobs",
    "agenda.tracking.jobs",
    "frontdoor.intake.jobs",
    "frontdoor.mail.jobs",
    "frontdoor.identity.inactive_jobs",
    "frontdoor.intake.open_cases_jobs",
]


def scheduled_job(
    job_id: str, trigger: str, trigger_args: Callable[[Flask], dict[str, Any]]
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Declare a function as a scheduled job (it runs inside an app context)."""

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        JOBS[:] = [job for job in JOBS if job.id != job_id]
        JOBS.append(JobSpec(job_id, func, trigger, trigger_args))
        return func

    return register


def build_scheduler(app: Flask, scheduler: BaseScheduler | None = None) -> BaseScheduler:
    for module in JOB_MODULES:
        importlib.import_module(module)
    scheduler = scheduler or BackgroundScheduler(timezone="Europe/London")
    for job in JOBS:
        scheduler.add_job(
            _in_app_context(app, job.func),
            trigger=job.trigger,
            id=job.id,
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=300,
            **job.trigger_args(app),
        )
    return scheduler


def init_app(app: Flask) -> None:
    if app.config["SCHEDULER_ENABLED"] and not app.config["TESTING"]:
        scheduler = build_scheduler(app)
        scheduler.start()
        app.extensions["frontdoor_scheduler"] = scheduler


def _in_app_context(app: Flask, func: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        with app.app_context():
            return func()

    run.__name__ = getattr(func, "__name__", "job")
    return run
