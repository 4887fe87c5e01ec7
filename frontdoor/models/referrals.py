"""Referrals (a police notification or an agency's referral) and the people named on them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import Agency
from .base import Base, CreatedAtMixin, UTCDateTime, str_enum
from .people import Family, PersonRecord


class DashRisk(enum.StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class RiskTool(enum.StrEnum):
    """Which risk assessment the referrer used (see `../shared/formats`)."""

    DASH_ACPO = "DASH-ACPO"  # the police DASH: 27 questions
    DASH_SL = "DASH-SL"  # the SafeLives DASH RIC: 24 questions
    DARA = "DARA"  # College of Policing Domestic Abuse Risk Assessment: no score
    OTHER = "other"
    NOT_COMPLETED = "not-completed"


# The highest score each tool can give (no entry: the tool has no score).
TOOL_MAX_SCORE = {RiskTool.DASH_ACPO: 27, RiskTool.DASH_SL: 24, RiskTool.OTHER: 99}


class ReferralRole(enum.StrEnum):
    VICTIM = "victim"
    PERPETRATOR = "perpetrator"
    CHILD = "child"
    OTHER = "other"


class Channel(enum.StrEnum):
    POLICE_EXPORT = "police_export"
    API = "api"
    WEB_FORM = "web_form"
    DEMO = "demo"


class Consent(enum.StrEnum):
    YES = "Y"
    NO = "N"
    UNKNOWN = "U"


class Referral(CreatedAtMixin, Base):
    """One incident as one agency reported it. Amendments bump `version`, never duplicate."""

    __tablename__ = "referrals"
    __table_args__ = (UniqueConstraint("agency_id", "source_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "channel"))
    source_ref: Mapped[str] = mapped_column(String(120))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    incident_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    location_postcode: Mapped[str | None] = mapped_column(String(16))
    risk_tool: Mapped[RiskTool] = mapped_column(
        str_enum(RiskTool, "risk_tool"), default=RiskTool.DASH_ACPO, server_default="DASH-ACPO"
    )
    # The assessed level (any tool); absent only when no assessment was completed.
    dash_risk: Mapped[DashRisk | None] = mapped_column(str_enum(DashRisk, "dash_risk"))
    dash_score: Mapped[int | None] = mapped_column(Integer)
    risk_reason: Mapped[str | None] = mapped_column(Text)
    separation: Mapped[bool | None] = mapped_column(Boolean)
    children_present: Mapped[bool | None] = mapped_column(Boolean)
    pregnancy: Mapped[bool | None] = mapped_column(Boolean)
    strangulation: Mapped[bool | None] = mapped_column(Boolean)
    stalking: Mapped[bool | None] = mapped_column(Boolean)
    threats_to_kill: Mapped[bool | None] = mapped_column(Boolean)
    consent_to_share: Mapped[Consent | None] = mapped_column(str_enum(Consent, "consent"))
    officer: Mapped[str | None] = mapped_column(String(120))
    narrative: Mapped[str | None] = mapped_column(Text)
    family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    agency: Mapped[Agency] = relationship()
    family: Mapped[Family | None] = relationship()
    people: Mapped[list[ReferralPerson]] = relationship(
        back_populates="referral", cascade="all, delete-orphan"
    )


class ReferralPerson(CreatedAtMixin, Base):
    __tablename__ = "referral_people"
    __table_args__ = (UniqueConstraint("referral_id", "person_record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    person_record_id: Mapped[int] = mapped_column(ForeignKey("person_records.id"), index=True)
    role: Mapped[ReferralRole] = mapped_column(str_enum(ReferralRole, "referral_role"))

    referral: Mapped[Referral] = relationship(back_populates="people")
    person_record: Mapped[PersonRecord] = relationship()
