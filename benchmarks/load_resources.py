"""CPU and memory of each part of the scaled-out topology, for benchmarks/load.py."""

from __future__ import annotations

import threading
import time

import psutil

from frontdoor.ops.topology import Topology


class Resources:
    """CPU and memory of each part, sampled every `interval` seconds."""

    def __init__(self, topology: Topology, interval: float = 1.0) -> None:
        self.interval = interval
        self.parts = {f"app :{port}": p.popen.pid for port, p in topology.apps.items()}
        if topology.scheduler:
            self.parts["scheduler"] = topology.scheduler.popen.pid
        if topology.nginx:
            self.parts["nginx"] = topology.nginx.popen.pid
        self.rss: dict[str, list[float]] = {name: [] for name in self.parts}
        self.cpu: dict[str, float] = {}
        self.stop = threading.Event()
        self.started = 0.0

    def _processes(self, pid: int) -> list[psutil.Process]:
        try:
            parent = psutil.Process(pid)
            return [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def _system(self, name: str) -> list[psutil.Process]:
        return [p for p in psutil.process_iter(["name"]) if p.info["name"] == name]

    def run(self) -> None:
        self.started = time.monotonic()
        # per part, per pid: CPU seconds at the start and last seen (backends come and go)
        first: dict[str, dict[int, float]] = {}
        last: dict[str, dict[int, float]] = {}
        self._sample_cpu(first, last)
        first = {name: dict(by_pid) for name, by_pid in last.items()}
        while not self.stop.wait(self.interval):
            self._sample_cpu(first, last)
            for name, pid in self.parts.items():
                self.rss[name].append(_rss_mb(self._processes(pid)))
        elapsed = time.monotonic() - self.started
        self.cpu = {
            name: sum(cpu - first[name].get(pid, 0.0) for pid, cpu in by_pid.items())
            / elapsed
            * 100
            for name, by_pid in last.items()
        }

    def _sample_cpu(
        self, first: dict[str, dict[int, float]], last: dict[str, dict[int, float]]
    ) -> None:
        groups = {name: self._processes(pid) for name, pid in self.parts.items()}
        groups["postgresql (all)"] = self._system("postgres")
        groups["redis-server"] = self._system("redis-server")
        for name, processes in groups.items():
            seen = last.setdefault(name, {})
            first.setdefault(name, {})
            for process in processes:
                try:
                    times = process.cpu_times()
                except psutil.NoSuchProcess:
                    continue
                seen[process.pid] = times.user + times.system


def _rss_mb(processes: list[psutil.Process]) -> float:
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20
