"""Each agency's open cases: the people it is actively working with, sent as a batch (API,
CSV file, drop folder). People are matched to the person index exactly as referrals are
(confident matches link, uncertain ones go to the review queue); each case keeps the agency's
involvement with its person current. A case sent with `closed` ends that involvement.

Idempotent: a case is keyed by the agency and its `case_reference`; sending it again only
refreshes its involvement.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.dates import parse_date_of_birth

from ..audit import service as audit
from ..db import transaction
from ..identity import involvements
from ..identity.resolution import resolve_record
from ..models import Involvement, PersonRecord, ResolutionStatus
from .field_readers import FieldError
from .validation import parse_person

SOURCE = "open_cases"
MAX_CASES = 1000
CASE_FIELDS: dict[str, str] = {
    "case_reference": "The agency's own reference for the case. Required; the batch key.",
    "given_name": "Given name.",
    "surname": "Surname.",
    "date_of_birth": "yyyy-mm-dd or dd/mm/yyyy.",
    "postcode": "UK postcode.",
    "nhs_number": "10 digits, spaces allowed.",
    "since": "yyyy-mm-dd: since when the agency has been working with the person.",
    "lead": "true when the agency leads the work with the person.",
    "lead_worker": "The named worker, if the agency shares it.",
    "closed": "true when the case is closed: the involvement ends.",
}
_PERSON_FIELDS = ("given_name", "surname", "date_of_birth", "postcode", "nhs_number")
_YES = {"y", "yes", "true", "1"}


@dataclass
class CaseOutcome:
    case_reference: str
    status: str  # linked | new | review | refreshed | closed | not_found | invalid
    errors: list[FieldError] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"case_reference": self.case_reference, "status": self.status,
                "errors": [e.as_json() for e in self.errors]}  # fmt: skip


class OpenCasesError(ValueError):
    pass


def read_csv(data: bytes) -> list[dict[str, str]]:
    """The rows of an open-cases CSV file (UTF-8, a header with case_reference)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OpenCasesError("The file is not UTF-8 text.") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "case_reference" not in reader.fieldnames:
        raise OpenCasesError("The file has no case_reference column.")
    return [{k: (v or "") for k, v in row.items() if k} for row in reader]


def submit_open_cases(
    agency_id: int, cases: Sequence[Mapping[str, str]], *, channel: str, today: date
) -> list[CaseOutcome]:
    if len(cases) > MAX_CASES:
        raise OpenCasesError(f"Send at most {MAX_CASES} cases at a time.")
    with transaction() as tx:
        outcomes = [_one(tx, agency_id, case, today) for case in cases]
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        audit.record(
            tx, "involvements.open_cases", object_type="agency", object_id=agency_id,
            agency_id=agency_id, channel=channel, outcomes=counts,
        )  # fmt: skip
        return outcomes


def _one(tx: Session, agency_id: int, case: Mapping[str, str], today: date) -> CaseOutcome:
    ref = (case.get("case_reference") or "").strip()
    if not ref or len(ref) > 120:
        return CaseOutcome(ref[:120], "invalid", [FieldError("case_reference", "Required")])
    unknown = sorted(set(case) - set(CASE_FIELDS))
    if unknown:
        return CaseOutcome(ref, "invalid", [FieldError(n, "Unknown field") for n in unknown])
    if _yes(case.get("closed")):
        return CaseOutcome(ref, _close(tx, agency_id, ref, today))
    since = _since(case.get("since"), today)
    if isinstance(since, FieldError):
        return CaseOutcome(ref, "invalid", [since])
    record = _existing(tx, agency_id, ref)
    status = "refreshed"
    if record is None:
        errors: list[FieldError] = []
        record = _new_record(tx, agency_id, ref, case, today, errors)
        if record is None:
            return CaseOutcome(ref, "invalid", errors)
        status = _STATUS[resolve_record(tx, record)]
    assert record.person_id is not None
    involvements.refresh(tx, agency_id, person_id=record.person_id, source=SOURCE,
                         source_ref=ref, is_lead=_yes(case.get("lead")),
                         lead_worker=(case.get("lead_worker") or "").strip() or None,
                         since=since)  # fmt: skip
    return CaseOutcome(ref, status)


_STATUS = {
    ResolutionStatus.LINKED: "linked",
    ResolutionStatus.NEW: "new",
    ResolutionStatus.REVIEW: "review",
}


def _yes(value: object) -> bool:
    return str(value or "").strip().lower() in _YES


def _since(value: str | None, today: date) -> date | None | FieldError:
    if not (value or "").strip():
        return None
    parsed = parse_date_of_birth(str(value).strip(), today)
    return (
        parsed if parsed is not None else FieldError("since", "Must be a date, not in the future")
    )


def _existing(tx: Session, agency_id: int, ref: str) -> PersonRecord | None:
    return tx.scalar(
        select(PersonRecord).where(PersonRecord.agency_id == agency_id,
                                   PersonRecord.source == SOURCE, PersonRecord.source_ref == ref)
        .order_by(PersonRecord.id.desc()).limit(1)
    )  # fmt: skip


def _new_record(
    tx: Session, agency_id: int, ref: str, case: Mapping[str, str], today: date,
    errors: list[FieldError],
) -> PersonRecord | None:  # fmt: skip
    raw = {"role": "other", **{k: str(case[k]) for k in _PERSON_FIELDS if case.get(k)}}
    person, _warnings = parse_person(raw, today, errors)
    if person is None:
        return None
    if not (person.date_of_birth or person.postcode or person.nhs_number):
        errors.append(FieldError("date_of_birth", "Give a date of birth, postcode or NHS number"))
        return None
    values = {name: getattr(person, name) for name in person.__slots__ if name != "role"}
    record = PersonRecord(agency_id=agency_id, source=SOURCE, source_ref=ref,
                          resolution_status=ResolutionStatus.UNRESOLVED, **values)  # fmt: skip
    tx.add(record)
    tx.flush()
    return record


def _close(tx: Session, agency_id: int, ref: str, today: date) -> str:
    rows = tx.scalars(
        select(Involvement).where(Involvement.agency_id == agency_id,
                                  Involvement.source_ref == ref, Involvement.ended_on.is_(None))
    ).all()  # fmt: skip
    for row in rows:
        involvements.end(tx, row, today)
    return "closed" if rows else "not_found"
