"""The resolution job: resolve intake's UNRESOLVED person records every minute."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from ..scheduler import scheduled_job
from .resolution import ResolveSummary, resolve_pending

log = logging.getLogger(__name__)


def _every(app: Flask) -> dict[str, Any]:
    return {"seconds": int(app.config.get("IDENTITY_RESOLVE_SECONDS", 60))}


@scheduled_job("identity.resolve_pending", "interval", _every)
def resolve_pending_records() -> ResolveSummary:
    summary = resolve_pending()
    if summary.records:
        log.info("identity: resolved %s records (%s)", summary.records, dict(summary.statuses))
    return summary
