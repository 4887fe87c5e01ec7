"""Purged records leave the identity index's name frequencies (`identity_name_counts`).

Each resolved record's normalised given name and surname were counted when it joined the index
(frontdoor.identity.engine.add_to_index, or the bulk loader); a record going takes its counts
with it, and a name no record holds any longer is deleted, so the table never keeps the name of
someone purged. The kinds' totals (the empty value) are decremented, never deleted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.orm import Session

from ..identity import engine
from ..identity.index_dao import TOTAL
from ..models import Base, NameCount, PersonRecord, ResolutionStatus

_NAMES = Base.metadata.tables[NameCount.__tablename__]


def _counts(session: Session, record_ids: Select[Any]) -> Counter[tuple[str, str]]:
    counted = session.scalars(
        select(PersonRecord).where(
            PersonRecord.id.in_(record_ids),
            PersonRecord.resolution_status != ResolutionStatus.UNRESOLVED,
        )
    )
    counts: Counter[tuple[str, str]] = Counter()
    for record in counted:
        for kind, value in engine.index_names(engine.prepare_record(record)).items():
            if value:
                counts[(kind, value[:200])] += 1
                counts[(kind, TOTAL)] += 1
    return counts


def uncount_names(tx: Session, record_ids: Select[Any]) -> None:
    """Call before the records are deleted."""
    counts = _counts(tx, record_ids)
    if not counts:
        return
    statement = (
        update(_NAMES)
        .where(_NAMES.c.kind == bindparam("b_kind"), _NAMES.c.value == bindparam("b_value"))
        .values(count=_NAMES.c["count"] - bindparam("b_n"))
    )
    rows = [{"b_kind": k, "b_value": v, "b_n": n} for (k, v), n in counts.items()]
    tx.connection().execute(statement, rows)
    tx.execute(delete(NameCount).where(NameCount.count <= 0, NameCount.value != TOTAL))
