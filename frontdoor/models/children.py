"""Children in their own right (#18): the schools register, school terms, and the notices
Front Door sends for a child — Operation Encompass to the school's key adult, and the health
visitor / school nurse notice for a child under 5 or a pregnancy."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, CreatedAtMixin, UTCDateTime, str_enum
from .mail import OutboxMessage
from .people import PersonRecord
from .referrals import Referral


class School(CreatedAtMixin, Base):
    """One establishment from the Department for Education's register (GIAS), plus the
    Encompass key adult's e-mail, which the council keeps."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    urn: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(120))  # TypeOfEstablishment
    phase: Mapped[str | None] = mapped_column(String(60))  # PhaseOfEducation
    status: Mapped[str | None] = mapped_column(String(60))  # EstablishmentStatus
    postcode: Mapped[str | None] = mapped_column(String(16))
    local_authority: Mapped[str | None] = mapped_column(String(120))
    key_adult_email: Mapped[str | None] = mapped_column(String(254))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SchoolTerm(Base):
    """A term (or half term) when schools are open: school days are the weekdays inside a
    term that are not bank holidays. With no terms recorded, every such weekday is one."""

    __tablename__ = "school_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    starts_on: Mapped[date] = mapped_column(Date, unique=True)
    ends_on: Mapped[date] = mapped_column(Date)


class NoticeKind(enum.StrEnum):
    ENCOMPASS = "encompass"  # the school's key adult
    HEALTH = "health"  # health visitor (under 5) / school nurse, or midwifery (pregnancy)


class NoticeStatus(enum.StrEnum):
    DUE = "due"  # to be sent (waiting for the coordinator, or in the outbox)
    SENT = "sent"  # written to the outbox (the tracker shows when SMTP delivered it)
    ACKNOWLEDGED = "acknowledged"  # the school opened its one-time link and acknowledged
    NOT_SENT = "not_sent"  # with the reason


class NotSentReason(enum.StrEnum):
    NO_SCHOOL = "no_school"  # the police file names no school
    NOT_SCHOOL_AGE = "not_school_age"
    NOT_IN_REGISTER = "not_in_register"  # no school in the register is like the name
    UNCERTAIN = "uncertain"  # several schools are like it: the coordinator picks
    NO_KEY_ADULT = "no_key_adult"  # the school has no key-adult e-mail yet
    NO_HEALTH_ADDRESS = "no_health_address"  # no health address configured for the area


class ChildNotice(CreatedAtMixin, Base):
    """One notice about one person on one incident. At most one of a kind per (referral,
    person): importing the file again or amending it never sends a second."""

    __tablename__ = "child_notices"
    __table_args__ = (UniqueConstraint("kind", "referral_id", "person_record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NoticeKind] = mapped_column(str_enum(NoticeKind, "notice_kind"))
    about: Mapped[str] = mapped_column(String(20))  # school_age, under_5, pregnancy
    # a purged case takes its notices with it (frontdoor/retention)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    person_record_id: Mapped[int] = mapped_column(
        ForeignKey("person_records.id", ondelete="CASCADE")
    )
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    school_text: Mapped[str | None] = mapped_column(String(200))  # as the police file has it
    candidates: Mapped[str | None] = mapped_column(Text)  # school ids (JSON) to pick from
    recipient: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[NoticeStatus] = mapped_column(str_enum(NoticeStatus, "notice_status"))
    reason: Mapped[NotSentReason | None] = mapped_column(str_enum(NotSentReason, "notice_reason"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by: Mapped[str | None] = mapped_column(String(120))

    referral: Mapped[Referral] = relationship()
    person_record: Mapped[PersonRecord] = relationship()
    school: Mapped[School | None] = relationship()
    outbox_message: Mapped[OutboxMessage | None] = relationship()


class CscDecision(enum.StrEnum):
    """Children's social care's decision on a referral about a child."""

    NFA = "nfa"  # no further action
    EARLY_HELP = "early_help"
    ASSESSMENT = "assessment"  # child and family assessment
    STRATEGY = "strategy_s47"  # strategy discussion / section 47 enquiry


class ChildRecord(CreatedAtMixin, Base):
    """What the meeting records for one child of the family on one agenda item: the CSC
    decision (who decided and when), the impact on the child and the child's voice."""

    __tablename__ = "child_records"
    __table_args__ = (UniqueConstraint("agenda_item_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    decision: Mapped[CscDecision | None] = mapped_column(str_enum(CscDecision, "csc_decision"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    impact: Mapped[str | None] = mapped_column(Text)
    voice: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # one version per field co-edited in the live meeting (a write naming an older one is
    # refused: agenda/children/live.py)
    decision_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    impact_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    voice_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    impact_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    voice_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class FgcStatus(enum.StrEnum):
    PROPOSED = "proposed"  # a partner proposed it
    AGREED = "agreed"  # the meeting (the chair) agreed to offer it
    ACCEPTED = "accepted"  # the victim consented
    DECLINED = "declined"  # the victim declined
    HELD = "held"  # the conference took place


class FgcOffer(CreatedAtMixin, Base):
    """A Family Group Conference offered to a family (Leeds' Family Valued programme): the
    victim consents and chooses who is invited; the perpetrator attends only at her request
    and only if he acknowledges the abuse (a database check as well as the service's rule)."""

    __tablename__ = "fgc_offers"
    __table_args__ = (
        CheckConstraint(
            "NOT perpetrator_attends OR (perpetrator_requested AND perpetrator_acknowledges)",
            name="perpetrator_only_on_both_conditions",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), unique=True
    )
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[FgcStatus] = mapped_column(str_enum(FgcStatus, "fgc_status"))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    consent_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invitees: Mapped[str | None] = mapped_column(Text)  # the victim's choice
    perpetrator_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    perpetrator_acknowledges: Mapped[bool] = mapped_column(Boolean, default=False)
    perpetrator_attends: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # each step +1
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    referral_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="SET NULL")
    )
    held_on: Mapped[date | None] = mapped_column(Date)
    unmet_needs: Mapped[str | None] = mapped_column(String(400))  # comma-separated codes
