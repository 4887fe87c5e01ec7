"""Families form from the people named together on referrals, with their roles."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

from frontdoor.db import db
from frontdoor.identity.families import member_role
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import FamilyMember, MemberRole, MembershipStatus, Referral, ReferralRole
from tests.factories.cases import Refer, person

HOME = dict(postcode="LS9 8AB", address="4 Park Road")
VICTIM = dict(
    role="victim", given_name="Leanne", surname="Walsh", date_of_birth="1991-02-14", **HOME
)
PERPETRATOR = dict(
    role="perpetrator", given_name="Darren", surname="Walsh", date_of_birth="1988-07-30"
)
TEEN = dict(role="other", given_name="Kayden", surname="Walsh", date_of_birth="2011-09-01", **HOME)
BABY = dict(role="child", given_name="Mia", surname="Walsh", date_of_birth="2024-03-03", **HOME)


def _members(app: Flask) -> dict[str, MemberRole]:
    with app.app_context():
        rows = db.session().scalars(select(FamilyMember)).all()
        return {m.relationship_label or "": m.member_role for m in rows}


def test_a_referral_forms_one_family_with_roles(app: Flask, refer: Refer) -> None:
    referral = refer(person(**VICTIM), person(**PERPETRATOR), person(**TEEN), person(**BABY))
    with app.app_context():
        assert resolve_pending().families == 1
        stored = db.session().get(Referral, referral.id)
        assert stored is not None and stored.family_id is not None
        families = set(db.session().scalars(select(FamilyMember.family_id)))
        assert families == {stored.family_id}
    assert _members(app) == {
        "victim": MemberRole.ADULT,
        "perpetrator": MemberRole.ADULT,
        "other": MemberRole.CHILD,  # 15 on the day: a child whatever the referral called them
        "child": MemberRole.CHILD,
    }


def test_a_later_referral_joins_the_family_of_its_known_people(app: Flask, refer: Refer) -> None:
    first = refer(person(**VICTIM), person(**PERPETRATOR))
    with app.app_context():
        resolve_pending()
    second = refer(person(**VICTIM), person(**BABY))
    with app.app_context():
        resolve_pending()
        session = db.session()
        first_family = session.get(Referral, first.id).family_id  # type: ignore[union-attr]
        second_family = session.get(Referral, second.id).family_id  # type: ignore[union-attr]
        members = session.scalars(
            select(FamilyMember).where(FamilyMember.family_id == first_family)
        )
        assert second_family == first_family
        assert len(list(members)) == 3  # the victim once, the perpetrator, the baby


@pytest.mark.parametrize(
    ("role", "born", "expected"),
    [
        (ReferralRole.CHILD, date(1990, 1, 1), MemberRole.CHILD),
        (ReferralRole.VICTIM, date(2010, 1, 1), MemberRole.CHILD),
        (ReferralRole.VICTIM, date(2008, 11, 24), MemberRole.ADULT),  # 18 that very day
        (ReferralRole.VICTIM, date(2008, 11, 25), MemberRole.CHILD),
        (ReferralRole.PERPETRATOR, None, MemberRole.ADULT),
    ],
)
def test_member_role(role: ReferralRole, born: date | None, expected: MemberRole) -> None:
    assert member_role(role, born, date(2026, 11, 24)) == expected


GRAN = dict(role="victim", given_name="Maureen", surname="Pickles", date_of_birth="1950-05-05")


def test_people_recorded_at_the_same_address_are_proposed_not_added(
    app: Flask, refer: Refer
) -> None:
    refer(person(**GRAN, **HOME))  # an earlier referral: she lives there too
    refer(person(**VICTIM), person(**PERPETRATOR))
    with app.app_context():
        resolve_pending()
        later = db.session().scalars(select(Referral).order_by(Referral.id.desc())).first()
        assert later is not None
        rows = db.session().scalars(
            select(FamilyMember).where(FamilyMember.family_id == later.family_id)
        )
        found = sorted((r.relationship_label or "", r.status.value) for r in rows)
        assert found == [("household", "proposed"), ("perpetrator", "member"), ("victim", "member")]
        proposed = (
            db.session()
            .scalars(
                select(FamilyMember).where(
                    FamilyMember.status == MembershipStatus.PROPOSED,
                    FamilyMember.family_id == later.family_id,
                )
            )
            .one()
        )
        assert proposed.recorded_there_on == date.today()  # when her record there was made


def test_the_perpetrators_address_proposes_nobody(app: Flask, refer: Refer) -> None:
    """His address may be a former partner's home: only the victim's and children's count."""
    refer(person(**GRAN, **HOME))
    refer(
        person(**VICTIM | {"postcode": "LS1 1AA", "address": "9 Other St"}),
        person(**PERPETRATOR, **HOME),
    )
    with app.app_context():
        resolve_pending()
        later = db.session().scalars(select(Referral).order_by(Referral.id.desc())).first()
        assert later is not None
        proposed = db.session().scalars(
            select(FamilyMember).where(
                FamilyMember.status == MembershipStatus.PROPOSED,
                FamilyMember.family_id == later.family_id,
            )
        )
        assert list(proposed) == []


@pytest.mark.parametrize("withheld", ["earlier", "later"])
def test_a_withheld_address_never_forms_a_household(
    app: Flask, refer: Refer, withheld: str
) -> None:
    refer(person(**GRAN, **HOME, address_withheld=withheld == "earlier"))
    refer(person(**VICTIM, address_withheld=withheld == "later"))
    with app.app_context():
        resolve_pending()
        sizes = db.session().execute(
            select(FamilyMember.family_id, func.count()).group_by(FamilyMember.family_id)
        )
        assert sorted(size for _family, size in sizes) == [1, 1]
