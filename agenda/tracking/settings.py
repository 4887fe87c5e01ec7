"""Action-tracking settings: app config first, then the environment (`frontdoor.settings`).

| setting | meaning | default |
| --- | --- | --- |
| `ACTIONS_DUE_SOON_DAYS` | "due soon" on the agency's actions page: due within this many days | 7 |
| `ACTIONS_DONE_RECENTLY_DAYS` | "done recently": completed within this many days | 30 |
| `ACTIONS_NOTIFY_TIME` | UK local time of the daily due-tomorrow / overdue notices | 07:00 |
"""

from __future__ import annotations

from datetime import time

from flask import current_app, has_app_context

from agenda.schedule import parse_time
from frontdoor.settings import Settings


def _setting(name: str, default: str) -> str:
    if has_app_context() and current_app.config.get(name) is not None:
        return str(current_app.config[name])
    return str(getattr(Settings(), name, default))


def due_soon_days() -> int:
    return max(1, int(_setting("ACTIONS_DUE_SOON_DAYS", "7")))


def done_recently_days() -> int:
    return max(1, int(_setting("ACTIONS_DONE_RECENTLY_DAYS", "30")))


def notify_time() -> time:
    return parse_time(_setting("ACTIONS_NOTIFY_TIME", "07:00"))
