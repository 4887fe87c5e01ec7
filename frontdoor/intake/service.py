"""Intake services: import a police file, take a referral, act on quarantined rows.

Each call is one transaction: the batch record, referrals, person records (UNRESOLVED, which is
the queue identity resolution reads), history, quarantine and audit commit together or not at all.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts import dao as accounts_dao
from ..audit.service import record
from ..children.notices import on_police_import
from ..db import db, transaction
from ..models import (
    Agency,
    AgencyKind,
    BatchStatus,
    Channel,
    ImportBatch,
    QuarantinedRow,
    QuarantineStatus,
    utcnow,
)
from ..ops.metrics import INTAKE_REFERRALS
from . import dao, hooks
from .ingest import Counts, store_rows
from .people_limit import quarantine_crowded_incidents, too_many
from .police_csv import FileRejected, read_police_csv
from .validation import (
    INCIDENT_COLUMNS,
    FieldError,
    Identity,
    InvalidRow,
    RowValidator,
    ValidRow,
    same_person,
)

Progress = Callable[[int, int], None]  # (rows done, rows in the file)


class IntakeError(ValueError):
    """A request intake cannot carry out; the message says why."""


@dataclass
class Summary:
    status: str
    rows: int = 0
    imported: int = 0
    duplicates: int = 0
    amended: int = 0
    quarantined: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    batch_id: int | None = None
    referral_ids: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        keys = ("status", "rows", "imported", "duplicates", "amended", "quarantined")
        return {**{k: getattr(self, k) for k in keys}, "errors": self.errors,
                "warnings": self.warnings}  # fmt: skip


def police_agency(code: str | None = None) -> Agency:
    """The agency a police file belongs to: the one named, else the only active police agency."""
    session = db.session()
    if code:
        agency = accounts_dao.agency_by_code(session, code)
        if agency is None:
            raise IntakeError(f"No agency has the code '{code}'.")
        return agency
    police = session.scalars(
        select(Agency).where(Agency.kind == AgencyKind.POLICE, Agency.active.is_(True))
    ).all()
    if len(police) != 1:
        raise IntakeError(
            f"There are {len(police)} active police agencies; name one with its code."
        )
    return police[0]


def import_police_file(
    data: bytes,
    *,
    agency_id: int,
    filename: str | None = None,
    user_id: int | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Read, validate and store one police export. A rejected file is kept with its reason."""
    with _without_gc_pauses():
        return _import_police_file(data, agency_id, filename, user_id, today, progress)


