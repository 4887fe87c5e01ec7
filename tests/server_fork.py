"""Browser tests start gunicorn, as production runs it, many times over; most of a start is
Python importing the app's packages (~1.5 s of CPU each time). Each pytest worker therefore
starts servers from one fork server (multiprocessing's "forkserver") that has imported them once,
by creating a throwaway app: a server then boots in a fraction of a second. Nothing created here
is used: each server's gunicorn worker imports `wsgi` and creates its app from its own
environment, as `gunicorn wsgi:app` does."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from frontdoor import create_app

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def import_what_the_app_imports() -> None:
    with tempfile.TemporaryDirectory() as folder:
        create_app(
            {
                "DATABASE_URL": f"sqlite:///{folder}/unused.db",
                "INSTANCE_PATH": folder,
                "SECRET_KEY": "fork-server-only-never-serves",
                "REDIS_URL": None,
            }
        )
    # a process is only safe to fork while it runs one thread
    assert threading.active_count() == 1, threading.enumerate()


def serve(environment: dict[str, str], arguments: list[str]) -> None:
    """Run in the forked child: gunicorn's own entry point, in a session of its own (so the
    whole process group can be killed), with exactly the environment given."""
    os.setsid()
    os.chdir(PROJECT_ROOT)
    os.environ.clear()
    os.environ.update(environment)
    sys.argv = ["gunicorn", *arguments]
    from gunicorn.app.wsgiapp import run

    run()


class ForkedServer:
    """A gunicorn master forked from the fork server, with the part of `subprocess.Popen`'s
    interface the tests use."""

    def __init__(self, environment: dict[str, str], arguments: list[str]) -> None:
        self._process = _FORKS.Process(target=serve, args=(environment, arguments), daemon=False)
        self._process.start()

    @property
    def pid(self) -> int:
        assert self._process.pid is not None
        return self._process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.exitcode

    def poll(self) -> int | None:
        return None if self._process.is_alive() else self._process.exitcode

    def terminate(self) -> None:
        self._process.terminate()

    def kill(self) -> None:
        self._process.kill()

    def wait(self, timeout: float | None = None) -> int | None:
        self._process.join(timeout)
        if self._process.is_alive():
            raise subprocess.TimeoutExpired("gunicorn", timeout or 0)
        return self._process.exitcode


_FORKS = multiprocessing.get_context("forkserver")
_FORKS.set_forkserver_preload(["tests.server_fork_preload"])
