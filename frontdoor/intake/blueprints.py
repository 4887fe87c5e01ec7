"""Intake's blueprints, registered by the app factory."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import admin_views, api, form_views, open_cases_views, partner_api, views

    assert partner_api.bp is api.bp  # its routes are on the API blueprint

    blueprints = (api.bp, api.docs_bp, views.bp, form_views.bp, admin_views.bp, open_cases_views.bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
