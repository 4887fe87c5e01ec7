"""Security headers on every response: a nonce-based CSP (no unsafe-inline) and friends."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request
from flask_login import current_user


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return str(g.csp_nonce)


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def init_app(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if app.config["HSTS"]:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if _is_personal(response):
            headers["Cache-Control"] = "no-store"
        return response


def _is_personal(response: Response) -> bool:
    """Anything shown to a signed-in user may hold personal data: never cache it."""
    if request.endpoint in {"static", "vendor.asset", "vendor.govuk_asset"}:
        return False
    return bool(current_user and current_user.is_authenticated) or response.mimetype in {
        "text/html",
        "application/json",
    }
