"""Configuration read from environment variables, with safe defaults for the embedded set-up."""

from __future__ import annotations

import json
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
    production = os.environ.get("FRONTDOOR_ENV", "development") == "production"
    config: dict[str, Any] = {
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'frontdoor.db'}"),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool_env("SESSION_COOKIE_SECURE", production),
        # __Host-: the browser only accepts it over HTTPS, for this host, on path / (ASVS 3.3.3)
        "SESSION_COOKIE_NAME": "__Host-frontdoor_session" if production else "frontdoor_session",
        "WTF_CSRF_TIME_LIMIT": None,
        "ALLOWED_ORIGINS": [
            o.strip() for o in os.environ.get("ALLOWED_ORIGINS", "").split(",") if o.strip()
        ],
        "HSTS": _bool_env("HSTS", production),
        "NODE_MODULES": os.environ.get("NODE_MODULES", str(PROJECT_ROOT / "node_modules")),
        "SCHEDULER_ENABLED": _bool_env("SCHEDULER_ENABLED", False),
        "DROP_FOLDER": os.environ.get("DROP_FOLDER", str(instance / "dropbox")),
        "DROP_FOLDER_INTERVAL_SECONDS": int(os.environ.get("DROP_FOLDER_INTERVAL_SECONDS", "60")),
        "POLICE_AGENCY_CODE": os.environ.get("POLICE_AGENCY_CODE") or None,
        "ARGON2_TIME_COST": int(os.environ.get("ARGON2_TIME_COST", "3")),
        "ARGON2_MEMORY_COST": int(os.environ.get("ARGON2_MEMORY_COST", "65536")),
        # The agenda (docs/agenda.md): meeting schedule and ordering rules.
        **{
            key: os.environ[key]
            for key in (
                "AGENDA_MEETING_DAYS",
                "AGENDA_MEETING_TIME",
                "AGENDA_BUILD_TIME",
                "AGENDA_NON_MEETING_DATES",
                "AGENDA_SECTION_ORDER",
                "AGENDA_RISK_ORDER",
            )
            if key in os.environ
        },
        "TESTING": False,
        **security_settings(production),
        **mail_settings(),
        **golive_settings(),
    }
    config.update(overrides)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _persistent_secret_key(instance)
    return config


def mail_settings() -> dict[str, Any]:
    """Issue 18's e-mail channel (frontdoor/mail, docs/children.md). No SMTP_URL: messages
    wait in the outbox until one is set."""
    return {
        # smtp://host:25 (plain, a local relay), smtp+starttls://user:pass@host:587,
        # smtps://user:pass@host:465 (TLS from the start)
        "SMTP_URL": os.environ.get("SMTP_URL") or None,
        "SMTP_CA_FILE": os.environ.get("SMTP_CA_FILE") or None,
        "SMTP_TIMEOUT_SECONDS": float(os.environ.get("SMTP_TIMEOUT_SECONDS", "20")),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Front Door <frontdoor@localhost>"),
        "MAIL_BASE_URL": os.environ.get("MAIL_BASE_URL", "http://localhost:5000"),
        # kinds whose e-mail carries the item's (scrubbed) detail instead of a bare notice
        "MAIL_DETAIL_KINDS": _list_env("MAIL_DETAIL_KINDS", ""),
        "MAIL_SEND_INTERVAL_SECONDS": int(os.environ.get("MAIL_SEND_INTERVAL_SECONDS", "30")),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "8")),
        "MAIL_RETRY_BASE_SECONDS": int(os.environ.get("MAIL_RETRY_BASE_SECONDS", "60")),
        "MAIL_RETRY_MAX_SECONDS": int(os.environ.get("MAIL_RETRY_MAX_SECONDS", "3600")),
    }


