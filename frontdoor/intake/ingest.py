"""Deciding where each validated row goes, then storing the lot in bulk.

Every row ends in exactly one place: imported (a person of a new referral), duplicate (nothing
new: seen before, or repeated in this batch), amended (changes a referral that already exists:
new or changed person, or changed incident details) or quarantined (kept with its reasons).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..models import ImportBatch, ResolutionStatus, utcnow
from . import dao
from .validation import (
    FieldError,
    Identity,
    Incident,
    InvalidRow,
    PersonFields,
    ValidRow,
    identity_key,
    same_person,
)


@dataclass
class Counts:
    imported: int = 0
    duplicates: int = 0
    amended: int = 0
    quarantined: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    referral_ids: list[int] = field(default_factory=list)


@dataclass
class _IncidentPlan:
    ref: str
    first_row: int
    incident: Incident
    existing: dao.ReferralState | None
    incident_hash: str
    # role-and-name key -> (identity, row hash) of each person of this batch
    seen: dict[str, list[tuple[Identity, str]]] = field(default_factory=dict)
    people: list[tuple[ValidRow, dao.EntryState | None]] = field(default_factory=list)

    @property
    def incident_changed(self) -> bool:
        return self.existing is not None and self.existing.incident_hash != self.incident_hash


class _Classifier:
    def __init__(self, session: Session, agency_id: int, rows: Sequence[ValidRow | InvalidRow]):
        refs = {row.incident_ref for row in rows if isinstance(row, ValidRow)}
        self.existing = dao.referral_states(session, agency_id, refs)
        self.entries = dao.entry_states(session, [s.id for s in self.existing.values()])
        self.named = Counter(
            (row.incident_ref, row.person_key) for row in rows if isinstance(row, ValidRow)
        )
        self.plans: dict[str, _IncidentPlan] = {}
        self.to_quarantine: list[InvalidRow] = []
        self.counts = Counts()

    def classify(self, row: ValidRow | InvalidRow) -> None:
        if isinstance(row, InvalidRow):
            self.to_quarantine.append(row)
            return
        self.counts.warnings.extend(f"Row {row.row_number}: {w}." for w in row.warnings)
        plan = self._plan_for(row)
        name, identity = row.person_key, row.person.identity
        earlier = [s for s in plan.seen.get(name, []) if same_person(s[0], identity)]
        if earlier:
            if any(row_hash == row.row_hash for _, row_hash in earlier):
                self.counts.duplicates += 1
            else:
                self._conflict(row, plan, "appears earlier in incident {ref} with other details")
            return
        existing = self.entries.get((plan.existing.id, name), []) if plan.existing else []
        matching = self._matching(existing, row)
        if len(matching) > 1:
            self._conflict(row, plan, "could be more than one person of incident {ref}")
            return
        if plan.seen.get(name) or (existing and not matching):
            row.person_key = identity_key(name, identity)  # a second person with this name
        plan.seen.setdefault(name, []).append((identity, row.row_hash))
        entry = matching[0] if matching else None
        if entry is not None:
            row.person_key = entry.person_key
        if plan.existing is None:
            self.counts.imported += 1
            plan.people.append((row, None))
            return
        if entry is not None and entry.row_hash == row.row_hash:
            self.counts.duplicates += 1
            return
        self.counts.amended += 1
        plan.people.append((row, entry))

    def _matching(self, existing: list[dao.EntryState], row: ValidRow) -> list[dao.EntryState]:
        """The referral's person this row is about. The only one with its role and name, when
        the batch too has one such row: a corrected date of birth is still an amendment."""
        if len(existing) == 1 and self.named[(row.incident_ref, row.person_key)] == 1:
            return existing
        identity = row.person.identity
        exact = [e for e in existing if e.identity == identity]
        return exact or [e for e in existing if same_person(e.identity, identity)]

    def _conflict(self, row: ValidRow, plan: _IncidentPlan, problem: str) -> None:
        reason = FieldError(
            "incident_ref",
            f"The same person (role, name, date of birth and identifiers) "
            f"{problem.format(ref=plan.ref)}; correct one of the rows or add a date of birth",
        )
        self.to_quarantine.append(InvalidRow(row.row_number, row.incident_ref, row.raw, (reason,)))

    def _plan_for(self, row: ValidRow) -> _IncidentPlan:
        plan = self.plans.get(row.incident_ref)
        if plan is None:
            existing = self.existing.get(row.incident_ref)
            plan = _IncidentPlan(
                row.incident_ref, row.row_number, row.incident, existing, row.incident_hash
            )  # fmt: skip
            self.plans[row.incident_ref] = plan
        elif row.incident_hash != plan.incident_hash:
            columns = _differing_columns(plan.incident, row.incident)
            self.counts.warnings.append(
                f"Row {row.row_number}: incident {plan.ref} disagrees with row {plan.first_row} "
                f"on {', '.join(columns)}; the value of row {plan.first_row} stands."
            )
        return plan


def store_rows(
    session: Session,
    batch: ImportBatch,
    rows: Sequence[ValidRow | InvalidRow],
    *,
    received_at: datetime | None = None,
) -> Counts:
    """Classify the rows of one batch and store referrals, people, history and quarantine."""
    classifier = _Classifier(session, batch.agency_id, rows)
    for row in rows:
        classifier.classify(row)
    counts = classifier.counts
    _quarantine(session, batch, classifier.to_quarantine, counts)
    writer = _Writer(session, batch, received_at or utcnow())
    for plan in classifier.plans.values():
        if plan.people or plan.incident_changed:
            writer.add(plan)
    counts.referral_ids = writer.flush()
    return counts


def _quarantine(
    session: Session, batch: ImportBatch, rows: list[InvalidRow], counts: Counts
) -> None:
    """Rows already held (from an earlier import, or earlier in this one) are duplicates."""
    held = dao.quarantined_hashes(session, batch.agency_id, {row.raw_hash for row in rows})
    new_rows = []
    for row in rows:
        if row.raw_hash in held:
            counts.duplicates += 1
            continue
        held.add(row.raw_hash)
        counts.quarantined += 1
        reasons = "; ".join(f"{r.field}: {r.message}" for r in row.reasons)
        counts.errors.append(f"Row {row.row_number} quarantined: {reasons}.")
        new_rows.append(
            {
                "batch_id": batch.id,
                "agency_id": batch.agency_id,
                "row_number": row.row_number,
                "incident_ref": (row.incident_ref or "")[:120] or None,
                "raw": row.raw,
                "raw_hash": row.raw_hash,
                "reasons": [r.as_json() for r in row.reasons],
                "created_at": utcnow(),
            }
        )
    dao.insert_quarantined(session, new_rows)


_RECORD_FIELDS = tuple(name for name in PersonFields.__slots__ if name != "role")


class _Writer:
    """Collects every insert and update of a batch so each table is written in one statement."""

    def __init__(self, session: Session, batch: ImportBatch, received_at: datetime) -> None:
        self.session, self.batch, self.received_at = session, batch, received_at
        self.now = utcnow()
        self.new_plans: list[_IncidentPlan] = []
        self.amended_plans: list[_IncidentPlan] = []

    def add(self, plan: _IncidentPlan) -> None:
        (self.new_plans if plan.existing is None else self.amended_plans).append(plan)

    def flush(self) -> list[int]:
        now = utcnow()
        people = [
            (plan, row, entry)
            for plan in self.new_plans + self.amended_plans
            for row, entry in plan.people
            if entry is None or entry.person_hash != row.person_hash
        ]
        record_ids = dao.insert_person_records(
            self.session, [self._record(row, now) for _, row, _ in people]
        )
        new_record = {id(row): rid for (_, row, _), rid in zip(people, record_ids, strict=True)}
        referral_ids = dao.insert_referrals(
            self.session, [self._referral(plan, now) for plan in self.new_plans]
        )
        for plan, rid in zip(self.new_plans, referral_ids, strict=True):
            plan.existing = dao.ReferralState(rid, 0, "")
        links: list[dict[str, Any]] = []
        entries: list[dict[str, Any]] = []
        entry_updates: list[dict[str, Any]] = []
        # History: a referral's first version is written down only when it is first amended
        # (until then the referral itself is that version), so most referrals need no copy.
        amended_ids = [p.existing.id for p in self.amended_plans if p.existing]
        revisions = dao.original_versions(self.session, amended_ids)
        for plan in self.new_plans + self.amended_plans:
            assert plan.existing is not None
            self._people_changes(plan, new_record, links, entries, entry_updates)
        revisions += [self._revision(plan, new_record, now) for plan in self.amended_plans]
        dao.insert_referral_people(self.session, links)
        dao.insert_entries(self.session, entries)
        dao.update_entries(self.session, entry_updates)
        dao.update_referrals(self.session, [self._amendment(p) for p in self.amended_plans])
        dao.insert_revisions(self.session, revisions)
        return [p.existing.id for p in self.new_plans + self.amended_plans if p.existing]

    def _people_changes(
        self,
        plan: _IncidentPlan,
        new_record: dict[int, int],
        links: list[dict[str, Any]],
        entries: list[dict[str, Any]],
        entry_updates: list[dict[str, Any]],
    ) -> None:
        assert plan.existing is not None
        referral_id = plan.existing.id
        for row, entry in plan.people:
            record_id = new_record.get(id(row), entry.person_record_id if entry else 0)
            state = {"person_hash": row.person_hash, "row_hash": row.row_hash}
            if entry is None:
                links.append(
                    {"referral_id": referral_id, "person_record_id": record_id,
                     "role": row.person.role, "created_at": self.now}
                )  # fmt: skip
                entries.append(
                    {"referral_id": referral_id, "person_key": row.person_key,
                     "role": row.person.role, "person_record_id": record_id, **state}
                )  # fmt: skip
                continue
            if record_id != entry.person_record_id:
                dao.relink_person(self.session, referral_id, entry.person_record_id, record_id)
            entry_updates.append({"id": entry.id, "person_record_id": record_id, **state})

    def _record(self, row: ValidRow, now: datetime) -> dict[str, Any]:
        person = row.person
        values = {name: getattr(person, name) for name in _RECORD_FIELDS}
        values.update(
            agency_id=self.batch.agency_id,
            source=self.batch.channel.value,
            source_ref=row.incident_ref,
            resolution_status=ResolutionStatus.UNRESOLVED,
            created_at=now,
        )
        return values

    def _referral(self, plan: _IncidentPlan, now: datetime) -> dict[str, Any]:
        return {
            **_incident_columns(plan.incident),
            "agency_id": self.batch.agency_id,
            "channel": self.batch.channel,
            "source_ref": plan.ref,
            "received_at": self.received_at,
            "version": 1,
            "created_at": now,
        }

    def _amendment(self, plan: _IncidentPlan) -> dict[str, Any]:
        assert plan.existing is not None
        return {
            **_incident_columns(plan.incident),
            "id": plan.existing.id,
            "version": plan.existing.version + 1,
        }

    def _revision(
        self, plan: _IncidentPlan, new_record: dict[int, int], now: datetime
    ) -> dict[str, Any]:
        """What this batch changed: the incident as it now stands, and the people it touched."""
        assert plan.existing is not None
        return {
            "referral_id": plan.existing.id,
            "version": plan.existing.version + 1,
            "batch_id": self.batch.id,
            "change": "amended",
            "incident": plan.incident.as_json(),
            "people": [
                {
                    "row": row.row_number,
                    "person_key": row.person_key,
                    "role": row.person.role.value,
                    "person_record_id": new_record.get(
                        id(row), entry.person_record_id if entry else 0
                    ),
                }
                for row, entry in plan.people
            ],
            "created_at": now,
        }


def _incident_columns(incident: Incident) -> dict[str, Any]:
    return {
        "reported_at": incident.reported_at,
        "incident_at": incident.incident_at,
        "location_postcode": incident.location_postcode,
        "risk_tool": incident.risk_tool,
        "dash_risk": incident.dash_risk,
        "dash_score": incident.dash_score,
        "risk_reason": incident.risk_reason,
        "children_present": incident.children_present,
        "separation": incident.separation,
        "pregnancy": incident.pregnancy,
        "strangulation": incident.strangulation,
        "stalking": incident.stalking,
        "threats_to_kill": incident.threats_to_kill,
        "consent_to_share": incident.consent_to_share,
        "officer": incident.officer,
        "narrative": incident.narrative,
    }


def _differing_columns(first: Incident, other: Incident) -> list[str]:
    a, b = first.as_json(), other.as_json()
    return [name for name in a if a[name] != b[name]]
