"""Seeding the load test: a fresh PostgreSQL database, the demo population, the load-test users,
one live meeting, and the night's police file. Used by benchmarks/load.py."""

from __future__ import annotations

import io
import secrets
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from frontdoor import create_app, migrate
from frontdoor.accounts import service as accounts
from frontdoor.db import db, transaction
from frontdoor.demo.police import police_notifications, write_police_csv
from frontdoor.demo.population import generate_families
from frontdoor.models import (
    Agency,
    AgendaItem,
    Attendance,
    Family,
    Meeting,
    MeetingStatus,
    Role,
    User,
    utcnow,
)

BIN = Path(sys.executable).parent
PASSWORD = "Amber-Falcon-Ridge-7342"  # noqa: S105 (throwaway users; passes the password policy)
SEED = 2026


@dataclass
class Seeded:
    meeting_id: int
    item_id: int
    partners: list[str]
    workers: list[str]
    people: list[dict[str, str]]


def create_database(admin_url: str, template: str | None) -> str:
    """A fresh database; a copy of `template` (an existing demo database) when given."""
    name = f"frontdoor_load_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def seed(env: dict[str, str], families: int, clients: int, workers: int, demo: bool) -> Seeded:
    migrate.upgrade(env["DATABASE_URL"])
    if demo:
        command = [str(BIN / "frontdoor"), "demo", "--families", str(families), "--seed", str(SEED)]
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    app = create_app(
        {"DATABASE_URL": env["DATABASE_URL"], "INSTANCE_PATH": env["FRONTDOOR_INSTANCE"]}
    )
    with app.app_context():
        agencies = list(db.session().scalars(select(Agency)))
        partners = [
            accounts.create_user(
                f"load.partner{i}@example.org", f"Partner {i}", agencies[i % len(agencies)].id,
                [Role.PARTNER], PASSWORD,
            ).email
            for i in range(clients)
        ]  # fmt: skip
        workers_ = [
            accounts.create_user(
                f"load.worker{i}@example.org", f"Worker {i}", agencies[i % len(agencies)].id,
                [Role.AGENCY_WORKER], PASSWORD,
            ).email
            for i in range(workers)
        ]  # fmt: skip
        meeting_id, item_id = _meeting(partners)
    pop = generate_families(families, SEED, reference_date=date.today())
    people = [
        {
            "given_name": p.given_name,
            "surname": p.surname,
            "date_of_birth": p.date_of_birth.strftime("%d/%m/%Y"),
            "postcode": p.postcode,
        }
        for p in pop.people[:500]
    ]
    return Seeded(meeting_id, item_id, partners, workers_, people)


def _meeting(partner_emails: list[str]) -> tuple[int, int]:
    with transaction() as tx:
        meeting = Meeting(
            meeting_date=date.today() + timedelta(days=400), starts_at=utcnow(),
            status=MeetingStatus.LIVE,
        )  # fmt: skip
        tx.add(meeting)
        family = Family(label="Load-test family")
        tx.add(family)
        tx.flush()
        item = AgendaItem(meeting_id=meeting.id, family_id=family.id, position=1)
        tx.add(item)
        for user in tx.scalars(select(User).where(User.email.in_(partner_emails))):
            tx.add(
                Attendance(
                    meeting_id=meeting.id, user_id=user.id, agency_id=user.agency_id,
                    confidentiality_accepted_at=utcnow(),
                )
            )  # fmt: skip
        tx.flush()
        return meeting.id, item.id


def police_file(families: int, referrals: int, folder: Path) -> Path:
    pop = generate_families(families, SEED, reference_date=date.today())
    rows = police_notifications(pop, referrals, seed=SEED + 1, reported_on=date.today())
    out = io.StringIO(newline="")
    write_police_csv(rows, out)
    path = folder / "police-load.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path
