"""The rows the figures are computed from: plain values, fetched by `dao`, built by hand in
tests. Nothing here names a person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ReferralRow:
    id: int
    agency_id: int
    received_at: datetime  # UTC
    incident_at: datetime | None  # UTC; the received time stands in when it is missing
    family_id: int | None  # None until identity resolution places the referral in a family


@dataclass(frozen=True)
class ItemRow:
    """One family's item on one meeting's agenda."""

    id: int
    family_id: int
    meeting_date: date
    starts_at: datetime  # the meeting's start (UTC)
    discussed: bool  # status DISCUSSED
    seconds: int | None  # time the live meeting spent on it; None if never timed
    source_agencies: tuple[int, ...] = ()  # one agency id per referral taken onto the item


@dataclass(frozen=True)
class ActionRow:
    id: int
    lead_agency_id: int
    agreed_on: date  # the meeting date of its item (else the UK date it was recorded)
    due_on: date
    done: bool  # status DONE
    completed_on: date | None  # UK date of completed_at


@dataclass(frozen=True)
class NoticeRow:
    """An Operation Encompass notice owed to a school (a school-age child on a police
    incident): when it was due and when SMTP delivered it."""

    id: int
    agency_id: int  # the police agency whose file named the child
    due_at: datetime  # UTC: 08:00 UK time on the next school day
    delivered_at: datetime | None  # UTC; None while not (yet) delivered


@dataclass(frozen=True)
class FgcRow:
    """A Family Group Conference offered to a family (#18)."""

    family_id: int
    offered_on: date  # UK date it was proposed
    accepted: bool  # the victim consented (accepted or held)
    held_on: date | None


@dataclass(frozen=True)
class Rows:
    referrals: list[ReferralRow]
    items: list[ItemRow]
    actions: list[ActionRow]
    notices: list[NoticeRow] = field(default_factory=list)
    fgcs: list[FgcRow] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    agency_id: int | None = None
