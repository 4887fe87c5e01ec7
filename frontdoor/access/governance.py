"""Information governance for managers and administrators: the claims waiting for their review
and their agency's audit export (recorded before it is built)."""

from __future__ import annotations

from ..audit import export
from ..audit.service import record
from ..db import db, transaction
from ..models import SelfClaimedAccess, User
from .claims import review_list


def claims_to_review(reviewer: User) -> list[SelfClaimedAccess]:
    return review_list(db.session(), reviewer)


def agency_audit_csv(agency_id: int) -> str:
    """The agency's audit events as CSV. Built whole, not streamed: a streamed response would
    keep a database cursor (and its transaction) open until the client finished reading."""
    with transaction() as tx:
        record(tx, "audit.exported", object_type="agency", object_id=agency_id)
    return "".join(export.csv_rows(export.agency_events(db.session(), agency_id)))
