"""Front Door: the app factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import ops, scheduler
from .config import PROJECT_ROOT, load_config


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides the environment (used by tests)."""
    settings = load_config(config)
    app = Flask(
        __name__,
        instance_path=settings["INSTANCE_PATH"],
        static_folder=str(PROJECT_ROOT / "static"),
        static_url_path="/static",
    )
    app.config.update(settings)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    ops.init_app(app)
    scheduler.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from agenda.live import init_live

    from . import ratelimit, security
    from .auth import sessions
    from .extensions import csrf, db, socketio
    from .templating import init_templating
    from .web import errors, input_limits

    errors.init_app(app)
    input_limits.init_app(app)  # before any blueprint: its `int` converter
    db.init_app(app)
    csrf.init_app(app)
    sessions.init_login(app)
    security.init_app(app)
    ratelimit.init_app(app)
    init_templating(app)
    init_live(app, socketio)  # registers the live meeting's handlers before init_app
    # Flask-SocketIO keeps a previous app's Redis client manager in its options; an app
    # without REDIS_URL must not inherit it (one process may build several apps, e.g. tests).
    socketio.server_options.pop("client_manager", None)
    socketio.init_app(
        app,
        message_queue=app.config["REDIS_URL"],
        cors_allowed_origins=app.config["ALLOWED_ORIGINS"] or None,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        manage_session=False,
    )
    input_limits.wrap_engineio(app)


def _register_blueprints(app: Flask) -> None:
    from agenda.children.views import bp as children_meeting_bp
    from agenda.live.views import bp as live_bp
    from agenda.minutes.views import bp as minutes_bp
    from agenda.tracking.views import bp as tracking_bp
    from agenda.tracking.views import notifications_bp
    from agenda.triage_views import bp as triage_bp
    from agenda.views import admin_bp as agenda_admin_bp
    from agenda.views import bp as agenda_bp

    from .access.views import claims_bp, governance_bp
    from .accounts.views import bp as account_bp
    from .admin.views import bp as admin_bp
    from .auth.timeout import bp as session_bp
    from .auth.views import bp as auth_bp
    from .children.views import bp as children_bp
    from .children.views import notice_bp
    from .identity.views import bp as identity_bp
    from .identity.views import lookup_bp as identity_lookup_bp
    from .mail.views import admin_bp as mail_admin_bp
    from .mail.views import bp as mail_bp
    from .outcomes.views import bp as outcomes_bp
    from .web.health import bp as health_bp
    from .web.vendor import bp as vendor_bp
    from .web.views import bp as web_bp

    for blueprint in (
        health_bp,
        vendor_bp,
        auth_bp,
        web_bp,
        admin_bp,
        live_bp,
        minutes_bp,
        identity_bp,
        identity_lookup_bp,
        session_bp,
        claims_bp,
        governance_bp,
        agenda_bp,
        agenda_admin_bp,
        triage_bp,
        tracking_bp,
        notifications_bp,
        account_bp,
        outcomes_bp,
        mail_bp,
        mail_admin_bp,
        children_bp,
        notice_bp,
        children_meeting_bp,
    ):
        app.register_blueprint(blueprint)
    from .intake.blueprints import register as register_intake

    register_intake(app)


def _register_cli(app: Flask) -> None:
    from .commands import register_commands

    register_commands(app)
