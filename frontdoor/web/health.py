"""Liveness: /healthz answers 200 when the database is reachable."""

from __future__ import annotations

from flask import jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from ..auth.guards import Access, GuardedBlueprint
from ..db import db

bp = GuardedBlueprint("health", __name__, access=Access.public())


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="reachable"), 200
