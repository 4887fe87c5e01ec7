"""From an empty database to a built agenda with the command line alone (issue #13).

Every refusal is one line and exit status 2, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from frontdoor.db import db
from frontdoor.models import Agency, ApiKey, Meeting, User

from ..factories.police_file import incident, police_csv

PASSWORD = "marble orchard lantern 81"


def run(app: Flask, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=list(args), input=stdin)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_agencies_users_keys_import_and_agenda_from_an_empty_database(
    app: Flask, tmp_path: Path
) -> None:
    assert run(app, "agencies", "list") == (0, "")
    for code, name, kind in [("leeds", "Leeds City Council", "csc"),
                             ("wyp", "West Yorkshire Police", "police"),
                             ("lth", "Leeds Teaching Hospitals", "health")]:  # fmt: skip
        code_, out = run(app, "agencies", "create", "--code", code, "--name", name, "--kind", kind)
        assert (code_, out) == (0, f"Created agency {code} ({name}, {kind}).\n")
    _, listing = run(app, "agencies", "list")
    assert listing.splitlines() == [
        "leeds\tcsc\tactive\tLeeds City Council",
        "lth\thealth\tactive\tLeeds Teaching Hospitals",
        "wyp\tpolice\tactive\tWest Yorkshire Police",
    ]
    code, out = run(app, "users", "create", "--email", "admin@leeds.example.org", "--name",
                    "Ada Admin", "--agency", "LEEDS", "--role", "admin",
                    "--password", PASSWORD)  # fmt: skip
    assert code == 0 and "Created user" in out
    code, out = run(app, "api-keys", "create", "--agency", "lth", "--name", "Health EPR")
    token = out.splitlines()[-1]
    assert code == 0 and token.startswith("fd_")
    _, keys = run(app, "api-keys", "list")
    assert "lth" in keys and "Health EPR" in keys and token.split("_", 2)[2] not in keys
    night = tmp_path / "night.csv"
    night.write_bytes(police_csv(incident(reported_at="2026-11-24T23:41")))
    code, out = run(app, "import", "police", str(night))
    assert (code, out.splitlines()[-1]) == (
        0, "processed: rows 3, imported 3, duplicates 0, amended 0, quarantined 0")  # fmt: skip
    assert run(app, "identity", "resolve")[0] == 0
    code, out = run(app, "agenda", "build", "--date", "2026-11-25")
    assert code == 0 and out.startswith("Agenda for 2026-11-25: 1 new referral(s), 1 new item(s)")
    with app.app_context():
        admin = db.session().scalar(select(User))
        assert admin is not None and admin.agency.code == "leeds"
        assert db.session().scalar(select(func.count()).select_from(Meeting)) == 1
        assert db.session().scalar(select(func.count()).select_from(ApiKey)) == 1


def test_bad_input_is_one_line_and_exit_status_2(app: Flask) -> None:
    run(app, "agencies", "create", "--code", "wyp", "--name", "West Yorkshire Police",
        "--kind", "police")  # fmt: skip
    refusals = {
        ("agencies", "create", "--code", "WYP", "--name", "Other", "--kind", "police"):
            "An agency with the code 'wyp' already exists.",
        ("agencies", "create", "--code", "wy2", "--name", "west yorkshire  police",
         "--kind", "police"): "An agency named 'west yorkshire police' already exists.",
        ("agencies", "create", "--code", "no spaces", "--name", "X", "--kind", "police"):
            "An agency's code is 2 to 40 lower-case letters",
        ("agencies", "disable", "nope"): "No agency has the code 'nope'.",
        ("users", "create", "--email", "a@x.org", "--name", "A", "--agency", "nope",
         "--role", "admin", "--password", PASSWORD): "No agency has the code 'nope'.",
        ("users", "create", "--email", "a@x.org", "--name", "A", "--agency", "wyp",
         "--role", "admin", "--password", "password1234"): "This password is too common.",
        ("users", "create", "--email", "a@x.org", "--name", "A", "--agency", "wyp",
         "--role", "admin", "--password", "short"): "at least 12 characters",
        ("users", "create", "--email", "not-an-address", "--name", "A", "--agency", "wyp",
         "--role", "admin", "--password", PASSWORD): "is not an e-mail address",
        ("api-keys", "create", "--agency", "nope", "--name", "EPR"):
            "No agency has the code 'nope'.",
        ("api-keys", "create", "--agency", "wyp", "--name", " "): "Enter a name for the key",
        ("api-keys", "revoke", "999"): "No such API key.",
        ("agenda", "build", "--date", "2026-11-28"): "2026-11-28 is not a meeting date.",
    }  # fmt: skip
    for args, message in refusals.items():
        code, out = run(app, *args)
        assert (code, message in out, out.startswith("Error: ")) == (2, True, True), (args, out)
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Agency)) == 1
        assert db.session().scalar(select(func.count()).select_from(User)) == 0


def test_a_duplicate_user_is_refused(app: Flask) -> None:
    run(app, "agencies", "create", "--code", "wyp", "--name", "Police", "--kind", "police")
    assert run(app, "agencies", "register", "wyp", "--basis", "dpa_part3",
               "--condition", "s35_sch8", "--agreed", "2025-04-01")[0] == 0  # fmt: skip
    args = ("users", "create", "--email", "a@x.org", "--name", "A", "--agency", "wyp",
            "--role", "partner", "--password", PASSWORD)  # fmt: skip
    assert run(app, *args)[0] == 0
    code, out = run(app, *args)
    assert code == 2 and "already exists" in out


def test_disabling_an_agency_stops_its_keys_and_it_can_be_enabled_again(app: Flask) -> None:
    run(app, "agencies", "create", "--code", "wyp", "--name", "Police", "--kind", "police")
    assert run(app, "agencies", "disable", "wyp") == (0, "wyp disabled.\n")
    assert run(app, "agencies", "list")[1] == "wyp\tpolice\tdisabled\tPolice\n"
    code, out = run(app, "api-keys", "create", "--agency", "wyp", "--name", "RMS")
    assert code == 2 and "disabled" in out
    assert run(app, "agencies", "enable", "wyp") == (0, "wyp enabled.\n")
    code, out = run(app, "api-keys", "create", "--agency", "wyp", "--name", "RMS")
    assert code == 0
    key_id = out.split()[2]
    assert run(app, "api-keys", "revoke", key_id) == (0, f"API key {key_id} revoked.\n")
    assert "\trevoked\t" in run(app, "api-keys", "list")[1]


SETUP = ("setup", "--skip-migrate", "--council-code", "leeds", "--council-name",
         "Leeds City Council", "--police-code", "wyp", "--police-name", "West Yorkshire Police",
         "--admin-email", "ada@leeds.example.org", "--admin-name", "Ada Lovelace")  # fmt: skip


def test_setup_with_flags_creates_council_police_and_administrator_and_reruns_safely(
    app: Flask,
) -> None:
    code, out = run(app, *SETUP, "--admin-password", PASSWORD)
    assert code == 0, out
    assert "Created agency leeds" in out and "Created administrator ada@leeds.example.org" in out
    code, out = run(app, *SETUP, "--admin-password", PASSWORD)
    assert code == 0 and out.count("kept") == 3
    with app.app_context():
        users = db.session().scalars(select(User)).all()
        assert [(u.email, u.agency.code, sorted(u.roles)) for u in users] == [
            ("ada@leeds.example.org", "leeds", ["admin"])
        ]
        agencies = db.session().scalars(select(Agency).order_by(Agency.code)).all()
        assert [(a.code, a.kind.value) for a in agencies] == [("leeds", "csc"), ("wyp", "police")]


def test_setup_refuses_a_missing_answer_or_a_weak_password_before_storing_anything(
    app: Flask,
) -> None:
    code, out = run(app, *SETUP)
    assert code == 2 and "Missing --admin-password" in out
    code, out = run(app, *SETUP, "--admin-password", "lovelace-2026-x")
    assert code == 2 and "your own name" in out
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Agency)) == 0


def test_the_real_commands_from_the_shell_on_a_new_sqlite_file(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}",
           "FRONTDOOR_INSTANCE": str(tmp_path), "FRONTDOOR_ADMIN_PASSWORD": PASSWORD}  # fmt: skip
    script = str(Path(sys.executable).parent / "frontdoor")

    def shell(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([script, *args], capture_output=True, text=True, env=env,
                              timeout=120, check=False, stdin=subprocess.DEVNULL)  # fmt: skip

    done = shell(*[a for a in SETUP if a != "--skip-migrate"])
    assert done.returncode == 0, done.stderr
    refused = shell("agencies", "create", "--code", "wyp", "--name", "X", "--kind", "police")
    assert refused.returncode == 2
    assert refused.stderr.strip() == "Error: An agency with the code 'wyp' already exists."
    refused = shell("users", "create", "--email", "b@x.org", "--name", "B", "--agency", "zz",
                    "--role", "partner", "--password", PASSWORD)  # fmt: skip
    assert (refused.returncode, "Traceback" in refused.stderr) == (2, False)
