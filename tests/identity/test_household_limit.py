"""The household limit is on people, not records (#20): a person known to several agencies
has several records at the address and is still proposed; more than MAX_HOUSEHOLD people at
one address (a hostel, years of tenants) propose nobody."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from frontdoor.db import db
from frontdoor.identity.families import MAX_HOUSEHOLD
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import FamilyMember, MembershipStatus, Referral
from tests.factories.cases import Refer, person

from .test_families import GRAN, HOME, PERPETRATOR, VICTIM

NAMES = ["Ada", "Bea", "Cora", "Dot", "Eve", "Fay", "Gwen", "Hope", "Iris", "June", "Kit"]


def _proposed_in_latest_family(app: Flask) -> list[FamilyMember]:
    with app.app_context():
        resolve_pending()
        later = db.session().scalars(select(Referral).order_by(Referral.id.desc())).first()
        assert later is not None
        return list(
            db.session().scalars(
                select(FamilyMember).where(
                    FamilyMember.family_id == later.family_id,
                    FamilyMember.status == MembershipStatus.PROPOSED,
                )
            )
        )


def test_one_person_with_many_records_at_the_address_is_still_proposed(
    app: Flask, refer: Refer
) -> None:
    for _ in range(MAX_HOUSEHOLD + 3):  # more records than the limit, all hers
        refer(person(**GRAN, **HOME))
    with app.app_context():
        resolve_pending()
    refer(person(**VICTIM), person(**PERPETRATOR))
    assert len(_proposed_in_latest_family(app)) == 1


def test_more_people_than_a_household_at_one_address_propose_nobody(
    app: Flask, refer: Refer
) -> None:
    for index, given in enumerate(NAMES[: MAX_HOUSEHOLD + 1]):
        born = f"19{40 + index}-0{1 + index % 9}-1{index % 9}"
        refer(person(role="other", given_name=given, surname=f"Tenant{given}",
                     date_of_birth=born, **HOME))  # fmt: skip
    refer(person(**VICTIM), person(**PERPETRATOR))
    assert _proposed_in_latest_family(app) == []
