"""The app's routes, as the security tests walk them."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import Rule

from frontdoor.auth.guards import GuardedBlueprint

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")


def sample_url(rule: Rule, value: str = "1") -> str:
    """A concrete URL for a rule, each argument set to `value` (days to a date)."""
    path = rule.rule
    for argument, converter in rule._converters.items():
        name = type(converter).__name__
        filled = "2030-01-02" if argument == "day" else value
        if name == "AnyConverter":
            filled = sorted(converter.items)[0]  # type: ignore[attr-defined]
        path = _replace_argument(path, argument, filled)
    return path


def _replace_argument(path: str, argument: str, value: str) -> str:
    start = path.index("<")
    while start != -1:
        end = path.index(">", start)
        if path[start + 1 : end].split(":")[-1] == argument:
            return path[:start] + value + path[end + 1 :]
        start = path.find("<", end)
    return path


def blueprint_of(app: Flask, rule: Rule) -> GuardedBlueprint | None:
    blueprint = app.blueprints.get(rule.endpoint.rpartition(".")[0])
    return blueprint if isinstance(blueprint, GuardedBlueprint) else None


def state_changing_rules(app: Flask) -> list[tuple[Rule, str]]:
    """Every (rule, method) that changes state with cookie authentication (API keys: no CSRF)."""
    found = []
    for rule in app.url_map.iter_rules():
        blueprint = blueprint_of(app, rule)
        if blueprint is None or blueprint.access.kind == "api_key":
            continue
        found.extend((rule, m) for m in STATE_CHANGING if m in (rule.methods or set()))
    return found
