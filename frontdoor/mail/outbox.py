"""Writing e-mail: the only writer of `outbox_messages`.

Every message is written inside the caller's transaction (it goes if and only if the event it
tells of commits), and every part of it passes the withheld-detail guard first: a withheld
address, postcode or phone number never reaches an e-mail, whatever the caller put in it.

By default a message to a user is a bare notice ("you have a new item in Front Door") with a
link; a kind named in `MAIL_DETAIL_KINDS` also carries the item's detail lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, render_template
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access.withheld import Guard, guard_for
from ..db import transaction
from ..models import MailPreference, OutboxMessage, OutboxStatus, User, utcnow


@dataclass(frozen=True)
class MailKind:
    code: str
    label: str  # what the user sees on their e-mail settings page
    user_choice: bool = True  # False: sent to an address, not to a user (schools, health)


KINDS: dict[str, MailKind] = {}


def register_kind(code: str, label: str, *, user_choice: bool = True) -> MailKind:
    kind = MailKind(code, label, user_choice)
    KINDS[code] = kind
    return kind


def user_kinds() -> list[MailKind]:
    return [k for k in KINDS.values() if k.user_choice]


@dataclass(frozen=True)
class Content:
    """What a message says: a heading, lines of (label, value), a link, and closing words."""

    subject: str
    heading: str
    lines: Sequence[tuple[str, str]] = ()
    link: str | None = None
    link_text: str = "Open Front Door"
    footer: Sequence[str] = field(default_factory=tuple)


def guard(content: Content, withheld: Guard) -> Content:
    """The withheld-detail guard on every string of the content (`frontdoor.access.withheld`:
    every withheld detail in the database, however written, and its pieces)."""
    scrub = withheld.scrub_text
    return Content(
        subject=scrub(content.subject),
        heading=scrub(content.heading),
        lines=[(scrub(a), scrub(b)) for a, b in content.lines],
        link=content.link,
        link_text=scrub(content.link_text),
        footer=[scrub(line) for line in content.footer],
    )


def enqueue(
    tx: Session,
    *,
    kind: str,
    recipient: str,
    content: Content,
    user_id: int | None = None,
    reference: str | None = None,
    now: datetime | None = None,
) -> OutboxMessage:
    """Write one message to the outbox in this transaction; the sender job sends it."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of e-mail: {kind}")
    safe = guard(content, guard_for(tx))
    context = {"content": safe}
    message = OutboxMessage(
        kind=kind,
        recipient=recipient,
        user_id=user_id,
        reference=reference,
        subject=safe.subject[:200],
        text_body=plain_text(safe),
        html_body=render_template("mail/message.html", **context),
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=now or utcnow(),
    )
    tx.add(message)
    return message


def plain_text(content: Content) -> str:
    """The plain-text part: the heading, one "label: value" line each, the link, the footer."""
    parts = [content.heading, ""]
    parts += [f"{label}: {value}" for label, value in content.lines]
    if content.link:
        parts += ["", f"{content.link_text}: {content.link}"]
    parts += ["", *content.footer, "", "OFFICIAL-SENSITIVE", ""]
    return "\n".join(parts)


def link(path: str) -> str:
    return current_app.config["MAIL_BASE_URL"].rstrip("/") + path


def wants(tx: Session, user_id: int, kind: str) -> bool:
    choice = tx.scalar(
        select(MailPreference.enabled).where(
            MailPreference.user_id == user_id, MailPreference.kind == kind
        )
    )
    return True if choice is None else bool(choice)


def notify_user(
    tx: Session,
    user_id: int,
    kind: str,
    *,
    title: str,
    path: str,
    details: Sequence[tuple[str, str]],
    reference: str | None = None,
) -> OutboxMessage | None:
    """Tell a user by e-mail, if they are active, have an address and want this kind: a bare
    notice with a link, or with `details` when the kind is configured to carry them."""
    user = tx.get(User, user_id)
    if user is None or not user.active or not user.email or not wants(tx, user_id, kind):
        return None
    detailed = kind in current_app.config["MAIL_DETAIL_KINDS"]
    content = Content(
        subject="Front Door: you have a new item",
        heading=f"You have a new item in Front Door: {title}." if detailed else
        "You have a new item in Front Door.",
        lines=details if detailed else (),
        link=link(path),
        footer=(_why(kind),),
    )  # fmt: skip
    return enqueue(
        tx, kind=kind, recipient=user.email, content=content, user_id=user_id,
        reference=reference,
    )  # fmt: skip


def _why(kind: str) -> str:
    label = KINDS[kind].label
    return (
        f"You get this e-mail because you chose '{label}' on your e-mail settings page in "
        "Front Door. Sign in to read the item; e-mail never carries case details unless your "
        "council has chosen otherwise."
    )


def set_choices(tx: Session, user_id: int, enabled: set[str]) -> None:
    """Record a user's choice for every kind they can choose."""
    for kind in user_kinds():
        row = tx.get(MailPreference, (user_id, kind.code))
        if row is None:
            tx.add(MailPreference(user_id=user_id, kind=kind.code, enabled=kind.code in enabled))
        else:
            row.enabled = kind.code in enabled


def choices(tx: Session, user_id: int) -> dict[str, bool]:
    return {k.code: wants(tx, user_id, k.code) for k in user_kinds()}


def save_choices(user_id: int, chosen: set[str]) -> None:
    """A user's own choice of e-mail kinds, in its own transaction (known kinds only)."""
    known = {kind.code for kind in user_kinds()}
    with transaction() as tx:
        set_choices(tx, user_id, chosen & known)
