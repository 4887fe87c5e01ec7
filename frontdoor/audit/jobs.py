"""The scheduled anchoring of the audit chain's tip (frontdoor.audit.anchors)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..db import db
from ..scheduler import scheduled_job
from .anchors import anchor_now
from .chain import AnchorPoint


def _every(app: Flask) -> dict[str, Any]:
    return {"seconds": app.config["AUDIT_ANCHOR_SECONDS"]}


@scheduled_job("audit.anchor", "interval", _every)
def anchor_audit_chain() -> AnchorPoint | None:
    return anchor_now(db.session())
