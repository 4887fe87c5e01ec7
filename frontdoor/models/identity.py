"""The persistent person index: blocking keys, name frequencies, review pairs and the history
of merges and splits (so that every one can be undone). See docs/identity.md."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, CreatedAtMixin, UTCDateTime, str_enum
from .people import Person, PersonRecord

# The resolution queue is "every person record still UNRESOLVED": a partial index keeps finding
# them cheap however large person_records grows.
_UNRESOLVED_WHERE = "resolution_status = 'unresolved'"
Index(
    "ix_person_records_unresolved",
    PersonRecord.__table__.c.id,
    sqlite_where=text(_UNRESOLVED_WHERE),
    postgresql_where=text(_UNRESOLVED_WHERE),
)


class IdentityKey(Base):
    """One blocking key of one indexed person record (key -> record -> person).

    The key is stored as a signed 64-bit hash of matching's key string: compact at tens of
    millions of rows; a collision only adds a candidate that scoring then rejects. Records carry
    their person, so merges and splits (which move records) never rewrite this table.
    """

    __tablename__ = "identity_keys"

    key_hash: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    person_record_id: Mapped[int] = mapped_column(
        ForeignKey("person_records.id", ondelete="CASCADE"), primary_key=True
    )


class NameCount(Base):
    """How many indexed records carry each given name / surname (term-frequency adjustment).

    The row with an empty value holds the kind's total.
    """

    __tablename__ = "identity_name_counts"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class ReviewStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"  # same person: merged
    REJECTED = "rejected"  # different people: kept apart
    SUPERSEDED = "superseded"  # another pair for the same record was confirmed


class ReviewPair(CreatedAtMixin, Base):
    """An uncertain match waiting for a coordinator: is this record that person?"""

    __tablename__ = "identity_review_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_record_id: Mapped[int] = mapped_column(ForeignKey("person_records.id"), index=True)
    candidate_person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    candidate_record_id: Mapped[int] = mapped_column(ForeignKey("person_records.id"))
    weight: Mapped[float] = mapped_column(Float)
    probability: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(String(200))
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[ReviewStatus] = mapped_column(
        str_enum(ReviewStatus, "review_status"), default=ReviewStatus.PENDING, index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person_record: Mapped[PersonRecord] = relationship(foreign_keys=[person_record_id])
    candidate_record: Mapped[PersonRecord] = relationship(foreign_keys=[candidate_record_id])
    candidate_person: Mapped[Person] = relationship()


class ChangeKind(enum.StrEnum):
    MERGE = "merge"  # every record of from_person moved to to_person
    SPLIT = "split"  # some records of from_person moved to a new to_person


class PersonChange(CreatedAtMixin, Base):
    """A merge or split, with the records it moved, so that it can be undone exactly."""

    __tablename__ = "person_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ChangeKind] = mapped_column(str_enum(ChangeKind, "person_change_kind"))
    from_person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    to_person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    record_ids: Mapped[list[int]] = mapped_column(JSON)
    review_pair_id: Mapped[int | None] = mapped_column(ForeignKey("identity_review_pairs.id"))
    reason: Mapped[str | None] = mapped_column(String(500))
    performed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
