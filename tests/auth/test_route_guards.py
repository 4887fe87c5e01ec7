"""No route is left unguarded: every blueprint declares who may reach it, and it holds."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from frontdoor.auth.guards import GuardedBlueprint, roles_for_endpoint
from frontdoor.models import Role

from ..factories import Factory, sign_in

# The app-level static folder holds only our own CSS and JS: nothing personal.
APP_LEVEL_PUBLIC_ENDPOINTS = {"static"}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _rules(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules() if r.endpoint not in APP_LEVEL_PUBLIC_ENDPOINTS]


def _blueprint(app: Flask, rule: Rule) -> GuardedBlueprint:
    blueprint = app.blueprints[rule.endpoint.rpartition(".")[0]]
    assert isinstance(blueprint, GuardedBlueprint)
    return blueprint


def _sample_url(rule: Rule) -> str:
    path = rule.rule
    for argument in rule.arguments:
        path = path.replace(f"<{argument}>", "1")
        for converter in ("int", "string", "path", "uuid"):
            path = path.replace(f"<{converter}:{argument}>", "1")
    return path


def _methods(rule: Rule) -> list[str]:
    return [m for m in METHODS if m in (rule.methods or set())]


def test_every_blueprint_declares_its_access(app: Flask) -> None:
    undeclared = [
        name for name, bp in app.blueprints.items() if not isinstance(bp, GuardedBlueprint)
    ]
    assert undeclared == []


def test_every_route_belongs_to_a_guarded_blueprint(app: Flask) -> None:
    orphans = [r.rule for r in _rules(app) if "." not in r.endpoint]
    assert orphans == []


def test_anonymous_requests_to_every_non_public_route_are_refused(
    app: Flask, client: FlaskClient
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False  # so a POST reaches the guard, not the CSRF check
    checked = 0
    for rule in _rules(app):
        access = _blueprint(app, rule).access
        if access.kind == "public":
            continue
        for method in _methods(rule):
            response = client.open(_sample_url(rule), method=method)
            if access.kind == "api_key":
                assert response.status_code == 401, (method, rule.rule)
            else:
                assert response.status_code in (302, 401), (method, rule.rule)
                if response.status_code == 302:
                    assert response.location.startswith("/sign-in"), (method, rule.rule)
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("role", list(Role))
def test_role_guarded_routes_refuse_every_other_role(
    app: Flask, client: FlaskClient, factory: Factory, role: Role
) -> None:
    user = factory.user([role])
    sign_in(client, user)
    app.config["WTF_CSRF_ENABLED"] = False
    for rule in _rules(app):
        blueprint = _blueprint(app, rule)
        if blueprint.access.kind not in {"roles", "signed_in"}:
            continue
        admitted = roles_for_endpoint(app.view_functions[rule.endpoint], blueprint.access)
        if not admitted or role in admitted:
            continue
        for method in _methods(rule):
            response = client.open(_sample_url(rule), method=method)
            assert response.status_code == 403, (role, method, rule.rule)
