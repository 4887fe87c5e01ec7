"""The Flask config, built from the typed settings (`frontdoor/settings.py`) and overrides."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"


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


def _listed(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def load_config(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build the app's settings: the environment (through `Settings`), then explicit overrides."""
    overrides = dict(overrides or {})
    env = Settings()
    instance = Path(overrides.get("INSTANCE_PATH", env.FRONTDOOR_INSTANCE or DEFAULT_INSTANCE))
    production = env.FRONTDOOR_ENV == "production"
    config: dict[str, Any] = {
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": env.DATABASE_URL or f"sqlite:///{instance / 'frontdoor.db'}",
        "REDIS_URL": env.REDIS_URL or None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _or(env.SESSION_COOKIE_SECURE, production),
        # __Host-: the browser only accepts it over HTTPS, for this host, on path / (ASVS 3.3.3)
        "SESSION_COOKIE_NAME": "__Host-frontdoor_session" if production else "frontdoor_session",
        "WTF_CSRF_TIME_LIMIT": None,
        "ALLOWED_ORIGINS": _listed(env.ALLOWED_ORIGINS),
        "HSTS": _or(env.HSTS, production),
        "NODE_MODULES": env.NODE_MODULES or str(PROJECT_ROOT / "node_modules"),
        "SCHEDULER_ENABLED": env.SCHEDULER_ENABLED,
        "DROP_FOLDER": env.DROP_FOLDER or str(instance / "dropbox"),
        "DROP_FOLDER_INTERVAL_SECONDS": env.DROP_FOLDER_INTERVAL_SECONDS,
        "POLICE_AGENCY_CODE": env.POLICE_AGENCY_CODE or None,
        "IDENTITY_RESOLVE_SECONDS": env.IDENTITY_RESOLVE_SECONDS,
        "ARGON2_TIME_COST": env.ARGON2_TIME_COST,
        "ARGON2_MEMORY_COST": env.ARGON2_MEMORY_COST,
        # Input limits (issue #16): a larger body is refused with 413 before it is parsed.
        "MAX_CONTENT_LENGTH": env.MAX_REQUEST_BYTES,
        "MAX_PEOPLE_PER_REFERRAL": env.MAX_PEOPLE_PER_REFERRAL,
        # The agenda (docs/agenda.md): unset ones fall back to the defaults of agenda/.
        **{key: getattr(env, key) for key in AGENDA_KEYS if getattr(env, key) is not None},
        "ACTIONS_DUE_SOON_DAYS": env.ACTIONS_DUE_SOON_DAYS,
        "ACTIONS_DONE_RECENTLY_DAYS": env.ACTIONS_DONE_RECENTLY_DAYS,
        "ACTIONS_NOTIFY_TIME": env.ACTIONS_NOTIFY_TIME,
        "METRICS_TOKEN": env.METRICS_TOKEN or None,
        "PROXY_COUNT": env.FRONTDOOR_PROXY_COUNT,
        "LOG_LEVEL": env.LOG_LEVEL,
        "LIVE_BENCHMARK": env.FRONTDOOR_LIVE_BENCHMARK,
        "SOCKETIO_ASYNC_MODE": "gevent" if env.GUNICORN_WORKER_CLASS == "gevent" else "threading",
        "TESTING": False,
        **security_settings(env, production),
        **mail_settings(env),
        **golive_settings(env),
    }
    if env.LOG_JSON is not None:
        config["LOG_JSON"] = env.LOG_JSON
    config.update(overrides)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = env.SECRET_KEY or _persistent_secret_key(instance)
    # The audit key and anchors live outside the database: by default beside it in instance/.
    config["AUDIT_KEY_FILE"] = config.get("AUDIT_KEY_FILE") or str(instance / "audit_key")
    config["AUDIT_ANCHOR_FILE"] = config.get("AUDIT_ANCHOR_FILE") or str(
        instance / "audit_anchors.jsonl"
    )
    return config


