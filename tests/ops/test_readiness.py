"""/readyz says whether a process can serve: database, migrations at head, Redis if set."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from frontdoor import create_app, migrate

from ..conftest import test_config as settings_for


def test_a_migrated_database_without_redis_is_ready(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "redis": "not configured"},
    }


def test_an_unreachable_database_is_not_ready(unreachable_app: Flask) -> None:
    response = unreachable_app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "unreachable"


def test_a_schema_behind_the_migrations_head_is_not_ready(
    instance_path: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate.upgrade(url, "0001")
    app = create_app({**settings_for(url, instance_path), "DATABASE_URL": url})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"] == {
        "database": "ok",
        "migrations": "behind head",
        "redis": "not configured",
    }


def test_an_unreachable_redis_is_not_ready(app: Flask, client: FlaskClient) -> None:
    app.config["REDIS_URL"] = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["redis"] == "unreachable"


def test_liveness_stays_separate_from_readiness(client: FlaskClient) -> None:
    assert client.get("/healthz").status_code == 200
