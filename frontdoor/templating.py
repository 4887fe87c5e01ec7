"""Jinja set-up: the GOV.UK Frontend macros, the CSP nonce and the user's header details."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_login import current_user
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from .config import PROJECT_ROOT
from .models import Role
from .names import display_name, iso, long_date, long_datetime, month_year, short_time
from .security import csp_nonce
from .web.navigation import nav_links

TEMPLATES = PROJECT_ROOT / "frontdoor" / "templates"


def init_templating(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(TEMPLATES)),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(_page_context)
    app.jinja_env.filters["fd_select_item"] = _select_item
    app.jinja_env.filters["fd_checkbox_item"] = _checkbox_item
    # One date format everywhere: "4 December 2026" and "4 December 2026 09:30" (local time).
    app.jinja_env.filters["date_long"] = long_date
    app.jinja_env.filters["datetime_long"] = long_datetime
    app.jinja_env.filters["time_short"] = short_time
    app.jinja_env.filters["month_year"] = month_year
    app.jinja_env.filters["local_time"] = long_datetime  # the older name of datetime_long
    # Machine formats (URLs, form values) only: tests/web/test_date_format.py holds the line.
    app.jinja_env.filters["iso"] = iso
    # One display form of names: "SMITH" / "smith" -> "Smith"; mixed case as the record has it.
    app.jinja_env.globals["person_name"] = display_name


def _page_context() -> dict[str, Any]:
    return {
        "cspNonce": csp_nonce(),
        "assetPath": "/assets",
        "serviceName": "Front Door",
        "serviceUrl": "/",
        "current_user": current_user,
        "Role": Role,
        "nav_links": nav_links,
    }


def _select_item(choice: Any, selected: Any) -> dict[str, Any]:
    """A WTForms SelectChoice as a GOV.UK select item."""
    return {
        "value": choice.value,
        "text": choice.label,
        "selected": str(choice.value) == str(selected),
    }


def _checkbox_item(choice: Any, checked: list[Any]) -> dict[str, Any]:
    return {
        "value": choice.value,
        "text": choice.label,
        "checked": choice.value in [str(c) for c in checked],
    }
