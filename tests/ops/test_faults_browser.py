"""The meeting page, in Chromium through nginx, when Redis goes away and comes back."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, expect

from frontdoor.ops.topology import Topology

from ..accessibility import assert_accessible
from ..factories import Factory
from ..factories.meetings import create_meeting
from ..live.test_browser import join

pytestmark = [pytest.mark.postgres, pytest.mark.browser, pytest.mark.slow]


def test_the_meeting_page_says_live_updates_are_paused_until_redis_returns(
    app: Flask,
    factory: Factory,
    browser: Browser,
    contexts: list[BrowserContext],
    start_topology: Callable[[str], Topology],
    own_redis: Callable[[bool], str],
) -> None:
    topology = start_topology(own_redis(True))
    meeting = create_meeting(app, factory)
    server = SimpleNamespace(url=topology.url)
    page = join(browser, contexts, server, meeting.police, meeting.meeting_id)  # type: ignore[arg-type]
    connection = page.get_by_test_id("connection")

    own_redis(False)
    expect(connection).to_have_attribute("data-state", "paused", timeout=10_000)
    expect(connection).to_contain_text("Live updates paused")
    page.get_by_test_id("notes").type("written while Redis is away")
    assert_accessible(page, "live page, live updates paused while Redis is away")

    own_redis(True)
    expect(connection).to_have_attribute("data-state", "live", timeout=15_000)
    expect(connection).to_have_attribute("data-pending", "0")
