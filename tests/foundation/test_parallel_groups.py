"""The suite's parallel groups reach pytest-xdist's scheduler.

`--dist loadgroup` keeps a group's tests on one worker by appending the group to each test's
node id (`item._nodeid`). pytest 9.2 stopped reading node ids from there, and the demo tests
(one population per worker) and the services tests (one Redis) were silently split."""

from __future__ import annotations

import pytest


def test_a_group_written_into_the_node_id_is_what_the_scheduler_reads(
    request: pytest.FixtureRequest,
) -> None:
    item = request.node
    original = item._nodeid
    try:
        item._nodeid = f"{original}@demo"
        assert item.nodeid == f"{original}@demo"
    finally:
        item._nodeid = original


def test_under_loadgroup_every_grouped_test_carries_its_group(
    request: pytest.FixtureRequest,
) -> None:
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("only meaningful when the suite runs with --dist loadgroup")
    grouped = [i for i in request.session.items if i.get_closest_marker("xdist_group")]
    assert all("@" in item.nodeid for item in grouped)
