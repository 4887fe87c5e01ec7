"""The daily notices: actions due tomorrow and overdue actions, at ACTIONS_NOTIFY_TIME (UK
local). Running it again — a restart, a second tick, a manual run — makes no duplicates:
`notifications.notify_due` skips notices already made (and a unique key backs that up)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from frontdoor.scheduler import scheduled_job

from . import notifications, settings
from .service import today


def _daily(app: Flask) -> dict[str, Any]:
    with app.app_context():
        at = settings.notify_time()
    return {"hour": at.hour, "minute": at.minute}


@scheduled_job("tracking.notify_due", "cron", _daily)
def notify_due_actions() -> notifications.DueRun:
    return notifications.notify_due(today())
