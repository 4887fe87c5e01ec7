"""The app factory, configuration and health check."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from frontdoor import create_app
from frontdoor.config import load_config


def test_healthz_answers_200_when_the_database_is_reachable(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "reachable"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    broken = create_app(
        {
            "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "x" * 32,
        }
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_configuration_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    config = load_config({"INSTANCE_PATH": str(tmp_path)})
    assert config["DATABASE_URL"] == "sqlite:///elsewhere.db"
    assert config["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    assert config["SECRET_KEY"] == "from-the-environment"


def test_defaults_are_an_sqlite_file_under_instance_and_no_redis(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    config = load_config({"INSTANCE_PATH": str(tmp_path)})
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'frontdoor.db'}"
    assert config["REDIS_URL"] is None


def test_a_generated_secret_key_is_kept_under_instance(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config({"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    second = load_config({"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    assert first == second
    assert len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_each_app_has_its_own_settings(app: Flask, tmp_path: Path) -> None:
    other = create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "y" * 32,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "TESTING": True,
        }
    )
    assert other is not app
    assert other.config["SECRET_KEY"] != app.config["SECRET_KEY"]
