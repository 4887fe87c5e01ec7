"""axe-core (installed from npm, never fetched at run time) run inside a Playwright page, and
the phone check that nothing scrolls sideways."""

from __future__ import annotations

from functools import cache
from typing import Any

from playwright.sync_api import Page

from .browser_fixtures import PROJECT_ROOT

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """WCAG 2.2 AA violations on the page as it is now (axe is evaluated through the
    DevTools protocol, so the page's Content-Security-Policy stays as it is)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate("() => { " + _axe_source() + "\n}")
    violations: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const only = { runOnly: { type: "tag", values: tags } };
            const result = await window.axe.run(document, only);
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
            }));
        }""",
        WCAG_22_AA,
    )
    return violations


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


def assert_accessible(page: Page, state: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{state}: {violations}"
    assert sideways_overflow(page) <= 0, f"{state}: scrolls sideways"
