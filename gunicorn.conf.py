"""gunicorn settings for Front Door: `gunicorn -c gunicorn.conf.py wsgi:app`.

One worker per process, many threads: Socket.IO (threading mode) keeps each client's state in
the process that accepted it, so a process is scaled by threads and the service by processes
behind a sticky proxy (see docs/deployment.md). Every value comes from the environment through
`frontdoor.settings.Settings`.
"""

from __future__ import annotations

from typing import Any

from frontdoor.ops.logs import logging_dict
from frontdoor.settings import Settings

_env = Settings()

bind = _env.FRONTDOOR_BIND
wsgi_app = "wsgi:app"
proc_name = _env.FRONTDOOR_PROC_NAME

# Exactly one worker: Socket.IO sessions live in the worker's memory.
workers = 1
worker_class = _env.GUNICORN_WORKER_CLASS
threads = _env.GUNICORN_THREADS  # gthread only
worker_connections = 1000  # gevent only: greenlets, one per connection

# A stuck worker is replaced after `timeout`; on SIGTERM in-flight requests get
# `graceful_timeout` to finish, and live-meeting clients are told to reconnect at once.
timeout = _env.GUNICORN_TIMEOUT
graceful_timeout = _env.GUNICORN_GRACEFUL_TIMEOUT
keepalive = _env.GUNICORN_KEEPALIVE

# No periodic worker recycling: it would cut every meeting attached to the worker.
max_requests = 0

# Only the local proxy may say who the client is (X-Forwarded-*).
forwarded_allow_ips = _env.FORWARDED_ALLOW_IPS

# Several processes run side by side; the optional control socket would be shared between them.
control_socket_disable = True

# JSON lines on stderr; the app logs one line per request itself (endpoint, never the path).
accesslog = None
logconfig_dict = logging_dict()


def post_worker_init(worker: Any) -> None:
    from frontdoor.ops import live_status
    from frontdoor.ops.shutdown import disconnect_clients_on_term

    disconnect_clients_on_term(worker)
    live_status.start(worker.wsgi)  # tells live-meeting clients when Redis is away
