"""The audit chain's HMAC key, held outside the database (issue #16, finding 8).

Someone who can rewrite the database can recompute a plain hash chain; they cannot recompute
an HMAC chain without the key. The key comes from AUDIT_KEY (hex, from a secret store), or
else from the file AUDIT_KEY_FILE (generated on first use, mode 0600, default
instance/audit_key). Keep a copy of the key with the backups: without it the chain cannot be
verified. docs/deployment.md, "The audit key and anchors".
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app, has_app_context

_cache: dict[str, bytes] = {}


class AuditKeyError(RuntimeError):
    """The configured audit key cannot be used."""


def current_key() -> bytes | None:
    """The app's key; None outside an app (plain SHA-256, as for chains built in memory)."""
    if not has_app_context():
        return None
    config = current_app.config
    if config.get("AUDIT_KEY"):
        return _from_hex(str(config["AUDIT_KEY"]))
    path = config.get("AUDIT_KEY_FILE")
    return key_from_file(Path(path)) if path else None


def key_from_file(path: Path) -> bytes:
    cached = _cache.get(str(path))
    if cached is not None:
        return cached
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    key = _from_hex(path.read_text().strip())
    _cache[str(path)] = key
    return key


def _from_hex(text: str) -> bytes:
    try:
        key = bytes.fromhex(text)
    except ValueError as error:
        raise AuditKeyError("The audit key must be hexadecimal.") from error
    if len(key) < 32:
        raise AuditKeyError("The audit key must be at least 32 bytes (64 hex digits).")
    return key
