"""Intake bookkeeping: import batches, quarantined rows, amendment history and web-form drafts."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import Agency
from .base import Base, CreatedAtMixin, UTCDateTime, str_enum
from .referrals import Channel, ReferralRole


class BatchStatus(enum.StrEnum):
    PROCESSED = "processed"
    REJECTED = "rejected"


class QuarantineStatus(enum.StrEnum):
    OPEN = "open"
    RESUBMITTED = "resubmitted"
    DISCARDED = "discarded"


class ImportBatch(CreatedAtMixin, Base):
    """One file (or API payload) received, with its summary; a rejected file keeps its bytes."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "channel"))
    filename: Mapped[str | None] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[BatchStatus] = mapped_column(str_enum(BatchStatus, "batch_status"))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    amended: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[str]] = mapped_column(JSON, default=list)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    rejected_content: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    agency: Mapped[Agency] = relationship()


class QuarantinedRow(CreatedAtMixin, Base):
    """A row that could not be accepted, with its raw values and reasons, until a person acts."""

    __tablename__ = "quarantined_rows"
    __table_args__ = (Index("ix_quarantined_rows_agency_hash", "agency_id", "raw_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    row_number: Mapped[int] = mapped_column(Integer)
    incident_ref: Mapped[str | None] = mapped_column(String(120))
    raw: Mapped[dict[str, str]] = mapped_column(JSON)
    raw_hash: Mapped[str] = mapped_column(String(64))
    reasons: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    status: Mapped[QuarantineStatus] = mapped_column(
        str_enum(QuarantineStatus, "quarantine_status"), default=QuarantineStatus.OPEN, index=True
    )
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    discard_reason: Mapped[str | None] = mapped_column(Text)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"))

    batch: Mapped[ImportBatch] = relationship()


class ReferralPersonEntry(Base):
    """Which person of a referral a row is about, with hashes telling duplicate from amended."""

    __tablename__ = "referral_person_entries"
    __table_args__ = (UniqueConstraint("referral_id", "person_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    person_key: Mapped[str] = mapped_column(String(64))
    role: Mapped[ReferralRole] = mapped_column(str_enum(ReferralRole, "referral_role"))
    person_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))
    person_record_id: Mapped[int] = mapped_column(ForeignKey("person_records.id"), index=True)


class ReferralRevision(CreatedAtMixin, Base):
    """The referral as it stood at each version: version 1 on arrival, one more per amendment."""

    __tablename__ = "referral_revisions"
    __table_args__ = (UniqueConstraint("referral_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    change: Mapped[str] = mapped_column(String(20))
    incident: Mapped[dict[str, Any]] = mapped_column(JSON)
    people: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class ReferralDraft(CreatedAtMixin, Base):
    """A web-form referral being written; kept server-side so no personal data sits in a cookie."""

    __tablename__ = "referral_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
