"""Need to know on every state-changing route (issue #16, findings 4 and 15's sibling).

The GET sweep (test_need_to_know.py) proves no page shows a family to someone without a
relationship. This sweep does the same for every POST, PUT and DELETE route of the URL map
that takes a key (an integer id, a date or a string): each user without access to the secret
meeting sends the route, with a valid CSRF token and a form naming the secret's records, built
with every one of the secret's keys. Each must be refused (403 or 404), change nothing in the
database, and show nothing of the family in its answer. Routes that act on the user's own
records or on accounts (not case data) are listed with the reason.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import MetaData, select
from werkzeug.routing import Rule

from frontdoor.db import db
from frontdoor.models import Base

from ..factories import csrf_token_from, sign_in
from .test_need_to_know import SECRET, Secret, _urls
from .test_need_to_know import secret as secret  # noqa: F401  (the fixture)

WRITES = {"POST", "PUT", "DELETE", "PATCH"}

# Keyed state-changing routes that touch no case record of anyone else, with the reason.
NOT_CASE_DATA = {
    "access.claim": "break-glass by design: an expiring, reviewed self-claim (test_access_model)",
    "admin.agency_active": "account administration (administrators; no case data)",
    "admin.approve_role_grant": "account administration (administrators; no case data)",
    "admin.edit_user": "account administration (administrators; no case data)",
    "admin.refuse_role_grant": "account administration (administrators; no case data)",
    "admin.sharing_entry": "the information-sharing register (administrators; no case data)",
    "admin.user_active": "account administration (administrators; no case data)",
    "admin.user_password": "account administration (administrators; no case data)",
    "admin.user_reset_two_factor": "account administration (administrators; no case data)",
    "admin.user_sign_out_everywhere": "account administration (administrators; no case data)",
    "agenda_admin.remove_non_meeting_date": "the meeting schedule: dates, not cases",
    "api_keys.revoke": "the agency's API keys (managers; no case data)",
    "children.key_adult": "schools' key adults: school staff, not cases (coordinators, admins)",
    "mail_admin.retry": "the e-mail outbox (administrators)",
    "notice.acknowledge": "the user's own acknowledgement of the privacy notice",
}

# Bookkeeping that a refused request may write: the refusal's audit row, the session's clock.
BOOKKEEPING = {"audit_events", "audit_chain_tip", "sessions", "user_sessions", "rate_limits"}

FORM = {
    "text": f"{SECRET} note",
    "reason": "Checking the family before the visit",
    "note": "x",
    "outcome": "justified",
    "description": f"Visit {SECRET}",
    "value": "x",
    "decision": "x",
    "due_on": "2030-01-03",
    "invited": "y",
}


def _write_rules(app: Flask) -> list[Rule]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.arguments and (rule.methods or set()) & WRITES
    ]


def _state(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the bookkeeping ones."""
    with app.app_context():
        session = db.session()
        tables = MetaData()
        tables.reflect(bind=session.get_bind())
        return {
            name: sorted(map(repr, session.execute(select(table)).all()))  # type: ignore[arg-type]
            for name, table in tables.tables.items()
            if name not in BOOKKEEPING and name in Base.metadata.tables
        }


def test_the_write_sweep_covers_keyed_routes_of_every_kind(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in _write_rules(app)}
    assert {"governance.review", "tracking.add_update", "minutes.add_addendum"} <= endpoints
    assert set(NOT_CASE_DATA) <= endpoints


def test_no_state_changing_route_acts_for_anyone_without_a_relationship(
    app: Flask, secret: Secret
) -> None:
    rules = [r for r in _write_rules(app) if r.endpoint not in NOT_CASE_DATA]
    targets = sorted(
        {
            (url, method)
            for rule in rules
            for url in _urls(app, rule, secret)
            for method in sorted((rule.methods or set()) & WRITES)
        }
    )
    assert len(targets) >= 30
    clients = {}
    for label, user in secret.others.items():
        clients[label] = app.test_client()
        sign_in(clients[label], user)
    before = _state(app)
    answered, leaks = {}, []
    for label, client in clients.items():
        token = csrf_token_from(client, "/")
        for url, method in targets:
            response = client.open(url, method=method, data={**FORM, "csrf_token": token})
            answered[(label, method, url)] = response.status_code
            body = response.get_data(as_text=True)
            if SECRET in body.replace(f"{SECRET} note", "").replace(f"Visit {SECRET}", ""):
                leaks.append((label, url))
    allowed = {key: status for key, status in answered.items() if status not in (403, 404)}
    assert allowed == {}
    assert leaks == []
    assert _state(app) == before
