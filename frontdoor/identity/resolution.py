"""Resolving intake's person records: link, new person, or a pair queued for review.

The queue is the records themselves: intake writes every PersonRecord UNRESOLVED in the same
transaction as its referral; `resolve_pending` takes them oldest first, a batch per
transaction, and after each batch forms the families of the referrals whose people are all
resolved. Nothing uncertain is merged: an uncertain record becomes a person of its own and a
review pair asks the coordinator whether it is the candidate.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from matching import Candidate, Decision, Resolution

from ..db import transaction
from ..models import Person, PersonRecord, ResolutionStatus, ReviewPair
from ..ops.metrics import MATCH_DECISIONS
from . import dao, engine, families, involvements

BATCH_SIZE = 200
MAX_REVIEW_PAIRS = 3  # candidates shown to the coordinator per uncertain record


@dataclass
class ResolveSummary:
    statuses: Counter[str] = field(default_factory=Counter)
    families: int = 0

    @property
    def records(self) -> int:
        return sum(self.statuses.values())


def resolve_pending(batch_size: int = BATCH_SIZE, max_batches: int | None = None) -> ResolveSummary:
    """Resolve every UNRESOLVED person record, a batch per transaction."""
    summary = ResolveSummary()
    batches = 0
    while max_batches is None or batches < max_batches:
        with transaction() as session:
            records = dao.unresolved_records(session, batch_size)
            if not records:
                break
            record_ids = [record.id for record in records]
            batch_statuses = Counter(resolve_record(session, r) for r in records)
            summary.families += families.form_families(session, record_ids)
        summary.statuses.update(batch_statuses)
        _count_decisions(batch_statuses)
        batches += 1
        if len(record_ids) < batch_size:
            break  # the queue was drained; whatever arrived since waits for the next run
    return summary


def _count_decisions(statuses: Counter[ResolutionStatus]) -> None:
    """Metrics after the commit, so a rolled-back batch counts nothing."""
    for status, count in statuses.items():
        MATCH_DECISIONS.labels(decision=status.value).inc(count)


def resolve_record(session: Session, record: PersonRecord) -> ResolutionStatus:
    """Resolve one record in the caller's transaction and add it to the index."""
    prepared = engine.prepare_record(record)
    resolution = engine.resolve(session, prepared).resolution
    if resolution.decision == Decision.LINK and resolution.person_id is not None:
        # effective: a merge committed meanwhile may have retired the person matched
        record.person_id = dao.effective_person_id(session, int(resolution.person_id))
        record.resolution_status = ResolutionStatus.LINKED
    else:
        record.person = Person()  # inserted by the flush below, with the record's update
        record.resolution_status = ResolutionStatus.NEW
        if resolution.decision == Decision.REVIEW:
            record.resolution_status = ResolutionStatus.REVIEW
            queue_review(session, record, resolution)
    session.flush()  # the next record's candidate look-up must see this one's person
    engine.add_to_index(session, record.id, prepared, record.address_withheld)
    if record.person_id is not None:  # the referring agency is in contact with the person
        involvements.refresh(session, record.agency_id, person_id=record.person_id,
                             source=record.source, source_ref=record.source_ref)  # fmt: skip
    return record.resolution_status


def queue_review(session: Session, record: PersonRecord, resolution: Resolution) -> None:
    uncertain = [c for c in resolution.candidates if c.decision != Decision.NEW]
    for candidate in uncertain[:MAX_REVIEW_PAIRS]:
        session.add(
            ReviewPair(
                person_record_id=record.id,
                candidate_person_id=int(candidate.person_id),
                candidate_record_id=int(candidate.best_record_id),
                weight=candidate.weight,
                probability=candidate.probability,
                reason=resolution.reason[:200],
                explanation=_explanation(candidate),
            )
        )


def _explanation(candidate: Candidate) -> dict[str, object]:
    explained = candidate.explanation.as_dict()
    explained["blocked_by"] = list(candidate.blocked_by)
    explained["mean_weight"] = round(candidate.mean_weight, 3)
    explained["person_decision"] = str(candidate.decision)
    return explained
