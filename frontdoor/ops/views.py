"""/readyz for load balancers and /metrics for Prometheus.

/metrics is not for browsers: it answers only a request made straight to the app process from
loopback (not through the proxy, which adds X-Forwarded-For and also denies the path), or one
carrying `Authorization: Bearer <METRICS_TOKEN>` when that is set. Anyone else gets 404.
"""

from __future__ import annotations

import hmac

from flask import abort, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from werkzeug.wrappers import Response

from ..auth.guards import Access, GuardedBlueprint
from .metrics import REGISTRY
from .readiness import check_readiness

bp = GuardedBlueprint("ops", __name__, access=Access.public())

LOOPBACK = {"127.0.0.1", "::1"}
PROXY_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    readiness = check_readiness()
    status = "ready" if readiness.ready else "unavailable"
    return jsonify(status=status, checks=readiness.checks), 200 if readiness.ready else 503


@bp.get("/metrics")
def metrics() -> Response:
    if not may_read_metrics():
        abort(404)
    return Response(generate_latest(REGISTRY), mimetype=CONTENT_TYPE_LATEST)


def may_read_metrics() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if hmac.compare_digest(offered.encode(), str(token).encode()):
            return True
    direct = not any(header in request.headers for header in PROXY_HEADERS)
    return direct and request.remote_addr in LOOPBACK
