"""Access is declared on every blueprint; a test proves no route is left undeclared.

A `GuardedBlueprint` takes an `Access` and enforces it before every request it handles.
Routes may narrow it further with `@requires_roles(...)`; they can never widen it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, NoReturn, TypeVar

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..models import Role
from .refusals import record_refusal

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Access:
    """Who may reach a blueprint: everyone, any signed-in user, or holders of given roles."""

    kind: str
    roles: frozenset[Role] = field(default_factory=frozenset)

    @classmethod
    def public(cls) -> Access:
        return cls("public")

    @classmethod
    def signed_in(cls) -> Access:
        return cls("signed_in")

    @classmethod
    def roles_in(cls, *roles: Role) -> Access:
        if not roles:
            raise ValueError("Access.roles_in needs at least one role.")
        return cls("roles", frozenset(roles))

    @classmethod
    def api_key(cls) -> Access:
        """Machine clients: the blueprint authenticates each request with an agency API key."""
        return cls("api_key")

    def describe(self) -> str:
        if self.kind == "roles":
            return "roles: " + ", ".join(sorted(r.value for r in self.roles))
        return self.kind


class GuardedBlueprint(Blueprint):
    def __init__(self, name: str, import_name: str, *, access: Access, **kwargs: Any) -> None:
        super().__init__(name, import_name, **kwargs)
        self.access = access
        if access.kind in {"signed_in", "roles"}:
            self.before_request(self._enforce)

    def _enforce(self) -> Response | None:
        if not current_user.is_authenticated:
            return _refuse_anonymous()
        if self.access.kind == "roles" and not current_user.has_role(*self.access.roles):
            _refuse_signed_in()
        return None


def _refuse_anonymous() -> Response:
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _refuse_signed_in() -> NoReturn:
    """A signed-in user without the role: audited (de-duplicated, see refusals), then 403."""
    record_refusal(request.endpoint)
    abort(403)


def requires_roles(*roles: Role) -> Callable[[F], F]:
    """Narrow one route to some roles (the blueprint's own guard still applies first)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _refuse_anonymous()
            if not current_user.has_role(*roles):
                _refuse_signed_in()
            return view(*args, **kwargs)

        guarded.required_roles = frozenset(roles)  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def roles_for_endpoint(app_view: Callable[..., Any], blueprint_access: Access) -> frozenset[Role]:
    """The roles a route really admits: its own narrowing, else its blueprint's."""
    narrowed: Iterable[Role] | None = getattr(app_view, "required_roles", None)
    if narrowed is not None:
        return frozenset(narrowed)
    return blueprint_access.roles
