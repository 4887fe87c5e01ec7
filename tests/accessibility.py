"""axe-core (installed from npm, never fetched at run time) run inside a Playwright page, and
the phone check that nothing scrolls sideways."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from playwright.sync_api import Browser, Page

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


def assert_accessible_without_script(browser: Browser, page: Page, state: str) -> None:
    """axe runs as script, which a page opened with JavaScript off cannot run: its HTML, scripts
    removed, is checked in a page of the same origin (so its stylesheets load) that runs axe
    only."""
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S | re.I)
    context = browser.new_context(viewport=page.viewport_size)
    try:
        checker = context.new_page()
        checker.goto(page.url)
        checker.set_content(html)
        assert checker.title() == page.title() and checker.locator("main").count() == 1
        assert_accessible(checker, f"{state} (without JavaScript)")
    finally:
        context.close()
