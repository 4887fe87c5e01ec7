"""Frozen minutes of a closed meeting, and the addenda that correct them.

Both are append-only: database triggers (agenda/minutes/immutability.py, migration
0009_minutes) refuse UPDATE on either, and DELETE unless the minutes' `retain_until` has passed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import Agency, User
from .base import Base, UTCDateTime, utcnow
from .meetings import Meeting


class Minutes(Base):
    """The immutable record of a meeting, frozen when it was closed.

    `snapshot` is canonical JSON (sorted keys, no spaces); `content_hash` is the SHA-256 of its
    UTF-8 bytes, so anyone can recompute it from the stored text.
    """

    __tablename__ = "meeting_minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    snapshot: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    retain_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    meeting: Mapped[Meeting] = relationship()
    closed_by: Mapped[User] = relationship()


class MinutesAddendum(Base):
    """A correction to frozen minutes: appended, never edited. Each addendum's hash covers its
    content and the previous hash (the minutes' own hash for the first), so the chain shows any
    change, removal or reordering; one successor per hash keeps the chain a line."""

    __tablename__ = "minutes_addenda"
    __table_args__ = (UniqueConstraint("minutes_id", "prev_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_minutes.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE")
    )
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    prev_hash: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)

    minutes: Mapped[Minutes] = relationship()
    author: Mapped[User] = relationship()
    agency: Mapped[Agency] = relationship()
