"""The drop folder: police exports land in a folder; each new file is imported, then moved.

A processed file goes to `archive/`; a rejected one to `quarantine/` with `NAME.reason.txt`
next to it. Half-written files are never imported, by two rules:
- names ending `.part` or `.tmp`, or starting with `.`, are ignored (writers should write
  `NAME.csv.part` and rename it when complete: a rename is atomic);
- a file is imported only when two consecutive looks (runs of the job) see the same size and
  modification time, so a file still growing waits for the next run.
One run at a time: the scheduler runs the job with max_instances=1, and a lock file in the
folder keeps a second process (e.g. a manual run) out.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .service import Summary

ARCHIVE = "archive"
QUARANTINE = "quarantine"
LOCK_NAME = ".frontdoor-drop-folder.lock"
IGNORED_SUFFIXES = (".part", ".tmp")

log = logging.getLogger(__name__)
Importer = Callable[[bytes, str], Summary]


@dataclass(frozen=True)
class DropResult:
    name: str
    summary: Summary
    moved_to: Path


class DropFolder:
    """One folder, remembering what it saw on its last look."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._last_look: dict[str, tuple[int, int]] = {}
        self._mutex = threading.Lock()

    def run(self, importer: Importer) -> list[DropResult]:
        """Import every settled file; returns what was done (empty when another run holds it)."""
        if not self._mutex.acquire(blocking=False):
            return []
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with _folder_lock(self.folder) as locked:
                if not locked:
                    return []
                return [self._import(path, importer) for path in self._settled_files()]
        finally:
            self._mutex.release()

    def _settled_files(self) -> list[Path]:
        look: dict[str, tuple[int, int]] = {}
        for entry in os.scandir(self.folder):
            if entry.is_file(follow_symlinks=False) and _is_candidate(entry.name):
                stat = entry.stat(follow_symlinks=False)
                look[entry.name] = (stat.st_size, stat.st_mtime_ns)
        settled = [name for name, sig in look.items() if self._last_look.get(name) == sig]
        self._last_look = {name: sig for name, sig in look.items() if name not in settled}
        return [self.folder / name for name in sorted(settled)]

    def _import(self, path: Path, importer: Importer) -> DropResult:
        summary = importer(path.read_bytes(), path.name)
        if summary.status == "processed":
            moved = _move(path, self.folder / ARCHIVE)
        else:
            moved = _move(path, self.folder / QUARANTINE)
            reason = moved.with_name(moved.name + ".reason.txt")
            reason.write_text("\n".join(summary.errors) + "\n", encoding="utf-8")
        log.info("drop folder: %s %s -> %s", path.name, summary.status, moved)
        return DropResult(path.name, summary, moved)


def _is_candidate(name: str) -> bool:
    return not name.startswith(".") and not name.endswith(IGNORED_SUFFIXES)


def _move(path: Path, target_dir: Path) -> Path:
    """Move without overwriting: a name already there gets the time of arrival appended."""
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = target_dir / f"{path.stem}.{stamp}{path.suffix}"
    path.replace(target)
    return target


@contextmanager
def _folder_lock(folder: Path) -> Iterator[bool]:
    with open(folder / LOCK_NAME, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
