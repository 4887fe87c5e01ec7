"""`frontdoor scheduler run`: the one process that runs scheduled jobs when scaled out."""

from __future__ import annotations

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import current_app
from flask.cli import with_appcontext

from .. import scheduler


@click.group("scheduler", help="Scheduled jobs.")
def scheduler_group() -> None:
    pass


@scheduler_group.command("list", help="List the scheduled jobs and their triggers.")
@with_appcontext
def list_jobs() -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    scheduler.build_scheduler(app)  # imports every job module
    for job in scheduler.JOBS:
        click.echo(f"{job.id}\t{job.trigger}\t{job.trigger_args(app)}")


@scheduler_group.command("run", help="Run the scheduled jobs in the foreground (one process).")
@with_appcontext
def run() -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    blocking = scheduler.build_scheduler(app, BlockingScheduler(timezone="Europe/London"))
    click.echo(f"Scheduler running {len(scheduler.JOBS)} job(s). Ctrl-C to stop.")
    try:
        blocking.start()
    except (KeyboardInterrupt, SystemExit):
        blocking.shutdown(wait=True)
