"""Configuration read from environment variables, with safe defaults for the embedded set-up."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"


def _instance_path() -> Path:
    return Path(os.environ.get("FRONTDOOR_INSTANCE", DEFAULT_INSTANCE))


def _persistent_secret_key(instance: Path) -> str:
    """Keep one generated key under instance/ so sessions survive restarts."""
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _bool_env(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build the app's settings: environment first, then explicit overrides (tests)."""
    overrides = dict(overrides or {})
    instance = Path(overrides.get("INSTANCE_PATH", _instance_path()))
    config: dict[str, Any] = {
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'frontdoor.db'}"),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool_env("SESSION_COOKIE_SECURE", False),
        "SESSION_COOKIE_NAME": "frontdoor_session",
        "WTF_CSRF_TIME_LIMIT": None,
        "ALLOWED_ORIGINS": [
            o.strip() for o in os.environ.get("ALLOWED_ORIGINS", "").split(",") if o.strip()
        ],
        "HSTS": _bool_env("HSTS", False),
        "NODE_MODULES": os.environ.get("NODE_MODULES", str(PROJECT_ROOT / "node_modules")),
        "SCHEDULER_ENABLED": _bool_env("SCHEDULER_ENABLED", False),
        "DROP_FOLDER": os.environ.get("DROP_FOLDER", str(instance / "dropbox")),
        "DROP_FOLDER_INTERVAL_SECONDS": int(os.environ.get("DROP_FOLDER_INTERVAL_SECONDS", "60")),
        "ARGON2_TIME_COST": int(os.environ.get("ARGON2_TIME_COST", "3")),
        "ARGON2_MEMORY_COST": int(os.environ.get("ARGON2_MEMORY_COST", "65536")),
        "TESTING": False,
    }
    config.update(overrides)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _persistent_secret_key(instance)
    return config
