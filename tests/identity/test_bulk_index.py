"""Bulk-loading an existing person index, then resolving referrals against it."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import func, select

from frontdoor.db import db, transaction
from frontdoor.identity.bulk_index import load_people
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import Agency, IdentityKey, NameCount, PersonRecord, ResolutionStatus
from tests.factories.cases import Refer, person

KNOWN: list[dict[str, object]] = [
    {"given_name": "Leanne", "surname": "Walsh", "date_of_birth": date(1991, 2, 14),
     "postcode": "LS9 8AB", "address": "4 Park Road"},
    {"given_name": "Darren", "surname": "Walsh", "date_of_birth": date(1988, 7, 30)},
    {"given_name": "Priya", "surname": "Shah", "nhs_number": "9434765919"},
]  # fmt: skip


def test_loaded_people_are_found_by_later_referrals(
    app: Flask, agency: Agency, refer: Refer
) -> None:
    with app.app_context(), transaction() as session:
        load = load_people(session, agency.id, "index", KNOWN, batch_size=2)
    refer(person(given_name="Leanne", surname="Walsh", date_of_birth="1991-02-14",
                 postcode="ls98ab"))  # fmt: skip
    refer(person(given_name="P", surname="Shah", nhs_number="943 476 5919"))
    with app.app_context():
        resolve_pending()
        session = db.session()
        loaded = session.scalars(select(PersonRecord).order_by(PersonRecord.id)).all()
        leanne, priya = loaded[3], loaded[4]
        assert (leanne.resolution_status, leanne.person_id) == (ResolutionStatus.LINKED, 1)
        assert (priya.resolution_status, priya.person_id) == (ResolutionStatus.LINKED, 3)
        keys = session.scalar(
            select(func.count()).select_from(IdentityKey).where(IdentityKey.person_record_id <= 3)
        )
        assert load.people == 3 and load.keys == keys
        total = session.get(NameCount, ("surname", ""))
        walsh = session.get(NameCount, ("surname", "walsh"))
        assert total is not None and total.count == 5
        assert walsh is not None and walsh.count == 3
