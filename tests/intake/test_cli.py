"""`frontdoor import police FILE [--json]`: summary last, exit 0 or 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from flask import Flask

from frontdoor.models import Agency

from ..factories.police_file import incident, person_row, police_csv


def _invoke(app: Flask, *args: str) -> tuple[int, list[str]]:
    result = app.test_cli_runner().invoke(args=["import", "police", *args])
    return result.exit_code, result.output.splitlines()


def test_a_processed_file_exits_0_with_the_summary_as_the_last_line(
    app: Flask, police: Agency, tmp_path: Path
) -> None:
    path = tmp_path / "night.csv"
    path.write_bytes(police_csv([*incident(), person_row("WY-9", role="witness")]))
    code, lines = _invoke(app, str(path), "--json")
    assert code == 0
    assert json.loads(lines[-1]) == {
        "status": "processed", "rows": 4, "imported": 3, "duplicates": 0, "amended": 0,
        "quarantined": 1, "errors": json.loads(lines[-1])["errors"], "warnings": [],
    }  # fmt: skip
    assert "role" in json.loads(lines[-1])["errors"][0]
    code, lines = _invoke(app, str(path), "--json")
    assert (code, json.loads(lines[-1])["duplicates"]) == (0, 4)


def test_a_rejected_file_exits_2_with_the_reason(
    app: Flask, police: Agency, tmp_path: Path
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(b"\x00\x01binary")
    code, lines = _invoke(app, str(path), "--json")
    summary = json.loads(lines[-1])
    assert (code, summary["status"], summary["rows"]) == (2, "rejected", 0)
    assert "binary" in summary["errors"][0]


def test_without_json_the_summary_is_a_readable_last_line(
    app: Flask, police: Agency, tmp_path: Path
) -> None:
    path = tmp_path / "night.csv"
    path.write_bytes(police_csv(incident()))
    code, lines = _invoke(app, str(path))
    assert (code, lines[-1]) == (
        0, "processed: rows 3, imported 3, duplicates 0, amended 0, quarantined 0"
    )  # fmt: skip


def test_an_unknown_agency_is_a_rejection_not_a_traceback(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "night.csv"
    path.write_bytes(police_csv(incident()))
    code, lines = _invoke(app, str(path), "--json", "--agency", "nope")
    assert code == 2
    assert json.loads(lines[-1])["errors"] == ["No agency has the code 'nope'."]


def test_the_real_command_on_a_missing_file_prints_no_traceback(
    database_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "FRONTDOOR_INSTANCE": str(tmp_path)}
    script = Path(sys.executable).parent / "frontdoor"
    result = subprocess.run(
        [str(script), "import", "police", str(tmp_path / "absent.csv"), "--json"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["status"] == "rejected" and "cannot be read" in summary["errors"][0]


def test_on_a_terminal_a_progress_bar_goes_to_stderr_only(
    database_url: str, police: Agency, tmp_path: Path
) -> None:
    import pty

    path = tmp_path / "night.csv"
    path.write_bytes(police_csv([person_row(f"WY-{n}") for n in range(1200)]))
    env = {**os.environ, "DATABASE_URL": database_url, "FRONTDOOR_INSTANCE": str(tmp_path)}
    script = Path(sys.executable).parent / "frontdoor"
    controller, terminal = pty.openpty()
    result = subprocess.run(
        [str(script), "import", "police", str(path), "--json"],
        stdout=subprocess.PIPE, stderr=terminal, env=env, timeout=120, check=False,
    )  # fmt: skip
    os.close(terminal)
    drawn = os.read(controller, 65536).decode(errors="replace")
    os.close(controller)
    assert result.returncode == 0
    assert "Importing" in drawn
    assert json.loads(result.stdout.decode().splitlines()[-1])["imported"] == 1200
    assert "Importing" not in result.stdout.decode()
