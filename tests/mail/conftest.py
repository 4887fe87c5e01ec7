"""A real SMTP server per test, and the app pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from .smtp_server import SmtpServer


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{server.port}"
    app.config["SMTP_TIMEOUT_SECONDS"] = 5
    yield server
    server.stop()
