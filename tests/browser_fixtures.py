"""A real server (gunicorn, as in production) and headless Chromium for browser tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from frontdoor.models import User

from .factories import PASSWORD
from .server_fork import ForkedServer

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
    process: ForkedServer
    env: dict[str, str]

    def stop(self, graceful: bool = True) -> None:
        """SIGTERM as a deployment stops it (live clients told, requests finished); at a
        test's end the whole process group is killed: a graceful stop takes 3–6 s, and the
        test has already checked what it needed."""
        if graceful:
            self.process.terminate()
        else:
            os.killpg(self.process.pid, signal.SIGKILL)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(env_overrides: dict[str, str], port: int | None = None) -> LiveServer:
    port = port or free_port()
    env = {**os.environ, **env_overrides}
    arguments = [
        "--workers=1",
        "--threads=50",
        f"--bind=127.0.0.1:{port}",
        "--graceful-timeout=5",
        "wsgi:app",
    ]
    server = LiveServer(f"http://127.0.0.1:{port}", ForkedServer(env, arguments), env)
    _wait_until_healthy(server)
    return server


def _wait_until_healthy(server: LiveServer, timeout: float = 90.0) -> None:
    """Booting takes seconds, or tens of seconds on a loaded machine: wait for it."""
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
            "ARGON2_MEMORY_COST": "1024",
        }
    )
    yield server
    server.stop(graceful=False)


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


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Browser contexts a test opens (one per person at the meeting), closed afterwards."""
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def sign_in_with(page: Page, server: LiveServer, email: str, password: str) -> Page:
    """Sign in through the real form; returns once the header shows who is signed in."""
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()
    return page


def sign_in_page(page: Page, server: LiveServer, user: User) -> Page:
    """Sign in a factory user; returns once the header names the user."""
    sign_in_with(page, server, user.email, PASSWORD)
    expect(page.get_by_test_id("signed-in-as")).to_contain_text(user.display_name)
    return page


def signed_in(
    browser: Browser,
    contexts: list[BrowserContext],
    server: LiveServer,
    user: User,
    **context_options: object,
) -> Page:
    """A new browser context (a person's own browser), signed in as `user`."""
    context = browser.new_context(**context_options)  # type: ignore[arg-type]
    contexts.append(context)
    return sign_in_page(context.new_page(), server, user)


def enter_live(page: Page, server: LiveServer, meeting_id: int, *, accepted: bool = False) -> Page:
    """Open the live page, accept the confidentiality statement (unless this user `accepted`
    it already, in another window), and wait until it is live."""
    page.goto(f"{server.url}/meetings/{meeting_id}/live")
    if not accepted:
        page.get_by_role("button", name="I accept the confidentiality statement").click()
    expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "live")
    expect(page.get_by_test_id("notes")).to_be_enabled()
    return page
