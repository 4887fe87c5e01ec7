"""Seeding benchmarks/audit_reads.py: one agency, its partner users, families and open actions.

Run by audit_reads.py in a subprocess whose `frontdoor` is the code being measured (this tree,
or the tree of the commit before the audit chain came off the read path), so each database is
migrated and seeded by its own code. Only calls that both versions have.
"""

from __future__ import annotations

from datetime import date, timedelta

from frontdoor import create_app, migrate
from frontdoor.accounts import service as accounts
from frontdoor.db import db, transaction
from frontdoor.models import Action, AgencyKind, Family, Role
from frontdoor.sharing import register

PASSWORD = "Amber-Falcon-Ridge-7342"  # noqa: S105 (throwaway users; passes the password policy)


def email(n: int) -> str:
    return f"reader{n}@example.org"


def seed(database_url: str, instance: str, readers: int, actions: int) -> None:
    migrate.upgrade(database_url)
    app = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": instance})
    with app.app_context():
        agency = accounts.create_agency("bench", "Benchmark Police", AgencyKind.POLICE)
        with transaction() as tx:
            register.set_entry(
                tx, agency.id, signatory=True, lawful_basis="dpa_part3",
                special_condition="s35_sch8", agreement_date=date.today(),
            )  # fmt: skip
        for n in range(readers):
            accounts.create_user(email(n), f"Reader {n}", agency.id, [Role.PARTNER], PASSWORD)
        with transaction() as tx:
            for n in range(actions):
                family = Family(label=f"Benchmark family {n}")
                tx.add(family)
                tx.flush()
                tx.add(
                    Action(
                        family_id=family.id, description=f"Check on the family ({n})",
                        lead_agency_id=agency.id, due_on=date.today() + timedelta(days=n % 20 - 5),
                    )
                )  # fmt: skip
        db.session.remove()
