"""In-app notifications about actions: identifiers only, written when the action is created
or reassigned (in that transaction) and by a daily job (due tomorrow, overdue).

Recipients: the named lead; when nobody is named, every active partner of the lead agency.
A notice's text is written when it is shown, from the action as it is then, and only if the
reader may still see the action (`agenda.tracking.rules.may_view`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agenda import family_dao
from frontdoor.access.redaction import scrub, withheld_values
from frontdoor.db import transaction
from frontdoor.mail import outbox
from frontdoor.models import Action, ActionAcceptance, Notification, NotificationKind, User, utcnow
from frontdoor.names import long_date

from ..family_names import FamilyName, family_name, family_names
from . import dao
from .rules import Lead, Viewer, may_view

KIND_TEXT = {
    NotificationKind.ACTION_ASSIGNED: "New action for you",
    NotificationKind.ACTION_REASSIGNED: "An action was reassigned to you",
    NotificationKind.ACTION_DUE_TOMORROW: "Action due tomorrow",
    NotificationKind.ACTION_OVERDUE: "Action overdue",
}

EMAIL_LABELS = {
    NotificationKind.ACTION_ASSIGNED: "A new action for me or my agency",
    NotificationKind.ACTION_REASSIGNED: "An action reassigned to me or my agency",
    NotificationKind.ACTION_DUE_TOMORROW: "An action due tomorrow",
    NotificationKind.ACTION_OVERDUE: "An overdue action",
}
for _kind, _label in EMAIL_LABELS.items():
    outbox.register_kind(_kind.value, _label)


PROPOSED_TEXT = "An action was proposed to your agency: accept it or say why not"
ASSIGNING = (NotificationKind.ACTION_ASSIGNED, NotificationKind.ACTION_REASSIGNED)


def title_of(kind: NotificationKind, action: Action) -> str:
    """An action offered to an agency that has not accepted it is a proposal (#20)."""
    if kind in ASSIGNING and action.acceptance == ActionAcceptance.PROPOSED:
        return PROPOSED_TEXT
    return KIND_TEXT[kind]


def family_of(session: Session, action: Action) -> str:
    """The action's family as its readers name it ("Smith family (Amy Smith)"), scrubbed of
    the family's withheld details like every text about it."""
    named = family_name(session, action.family_id).text
    return scrub(named, withheld_values(session, action.family_id))


def email(tx: Session, user_id: int, action: Action, kind: NotificationKind) -> None:
    """The e-mail twin of an in-app notice, in the same transaction (frontdoor.mail). The
    details (family, action, due date) go only in kinds configured to carry case details."""
    withheld = withheld_values(tx, action.family_id)
    details = [
        ("Family", family_of(tx, action)),
        ("Action", scrub(action.description, withheld)),
        ("Due", long_date(action.due_on)),
    ]
    if child := family_dao.person_name(tx, action.child_person_id):
        details.insert(2, ("For the child", child))
    outbox.notify_user(
        tx, user_id, kind.value, title=title_of(kind, action), path=f"/actions/{action.id}",
        details=details, reference=f"action:{action.id}",
    )  # fmt: skip


def recipients(session: Session, action: Action) -> list[int]:
    """A proposal goes to every partner of the agency (those who sent apologies included) and
    the named lead; an accepted action to the named lead, else the agency's partners."""
    if action.acceptance == ActionAcceptance.PROPOSED:
        everyone = dao.partner_recipients(session, action.lead_agency_id)
        named = action.lead_user_id
        if named is not None and named not in everyone and dao.active_user(session, named):
            everyone.append(named)
        return everyone
    if action.lead_user_id is not None and dao.active_user(session, action.lead_user_id):
        return [action.lead_user_id]
    return dao.partner_recipients(session, action.lead_agency_id)


def notify_assignment(tx: Session, action: Action, *, reassigned: bool) -> list[Notification]:
    """Called in the transaction that creates or reassigns the action."""
    kind = NotificationKind.ACTION_REASSIGNED if reassigned else NotificationKind.ACTION_ASSIGNED
    occasion = utcnow().isoformat(timespec="microseconds")
    made = [
        Notification(user_id=user_id, kind=kind, action_id=action.id, occasion=occasion)
        for user_id in recipients(tx, action)
    ]
    tx.add_all(made)
    for notice in made:
        email(tx, notice.user_id, action, kind)
    tx.flush()
    return made


@dataclass(frozen=True)
class DueRun:
    due_tomorrow: int
    overdue: int


def notify_due(today: date, attempts: int = 3) -> DueRun:
    """The daily job: one notice per recipient per action per due date, however often it runs.

    Already-made notices are read first and skipped; the unique key on (user, action, kind,
    occasion) stops a concurrent run, whose transaction is then retried and finds them made.
    """
    for attempt in range(attempts):
        try:
            with transaction() as tx:
                return _notify_due(tx, today)
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _notify_due(tx: Session, today: date) -> DueRun:
    tomorrow = dao.open_actions_due(tx, today + timedelta(days=1), None)
    overdue = dao.open_actions_due(tx, None, today)
    return DueRun(
        _make(tx, tomorrow, NotificationKind.ACTION_DUE_TOMORROW),
        _make(tx, overdue, NotificationKind.ACTION_OVERDUE),
    )


def _make(tx: Session, actions: Sequence[Action], kind: NotificationKind) -> int:
    existing = dao.existing_notification_keys(tx, [a.id for a in actions], [kind.value])
    named = {a.lead_user_id for a in actions if a.lead_user_id is not None}
    active = {uid for uid in named if dao.active_user(tx, uid)}
    unnamed = [a.lead_agency_id for a in actions if a.lead_user_id not in active]
    partners = dao.partner_recipients_by_agency(tx, sorted(set(unnamed)))
    made = 0
    for action in actions:
        occasion = action.due_on.isoformat()
        if action.lead_user_id in active:
            users = [action.lead_user_id]
        else:
            users = partners.get(action.lead_agency_id, [])
        for user_id in users:
            if (user_id, action.id, kind.value, occasion) in existing:
                continue
            tx.add(Notification(user_id=user_id, kind=kind, action_id=action.id, occasion=occasion))
            email(tx, user_id, action, kind)
            made += 1
    tx.flush()
    return made


@dataclass(frozen=True)
class ShownNotification:
    id: int
    title: str
    action_id: int | None  # None when the reader may no longer see the action
    description: str
    due_on: date | None
    child: str | None
    created_at: datetime
    read: bool
    family: str = ""  # "" when the reader may no longer see the action


def shown(session: Session, user: User) -> list[ShownNotification]:
    viewer = Viewer(user.id, user.agency_id, user.roles)
    notices = dao.notifications_of(session, user.id)
    visible = {
        n.id: may_view(viewer, Lead(n.action.lead_agency_id, n.action.lead_user_id))
        for n in notices
    }
    families = family_names(session, [n.action.family_id for n in notices if visible[n.id]])
    withheld = withheld_values(session)  # every family's: one set for every notice
    return [_shown(session, n, visible[n.id], families, withheld) for n in notices]


def _shown(
    session: Session,
    notice: Notification,
    visible: bool,
    families: dict[int, FamilyName],
    withheld: frozenset[str],
) -> ShownNotification:
    action = notice.action
    return ShownNotification(
        id=notice.id,
        title=title_of(notice.kind, action),
        action_id=action.id if visible else None,
        description=scrub(action.description, withheld)
        if visible
        else "An action your agency no longer leads.",
        due_on=action.due_on if visible else None,
        child=family_dao.person_name(session, action.child_person_id) if visible else None,
        created_at=notice.created_at,
        read=notice.read_at is not None,
        family=scrub(families[action.family_id].text, withheld) if visible else "",
    )


def mark_read(user_id: int, notification_id: int | None) -> int:
    """Mark one notice (or, with None, all) of this user read; another user's notice is a
    LookupError (the page answers 404, as for one that does not exist)."""
    with transaction() as tx:
        if notification_id is not None:
            notice = tx.get(Notification, notification_id)
            if notice is None or notice.user_id != user_id:
                raise LookupError(notification_id)
        return dao.mark_read(tx, user_id, notification_id, utcnow())
