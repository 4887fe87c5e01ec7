"""The live meeting's stored state: collaborative documents, versioned fields, navigation.

Presence (who is looking at what) is deliberately not stored: it lives in the browsers and is
re-announced on every join. Everything else here is what must survive a server restart.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class DocumentUpdate(Base):
    """One acknowledged Yjs update of one collaborative text (append-only until compacted)."""

    __tablename__ = "live_document_updates"
    __table_args__ = (Index("ix_live_document_updates_doc", "agenda_item_id", "field", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(40))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DocumentSnapshot(Base):
    """The merged state of a text: every update merged so far, deleted from the update table.

    `upto_update_id` is the snapshot's version for compare-and-set: it only ever increases and
    is at least the highest update id merged.
    """

    __tablename__ = "live_document_snapshots"

    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[bytes] = mapped_column(LargeBinary)
    upto_update_id: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ItemField(Base):
    """A structured field of an agenda item (agreed risk, decision, MARAC referral).

    `version` grows by one on each write; a write naming an older version is refused.
    """

    __tablename__ = "live_item_fields"

    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MeetingLiveState(Base):
    """Which family the chair has on screen, since when, and each item's time so far."""

    __tablename__ = "live_meeting_state"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    current_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    current_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=0)


class ItemClock(Base):
    """Seconds the meeting has spent on an item, over every visit to it."""

    __tablename__ = "live_item_clocks"

    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True
    )
    seconds: Mapped[int] = mapped_column(Integer, default=0)
