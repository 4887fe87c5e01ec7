"""One typed settings object: every setting is declared once, read from the environment, and
documented in docs/deployment.md by generation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from frontdoor.config import PROJECT_ROOT, load_config
from frontdoor.settings import DOCS_BEGIN, DOCS_END, Settings, settings_markdown

# Modules that hand the whole environment to a child process, not read a setting from it.
PASSES_ENVIRONMENT_ON = {"frontdoor/ops/backup.py", "frontdoor/ops/topology.py"}


def test_the_deployment_doc_shows_exactly_the_generated_settings_tables() -> None:
    doc = (PROJECT_ROOT / "docs" / "deployment.md").read_text()
    shown = doc.split(DOCS_BEGIN, 1)[1].split(DOCS_END, 1)[0].strip()
    assert shown == settings_markdown().strip(), "run scripts/settings-docs.py"


def test_no_module_reads_the_environment_around_the_settings_object() -> None:
    readers = [
        str(path.relative_to(PROJECT_ROOT))
        for package in ("frontdoor", "agenda", "matching")
        for path in (PROJECT_ROOT / package).rglob("*.py")
        if re.search(r"os\.environ|os\.getenv", path.read_text())
    ]
    assert set(readers) <= PASSES_ENVIRONMENT_ON | {"frontdoor/settings.py"}


def test_every_setting_has_a_meaning_and_a_section() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name
        assert isinstance(field.json_schema_extra, dict), name
        assert field.json_schema_extra["section"], name


@pytest.mark.parametrize(
    ("variable", "value", "key", "expected"),
    [
        ("SESSION_IDLE_MINUTES", None, "SESSION_IDLE_MINUTES", 30),
        ("SESSION_IDLE_MINUTES", "45", "SESSION_IDLE_MINUTES", 45),
        ("ACCESS_REFUSAL_AUDIT_LIMIT", "7", "ACCESS_REFUSAL_AUDIT_LIMIT", 7),
        ("FRONTDOOR_PROXY_COUNT", "1", "PROXY_COUNT", 1),
        ("FRONTDOOR_LIVE_BENCHMARK", "1", "LIVE_BENCHMARK", True),
        (
            "ALLOWED_ORIGINS",
            "https://a.example, https://b.example",
            "ALLOWED_ORIGINS",
            ["https://a.example", "https://b.example"],
        ),
        ("RETENTION_MINUTES_DAYS", "10", "RETENTION_DAYS", None),
    ],
)
def test_a_setting_comes_from_its_environment_variable(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    variable: str,
    value: str | None,
    key: str,
    expected: object,
) -> None:
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
    config = load_config({"INSTANCE_PATH": str(tmp_path)})
    if key == "RETENTION_DAYS":
        assert config[key]["minutes"] == 10
    else:
        assert config[key] == expected


def test_production_turns_on_the_secure_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FRONTDOOR_ENV", "production")
    monkeypatch.delenv("TOTP_REQUIRED_ROLES", raising=False)
    config = load_config({"INSTANCE_PATH": str(tmp_path)})
    assert config["SESSION_COOKIE_SECURE"] and config["HSTS"]
    assert "partner" in config["TOTP_REQUIRED_ROLES"]


def test_a_value_of_the_wrong_type_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DROP_FOLDER_INTERVAL_SECONDS", "every minute")
    with pytest.raises(ValidationError, match="DROP_FOLDER_INTERVAL_SECONDS"):
        Settings()
