"""Case records: families, their people, referrals about them, the relationships that open them.

Built straight from the models (as intake and identity resolution leave them) through `rows`.
`family`, `referral`, `resolve` and `write_referral` run in the app context the caller pushed;
the others push their own, like a request.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask

from frontdoor.db import transaction
from frontdoor.models import (
    Agency,
    Channel,
    DashRisk,
    MemberRole,
    Referral,
    ReferralRole,
    ResolutionStatus,
    SelfClaimedAccess,
    User,
    utcnow,
)

from . import rows
from .rows import at

__all__ = ["at"]

_days = itertools.count(1)

REFUGE_ADDRESS = "Flat 9, 12 Safehaven Road, Leeds"
REFUGE_POSTCODE = "LS9 7QZ"
REFUGE_PHONE = "07700 900123"


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
        fam = rows.family(tx, label)
        for member in members:
            rows.person(
                tx,
                agency.id,
                family=fam,
                member_role=member.role,
                given_name=member.given,
                surname=member.surname,
                date_of_birth=member.born,
                address=member.address,
                postcode="LS1 1AA" if member.address else None,
                address_withheld=member.withheld,
            )
        return fam.id


def referral(
    agency: Agency | int,
    family_id: int | None,
    received_at: datetime,
    *,
    dash: DashRisk = DashRisk.STANDARD,
    source_ref: str = "",
    child_born: date | None = None,
    awaiting_review: bool = False,
    channel: Channel = Channel.DEMO,
    **fields: Any,
) -> int:
    """A referral. Without a family it names an unresolved victim (and child, if given);
    `awaiting_review` names a person identity resolution left for the coordinator's review."""
    agency_id = agency if isinstance(agency, int) else agency.id
    people = []
    if family_id is None:
        people.append(_nobody(agency_id, "Alex", None, ReferralRole.VICTIM))
        if child_born:
            people.append(_nobody(agency_id, "Kit", child_born, ReferralRole.CHILD))
    if awaiting_review:
        people.append(
            rows.unresolved(
                agency_id, ReferralRole.OTHER, given_name="Sam", surname="Uncertain",
                resolution_status=ResolutionStatus.REVIEW,
            )
        )  # fmt: skip
    with transaction() as tx:
        row = rows.referral(
            tx, agency_id, received_at=received_at, source_ref=source_ref, channel=channel,
            dash_risk=dash, incident_at=received_at, family_id=family_id, people=people, **fields,
        )  # fmt: skip
        return row.id


def _nobody(agency_id: int, given: str, born: date | None, role: ReferralRole) -> Any:
    return rows.unresolved(
        agency_id, role, given_name=given, surname="Unmatched", date_of_birth=born
    )


def resolve(referral_id: int, family_id: int) -> None:
    """What identity resolution does: the referral now belongs to a family."""
    with transaction() as tx:
        ref = tx.get(Referral, referral_id)
        assert ref is not None
        ref.family_id = family_id


def person(**fields: Any) -> dict[str, Any]:
    """One person on a referral for `write_referral`: role plus PersonRecord fields (dates as
    ISO text)."""
    return fields


Refer = Callable[..., Referral]


def write_referral(agency_id: int, *people: dict[str, Any]) -> Referral:
    """A referral and its people written as intake does (people UNRESOLVED), in one
    transaction."""
    on_it = []
    for fields in people:
        values = dict(fields)
        role = ReferralRole(values.pop("role", "victim"))
        dob = values.pop("date_of_birth", None)
        values["date_of_birth"] = date.fromisoformat(dob) if dob else None
        on_it.append(rows.unresolved(agency_id, role, **{"source": "police", **values}))
    with transaction() as tx:
        return rows.referral(tx, agency_id, dash_risk=DashRisk.MEDIUM, people=on_it)


@dataclass(frozen=True)
class Case:
    family_id: int
    victim_id: int
    victim_record_id: int
    perpetrator_id: int
    recording_agency_id: int


def family_case(
    app: Flask, recording_agency_id: int, *, withheld: bool = False, **names: str
) -> Case:
    """A family of two adults; the victim's address is withheld if asked (a refuge)."""
    with app.app_context(), transaction() as tx:
        fam = rows.family(tx, "Case")
        victim = rows.person(
            tx, recording_agency_id, family=fam,
            resolution_status=ResolutionStatus.UNRESOLVED,
            given_name=names.get("given_name", "Alice"), surname=names.get("surname", "Example"),
            address=REFUGE_ADDRESS, postcode=REFUGE_POSTCODE, phone=REFUGE_PHONE,
            address_withheld=withheld,
        )  # fmt: skip
        perpetrator = rows.person(
            tx, recording_agency_id, family=fam,
            resolution_status=ResolutionStatus.UNRESOLVED, given_name="Bob", surname="Example",
            address="1 Old Street, Leeds", postcode="LS1 1AA",
        )  # fmt: skip
        assert victim.person_id is not None and perpetrator.person_id is not None
        return Case(fam.id, victim.person_id, victim.id, perpetrator.person_id, recording_agency_id)


def involvement(
    app: Flask,
    agency_id: int,
    *,
    family_id: int | None = None,
    person_id: int | None = None,
    lead: bool = False,
    worker: str | None = None,
) -> None:
    """The agency is involved with the family or the person (the lead agency if `lead`)."""
    with app.app_context(), transaction() as tx:
        rows.involvement(
            tx, agency_id, family_id=family_id, person_id=person_id, is_lead=lead,
            lead_worker=worker,
        )  # fmt: skip


def referral_from(app: Flask, family_id: int, agency_id: int, narrative: str | None = None) -> int:
    """A high-risk referral about the family, received now by API."""
    with app.app_context():
        return referral(
            agency_id, family_id, utcnow(), dash=DashRisk.HIGH, channel=Channel.API,
            narrative=narrative,
        )  # fmt: skip


def self_claim(app: Flask, user: User, family_id: int, *, expired: bool = False) -> None:
    with app.app_context(), transaction() as tx:
        offset = timedelta(hours=-1 if expired else 1)
        tx.add(
            SelfClaimedAccess(
                user_id=user.id,
                agency_id=user.agency_id,
                family_id=family_id,
                reason="Checking before a home visit tomorrow",
                expires_at=utcnow() + offset,
            )
        )


def meeting_with(app: Flask, family_id: int, attendee: User | None = None) -> int:
    """A meeting (on a day of its own from 2 Jan 2030) with the family on its agenda, and the
    attendee invited."""
    with app.app_context(), transaction() as tx:
        meeting = rows.meeting(tx, date(2030, 1, 1) + timedelta(days=next(_days)))
        rows.item(tx, meeting.id, family_id)
        if attendee is not None:
            rows.attendance(tx, meeting.id, attendee)
        return meeting.id
