"""Malformed and oversized input gets a 4xx with a clear message, never a 500 (issue #16,
findings 13, 14 and 16).

* Bodies over `MAX_CONTENT_LENGTH` (`MAX_REQUEST_BYTES`) are refused with 413 before parsing.
* JSON: nesting deeper than `MAX_JSON_DEPTH`, lone surrogates and NUL characters are a 400
  (PostgreSQL cannot store a NUL; a lone surrogate cannot be encoded as UTF-8).
* Form fields and query arguments holding a NUL: 400.
* `<int:...>` URL segments only match ids that fit a 32-bit INTEGER column: a larger number is
  a 404 (PostgreSQL raised "out of range", SQLite an OverflowError beyond 2^63).
* Anything else the database refuses as a value (`DataError`) is answered 400.
* Engine.IO's polling responses (served beneath Flask, so without its after-request headers)
  carry family data: they get `Cache-Control: no-store` and `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, jsonify, request
from flask.json.provider import DefaultJSONProvider
from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

from ..db import db

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER; every primary key here is one
MAX_JSON_DEPTH = 32


class BadInput(ValueError):
    """A value no part of the app can accept (too deep, NUL, lone surrogate, id too large)."""


def check_value(value: Any, depth: int = 0) -> None:
    """Raise BadInput for input no handler should see; used for JSON bodies and live events."""
    if depth > MAX_JSON_DEPTH:
        raise BadInput("nested too deeply")
    if isinstance(value, str):
        check_text(value)
    elif isinstance(value, bool) or value is None or isinstance(value, float):
        return
    elif isinstance(value, int):
        if abs(value) > MAX_ID:
            raise BadInput("number out of range")
    elif isinstance(value, dict):
        for key, inner in value.items():
            check_text(str(key))
            check_value(inner, depth + 1)
    elif isinstance(value, list | tuple):
        for inner in value:
            check_value(inner, depth + 1)


def check_text(text: str) -> None:
    if "\x00" in text:
        raise BadInput("NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise BadInput("lone surrogate") from error


class SafeJSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = json.loads(s, **kwargs)
        except RecursionError as error:
            raise BadRequest("The JSON is nested too deeply.") from error
        try:
            check_value(value)
        except BadInput as error:
            raise BadRequest(f"The JSON holds a value that cannot be accepted: {error}.") from error
        return value


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>`: only ids a database INTEGER column can hold; others match no route."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(*args, **kwargs)


def _problem(status: int, message: str) -> tuple[Response | str, int]:
    if request.path.startswith("/api/") or request.is_json:
        return jsonify(
            {"status": status, "errors": [{"field": "body", "message": message}]}
        ), status
    return message, status


def _too_large(_error: RequestEntityTooLarge) -> tuple[Response | str, int]:
    limit = request.max_content_length or 0
    return _problem(413, f"The request is too large: the limit is {limit // (1024 * 1024)} MB.")


def _bad_value(_error: Exception) -> tuple[Response | str, int]:
    db.session.rollback()
    return _problem(400, "The request holds a value that cannot be accepted.")


def _no_nul_in_form() -> tuple[Response | str, int] | None:
    fields: Iterable[str] = request.args.values()
    if request.method in {"POST", "PUT", "PATCH"} and request.mimetype in {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }:
        fields = [*fields, *request.form.values()]
    for value in fields:
        try:
            check_text(value)
        except BadInput as error:
            return _problem(400, f"The form holds a character that cannot be accepted: {error}.")
    return None


def _engineio_headers(app: Any) -> Callable[..., Any]:
    """WSGI middleware: the security headers on every Engine.IO response."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if not environ.get("PATH_INFO", "").startswith("/socket.io"):
            return app(environ, start_response)

        def start(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            names = {name.lower() for name, _ in headers}
            headers = [h for h in headers if h[0].lower() != "cache-control"]
            headers.append(("Cache-Control", "no-store"))
            if "x-content-type-options" not in names:
                headers.append(("X-Content-Type-Options", "nosniff"))
            return start_response(status, headers, *rest)

        return app(environ, start)

    return wrapped


def init_app(app: Flask) -> None:
    app.json = SafeJSONProvider(app)
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(DataError, _bad_value)
    app.register_error_handler(OverflowError, _bad_value)
    app.before_request(_no_nul_in_form)


def wrap_engineio(app: Flask) -> None:
    """After Flask-SocketIO wrapped `app.wsgi_app` with Engine.IO's middleware."""
    app.wsgi_app = _engineio_headers(app.wsgi_app)  # type: ignore[method-assign]


__all__ = ["BadInput", "HTTPException", "check_value", "init_app", "wrap_engineio"]
