"""The database being away is not a bug: answer 503 with Retry-After, cleanly, and recover by
itself (the engine's pre-ping replaces dead connections once the database is back)."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, jsonify, request
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from .metrics import DATABASE_ERRORS

UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)
RETRY_AFTER_SECONDS = "5"
log = logging.getLogger("frontdoor.ops")


def init_errors(app: Flask) -> None:
    for error in UNAVAILABLE_ERRORS:
        app.register_error_handler(error, database_unavailable)


def database_unavailable(error: Exception) -> Response:
    DATABASE_ERRORS.inc()
    # Later hooks (security headers) ask who is signed in; without the database nobody can be.
    g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
    log.warning("database unavailable", exc_info=error)
    if _wants_json():
        response = jsonify(status="unavailable", reason="database unavailable")
    else:
        # Rendered without the context processors, which would ask the database who is
        # signed in; the page extends nothing for the same reason.
        page = current_app.jinja_env.get_template("errors/503.html").render()
        response = Response(page, mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def _wants_json() -> bool:
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"
