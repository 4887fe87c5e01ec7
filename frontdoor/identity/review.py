"""The coordinator's review queue: confirm (merge) or reject an uncertain pair.

Confirming merges the record's own (provisional) person into the candidate person; rejecting
keeps them apart. Undoing a confirmation's merge puts the pair back in the queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from matching import wording

from ..audit import service as audit
from ..db import transaction
from ..models import (
    PersonChange,
    PersonRecord,
    ResolutionStatus,
    ReviewPair,
    ReviewStatus,
    utcnow,
)
from ..names import display_name, long_date
from ..ops.metrics import MATCH_DECISIONS
from . import dao, history
from .history import IdentityError

SIDE_BY_SIDE_FIELDS = (
    ("given_name", "Given name"),
    ("middle_name", "Middle name"),
    ("surname", "Surname"),
    ("date_of_birth", "Date of birth"),
    ("sex", "Sex"),
    ("address", "Address"),
    ("postcode", "Postcode"),
    ("nhs_number", "NHS number"),
    ("pnc_id", "PNC ID"),
    ("phone", "Phone"),
)
WITHHELD = "Withheld"
_ADDRESS_FIELDS = frozenset({"address", "postcode"})


@dataclass(frozen=True)
class SideBySideRow:
    label: str
    left: str
    right: str

    @property
    def agrees(self) -> bool:
        return bool(self.left) and self.left.casefold() == self.right.casefold()


def shown_value(record: PersonRecord, field: str) -> str:
    """A field as a coordinator may see it: a withheld address is never shown."""
    if field in _ADDRESS_FIELDS and record.address_withheld:
        return WITHHELD
    value = getattr(record, field)
    if field == "date_of_birth":
        return long_date(value) if value else record.date_of_birth_text or ""
    return "" if value is None else str(value)


def side_by_side(pair: ReviewPair) -> list[SideBySideRow]:
    return [
        SideBySideRow(
            label,
            shown_value(pair.person_record, field),
            shown_value(pair.candidate_record, field),
        )
        for field, label in SIDE_BY_SIDE_FIELDS
    ]


STATUS_WORDS = {
    ReviewStatus.PENDING: "waiting for a decision",
    ReviewStatus.CONFIRMED: "confirmed as the same person",
    ReviewStatus.REJECTED: "rejected: kept as different people",
    ReviewStatus.SUPERSEDED: "no longer needed: the record was matched to someone else",
}
# The comparisons whose two values the words quote ("names similar (Jon / John)").
_QUOTED = ("given_name", "middle_name", "surname")


@dataclass(frozen=True)
class PairWords:
    """A pair's evidence and decision in plain words (the numbers stay in `pair.explanation`)."""

    status: str
    meaning: str
    evidence: wording.Evidence
    not_merged_because: tuple[str, ...]


def _quoted(record: PersonRecord, field: str) -> str:
    value = getattr(record, field)
    return display_name(value, None) if value and str(value).strip() else ""


def pair_words(pair: ReviewPair) -> PairWords:
    values = {
        f: (_quoted(pair.person_record, f), _quoted(pair.candidate_record, f)) for f in _QUOTED
    }
    explanation = pair.explanation or {}
    blocked = explanation.get("blocked_by") or [
        r for r in explanation.get("rules") or [] if r not in wording.LINKING_RULE_NAMES
    ]
    return PairWords(
        STATUS_WORDS.get(pair.status, str(pair.status)),
        wording.reason_words(pair.reason),
        wording.describe(explanation, values),
        tuple(wording.rule_words(str(r)) for r in blocked),
    )


def pending_pairs(session: Session) -> list[ReviewPair]:
    return dao.pending_review_pairs(session)


def get_pair(session: Session, pair_id: int) -> ReviewPair:
    pair = dao.review_pair(session, pair_id)
    if pair is None:
        raise IdentityError("No such review pair.")
    return pair


