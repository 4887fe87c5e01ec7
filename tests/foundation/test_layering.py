"""Layering that import-linter cannot see (its contracts are in pyproject.toml, run by make lint):
commits happen only in `frontdoor.db.transaction`; views and socket handlers never open a
transaction (they validate, call one service function and render or emit)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from frontdoor.config import PROJECT_ROOT


def _modules() -> list[Path]:
    return sorted(
        p for package in ("frontdoor", "agenda") for p in (PROJECT_ROOT / package).rglob("*.py")
    )


def _calls(path: Path, name: str) -> list[int]:
    tree = ast.parse(path.read_text())
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Attribute) and node.func.attr == name)
            or (isinstance(node.func, ast.Name) and node.func.id == name)
        )
    ]


def _is_view(path: Path) -> bool:
    return path.stem == "views" or path.stem.endswith("_views")


def test_only_the_transaction_helper_commits() -> None:
    committing = {
        str(path.relative_to(PROJECT_ROOT)): lines
        for path in _modules()
        if (lines := _calls(path, "commit")) and path.name != "db.py"
    }
    assert committing == {}


@pytest.mark.parametrize(
    "view", [p for p in _modules() if _is_view(p)], ids=lambda p: str(p.relative_to(PROJECT_ROOT))
)
def test_a_view_opens_no_transaction(view: Path) -> None:
    """Views validate, call one service function and render: the service owns the transaction."""
    assert _calls(view, "transaction") == []


def _is_handler(path: Path) -> bool:
    return path.stem.endswith("_events")


OPENING = ("transaction", "committed")  # agenda.live.guard.committed is a transaction, retried


@pytest.mark.parametrize(
    "handler",
    [p for p in _modules() if _is_handler(p)],
    ids=lambda p: str(p.relative_to(PROJECT_ROOT)),
)
def test_a_socket_handler_opens_no_transaction(handler: Path) -> None:
    """Handlers validate, call one service function and emit: the service owns the transaction."""
    assert {name: lines for name in OPENING if (lines := _calls(handler, name))} == {}


def test_there_are_socket_handlers_to_check() -> None:
    assert {p.name for p in _modules() if _is_handler(p)} >= {
        "document_events.py",
        "item_events.py",
        "meeting_events.py",
    }


def test_the_agencies_register_command_calls_a_service() -> None:
    """Commands call the same service functions as the pages (one transaction each, there)."""
    assert _calls(PROJECT_ROOT / "frontdoor" / "commands" / "agencies.py", "transaction") == []
