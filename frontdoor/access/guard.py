"""The calls views and socket handlers make before showing a family or a person.

`open_family(user, family_id, purpose=...)` checks the access model, records the view (or the
refusal) in the audit log, and returns the basis; it raises `AccessRefused` when the model
forbids it. Views turn that into a 403 page offering self-claimed access; socket handlers
refuse the event.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..audit.service import record
from ..db import transaction
from ..models import User
from .policy import AccessDecision, family_access, person_access


class AccessRefused(PermissionError):
    def __init__(self, object_type: str, object_id: int) -> None:
        super().__init__(f"No legitimate relationship with {object_type} {object_id}.")
        self.object_type = object_type
        self.object_id = object_id


def open_family(user: User, family_id: int, *, purpose: str) -> AccessDecision:
    with transaction() as tx:
        decision = family_access(tx, user, family_id)
        _record_view(tx, "family", family_id, decision, purpose)
    if not decision:
        raise AccessRefused("family", family_id)
    return decision


def decide_family(
    tx: Session, user: User, family_id: int, *, purpose: str, **details: Any
) -> AccessDecision:
    """`open_family`'s check and audit event inside the caller's transaction (one event for a
    page that shows the family in several panels); the caller refuses when it is falsy."""
    decision = family_access(tx, user, family_id)
    _record_view(tx, "family", family_id, decision, purpose, **details)
    return decision


def open_person(user: User, person_id: int, *, purpose: str) -> AccessDecision:
    with transaction() as tx:
        decision = person_access(tx, user, person_id)
        _record_view(tx, "person", person_id, decision, purpose)
    if not decision:
        raise AccessRefused("person", person_id)
    return decision


def _record_view(
    tx: Session,
    object_type: str,
    object_id: int,
    decision: AccessDecision,
    purpose: str,
    **details: Any,
) -> None:
    action = f"{object_type}.viewed" if decision else f"{object_type}.view_refused"
    basis = decision.basis.value if decision.basis else None
    record(
        tx, action, object_type=object_type, object_id=object_id, purpose=purpose, basis=basis,
        **details,
    )  # fmt: skip
