"""The current family's summary panel on the live page: the family page's summary, under the
family page's access and redaction rules (`agenda.service` -> `open_family`, audited), rendered
from the same template partial, sent over /items as HTML, and refreshed when a referral joins.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flask import render_template
from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from frontdoor.access.guard import AccessRefused, decide_family, open_family
from frontdoor.db import db, transaction
from frontdoor.extensions import socketio
from frontdoor.models import AgendaItem, AgendaSource, Meeting, MeetingStatus, Referral, User

from .. import family
from .access import Member
from .guard import meeting_room
from .meeting import item_of

NAMESPACE = "/items"
PURPOSE = "live meeting"
logger = logging.getLogger(__name__)


class NoAccess(PermissionError):
    """The access model does not let this member open the family."""


def summary_html(member: Member, item_id: object) -> tuple[int, str]:
    """(item id, the panel's HTML), asked again when the family changed. Raises NotOnAgenda
    or NoAccess."""
    session: Session = db.session()
    item = item_of(session, member.meeting_id, item_id)
    user = session.get(User, member.user_id)
    assert user is not None
    try:
        open_family(user, item.family_id, purpose=PURPOSE)
    except AccessRefused as refused:
        raise NoAccess(str(refused)) from refused
    return item.id, _render(item)


def open_item(member: Member, item_id: object) -> tuple[int, dict[str, object]]:
    """Opening an item on the live page: the access check and its one audit event (naming the
    agenda item) in one transaction, and the summary panel, or why it is not shown. Raises
    NotOnAgenda."""
    with transaction() as tx:
        item = item_of(tx, member.meeting_id, item_id)
        user = tx.get(User, member.user_id)
        assert user is not None
        decision = decide_family(tx, user, item.family_id, purpose=PURPOSE, agenda_item_id=item.id)
    if not decision:
        return item.id, {"ok": False, "error": "no_access"}
    return item.id, {"ok": True, "html": _render(item)}


def _render(item: AgendaItem) -> str:
    summary = family.family_summary(db.session(), item)
    return render_template("agenda/_family_summary.html", summary=summary, compact=True)


def summaries_changed(meeting_id: int, item_ids: Iterable[int]) -> None:
    """Tell every accepted page that these items' summaries changed (a referral joined):
    ids only; each page asks again for the one it shows, under its own access."""
    ids = sorted(set(item_ids))
    if ids:
        socketio.emit(
            "item:summary_changed",
            {"item_ids": ids},
            to=meeting_room(meeting_id),
            namespace=NAMESPACE,
        )


# --- a referral joins a family: pages showing it ask for the summary again ------------------

TOUCHED = "fd_summary_families"


def _note_referrals(session: Session, _context: object) -> None:
    touched: set[int] = session.info.setdefault(TOUCHED, set())
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Referral) and obj.family_id is not None:
            touched.add(obj.family_id)
        elif isinstance(obj, AgendaSource) and obj.agenda_item_id is not None:
            touched.add(-obj.agenda_item_id)  # an item id, told apart by its sign


def _announce(session: Session) -> None:
    touched: set[int] = session.info.pop(TOUCHED, set())
    if not touched:
        return
    families = [f for f in touched if f > 0]
    items = [-i for i in touched if i < 0]
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(
                select(AgendaItem.meeting_id, AgendaItem.id)
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(
                    Meeting.status != MeetingStatus.CLOSED,
                    or_(AgendaItem.family_id.in_(families), AgendaItem.id.in_(items)),
                )
            ).all()
    except Exception:  # never let a notice break a commit that has happened
        logger.exception("could not tell live pages about a changed family")
        return
    by_meeting: dict[int, list[int]] = {}
    for meeting_id, item_id in rows:
        by_meeting.setdefault(meeting_id, []).append(item_id)
    for meeting_id, item_ids in by_meeting.items():
        summaries_changed(meeting_id, item_ids)


def _forget(session: Session) -> None:
    session.info.pop(TOUCHED, None)


def install_listeners() -> None:
    if not event.contains(Session, "after_flush", _note_referrals):
        event.listen(Session, "after_flush", _note_referrals)
        event.listen(Session, "after_commit", _announce)
        event.listen(Session, "after_soft_rollback", _forget_soft)


def _forget_soft(session: Session, _previous: object) -> None:
    _forget(session)
