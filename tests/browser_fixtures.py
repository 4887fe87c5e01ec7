"""A real server (gunicorn, as in production) and headless Chromium for browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    env: dict[str, str]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(env_overrides: dict[str, str], port: int | None = None) -> LiveServer:
    port = port or free_port()
    env = {**os.environ, **env_overrides}
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers=1",
        "--threads=50",
        f"--bind=127.0.0.1:{port}",
        "--graceful-timeout=5",
        "wsgi:app",
    ]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)
    server = LiveServer(f"http://127.0.0.1:{port}", process, env)
    _wait_until_healthy(server)
    return server


def _wait_until_healthy(server: LiveServer, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"The server exited with code {server.process.returncode}.")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("The server did not become healthy in time.")


@pytest.fixture
def live_server(app: object, database_url: str, instance_path: Path) -> Iterator[LiveServer]:
    """gunicorn serving the test database; depends on `app` so tables are emptied after."""
    server = start_server(
        {
            "DATABASE_URL": database_url,
            "FRONTDOOR_INSTANCE": str(instance_path),
            "SECRET_KEY": "test-secret-key-not-for-production",
            "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_COST": "8192",
        }
    )
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()
