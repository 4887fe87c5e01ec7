"""The outbox sender: every `MAIL_SEND_INTERVAL_SECONDS` (30), one run at a time."""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..scheduler import scheduled_job
from . import sender


def _every(app: Flask) -> dict[str, Any]:
    return {"seconds": max(5, int(app.config["MAIL_SEND_INTERVAL_SECONDS"]))}


@scheduled_job("mail.send_outbox", "interval", _every)
def send_outbox() -> sender.SendRun:
    return sender.send_due()
