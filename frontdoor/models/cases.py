"""The case model around the victim: family corrections (undoable), the meeting's consent
decision, and the information-sharing register. See docs/identity.md and
docs/information-sharing.md."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, CreatedAtMixin, UTCDateTime, str_enum, utcnow


class FamilyChangeKind(enum.StrEnum):
    ADD_MEMBER = "add_member"
    REMOVE_MEMBER = "remove_member"
    MOVE_MEMBER = "move_member"
    EDIT_MEMBER = "edit_member"  # relationship label, start / end dates
    CONFIRM_MEMBER = "confirm_member"  # a proposed household member confirmed
    DISMISS_MEMBER = "dismiss_member"  # a proposed household member dismissed
    RELABEL = "relabel"  # the family's label
    MERGE = "merge"  # every row of other_family moved into family
    SPLIT = "split"  # some members and referrals moved to a new other_family


class FamilyChange(CreatedAtMixin, Base):
    """A coordinator's correction of a family, with exactly what it changed (row ids and the
    values before and after) so that it can be undone exactly."""

    __tablename__ = "family_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[FamilyChangeKind] = mapped_column(str_enum(FamilyChangeKind, "family_change"))
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    other_family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(500))
    performed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class VictimTold(enum.StrEnum):
    YES = "yes"  # the victim will be told that information was shared without consent
    NO = "no"  # not told: telling her would put her or others at risk (reason recorded)


class ConsentDecision(Base):
    """The meeting's record, for one agenda item whose victim did not consent (N) or was not
    asked (U), of why sharing without consent is justified and whether, by whom and how
    safely the victim will be told. The item cannot be finished without it."""

    __tablename__ = "consent_decisions"

    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True
    )
    consent: Mapped[str] = mapped_column(String(1))  # the status the meeting saw: N or U
    grounds: Mapped[list[str]] = mapped_column(JSON)  # codes from frontdoor.cases.consent
    justification: Mapped[str] = mapped_column(Text)
    victim_told: Mapped[VictimTold] = mapped_column(str_enum(VictimTold, "victim_told"))
    told_by: Mapped[str | None] = mapped_column(String(200))  # who tells her
    how_safely: Mapped[str] = mapped_column(Text)  # how, safely; or why she is not told
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SharingAgreement(Base):
    """One partner agency's entry in the information-sharing register."""

    __tablename__ = "sharing_agreements"

    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True
    )
    signatory: Mapped[bool] = mapped_column(Boolean, default=False)
    lawful_basis: Mapped[str] = mapped_column(String(40))  # code from frontdoor.cases.register
    special_condition: Mapped[str | None] = mapped_column(String(40))  # Art. 9 / DPA s.35 code
    agreement_date: Mapped[date | None] = mapped_column(Date)
    recording_note: Mapped[str | None] = mapped_column(Text)  # what they may record themselves
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
