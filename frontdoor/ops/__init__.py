"""Operations: JSON logs, request ids, /readyz, /metrics, clean 503s and proxy awareness.

`init_app(app)` is called once by create_app after the extensions and blueprints exist.
"""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ..extensions import socketio
from . import errors, logs, metrics, requests, sockets


def init_app(app: Flask) -> None:
    app.config.setdefault("METRICS_TOKEN", None)
    app.config.setdefault("PROXY_COUNT", 0)
    app.config.setdefault("LOG_JSON", not app.config["TESTING"])
    if app.config["LOG_JSON"] and not _configured():
        logs.configure_logging()
    requests.init_requests(app)
    errors.init_errors(app)
    _register_blueprint(app)
    sockets.instrument(socketio)
    metrics.watch_queues(app, metrics.default_queues())
    proxies = int(app.config["PROXY_COUNT"])
    if proxies:
        # Behind nginx: the client's address (rate limits, /metrics) comes from X-Forwarded-For.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )


def _register_blueprint(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)


def _configured() -> bool:
    """Leave logging alone once someone set it up: gunicorn.conf.py before the app loads, or a
    test runner; a bare CLI process (scheduler, import) gets the JSON logs here."""
    return bool(logging.getLogger().handlers)
