"""Rate limits (Flask-Limiter): on sign-in and on look-ups. Redis-backed when REDIS_URL is set,
so every worker shares the counts; in memory otherwise (the embedded single-process set-up)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, render_template
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.exceptions import TooManyRequests

F = TypeVar("F", bound=Callable[..., Any])

limiter = Limiter(key_func=get_remote_address)


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
    app.register_error_handler(TooManyRequests, _too_many_requests)


def _too_many_requests(error: TooManyRequests) -> tuple[str, int]:
    return render_template("errors/429.html"), 429


def _user_or_address() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def sign_in_limit(view: F) -> F:
    """Limit POSTs to a sign-in step, per client address."""
    limited = limiter.limit(
        lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"], key_func=_address
    )
    return limited(view)  # type: ignore[return-value]


def lookup_limit(view: F) -> F:
    """Limit the look-ups (POSTs) of a route, per signed-in user (e.g. "who is in contact")."""
    limited = limiter.limit(
        lambda: current_app.config["LOOKUP_RATE_LIMIT"], methods=["POST"], key_func=_user_or_address
    )
    return limited(view)  # type: ignore[return-value]


def _address() -> str:
    return get_remote_address()