AGENDA_KEYS = (
    "AGENDA_MEETING_DAYS",
    "AGENDA_MEETING_TIME",
    "AGENDA_BUILD_TIME",
    "AGENDA_NON_MEETING_DATES",
    "AGENDA_SECTION_ORDER",
    "AGENDA_RISK_ORDER",
    "AGENDA_ORDER",
    "MARAC_VISIBLE_HIGH_SCORE",
    "MARAC_JUDGEMENT_FACTORS",
    "MARAC_ESCALATION_INCIDENTS",
    "MARAC_REPEAT_MONTHS",
    "MARAC_DATES",
    "MARAC_FIRST_DATE",
    "MARAC_INTERVAL_DAYS",
)


def mail_settings(env: Settings) -> dict[str, Any]:
    """Issue 18's e-mail channel (frontdoor/mail, docs/children.md)."""
    return {
        "SMTP_URL": env.SMTP_URL or None,
        "SMTP_CA_FILE": env.SMTP_CA_FILE or None,
        "SMTP_TIMEOUT_SECONDS": env.SMTP_TIMEOUT_SECONDS,
        "MAIL_FROM": env.MAIL_FROM,
        "MAIL_BASE_URL": env.MAIL_BASE_URL,
        "MAIL_DETAIL_KINDS": _listed(env.MAIL_DETAIL_KINDS),
        "MAIL_SEND_INTERVAL_SECONDS": env.MAIL_SEND_INTERVAL_SECONDS,
        "MAIL_MAX_ATTEMPTS": env.MAIL_MAX_ATTEMPTS,
        "MAIL_RETRY_BASE_SECONDS": env.MAIL_RETRY_BASE_SECONDS,
        "MAIL_RETRY_MAX_SECONDS": env.MAIL_RETRY_MAX_SECONDS,
        "HEALTH_NOTICE_ADDRESSES": json.loads(env.HEALTH_NOTICE_ADDRESSES),
        "ENCOMPASS_LINK_DAYS": env.ENCOMPASS_LINK_DAYS,
        "FGC_SERVICE_AGENCY": env.FGC_SERVICE_AGENCY or None,
    }


def golive_settings(env: Settings) -> dict[str, Any]:
    """Issue 13's settings: quorum, involvements kept current, the API look-up (go-live.md)."""
    return {
        "QUORUM_AGENCY_KINDS": _listed(env.QUORUM_AGENCY_KINDS),
        "INVOLVEMENT_INACTIVE_DAYS": env.INVOLVEMENT_INACTIVE_DAYS,
        "INVOLVEMENT_NOTICE_DAYS": env.INVOLVEMENT_NOTICE_DAYS,
        "API_LOOKUP_RATE_LIMIT": env.API_LOOKUP_RATE_LIMIT,
        "OPEN_CASES_FOLDER": env.OPEN_CASES_FOLDER or None,
    }


def _or(value: bool | None, default: bool) -> bool:
    return default if value is None else value


