"""Families, people and referrals as intake and identity resolution leave them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime

from frontdoor.db import transaction
from frontdoor.models import (
    Agency,
    Channel,
    DashRisk,
    Family,
    FamilyMember,
    Involvement,
    MemberRole,
    Person,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
    ResolutionStatus,
)

_refs = itertools.count(1)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A UTC moment (the tests use winter dates, when London is on UTC)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class Member:
    given: str
    surname: str
    born: date | None
    role: MemberRole = MemberRole.ADULT
    address: str | None = "1 Test Street, Leeds"
    withheld: bool = False


def family(agency: Agency, label: str, *members: Member) -> int:
    """A resolved family: people, each with one record from `agency`."""
    with transaction() as tx:
        fam = Family(label=label)
        tx.add(fam)
        for member in members:
            person = Person()
            tx.add(person)
            tx.flush()
            tx.add(
                PersonRecord(
                    agency_id=agency.id,
                    person_id=person.id,
                    resolution_status=ResolutionStatus.LINKED,
                    source="test",
                    given_name=member.given,
                    surname=member.surname,
                    date_of_birth=member.born,
                    address=member.address,
                    postcode="LS1 1AA" if member.address else None,
                    address_withheld=member.withheld,
                )
            )
            fam.members.append(FamilyMember(person_id=person.id, member_role=member.role))
        tx.flush()
        return fam.id


def referral(
    agency: Agency,
    family_id: int | None,
    received_at: datetime,
    *,
    dash: DashRisk = DashRisk.STANDARD,
    source_ref: str = "",
    child_born: date | None = None,
    awaiting_review: bool = False,
    **flags: bool,
) -> int:
    """A referral. Without a family it names an unresolved victim (and child, if given);
    `awaiting_review` names a person identity resolution left for the coordinator's review."""
    with transaction() as tx:
        ref = Referral(
            agency_id=agency.id,
            channel=Channel.DEMO,
            source_ref=source_ref or f"REF-{next(_refs)}",
            received_at=received_at,
            incident_at=received_at,
            dash_risk=dash,
            family_id=family_id,
            **flags,
        )
        if family_id is None:
            ref.people.append(_unresolved(agency, "Alex", "Unmatched", None, ReferralRole.VICTIM))
            if child_born:
                ref.people.append(
                    _unresolved(agency, "Kit", "Unmatched", child_born, ReferralRole.CHILD)
                )
        if awaiting_review:
            person = _unresolved(agency, "Sam", "Uncertain", None, ReferralRole.OTHER)
            person.person_record.resolution_status = ResolutionStatus.REVIEW
            ref.people.append(person)
        tx.add(ref)
        tx.flush()
        return ref.id


def _unresolved(
    agency: Agency, given: str, surname: str, born: date | None, role: ReferralRole
) -> ReferralPerson:
    record = PersonRecord(
        agency_id=agency.id, source="test", given_name=given, surname=surname, date_of_birth=born
    )
    return ReferralPerson(person_record=record, role=role)


def resolve(referral_id: int, family_id: int) -> None:
    """What identity resolution does: the referral now belongs to a family."""
    with transaction() as tx:
        ref = tx.get(Referral, referral_id)
        assert ref is not None
        ref.family_id = family_id


def involvement(agency: Agency, family_id: int, *, lead: bool, worker: str | None = None) -> None:
    with transaction() as tx:
        tx.add(
            Involvement(
                agency_id=agency.id,
                family_id=family_id,
                since=date(2026, 1, 1),
                is_lead=lead,
                lead_worker=worker,
            )
        )
