"""Forms on the family page that the meeting fills in (#20): the decision to share without
consent, and a partner marking which of its agency's preparation it shared."""

from __future__ import annotations

from collections.abc import Mapping

from flask import flash
from werkzeug.datastructures import MultiDict

from frontdoor.db import transaction
from frontdoor.models import User

from . import dao, preparation
from .consent import ConsentError, record_decision
from .minutes.freeze import MeetingClosed, ensure_open

FORMS = ("consent", "shared")


def submit(item_id: int, form: MultiDict[str, str] | Mapping[str, str], user: User) -> None:
    """The viewer may open the family (checked by the page); the outcome is flashed."""
    try:
        if form.get("form") == "consent":
            _consent(item_id, form, user)
            flash("The decision to share without consent is recorded.", "success")
        else:
            entry = form.get("entry_id", "")
            shared = form.get("shared") == "yes"
            preparation.mark_shared(item_id, int(entry) if entry.isdigit() else 0, user, shared)
            flash("Marked as shared." if shared else "Marked as not shared.", "success")
    except (ConsentError, preparation.PreparationError, MeetingClosed) as exc:
        flash(str(exc), "error")


def _consent(item_id: int, form: MultiDict[str, str] | Mapping[str, str], user: User) -> None:
    grounds = form.getlist("grounds") if isinstance(form, MultiDict) else []
    with transaction() as tx:
        item = dao.item_by_id(tx, item_id)
        if item is None:
            raise ConsentError("There is no such agenda item.")
        ensure_open(tx, item.meeting_id)
        data = {
            name: form.get(name, "")
            for name in ("justification", "victim_told", "told_by", "how_safely")
        }
        record_decision(tx, item, {**data, "grounds": grounds}, user.id)
