"""The menu: each signed-in user sees the links their roles can use, in a fixed order."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from ..models import Role


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    text: str
    roles: frozenset[Role]


ALL_ROLES = frozenset(Role)

MENU = [
    NavLink("web.home", "Home", ALL_ROLES),
    NavLink("agenda.today", "Agenda", frozenset({Role.COORDINATOR, Role.PARTNER})),
    NavLink(
        "tracking.our_actions",
        "Our actions",
        frozenset({Role.COORDINATOR, Role.PARTNER, Role.MANAGER}),
    ),
    NavLink("minutes.index", "Minutes", frozenset({Role.COORDINATOR, Role.PARTNER, Role.MANAGER})),
    NavLink("intake.upload", "Police file", frozenset({Role.COORDINATOR})),
    NavLink("intake.quarantine", "Quarantine", frozenset({Role.COORDINATOR})),
    NavLink("identity.review_queue", "Identity review", frozenset({Role.COORDINATOR})),
    NavLink("children.tracker", "Encompass", frozenset({Role.COORDINATOR, Role.MANAGER})),
    NavLink("children.schools_page", "Schools", frozenset({Role.COORDINATOR, Role.ADMIN})),
    NavLink("identity_lookup.who_is_in_contact", "Who is in contact", ALL_ROLES - {Role.ADMIN}),
    NavLink(
        "referral_form.start",
        "Make a referral",
        frozenset({Role.PARTNER, Role.AGENCY_WORKER, Role.COORDINATOR}),
    ),
    NavLink("open_cases.upload", "Open cases", frozenset({Role.MANAGER})),
    NavLink("outcomes.dashboard", "Outcomes", frozenset({Role.MANAGER, Role.ADMIN})),
    NavLink("governance.claims", "Access reviews", frozenset({Role.MANAGER, Role.ADMIN})),
    NavLink("admin.users", "Users", frozenset({Role.ADMIN})),
    NavLink("admin.agencies", "Agencies", frozenset({Role.ADMIN})),
    NavLink("api_keys.keys", "API keys", frozenset({Role.ADMIN})),
    NavLink("agenda_admin.schedule", "Meeting schedule", frozenset({Role.ADMIN})),
    NavLink("mail_admin.outbox_page", "E-mail outbox", frozenset({Role.ADMIN})),
    NavLink("account.sessions_page", "Your account", ALL_ROLES),
    NavLink("mail.choices", "E-mail", ALL_ROLES),
]


def nav_links() -> list[NavLink]:
    if not current_user.is_authenticated:
        return []
    return [link for link in MENU if current_user.has_role(*link.roles)]
