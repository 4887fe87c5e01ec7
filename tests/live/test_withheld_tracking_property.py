"""Property (issue #16, the tracking channel): a withheld address, postcode or phone of ANOTHER
family, written into the tracking notes of an action over HTTP after the meeting — a status
update or the note that marks it complete, whole or saved again at every keystroke, in any
variant `variants()` finds — never reaches a reader as more than 3 consecutive characters:
not on the action's page (its history), nor on the pages that list actions.

Tracking notes are append-only (`ActionUpdate`): there is no route to edit one, so a text
saved again and again is a series of notes, each holding the next longer prefix. The oracle
(`leaked`) and the variants are those of `test_withheld_property`.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from frontdoor.models import Role

from ..factories import Factory, csrf_token_from, signed_in_client
from ..factories.meetings import LiveMeeting, family_of, make_action
from .test_withheld_property import leaked, variants, withhold_details

MARKER = "Tracking:"  # the note's own words, around the detail: never scrubbed
DESCRIPTION = "Visit and review the safety plan"  # what make_action agrees


def _notes(variant: str, mode: str) -> list[str]:
    """What the lead writes: the whole text in a status update and again in the note that
    completes the action, or the text saved at every keystroke (each status update holds the
    next longer prefix)."""
    if mode == "keystrokes":
        return [f"{MARKER} at {variant[:end]}" for end in range(1, len(variant) + 1)]
    return [f"{MARKER} she is at {variant}", f"{MARKER} visited her at {variant}"]


def _write(author: FlaskClient, action_id: int, notes: list[str], complete: bool) -> None:
    """Each note posted through the action page's form (with its CSRF token) as a status
    update; the last one marks the action complete if told."""
    token = csrf_token_from(author, f"/actions/{action_id}")
    for n, note in enumerate(notes, start=1):
        route = "complete" if complete and n == len(notes) else "update"
        response = author.post(
            f"/actions/{action_id}/{route}", data={"csrf_token": token, "note": note}
        )
        assert response.status_code == 302, (route, response.get_data(as_text=True))


def _read(reader: FlaskClient, path: str) -> str:
    response = reader.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_no_reader_receives_more_than_3_characters_of_a_detail_in_a_tracking_note(
    app: Flask, factory: Factory, live_meeting: LiveMeeting
) -> None:
    withhold_details(app, factory)
    m = live_meeting
    family_id = family_of(app, m.item_ids[0])
    author = signed_in_client(app, m.police)  # a partner of the lead agency, which has no access
    colleague = signed_in_client(app, factory.user([Role.PARTNER], agency=m.police_agency))
    coordinator = signed_in_client(app, factory.user([Role.COORDINATOR], agency=m.health_agency))
    readers = {"the author's agency": colleague, "another agency's coordinator": coordinator}

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @example("0\xad7\u200d7\u200d０-O 9.0\t01 23", "keystrokes")
    @example("LS16 2LX", "whole")
    @given(variants(), st.sampled_from(["whole", "keystrokes"]))
    def written(variant: str, mode: str) -> None:
        action_id = make_action(app, family_id, m.police_agency.id, item_id=m.item_ids[0],
                                due_on=date.today() - timedelta(days=1))  # fmt: skip
        notes = _notes(variant, mode)
        _write(author, action_id, notes, complete=mode == "whole")
        for who, reader in readers.items():
            page = _read(reader, f"/actions/{action_id}")
            assert page.count(MARKER) == len(notes), (who, variant, mode)  # every note shown
            assert leaked(page) == [], (who, variant, mode, leaked(page))

    written()
    _pages_that_list_actions(app, m, colleague, coordinator)


def _pages_that_list_actions(
    app: Flask, m: LiveMeeting, colleague: FlaskClient, coordinator: FlaskClient
) -> None:
    """The lists of the same actions (the agency's, the overdue ones of every agency) and the
    family's page (its open actions), where a tracking note could one day be shown too."""
    pages = [
        _read(colleague, "/actions/"),
        _read(coordinator, "/actions/overdue"),
        _read(signed_in_client(app, m.health), f"/agenda/items/{m.item_ids[0]}"),
    ]
    for page in pages:
        assert DESCRIPTION in page  # the actions are listed there
        assert leaked(page) == [], leaked(page)
