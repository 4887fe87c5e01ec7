"""After the meeting: an action's history of updates, the chair's reviews of incomplete
actions at later meetings, and in-app notifications."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import Agency, User
from .base import Base, CreatedAtMixin, UTCDateTime, str_enum
from .meetings import Action


class ActionUpdateKind(enum.StrEnum):
    PROGRESS = "progress"  # a status update with a note; the action stays open
    COMPLETED = "completed"  # the lead closed it


class ActionUpdate(CreatedAtMixin, Base):
    """One entry of an action's history, written by its lead agency. Append-only."""

    __tablename__ = "action_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    kind: Mapped[ActionUpdateKind] = mapped_column(str_enum(ActionUpdateKind, "action_update_kind"))
    note: Mapped[str] = mapped_column(Text)

    action: Mapped[Action] = relationship()
    author: Mapped[User] = relationship()
    agency: Mapped[Agency] = relationship()


class ActionDecline(Base):
    """A representative of the agency an action was proposed to declined it, with a reason
    (#20). The action stays a proposal: the chair (or the proposer) reassigns or withdraws it.
    Append-only; goes with its action."""

    __tablename__ = "action_declines"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    declined_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    declined_at: Mapped[datetime] = mapped_column(UTCDateTime())

    agency: Mapped[Agency] = relationship()
    declined_by: Mapped[User] = relationship()


class ReviewOutcomeKind(enum.StrEnum):
    DONE = "done"
    CARRIED_FORWARD = "carried_forward"
    NOT_DONE = "not_done"


class NotDoneReason(enum.StrEnum):
    """SafeLives' distinction: the situation changed, or the agency did not act."""

    CHANGE_IN_CIRCUMSTANCE = "change_in_circumstance"
    AGENCY_DID_NOT_ACT = "agency_did_not_act"


class ActionReview(CreatedAtMixin, Base):
    """The chair's outcome for an incomplete action at a later meeting: one per meeting."""

    __tablename__ = "action_reviews"
    __table_args__ = (
        UniqueConstraint("action_id", "meeting_id"),
        CheckConstraint(
            "(outcome = 'not_done') = (not_done_reason IS NOT NULL)", name="reason_iff_not_done"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"))
    outcome: Mapped[ReviewOutcomeKind] = mapped_column(
        str_enum(ReviewOutcomeKind, "action_review_outcome")
    )
    not_done_reason: Mapped[NotDoneReason | None] = mapped_column(
        str_enum(NotDoneReason, "action_not_done_reason")
    )
    note: Mapped[str | None] = mapped_column(Text)
    new_due_on: Mapped[date | None] = mapped_column(Date)  # carried forward to a new date
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # recorded again

    action: Mapped[Action] = relationship()
    recorded_by: Mapped[User] = relationship()


class NotificationKind(enum.StrEnum):
    ACTION_ASSIGNED = "action_assigned"
    ACTION_REASSIGNED = "action_reassigned"
    ACTION_DUE_TOMORROW = "action_due_tomorrow"
    ACTION_OVERDUE = "action_overdue"


class Notification(CreatedAtMixin, Base):
    """An in-app notice to one user about one action. Identifiers only: the text is written
    from the action when it is shown, after an access check.

    `occasion` is what the notice is about: the due date for due-tomorrow and overdue notices,
    so the daily job can run any number of times and a user hears once per due date; the
    moment of the (re)assignment for the others.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "action_id", "kind", "occasion"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[NotificationKind] = mapped_column(str_enum(NotificationKind, "notification_kind"))
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    occasion: Mapped[str] = mapped_column(String(40))
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    action: Mapped[Action] = relationship()