def _list_env(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


def golive_settings() -> dict[str, Any]:
    """Issue 13's settings: the quorum's core agencies, involvements kept current, the API
    look-up's rate limit (docs/go-live.md)."""
    return {
        # agency kinds (frontdoor.models.AgencyKind) whose presence the quorum panel shows
        "QUORUM_AGENCY_KINDS": _list_env(
            "QUORUM_AGENCY_KINDS", "police,dvs,csc,health,housing,probation"
        ),
        # an involvement with no activity for this many days ends, after a notice
        "INVOLVEMENT_INACTIVE_DAYS": int(os.environ.get("INVOLVEMENT_INACTIVE_DAYS", "183")),
        # days between the notice to the agency's managers and the end
        "INVOLVEMENT_NOTICE_DAYS": int(os.environ.get("INVOLVEMENT_NOTICE_DAYS", "14")),
        "API_LOOKUP_RATE_LIMIT": os.environ.get(
            "API_LOOKUP_RATE_LIMIT", "30 per minute;500 per hour"
        ),
        "OPEN_CASES_FOLDER": os.environ.get("OPEN_CASES_FOLDER") or None,
    }


def security_settings(production: bool) -> dict[str, Any]:
    """Issue 8's settings: two-factor, lock-out, rate limits, time-outs, OIDC and retention."""
    all_roles = "coordinator,partner,agency_worker,manager,admin"
    return {
        "TOTP_REQUIRED_ROLES": _list_env("TOTP_REQUIRED_ROLES", all_roles if production else ""),
        "TOTP_ISSUER": os.environ.get("TOTP_ISSUER", "Front Door"),
        "LOCKOUT_THRESHOLD": int(os.environ.get("LOCKOUT_THRESHOLD", "5")),
        "LOCKOUT_MINUTES": int(os.environ.get("LOCKOUT_MINUTES", "15")),
        "SIGN_IN_RATE_LIMIT": os.environ.get("SIGN_IN_RATE_LIMIT", "20 per minute;200 per hour"),
        "LOOKUP_RATE_LIMIT": os.environ.get("LOOKUP_RATE_LIMIT", "60 per minute;600 per hour"),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_ABSOLUTE_HOURS": int(os.environ.get("SESSION_ABSOLUTE_HOURS", "10")),
        "SESSION_WARNING_SECONDS": int(os.environ.get("SESSION_WARNING_SECONDS", "120")),
        "SELF_CLAIM_HOURS": int(os.environ.get("SELF_CLAIM_HOURS", "8")),
        # JSON list of identity providers, each {"name", "issuer", "client_id",
        # "client_secret", "agency_code", "roles"}: the allow-list of issuers/tenants.
        "OIDC_PROVIDERS": json.loads(os.environ.get("OIDC_PROVIDERS", "[]")),
        # Days to keep each kind of record; 0 keeps it forever. See frontdoor.retention and
        # docs/security.md (data inventory and retention) for why each period.
        "RETENTION_DAYS": retention_days(),
    }


# kind of record -> (environment variable, default days)
RETENTION_DEFAULTS: dict[str, tuple[str, int]] = {
    "user_sessions": ("RETENTION_SESSIONS_DAYS", 30),
    "self_claimed_access": ("RETENTION_CLAIMS_DAYS", 730),
    # Case records: six years after the family's (referral's, person's, meeting's) last activity.
    "families": ("RETENTION_CASE_DAYS", 2192),
    "referrals": ("RETENTION_REFERRALS_DAYS", 2192),
    "people": ("RETENTION_PEOPLE_DAYS", 2192),
    "meetings": ("RETENTION_MEETINGS_DAYS", 2192),
    # Intake working data: raw rows and files are kept days, not years.
    "intake_raw": ("RETENTION_RAW_INTAKE_DAYS", 30),
    "import_batches": ("RETENTION_IMPORT_BATCHES_DAYS", 30),
    "quarantined_rows": ("RETENTION_QUARANTINE_DAYS", 30),
    "quarantined_rows_open": ("RETENTION_QUARANTINE_OPEN_DAYS", 90),
    "referral_drafts": ("RETENTION_DRAFTS_DAYS", 30),
    # The live meeting's per-keystroke edit rows, merged into the text once a meeting is over.
    "live_document_updates": ("RETENTION_LIVE_UPDATES_DAYS", 1),
    # After the meeting: notices about finished actions; frozen minutes (7 years: the minutes
    # set retain_until from this at closing, agenda/minutes/service.py).
    "notifications": ("RETENTION_NOTIFICATIONS_DAYS", 90),
    "minutes": ("RETENTION_MINUTES_DAYS", 2555),
}


def retention_days() -> dict[str, int]:
    return {
        kind: int(os.environ.get(variable, str(default)))
        for kind, (variable, default) in RETENTION_DEFAULTS.items()
    }
