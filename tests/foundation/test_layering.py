"""Layering that import-linter cannot see (its contracts are in pyproject.toml, run by make lint):
commits happen only in `frontdoor.db.transaction`, and views never open a transaction."""

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
