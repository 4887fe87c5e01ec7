"""Per-request bookkeeping: a request id, one access-log line and the HTTP metrics.

The access line names the endpoint (e.g. `identity.lookup`), never the path or query string,
which may hold a person's name or an identifier.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, g, has_request_context, request
from werkzeug.wrappers import Response

from .metrics import HTTP_LATENCY, HTTP_REQUESTS

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("frontdoor.access")


def init_requests(app: Flask) -> None:
    # First, so the id and the clock exist even when a later hook fails (database down).
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)


def current_request_id() -> str | None:
    if has_request_context():
        return g.get("request_id")
    return None


def _start() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:  # a response made before our hook ran (not expected)
        return response
    elapsed = time.perf_counter() - started
    endpoint = request.endpoint or "unmatched"
    HTTP_REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    HTTP_LATENCY.labels(endpoint).observe(elapsed)
    response.headers[REQUEST_ID_HEADER] = g.request_id
    access_log.info(
        "request",
        extra={
            "request_id": g.request_id,
            "method": request.method,
            "endpoint": endpoint,
            "status": response.status_code,
            "duration_ms": round(elapsed * 1000, 2),
        },
    )
    return response
