"""What the agenda adds to meetings: sources, curation, builds, schedule and partner research."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import Agency, User
from .base import Base, CreatedAtMixin, UTCDateTime, str_enum, utcnow
from .meetings import AgendaItem, Meeting
from .people import Family
from .referrals import Referral


class AgendaSource(CreatedAtMixin, Base):
    """A referral taken onto a meeting's agenda. Each referral is taken once, by one meeting.

    `agenda_item_id` is NULL while the referral's people await identity resolution: the
    referral is then shown on the agenda as a flagged, provisional entry of its own.
    """

    __tablename__ = "agenda_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), unique=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    after_cutoff: Mapped[bool] = mapped_column(Boolean, default=False)

    meeting: Mapped[Meeting] = relationship()
    referral: Mapped[Referral] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()


class Screening(enum.StrEnum):
    URGENT = "urgent"
    DISCUSS = "discuss"
    SINGLE_AGENCY = "single_agency"
    INFORMATION = "information"


class AgendaSection(enum.StrEnum):
    MARAC_CRITERIA = "marac_criteria"
    INCOMPLETE_ACTIONS = "incomplete_actions"
    CHILDREN = "children"
    ADULTS_ONLY = "adults_only"
    REVIEW = "review"


class AgendaItemState(Base):
    """The agenda's bookkeeping for one item: why it is there and what the coordinator did."""

    __tablename__ = "agenda_item_states"

    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True
    )
    section: Mapped[AgendaSection] = mapped_column(str_enum(AgendaSection, "agenda_section"))
    added_by_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    moved_by_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    marac_flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    carried_from_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    new_since_removal: Mapped[bool] = mapped_column(Boolean, default=False)
    # The MARAC criteria the family meets, one printed line each (agenda/criteria.py).
    criteria: Mapped[str | None] = mapped_column(Text)
    # The triage screening (agenda/triage.py): the rules' default until the coordinator sets it.
    screening: Mapped[Screening | None] = mapped_column(str_enum(Screening, "screening"))
    screening_reason: Mapped[str | None] = mapped_column(String(300))
    screening_by_coordinator: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    screening_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))

    agenda_item: Mapped[AgendaItem] = relationship(foreign_keys=[agenda_item_id])
    screening_agency: Mapped[Agency | None] = relationship()


class MaracReferral(CreatedAtMixin, Base):
    """A family referred to MARAC: by a meeting's "MARAC referral: yes" (or recorded by the
    coordinator), with the date of the MARAC it goes to and, later, that MARAC's outcome."""

    __tablename__ = "marac_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    referred_on: Mapped[date] = mapped_column(Date)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), unique=True
    )
    marac_date: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    family: Mapped[Family] = relationship()


class UrgentAlert(CreatedAtMixin, Base):
    """A referral meeting MARAC criteria (or marked urgent) that arrived after the cut-off or
    during the day: the duty coordinators are told at once and can add it to today's meeting."""

    __tablename__ = "urgent_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), unique=True
    )
    reasons: Mapped[str] = mapped_column(Text)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    added_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    referral: Mapped[Referral] = relationship()


class BuildTrigger(enum.StrEnum):
    SCHEDULED = "scheduled"
    COMMAND = "command"
    REBUILD = "rebuild"


class AgendaBuild(Base):
    """One run of the agenda build. `scheduled_for` is the exactly-once claim of the
    scheduled build: a unique date, inserted in the same transaction as the build itself."""

    __tablename__ = "agenda_builds"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    scheduled_for: Mapped[date | None] = mapped_column(Date, unique=True)
    trigger: Mapped[BuildTrigger] = mapped_column(str_enum(BuildTrigger, "build_trigger"))
    built_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    referrals_added: Mapped[int] = mapped_column(Integer, default=0)
    items_added: Mapped[int] = mapped_column(Integer, default=0)


class MeetingScheduleSettings(Base):
    """The administrator's meeting schedule (one row); configuration gives the defaults."""

    __tablename__ = "meeting_schedule_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    weekdays: Mapped[str] = mapped_column(String(20))  # ISO weekdays, e.g. "1,2,3,4,5"
    meeting_time: Mapped[str] = mapped_column(String(5))  # "09:30", local time
    build_time: Mapped[str] = mapped_column(String(5))  # "08:30", local time
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NonMeetingDate(CreatedAtMixin, Base):
    __tablename__ = "non_meeting_dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    reason: Mapped[str] = mapped_column(String(200))


class PreparationKind(enum.StrEnum):
    FACT = "fact"
    OPINION = "opinion"
    NOT_SHARED = "not_shared"


class PartnerPreparation(CreatedAtMixin, Base):
    """What one partner's agency brings about a family (SafeLives research form)."""

    __tablename__ = "partner_preparations"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[PreparationKind] = mapped_column(str_enum(PreparationKind, "preparation_kind"))
    text: Mapped[str] = mapped_column(Text)
    withheld_reason: Mapped[str | None] = mapped_column(Text)
    # Marked by its agency in the meeting: only shared entries reach the minutes; the rest
    # are purged after the meeting (RETENTION_UNSHARED_PREPARATION_DAYS).
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agency: Mapped[Agency] = relationship()
    author: Mapped[User] = relationship()
