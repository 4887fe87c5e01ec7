"""The nightly retention purge."""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..scheduler import scheduled_job
from . import purge_expired


def _nightly(app: Flask) -> dict[str, Any]:
    return {"hour": app.config.get("RETENTION_PURGE_HOUR", 2), "minute": 15}


@scheduled_job("retention.purge", "cron", _nightly)
def purge() -> None:
    purge_expired()
