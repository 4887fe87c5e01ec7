"""`python -m frontdoor.ops.provision ADMIN_URL NAME`: create the PostgreSQL database NAME
unless it exists, and print its URL (used by scripts/run-scaled.sh)."""

from __future__ import annotations

import re
import sys

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

_SAFE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def ensure_database(admin_url: str, name: str) -> str:
    if not _SAFE_NAME.match(name):
        raise ValueError(f"Not a plain database name: {name!r}")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            found = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not found:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


if __name__ == "__main__":
    print(ensure_database(sys.argv[1], sys.argv[2]))
