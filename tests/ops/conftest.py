"""Helpers for the operations tests: an app whose database cannot be reached, and a log
handler that writes exactly what production writes (JSON through the allow-list)."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from frontdoor import create_app
from frontdoor.ops.logs import AllowListFilter, JsonFormatter, RequestIdFilter
from frontdoor.ops.topology import Topology

from ..browser_fixtures import free_port
from ..conftest import test_config as settings_for


@pytest.fixture
def unreachable_app(database_url: str, instance_path: Path, tmp_path: Path) -> Flask:
    """The same settings as `app`, but the database file's folder does not exist."""
    settings = settings_for(database_url, instance_path)
    settings["DATABASE_URL"] = f"sqlite:///{tmp_path / 'missing-folder' / 'frontdoor.db'}"
    return create_app(settings)


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Everything logged while the test runs, as production's JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(AllowListFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous_level)


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def topology_env(database_url: str, instance_path: Path, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "FRONTDOOR_INSTANCE": str(instance_path),
        "SECRET_KEY": "test-secret-key-not-for-production",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "1024",
    }


@pytest.fixture
def start_topology(
    app: Flask, database_url: str, instance_path: Path, tmp_path: Path
) -> Iterator[Callable[[str], Topology]]:
    started: list[Topology] = []

    def start(redis_url: str) -> Topology:
        env = topology_env(database_url, instance_path, redis_url)
        topology = Topology(tmp_path / "run", free_port(), [free_port(), free_port()], env)
        started.append(topology)
        return topology.start(with_scheduler=False)

    yield start
    for topology in started:
        topology.stop()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[Callable[[bool], str]]:
    """A Redis of this test's own, so stopping it disturbs nothing else on the machine."""
    port = free_port()
    processes: list[subprocess.Popen[bytes]] = []

    def run(up: bool) -> str:
        if up:
            processes.append(
                subprocess.Popen(
                    ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
                    cwd=tmp_path,
                    stdout=subprocess.DEVNULL,
                )
            )
            wait_for(lambda: _redis_answers(port), timeout=10)
        else:
            for process in processes:
                process.terminate()
                process.wait(timeout=10)
            processes.clear()
        return f"redis://127.0.0.1:{port}/0"

    yield run
    run(False)


def _redis_answers(port: int) -> bool:
    result = subprocess.run(
        ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() == "PONG"
