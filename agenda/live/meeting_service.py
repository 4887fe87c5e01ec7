"""What the /meeting handlers change, each in one transaction: handlers validate, call one of
these and emit (the layering test keeps transactions out of `*_events.py`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from . import meeting
from .access import Member
from .guard import committed


def join(member: Member) -> None:
    committed(lambda tx: meeting.record_join(tx, member))


def leave(meeting_id: int, user_id: int) -> None:
    committed(lambda tx: meeting.record_leave(tx, meeting_id, user_id))


def accept_confidentiality(member: Member) -> None:
    committed(lambda tx: meeting.accept_confidentiality(tx, member))


def navigate(member: Member, item_id: object) -> None:
    """The chair moves the meeting to an item. Raises NotOnAgenda."""

    def move(tx: Session) -> None:
        item = meeting.item_of(tx, member.meeting_id, item_id)
        meeting.navigate(tx, member.meeting_id, item)

    committed(move)


def record_apologies(member: Member, user_id: object, text: object) -> None:
    """Raises ValueError for a user who is not invited."""
    committed(lambda tx: meeting.record_apologies(tx, member.meeting_id, user_id, text))


def set_invited(
    member: Member, user_id: int, agency_id: int, invited: bool, reason: str | None
) -> None:
    """Raises RegisterError when the agency has not signed the sharing agreement."""
    committed(
        lambda tx: meeting.set_invited(tx, member.meeting_id, user_id, agency_id, invited,
                                       by_user_id=member.user_id, reason=reason)
    )  # fmt: skip


def record_information_only(member: Member, user_id: object, text: object) -> None:
    """Raises ValueError for a user who is not invited."""
    committed(lambda tx: meeting.record_information_only(tx, member.meeting_id, user_id, text))