def security_settings(env: Settings, production: bool) -> dict[str, Any]:
    """Two-factor, lock-out, rate limits, time-outs, OIDC and retention."""
    all_roles = "coordinator,partner,agency_worker,manager,admin"
    roles = env.TOTP_REQUIRED_ROLES
    return {
        "TOTP_REQUIRED_ROLES": _listed(
            roles if roles is not None else all_roles if production else ""
        ),
        "TOTP_ISSUER": env.TOTP_ISSUER,
        "LOCKOUT_THRESHOLD": env.LOCKOUT_THRESHOLD,
        "LOCKOUT_MINUTES": env.LOCKOUT_MINUTES,
        "LOCKOUT_BASE_SECONDS": env.LOCKOUT_BASE_SECONDS,
        "LOCKOUT_ACCOUNT_THRESHOLD": env.LOCKOUT_ACCOUNT_THRESHOLD,
        "LOCKOUT_ACCOUNT_WINDOW_MINUTES": env.LOCKOUT_ACCOUNT_WINDOW_MINUTES,
        "AUDIT_KEY": env.AUDIT_KEY or None,
        "AUDIT_KEY_FILE": env.AUDIT_KEY_FILE or None,
        "AUDIT_ANCHOR_FILE": env.AUDIT_ANCHOR_FILE or None,
        "AUDIT_ANCHOR_SECONDS": env.AUDIT_ANCHOR_SECONDS,
        "AUDIT_SEAL_SECONDS": env.AUDIT_SEAL_SECONDS,
        "SIGN_IN_RATE_LIMIT": env.SIGN_IN_RATE_LIMIT,
        "LOOKUP_RATE_LIMIT": env.LOOKUP_RATE_LIMIT,
        "SESSION_IDLE_MINUTES": env.SESSION_IDLE_MINUTES,
        "SESSION_ABSOLUTE_HOURS": env.SESSION_ABSOLUTE_HOURS,
        "SESSION_WARNING_SECONDS": env.SESSION_WARNING_SECONDS,
        "SELF_CLAIM_HOURS": env.SELF_CLAIM_HOURS,
        "ACCESS_REFUSAL_AUDIT_MINUTES": env.ACCESS_REFUSAL_AUDIT_MINUTES,
        "ACCESS_REFUSAL_AUDIT_LIMIT": env.ACCESS_REFUSAL_AUDIT_LIMIT,
        # JSON list of identity providers, each {"name", "issuer", "client_id",
        # "client_secret", "agency_code", "roles"}: the allow-list of issuers/tenants.
        "OIDC_PROVIDERS": json.loads(env.OIDC_PROVIDERS),
        "RETENTION_PURGE_HOUR": env.RETENTION_PURGE_HOUR,
        # Days to keep each kind of record; 0 keeps it forever. See frontdoor.retention and
        # docs/security.md (data inventory and retention) for why each period.
        "RETENTION_DAYS": retention_days(env),
    }


# kind of record -> (environment variable, default days); the defaults live in Settings.
RETENTION_DEFAULTS: dict[str, tuple[str, int]] = {
    kind: (variable, Settings.model_fields[variable].default)
    for kind, variable in {
        "user_sessions": "RETENTION_SESSIONS_DAYS",
        "self_claimed_access": "RETENTION_CLAIMS_DAYS",
        # Case records: six years after the family's (referral's, person's, meeting's) activity.
        "families": "RETENTION_CASE_DAYS",
        "referrals": "RETENTION_REFERRALS_DAYS",
        "people": "RETENTION_PEOPLE_DAYS",
        "meetings": "RETENTION_MEETINGS_DAYS",
        # Intake working data: raw rows and files are kept days, not years.
        "intake_raw": "RETENTION_RAW_INTAKE_DAYS",
        "import_batches": "RETENTION_IMPORT_BATCHES_DAYS",
        "quarantined_rows": "RETENTION_QUARANTINE_DAYS",
        "quarantined_rows_open": "RETENTION_QUARANTINE_OPEN_DAYS",
        "referral_drafts": "RETENTION_DRAFTS_DAYS",
        # The live meeting's per-keystroke edit rows, merged into the text after the meeting.
        "live_document_updates": "RETENTION_LIVE_UPDATES_DAYS",
        # After the meeting: notices about finished actions; frozen minutes (7 years: the
        # minutes set retain_until from this at closing, agenda/minutes/service.py).
        "notifications": "RETENTION_NOTIFICATIONS_DAYS",
        "minutes": "RETENTION_MINUTES_DAYS",
        # E-mail bodies (children's names, dates of birth): blanked, the delivery record kept.
        "outbox_sent": "RETENTION_OUTBOX_SENT_DAYS",
        "outbox_dead": "RETENTION_OUTBOX_DEAD_DAYS",
        # Partners' research not shared in the meeting: days after the meeting (#20).
        "unshared_preparation": "RETENTION_UNSHARED_PREPARATION_DAYS",
        # The sign-in throttle's network addresses: remembered sources and failure counts.
        "sign_in_sources": "RETENTION_SIGN_IN_SOURCES_DAYS",
    }.items()
}


def retention_days(env: Settings | None = None) -> dict[str, int]:
    env = env or Settings()
    return {kind: int(getattr(env, variable)) for kind, (variable, _) in RETENTION_DEFAULTS.items()}