def view_pair(pair_id: int, user_id: int) -> tuple[ReviewPair, list[SideBySideRow]]:
    """A pair side by side for the coordinator; the view is audited."""
    with transaction() as session:
        pair = get_pair(session, pair_id)
        audit.record(
            session, "identity.review_viewed", object_type="review_pair", object_id=pair.id,
            user_id=user_id, purpose="identity review",
        )  # fmt: skip
        return pair, side_by_side(pair)


def confirm(pair_id: int, user_id: int) -> PersonChange | None:
    """Same person: merge the record's person into the candidate person."""
    with transaction() as session:
        pair = _pending(session, pair_id)
        record = pair.person_record
        from_id = dao.effective_person_id(session, record.person_id or 0)
        to_id = dao.effective_person_id(session, pair.candidate_person_id)
        change = None
        if from_id != to_id:
            reason = f"review pair {pair.id} confirmed"
            change = history.merge_people(
                session, from_id, to_id, reason=reason, user_id=user_id, review_pair_id=pair.id
            )
        for other in dao.pending_pairs_of_record(session, record.id):
            if other.id != pair.id:
                other.status = ReviewStatus.SUPERSEDED
        _decide(session, pair, ReviewStatus.CONFIRMED, user_id)
    MATCH_DECISIONS.labels(decision="confirmed").inc()
    return change


def reject(pair_id: int, user_id: int) -> None:
    """Different people: keep them apart."""
    with transaction() as session:
        pair = _pending(session, pair_id)
        _decide(session, pair, ReviewStatus.REJECTED, user_id)
    MATCH_DECISIONS.labels(decision="rejected").inc()


def undo_change(change_id: int, user_id: int) -> PersonChange:
    """Undo a merge or split; a merge made by confirming a pair puts the pair back in review."""
    with transaction() as session:
        change = history.undo_change(session, change_id, user_id=user_id)
        if change.review_pair_id is not None:
            _reopen(session, change.review_pair_id)
        return change


def split(person_id: int, record_ids: list[int], reason: str, user_id: int) -> PersonChange:
    with transaction() as session:
        return history.split_person(session, person_id, record_ids, reason=reason, user_id=user_id)


def _pending(session: Session, pair_id: int) -> ReviewPair:
    pair = get_pair(session, pair_id)
    if pair.status != ReviewStatus.PENDING:
        raise IdentityError("That pair has already been decided.")
    return pair


def _decide(session: Session, pair: ReviewPair, status: ReviewStatus, user_id: int) -> None:
    pair.status = status
    pair.decided_by_id = user_id
    pair.decided_at = utcnow()
    session.flush()
    if not dao.pending_pairs_of_record(session, pair.person_record_id):
        pair.person_record.resolution_status = ResolutionStatus.CONFIRMED
    audit.record(
        session, f"identity.review_{status}", object_type="review_pair", object_id=pair.id,
        user_id=user_id, person_record_id=pair.person_record_id,
        candidate_person_id=pair.candidate_person_id,
    )  # fmt: skip


def _reopen(session: Session, pair_id: int) -> None:
    pair = get_pair(session, pair_id)
    for other in dao.pairs_of_record(session, pair.person_record_id):
        if other.id == pair.id or other.status == ReviewStatus.SUPERSEDED:
            other.status = ReviewStatus.PENDING
            other.decided_by_id = None
            other.decided_at = None
    pair.person_record.resolution_status = ResolutionStatus.REVIEW


@dataclass(frozen=True)
class PersonPage:
    person_id: int
    status: str
    merged_into_id: int | None
    records: list[PersonRecord]
    changes: list[PersonChange]


def view_person(person_id: int, user_id: int) -> PersonPage:
    """A person's records and merge/split history, for the coordinator; the view is audited."""
    with transaction() as session:
        person = dao.person(session, person_id)
        if person is None:
            raise IdentityError("No such person.")
        audit.record(
            session, "person.viewed", object_type="person", object_id=person_id,
            user_id=user_id, purpose="identity review",
        )  # fmt: skip
        return PersonPage(
            person.id,
            str(person.status),
            person.merged_into_id,
            dao.records_of_person(session, person_id),
            dao.changes_of_person(session, person_id),
        )
