"""Meetings, their agenda items, attendance and agreed actions."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import Agency, User
from .base import Base, CreatedAtMixin, UTCDateTime, str_enum
from .people import Family


class MeetingStatus(enum.StrEnum):
    DRAFT = "draft"  # agenda being prepared
    LIVE = "live"
    CLOSED = "closed"  # minutes frozen


class Meeting(CreatedAtMixin, Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_date: Mapped[date] = mapped_column(Date, unique=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cutoff_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus, "meeting_status"), default=MeetingStatus.DRAFT
    )
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deputy_chair_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    chair: Mapped[User | None] = relationship(foreign_keys=[chair_id])
    deputy_chair: Mapped[User | None] = relationship(foreign_keys=[deputy_chair_id])
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )


class AgendaItemStatus(enum.StrEnum):
    PENDING = "pending"
    DISCUSSED = "discussed"
    DEFERRED = "deferred"
    REMOVED = "removed"


class AgendaItem(CreatedAtMixin, Base):
    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("meeting_id", "family_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[AgendaItemStatus] = mapped_column(
        str_enum(AgendaItemStatus, "agenda_item_status"), default=AgendaItemStatus.PENDING
    )
    order_reason: Mapped[str | None] = mapped_column(Text)
    status_reason: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    family: Mapped[Family] = relationship()
    actions: Mapped[list[Action]] = relationship(back_populates="agenda_item")


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    NOT_DONE = "not_done"


class ActionAcceptance(enum.StrEnum):
    PROPOSED = "proposed"  # offered to the lead agency, not yet agreed by it
    ACCEPTED = "accepted"  # the lead agency's representative (or the chair for it) agreed


class Action(CreatedAtMixin, Base):
    """An agreed action. Exactly one lead agency (NOT NULL); a named lead must belong to it."""

    __tablename__ = "actions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["lead_user_id", "lead_agency_id"],
            ["users.id", "users.agency_id"],
            name="fk_actions_lead_user_in_lead_agency",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    lead_user_id: Mapped[int | None] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acceptance: Mapped[ActionAcceptance] = mapped_column(
        str_enum(ActionAcceptance, "action_acceptance"),
        default=ActionAcceptance.ACCEPTED,
        server_default=ActionAcceptance.ACCEPTED.value,
    )
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_chair: Mapped[bool] = mapped_column(default=False, server_default=false())
    # the child of the family the action concerns (#18), if it names one
    child_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )

    agenda_item: Mapped[AgendaItem | None] = relationship(back_populates="actions")
    lead_agency: Mapped[Agency] = relationship()
    lead_user: Mapped[User | None] = relationship(
        primaryjoin="Action.lead_user_id == User.id", foreign_keys=[lead_user_id], viewonly=True
    )
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id], viewonly=True)


class Attendance(CreatedAtMixin, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    invited: Mapped[bool] = mapped_column(default=True)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confidentiality_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    apologies: Mapped[str | None] = mapped_column(String(500))
    information_only: Mapped[str | None] = mapped_column(String(500))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    invite_reason: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class StandingMember(CreatedAtMixin, Base):
    """A standing member of the daily meeting series (a named representative, or a deputy):
    invited to every meeting when its agenda is built."""

    __tablename__ = "standing_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    is_deputy: Mapped[bool] = mapped_column(default=False)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
