"""Scheduled jobs of the agenda and the live meeting.

The agenda build: every minute, build today's agenda if it is due and unbuilt.

Ticking each minute (rather than one cron time) follows schedule changes made on the admin
page without restarting, and catches up after a missed tick. Exactly once is guaranteed by
the claim row in `agenda.build.build_scheduled`, not by there being one scheduler.

The live sweep: connections whose session timed out are cut off (frontdoor.auth.connections).
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from frontdoor.auth import connections
from frontdoor.scheduler import scheduled_job

from .build import BuildResult, build_scheduled


def _every_minute(_app: Flask) -> dict[str, Any]:
    return {"seconds": 60}


@scheduled_job("agenda.build", "interval", _every_minute)
def build_due_agenda() -> BuildResult | None:
    return build_scheduled()


def _every_half_minute(app: Flask) -> dict[str, Any]:
    return {"seconds": app.config.get("LIVE_SWEEP_SECONDS", 30)}


@scheduled_job("live.sweep_connections", "interval", _every_half_minute)
def sweep_live_connections() -> int:
    """Live connections whose session timed out (or ended without a request) are cut off."""
    return connections.sweep_connections()
