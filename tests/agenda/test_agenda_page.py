"""The coordinator's agenda page (#15): sections with counts, a jump list, filters by risk,
children and referring agency as GET parameters, and a reorder that answers the page's script
in JSON (the no-script post still redirects: tests/agenda/test_pages.py)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.db import transaction
from frontdoor.models import Meeting, MeetingStatus, Role

from ..factories import Factory, csrf_token_from
from .test_pages import AGENDA, TUESDAY, morning, post, signed_in

__all__ = ["morning"]  # the fixture, shared with the agenda page's other tests

FETCHED = {"X-Requested-With": "fetch"}


def labels(html: str) -> list[str]:
    return re.findall(r'data-testid="item-label">([^<]+)</a>', html)


def test_sections_have_counts_and_a_jump_list_and_each_family_its_line(
    client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    signed_in(client, factory, Role.COORDINATOR)
    post(client, f"/agenda/items/{morning['jones']}/screening", screening="discuss")
    html = client.get(AGENDA).get_data(as_text=True)
    assert "<strong>2</strong> families on the agenda." in html
    start = html.index('data-testid="jump-list"')
    jump = html[start : html.index("</nav>", start)]
    assert 'href="#section-1">Urgent and MARAC criteria (1)' in jump
    assert 'href="#section-2">Adults only (1)' in jump
    assert 'href="#list-single_agency">Single agency (0)' in jump
    assert 'id="section-1" tabindex="-1">Urgent and MARAC criteria' in html
    assert html.count('data-testid="section-count">1 family</span>') == 2
    assert "High risk · 2 children" in html  # the Smiths' distinguishing line
    assert 'src="/static/js/agenda-page.js"' in html


@pytest.mark.parametrize(
    ("query", "shown", "words"),
    [
        ("risk=high", ["Smith"], "High risk"),
        ("risk=standard", ["Jones"], "Standard risk"),
        ("children=yes", ["Smith"], "With children"),
        ("children=no", ["Jones"], "No children"),
        ("agency=Agency+health", ["Smith"], "referred by Agency health"),
        ("risk=high&children=no", [], "High risk, No children"),
    ],
)
def test_filters_are_get_parameters_that_work_without_a_script(
    client: FlaskClient,
    factory: Factory,
    morning: dict[str, int],
    query: str,
    shown: list[str],
    words: str,
) -> None:
    signed_in(client, factory, Role.COORDINATOR)
    post(client, f"/agenda/items/{morning['jones']}/screening", screening="discuss")
    html = client.get(f"{AGENDA}?{query}").get_data(as_text=True)
    assert labels(html) == shown
    assert f"Showing <strong>{len(shown)}</strong> of 2 families ({words})." in html
    assert 'data-testid="clear-filters"' in html
    if not shown:
        assert "No family to discuss matches these filters." in html


def test_an_unknown_filter_value_shows_the_whole_agenda(
    client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    signed_in(client, factory, Role.COORDINATOR)
    html = client.get(f"{AGENDA}?risk=extreme&agency=Nobody&children=maybe").get_data(as_text=True)
    assert sorted(labels(html)) == ["Jones", "Smith"]
    assert "Showing" not in html and 'value="high">High risk</option>' in html


def test_the_script_gets_the_agenda_body_alone(
    client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    signed_in(client, factory, Role.COORDINATOR)
    body = client.get(f"{AGENDA}?risk=high", headers=FETCHED).get_data(as_text=True)
    assert "<html" not in body and 'id="agenda-filters"' not in body
    assert labels(body) == ["Smith"] and 'data-testid="jump-list"' in body


def test_a_reorder_from_the_script_answers_in_json(
    client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    signed_in(client, factory, Role.COORDINATOR)
    post(client, f"/agenda/items/{morning['jones']}/screening", screening="discuss")
    token = csrf_token_from(client, AGENDA)
    headers = {**FETCHED, "Accept": "application/json"}
    path = f"/agenda/items/{morning['jones']}"
    moved = client.post(f"{path}/move-up", data={"csrf_token": token}, headers=headers)
    assert moved.status_code == 200
    assert moved.json == {
        "message": "Jones moved up: now number 1.",
        "item_id": morning["jones"],
        "position": 1,
    }
    again = client.post(f"{path}/move-up", data={"csrf_token": token}, headers=headers)
    assert again.json is not None
    assert again.json["message"] == "Jones is already first: not moved."
    assert labels(client.get(AGENDA).get_data(as_text=True)) == ["Jones", "Smith"]
    refused = client.post(f"{path}/move-up", data={}, headers=headers)
    assert refused.status_code == 400  # the CSRF token is still required


def test_a_reorder_refused_by_the_meeting_state_is_a_409_for_the_script(
    app: Flask, client: FlaskClient, factory: Factory, morning: dict[str, int]
) -> None:
    signed_in(client, factory, Role.COORDINATOR)
    token = csrf_token_from(client, AGENDA)
    with app.app_context(), transaction() as tx:
        meeting = tx.scalar(select(Meeting).where(Meeting.meeting_date == TUESDAY))
        assert meeting is not None
        meeting.status = MeetingStatus.LIVE  # as the chair's "Start the meeting" leaves it
    headers = {**FETCHED, "Accept": "application/json"}
    response = client.post(
        f"/agenda/items/{morning['jones']}/move-up", data={"csrf_token": token}, headers=headers
    )
    assert response.status_code == 409
    started = "The meeting has started: change the agenda in the meeting."
    assert response.json == {"message": started}
