"""Retention: configurable periods (RETENTION_DAYS, 0 = keep) and a purge that deletes what has
expired and records in the audit log that it did, and how much (counts only).

Each policy names a kind of record (a key of RETENTION_DAYS) and a function deleting what is
older than its cutoff. Policies run in order, in one transaction with the audit event, so that
what a later policy looks at (people, batches, meetings) no longer has the rows an earlier one
removed pointing at it. The periods and why: docs/security.md, "Data inventory and retention".

The audit log itself is never purged: it is append-only (see frontdoor.audit.chain).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ..audit.service import record
from ..db import transaction
from ..models import SelfClaimedAccess, UserSession, utcnow
from . import cases, intake, live, mail, people, preparation, sign_in, tracking
from .rows import rowcount

Purge = Callable[[Session, datetime, datetime], dict[str, int]]  # (tx, cutoff, now)


@dataclass(frozen=True)
class Policy:
    name: str
    purge: Purge


def _sessions(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    result = tx.execute(delete(UserSession).where(UserSession.last_seen_at < cutoff))
    return {"user_sessions": rowcount(result)}


def _claims(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    reviewed: ColumnElement[bool] = SelfClaimedAccess.reviewed_at.is_not(None)
    statement = delete(SelfClaimedAccess).where(reviewed, SelfClaimedAccess.created_at < cutoff)
    return {"self_claimed_access": rowcount(tx.execute(statement))}


POLICIES = (
    Policy("user_sessions", _sessions),
    Policy("unshared_preparation", preparation.purge_unshared),
    Policy("self_claimed_access", _claims),
    Policy("minutes", tracking.purge_minutes),
    Policy("families", cases.purge_families),
    Policy("referrals", cases.purge_unlinked_referrals),
    Policy("people", people.purge_people),
    Policy("meetings", cases.purge_meetings),
    Policy("intake_raw", intake.purge_raw),
    Policy("quarantined_rows", intake.purge_resolved_quarantine),
    Policy("quarantined_rows_open", intake.purge_open_quarantine),
    Policy("referral_drafts", intake.purge_drafts),
    Policy("import_batches", intake.purge_batches),
    Policy("notifications", tracking.purge_notifications),
    Policy("outbox_sent", mail.purge_sent),
    Policy("outbox_dead", mail.purge_dead),
    Policy("sign_in_sources", sign_in.purge_sources),
)

# Tables the purge deletes from, and every foreign key into them that is not ON DELETE
# CASCADE / SET NULL: the purge clears each of these itself (or only deletes a row once
# nothing points at it). tests/security/test_retention_of_case_data.py fails when a new
# foreign key into one of these tables is not listed here.
PURGED_TABLES = frozenset(
    {
        "families",
        "people",
        "person_records",
        "referrals",
        "referral_drafts",
        "agenda_items",
        "meetings",
        "actions",
        "import_batches",
        "quarantined_rows",
        "identity_review_pairs",
        "meeting_minutes",
        "notifications",
        "partner_preparations",
        "user_sessions",
        "self_claimed_access",
        "sign_in_failures",
    }
)
CLEARED_REFERENCES = frozenset(
    {
        "people.merged_into_id",
        "family_members.person_id",
        "involvements.family_id",
        "involvements.person_id",
        "person_records.person_id",
        "referrals.family_id",
        "identity_review_pairs.candidate_person_id",
        "identity_review_pairs.candidate_record_id",
        "identity_review_pairs.person_record_id",
        "referral_drafts.referral_id",
        "referral_people.person_record_id",
        "referral_person_entries.person_record_id",
        "self_claimed_access.family_id",
        "self_claimed_access.person_id",
        "agenda_items.family_id",
        "person_changes.from_person_id",
        "person_changes.to_person_id",
        "person_changes.review_pair_id",
        "quarantined_rows.batch_id",
        "quarantined_rows.referral_id",
        "referral_revisions.batch_id",
        "actions.family_id",
        "actions.agenda_item_id",
        "agenda_item_states.carried_from_item_id",
        "agenda_sources.referral_id",
        "action_reviews.action_id",
        "action_reviews.agenda_item_id",
        "action_reviews.meeting_id",
        "action_updates.action_id",
        "notifications.action_id",
    }
)


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Delete every row past its retention period; one audit event says how many went."""
    now = now or utcnow()
    periods: dict[str, int] = current_app.config["RETENTION_DAYS"]
    purged: dict[str, int] = {}
    compact_days = periods.get("live_document_updates", 0)
    if compact_days > 0:
        purged.update(live.compact_finished_meetings(now - timedelta(days=compact_days)))
    with transaction() as tx:
        for policy in POLICIES:
            days = periods.get(policy.name, 0)
            if days > 0:
                purged.update(policy.purge(tx, now - timedelta(days=days), now))
        record(tx, "retention.purged", object_type="retention", purged=purged, days=periods)
    return purged