@contextmanager
def _without_gc_pauses() -> Iterator[None]:
    """A file's rows are many small objects that all live until the import ends: collecting
    cycles among them part-way costs time (more, the bigger the file) and frees nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_police_file(
    data: bytes,
    agency_id: int,
    filename: str | None,
    user_id: int | None,
    today: date | None,
    progress: Progress | None,
) -> Summary:
    today = today or date.today()
    try:
        police_file = read_police_csv(data)
    except FileRejected as exc:
        return _reject(data, agency_id, filename, user_id, str(exc))
    rows: list[ValidRow | InvalidRow] = []
    validator = RowValidator(today)
    for number, raw, shape_error in police_file.rows:
        if shape_error:
            reason = FieldError("row", shape_error)
            rows.append(InvalidRow(number, raw.get("incident_ref"), raw, (reason,)))
        else:
            rows.append(validator.validate(number, raw))
        if progress and number % 1000 == 0:
            progress(number, len(police_file.rows))
    rows = quarantine_crowded_incidents(rows)
    warnings = []
    if police_file.unknown_columns:
        names = ", ".join(repr(n) for n in police_file.unknown_columns)
        warnings.append(f"Unknown column(s) ignored: {names}.")
    summary = _store(
        data, agency_id, Channel.POLICE_EXPORT, filename, user_id, rows, warnings,
        then=_children_notices,
    )  # fmt: skip
    if progress:
        progress(len(rows), len(rows))
    return summary


def _store(
    data: bytes,
    agency_id: int,
    channel: Channel,
    filename: str | None,
    user_id: int | None,
    rows: Sequence[ValidRow | InvalidRow],
    warnings: list[str],
    received_at: datetime | None = None,
    then: Callable[[Session, Summary], None] | None = None,
) -> Summary:
    """Store validated rows as one batch; `then` runs inside the same transaction. The
    metrics are counted after the commit, so a rolled-back import counts nothing."""
    with transaction() as session:
        batch = _new_batch(agency_id, channel, filename, user_id, data, BatchStatus.PROCESSED)
        session.add(batch)
        session.flush()
        counts = store_rows(session, batch, rows, received_at=received_at)
        summary = _summary(batch, len(rows), counts, warnings)
        for name in ("rows", "imported", "duplicates", "amended", "quarantined"):
            setattr(batch, name, getattr(summary, name))
        batch.errors, batch.warnings = summary.errors, summary.warnings
        counted = {k: v for k, v in summary.as_json().items() if isinstance(v, int)}
        record(
            session, "intake.import", object_type="import_batch", object_id=batch.id,
            user_id=user_id, agency_id=agency_id, counts=counted, channel=channel.value,
        )  # fmt: skip
        summary.batch_id = batch.id
        summary.referral_ids = counts.referral_ids
        if then is not None:
            then(session, summary)
    _count_referrals(channel, summary)
    hooks.referrals_stored(summary.referral_ids)
    return summary


def _children_notices(session: Session, summary: Summary) -> None:
    """Operation Encompass and health notices for the new incidents, in this transaction."""
    on_police_import(session, summary.referral_ids, utcnow())


def _count_referrals(channel: Channel, summary: Summary) -> None:
    for outcome in ("imported", "duplicates", "amended", "quarantined"):
        if count := getattr(summary, outcome):
            INTAKE_REFERRALS.labels(source=channel.value, outcome=outcome).inc(count)


def _summary(batch: ImportBatch, rows: int, counts: Counts, warnings: list[str]) -> Summary:
    return Summary(
        status=BatchStatus.PROCESSED.value,
        rows=rows,
        imported=counts.imported,
        duplicates=counts.duplicates,
        amended=counts.amended,
        quarantined=counts.quarantined,
        errors=counts.errors,
        warnings=warnings + counts.warnings,
        batch_id=batch.id,
    )


def _new_batch(
    agency_id: int,
    channel: Channel,
    filename: str | None,
    user_id: int | None,
    data: bytes,
    status: BatchStatus,
) -> ImportBatch:
    return ImportBatch(
        agency_id=agency_id,
        channel=channel,
        filename=(filename or "")[-255:] or None,
        file_sha256=hashlib.sha256(data).hexdigest(),
        status=status,
        created_by_id=user_id,
        errors=[],
        warnings=[],
    )


def _reject(
    data: bytes, agency_id: int, filename: str | None, user_id: int | None, reason: str
) -> Summary:
    with transaction() as session:
        batch = _new_batch(
            agency_id, Channel.POLICE_EXPORT, filename, user_id, data, BatchStatus.REJECTED
        )
        batch.errors = [reason]
        batch.rejected_content = data
        session.add(batch)
        session.flush()
        record(
            session, "intake.reject", object_type="import_batch", object_id=batch.id,
            user_id=user_id, agency_id=agency_id,
        )  # fmt: skip
        return Summary(status=BatchStatus.REJECTED.value, errors=[reason], batch_id=batch.id)


@dataclass
class ReferralOutcome:
    status: str  # created | amended | duplicate | invalid
    referral_id: int | None = None
    version: int | None = None
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def submit_referral(
    source_ref: str,
    incident: Mapping[str, str],
    people: Sequence[Mapping[str, str]],
    *,
    agency_id: int,
    channel: Channel,
    received_at: datetime | None = None,
    user_id: int | None = None,
    today: date | None = None,
) -> ReferralOutcome:
    """Take one referral from the API or the web form: all valid and stored, or nothing stored.

    The referral is checked as the rows of a police file (one per person), by the same rules.
    """
    rows = [{**incident, **person, "incident_ref": source_ref} for person in people]
    validator = RowValidator(today or date.today(), strict=True)  # typed in: see parse_person
    validated = [validator.validate(n, raw) for n, raw in enumerate(rows, start=1)]
    errors = _referral_errors(validated)
    if not people:
        errors.append(FieldError("people", "Name at least one person"))
    if crowded := too_many(len(people)):
        errors.append(crowded)
    if errors:
        return ReferralOutcome("invalid", errors=errors)
    data = repr(sorted(sorted(r.items()) for r in rows)).encode()
    summary = _store(data, agency_id, channel, None, user_id, validated, [], received_at)
    return _outcome(summary, source_ref.strip(), agency_id)


def _referral_errors(validated: Sequence[ValidRow | InvalidRow]) -> list[FieldError]:
    """Errors named by where they are in the referral: source_reference, incident.X, people[i].X."""
    errors: dict[str, FieldError] = {}
    seen: dict[str, list[tuple[Identity, str]]] = {}
    for index, row in enumerate(validated):
        if isinstance(row, ValidRow):
            same = seen.setdefault(row.person_key, [])
            earlier = [h for identity, h in same if same_person(identity, row.person.identity)]
            same.append((row.person.identity, row.row_hash))
            if earlier and row.row_hash not in earlier:
                path = f"people[{index}]"
                message = "The same person is named twice with different details"
                errors.setdefault(path, FieldError(path, message))
            continue
        for error in row.reasons:
            path = _error_path(error.field, index)
            errors.setdefault(path, FieldError(path, error.message))
    return list(errors.values())


def _error_path(field_name: str, index: int) -> str:
    if field_name == "incident_ref":
        return "source_reference"
    if field_name in INCIDENT_COLUMNS:
        return f"incident.{field_name}"
    return f"people[{index}].{field_name}"


def _outcome(summary: Summary, source_ref: str, agency_id: int) -> ReferralOutcome:
    session = db.session()
    state = dao.referral_states(session, agency_id, [source_ref])[source_ref]
    if summary.imported:
        status = "created"
    elif summary.amended:
        status = "amended"
    else:
        status = "duplicate"
    return ReferralOutcome(status, state.id, state.version, warnings=summary.warnings)


def discard_quarantined(row_id: int, reason: str, user_id: int) -> None:
    if not reason.strip():
        raise IntakeError("Enter the reason for discarding the row.")
    with transaction() as session:
        row = _open_row(session, row_id)
        row.status = QuarantineStatus.DISCARDED
        row.discard_reason = reason
        row.resolved_by_id, row.resolved_at = user_id, utcnow()
        record(session, "intake.quarantine.discard", object_type="quarantined_row",
               object_id=row.id, user_id=user_id)  # fmt: skip


def resubmit_quarantined(
    row_id: int, corrected: dict[str, str], user_id: int, today: date | None = None
) -> tuple[Summary | None, list[FieldError]]:
    """Validate a corrected row; when valid, import it and close the quarantine entry."""
    session = db.session()
    row = _open_row(session, row_id)
    checked = RowValidator(today or date.today()).validate(row.row_number, corrected)
    if isinstance(checked, InvalidRow):
        return None, list(checked.reasons)
    data = repr(sorted(corrected.items())).encode()
    name = f"correction of quarantined row {row.id}"

    def close_entry(tx: Session, summary: Summary) -> None:
        entry = _open_row(tx, row_id)
        entry.status = QuarantineStatus.RESUBMITTED
        entry.resolved_by_id, entry.resolved_at = user_id, utcnow()
        ref = checked.incident_ref
        entry.referral_id = dao.referral_states(tx, entry.agency_id, [ref])[ref].id
        record(tx, "intake.quarantine.resubmit", object_type="quarantined_row",
               object_id=entry.id, user_id=user_id, batch_id=summary.batch_id)  # fmt: skip

    summary = _store(
        data, row.agency_id, row.batch.channel, name, user_id, [checked], [], then=close_entry
    )
    return summary, []


def _open_row(session: Session, row_id: int) -> QuarantinedRow:
    row = dao.quarantined_row(session, row_id)
    if row is None or row.status != QuarantineStatus.OPEN:
        raise IntakeError("That quarantined row does not exist or has already been dealt with.")
    return row


# Reads for the intake pages.


def recent_batches() -> Sequence[ImportBatch]:
    return dao.recent_batches(db.session())


def unresolved_count() -> int:
    return dao.unresolved_count(db.session())


def quarantined_row(row_id: int) -> QuarantinedRow | None:
    return dao.quarantined_row(db.session(), row_id)
