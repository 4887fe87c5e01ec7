"""`frontdoor demo`: load realistic demo data (agencies, users, people, referrals, past meetings
with their minutes and actions, today's meeting)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..db import db
from ..demo.history import HISTORY_WEEKS
from ..models import User


@click.command("demo", help="Load demo data: a synthetic population and demo log-ins.")
@click.option("--families", default=1500, show_default=True, help="How many families.")
@click.option("--seed", default=2026, show_default=True, help="Random seed (same seed, same data).")
@click.option(
    "--history-weeks",
    default=HISTORY_WEEKS,
    show_default=True,
    help="Weeks of past daily meetings, held and closed (0: none).",
)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@click.option("--log-ins", "log_ins", is_flag=True, help="Only print the demo log-ins.")
@with_appcontext
def demo_command(
    families: int, seed: int, history_weeks: int, if_empty: bool, log_ins: bool
) -> None:
    from ..demo.load import describe_log_ins, load_demo

    if log_ins:
        click.echo(describe_log_ins())
        return
    session = db.session()
    if if_empty and session.scalar(select(func.count()).select_from(User)):
        click.echo("The database already has data: demo data not loaded.")
        return
    summary = load_demo(session, families=families, seed=seed, history_weeks=history_weeks)
    click.echo(summary.describe())
