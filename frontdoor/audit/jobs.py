"""The chainer, run by the scheduler (one scheduler process when scaled out), and the anchoring
of the chain's tip (frontdoor.audit.anchors), which seals first."""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..db import db
from ..scheduler import scheduled_job
from .anchors import anchor_now
from .chain import AnchorPoint, seal_pending


def _every(app: Flask) -> dict[str, Any]:
    return {"seconds": app.config["AUDIT_ANCHOR_SECONDS"]}


def _seal_every(app: Flask) -> dict[str, Any]:
    return {"seconds": app.config["AUDIT_SEAL_SECONDS"]}


@scheduled_job("audit.seal", "interval", _seal_every)
def seal_audit_events() -> int:
    return seal_pending()


@scheduled_job("audit.anchor", "interval", _every)
def anchor_audit_chain() -> AnchorPoint | None:
    return anchor_now(db.session())
