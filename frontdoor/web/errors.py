"""Styled error pages (400, 403, 404, 409, 500) in the GOV.UK pattern, each with a way back.

API routes (/api/) and Socket.IO keep their own replies: only pages a person reads get these.
The 500 page does not extend the site layout (which reads the database for the menu), so it
renders even when the failure is in the database.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

PAGES = {
    400: (
        "Sorry, there is a problem with what was sent",
        "The page could not use what your browser sent. It may be out of date: go back, "
        "reload the page and try again.",
    ),
    403: (
        "You cannot see this page",
        "Your account does not give you access to it. If you need it for a family you work "
        "with, ask your duty coordinator or use self-claimed access from the family's page.",
    ),
    404: (
        "Page not found",
        "The page may have been removed, or the link is out of date (for example a referral "
        "already sent, or a family no longer on the agenda).",
    ),
    409: (
        "Someone else changed this first",
        "What you were changing was changed by someone else since you opened the page. Go "
        "back, reload it to see the latest version, and make your change again.",
    ),
    500: (
        "Sorry, there is a problem with Front Door",
        "Something went wrong on our side. Nothing you saved before this page has been lost. "
        "Try again in a moment.",
    ),
}


def _back_link() -> str | None:
    """The page the user came from, if it is on this site and is not this page."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if not referrer or parts.netloc != request.host or parts.path == request.path:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _page(error: HTTPException) -> tuple[str, int] | HTTPException:
    code = error.code or 500
    if request.path.startswith(("/api/", "/socket.io")) or code not in PAGES:
        return error
    title, body = PAGES[code]
    template = "errors/500.html" if code == 500 else "errors/error.html"
    page = render_template(
        template, code=code, title=title, body=body, back=_back_link(), page_title=title
    )
    return page, code


def init_app(app: Flask) -> None:
    for code in (400, 403, 404, 409):
        app.register_error_handler(code, _page)
    app.register_error_handler(InternalServerError, _page)
