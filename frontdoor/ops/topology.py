"""The scaled-out topology on one machine: N gunicorn app processes, one scheduler and nginx
(ip_hash) in front, all on loopback. `make run-scaled`, the fault tests and benchmarks/load.py
start it through this module; production runs the same processes under systemd
(docs/deployment.md).

`python -m frontdoor.ops.topology --port 8080 --app-ports 5001,5002` runs it until Ctrl-C.
The environment (DATABASE_URL, REDIS_URL, FRONTDOOR_INSTANCE, ...) is passed to every process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..config import PROJECT_ROOT

NGINX_DIR = PROJECT_ROOT / "deploy" / "nginx"
BIN = Path(sys.executable).parent


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def signal(self, signum: int) -> None:
        """To the whole process group: a gunicorn master and its worker go together."""
        if self.alive():
            os.killpg(self.popen.pid, signum)

    def stop(self, timeout: float = 25.0) -> None:
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait()


@dataclass
class Topology:
    run_dir: Path
    port: int
    app_ports: list[int]
    env: dict[str, str]
    apps: dict[int, Process] = field(default_factory=dict)
    scheduler: Process | None = None
    nginx: Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, with_scheduler: bool = True) -> Topology:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for app_port in self.app_ports:
            self.start_app(app_port)
        if with_scheduler:
            self.scheduler = self._spawn("scheduler", [str(BIN / "frontdoor"), "scheduler", "run"])
        for app_port in self.app_ports:
            wait_until_ready(f"http://127.0.0.1:{app_port}", self.apps[app_port])
        self.nginx = self._spawn("nginx", nginx_command(self.run_dir, self.write_nginx_conf()))
        wait_until_ready(self.url, self.nginx)
        return self

    def start_app(self, app_port: int) -> Process:
        env = {"FRONTDOOR_BIND": f"127.0.0.1:{app_port}", "FRONTDOOR_PROXY_COUNT": "1"}
        command = [str(BIN / "gunicorn"), "-c", str(PROJECT_ROOT / "gunicorn.conf.py")]
        self.apps[app_port] = self._spawn(f"app-{app_port}", command, env)
        return self.apps[app_port]

    def restart_app(self, app_port: int) -> None:
        self.start_app(app_port)
        wait_until_ready(f"http://127.0.0.1:{app_port}", self.apps[app_port])

    def stop(self) -> None:
        for process in [self.nginx, *self.apps.values(), self.scheduler]:
            if process is not None:
                process.stop()

    def write_nginx_conf(self) -> Path:
        servers = "\n".join(
            f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;" for p in self.app_ports
        )
        text = (NGINX_DIR / "local.conf.template").read_text()
        for key, value in {
            "RUN_DIR": str(self.run_dir),
            "LISTEN": f"127.0.0.1:{self.port}",
            "UPSTREAM_SERVERS": servers,
            "LOCATIONS": str(NGINX_DIR / "frontdoor-locations.conf"),
        }.items():
            text = text.replace(f"@@{key}@@", value)
        path = self.run_dir / "nginx.conf"
        path.write_text(text)
        return path

    def _spawn(
        self, name: str, command: list[str], extra: Mapping[str, str] | None = None
    ) -> Process:
        log = self.run_dir / f"{name}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(  # noqa: S603
                command,
                cwd=PROJECT_ROOT,
                env={**self.env, **(extra or {})},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: Ctrl-C reaches us, we stop it cleanly
            )
        return Process(name, popen, log)


def nginx_command(run_dir: Path, conf: Path) -> list[str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / sub).mkdir(exist_ok=True)
    return [nginx, "-p", str(run_dir), "-c", str(conf), "-e", str(run_dir / "nginx-error.log")]


def wait_until_ready(url: str, process: Process, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.alive():
            raise RuntimeError(f"{process.name} exited; see {process.log}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{process.name} was not ready within {timeout:.0f} s; see {process.log}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--app-ports", default="5001,5002")
    parser.add_argument("--run-dir", type=Path, default=PROJECT_ROOT / "instance" / "scaled")
    args = parser.parse_args(argv)
    # Ctrl-C, and SIGTERM from a supervisor, both stop everything this started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    ports = [int(p) for p in args.app_ports.split(",")]
    topology = Topology(args.run_dir, args.port, ports, dict(os.environ))
    try:
        topology.start()
        print(f"Front Door (scaled out) is at {topology.url}/  (Ctrl-C to stop)", flush=True)
        print(f"  app processes on {', '.join(map(str, ports))}; logs in {args.run_dir}/")
        reported: set[str] = set()
        while True:
            time.sleep(1)
            for process in topology.apps.values():
                if not process.alive() and process.name not in reported:
                    reported.add(process.name)
                    print(f"{process.name} stopped (see {process.log}); nginx uses the others.")
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    finally:
        topology.stop()


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
