"""`frontdoor agenda build [--date D]`: build or rebuild a meeting's draft agenda now."""

from __future__ import annotations

from datetime import date, datetime

import click
from flask.cli import with_appcontext

from agenda.build import BuildError, build_agenda, today_meeting_date
from agenda.schedule import ScheduleError
from frontdoor.models import BuildTrigger

from .errors import CommandError


@click.group("agenda", help="The daily meeting's agenda.")
def agenda_group() -> None:
    pass


@agenda_group.command("build", help="Build (or rebuild, keeping curation) a meeting's agenda.")
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Meeting date (YYYY-MM-DD); default: today's meeting, or the next one.",
)
@with_appcontext
def build_command(day: datetime | None) -> None:
    meeting_day: date = day.date() if day else today_meeting_date()
    try:
        result = build_agenda(meeting_day, BuildTrigger.COMMAND)
    except (ScheduleError, BuildError) as exc:
        raise CommandError(str(exc)) from exc
    click.echo(
        f"Agenda for {meeting_day.isoformat()}: {result.referrals_added} new referral(s), "
        f"{result.items_added} new item(s), {result.provisional} awaiting identity resolution."
    )
