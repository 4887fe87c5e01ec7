"""Resolved people, each agency's records of them, families and agencies' involvement."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import Agency
from .base import Base, CreatedAtMixin, UTCDateTime, str_enum


class PersonStatus(enum.StrEnum):
    ACTIVE = "active"
    MERGED = "merged"  # merged into another person; kept so a merge can be undone


class ResolutionStatus(enum.StrEnum):
    UNRESOLVED = "unresolved"  # not yet through identity resolution
    LINKED = "linked"  # confidently linked to an existing person
    NEW = "new"  # no match: a new person was created
    REVIEW = "review"  # uncertain: waiting for a coordinator
    CONFIRMED = "confirmed"  # a coordinator decided


class Person(CreatedAtMixin, Base):
    """One resolved identity. What is known about it lives in its person records."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[PersonStatus] = mapped_column(
        str_enum(PersonStatus, "person_status"), default=PersonStatus.ACTIVE
    )
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    records: Mapped[list[PersonRecord]] = relationship(back_populates="person")


class PersonRecord(CreatedAtMixin, Base):
    """One agency's own observation of a person, stored exactly as received."""

    __tablename__ = "person_records"
    __table_args__ = (
        Index("ix_person_records_source_ref", "agency_id", "source_ref"),
        CheckConstraint("given_name IS NOT NULL OR surname IS NOT NULL", name="has_a_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    resolution_status: Mapped[ResolutionStatus] = mapped_column(
        str_enum(ResolutionStatus, "resolution_status"), default=ResolutionStatus.UNRESOLVED
    )
    source: Mapped[str] = mapped_column(String(40))
    source_ref: Mapped[str | None] = mapped_column(String(120))
    given_name: Mapped[str | None] = mapped_column(String(200))
    middle_name: Mapped[str | None] = mapped_column(String(200))
    surname: Mapped[str | None] = mapped_column(String(200))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    date_of_birth_text: Mapped[str | None] = mapped_column(String(40))
    sex: Mapped[str | None] = mapped_column(String(1))
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(40))
    nhs_number: Mapped[str | None] = mapped_column(String(20))
    nhs_number_valid: Mapped[bool | None] = mapped_column(Boolean)
    pnc_id: Mapped[str | None] = mapped_column(String(20))
    pnc_id_valid: Mapped[bool | None] = mapped_column(Boolean)
    school: Mapped[str | None] = mapped_column(String(200))
    address_withheld: Mapped[bool] = mapped_column(Boolean, default=False)

    agency: Mapped[Agency] = relationship()
    person: Mapped[Person | None] = relationship(back_populates="records")


class MemberRole(enum.StrEnum):
    ADULT = "adult"
    CHILD = "child"


class MembershipStatus(enum.StrEnum):
    MEMBER = "member"  # in the family (between started_on and ended_on, when recorded)
    PROPOSED = "proposed"  # found at a member's address: waits for the coordinator
    DISMISSED = "dismissed"  # the coordinator said no: never proposed again for this family


class Family(CreatedAtMixin, Base):
    """One case: the victim's. A merged family is kept (merged_into_id) so the merge can be
    undone; its rows have moved to the family it was merged into."""

    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str | None] = mapped_column(String(200))
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="SET NULL")
    )

    members: Mapped[list[FamilyMember]] = relationship(
        back_populates="family", cascade="all, delete-orphan"
    )


class FamilyMember(CreatedAtMixin, Base):
    __tablename__ = "family_members"
    __table_args__ = (UniqueConstraint("family_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    member_role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole, "member_role"))
    relationship_label: Mapped[str | None] = mapped_column(String(60))
    # How the case names them (victim, perpetrator, child, other, household): a family is
    # joined through its victim only, and a perpetrator links cases, never merges them.
    named_as: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[MembershipStatus] = mapped_column(
        str_enum(MembershipStatus, "membership_status"),
        default=MembershipStatus.MEMBER,
        server_default=MembershipStatus.MEMBER.value,
    )
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    recorded_there_on: Mapped[date | None] = mapped_column(Date)  # proposed: seen at the address

    family: Mapped[Family] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


_ONE_LEAD_WHERE = "is_lead AND ended_on IS NULL AND family_id IS NOT NULL"


class Involvement(CreatedAtMixin, Base):
    """An agency already in contact with a person or a family."""

    __tablename__ = "involvements"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (family_id IS NULL)", name="person_xor_family"),
        Index(
            "uq_involvements_one_lead_per_family",
            "family_id",
            unique=True,
            sqlite_where=text(_ONE_LEAD_WHERE),
            postgresql_where=text(_ONE_LEAD_WHERE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id"), index=True)
    since: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    lead_worker: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # where it came from (police_file, api, form, action, preparation, open_cases, ...), the
    # agency's own case reference (open cases), and the last activity that kept it current
    source: Mapped[str | None] = mapped_column(String(40))
    source_ref: Mapped[str | None] = mapped_column(String(120))
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agency: Mapped[Agency] = relationship()
