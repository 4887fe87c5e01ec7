"""What the agenda adds to meetings: sources, curation, builds, schedule and partner research."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import Agency, User
from .base import Base, CreatedAtMixin, UTCDateTime, str_enum, utcnow
from .meetings import AgendaItem, Meeting
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


class AgendaSection(enum.StrEnum):
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

    agenda_item: Mapped[AgendaItem] = relationship(foreign_keys=[agenda_item_id])


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
