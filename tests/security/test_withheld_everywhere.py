"""A refuge address typed about ANOTHER family, in any free text, on any page (issue #16).

Finding 1 (HTTP part): her address in the perpetrator's family's action and tracking note.
Finding 3: partner preparation text. Finding 7: quarantined police rows (page, row, CSV).
Finding 13 (part): the quarantine page is paginated. Finding 17: bidi and zero-width controls
are removed from names at intake and shown escaped in free text.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from agenda import preparation
from frontdoor.access.withheld import Guard
from frontdoor.db import db, transaction
from frontdoor.intake.field_readers import text_field
from frontdoor.intake.quarantine import corrected_values
from frontdoor.models import (
    Action,
    ActionUpdate,
    ActionUpdateKind,
    AgendaItem,
    BatchStatus,
    Channel,
    ImportBatch,
    PersonRecord,
    PreparationKind,
    QuarantinedRow,
    Role,
    User,
)

from ..factories import Factory, cases, sign_in

TOLD = f"She said she is at {cases.REFUGE_ADDRESS} ({cases.REFUGE_POSTCODE}, {cases.REFUGE_PHONE})"
GUARD_DETAILS = (cases.REFUGE_ADDRESS, cases.REFUGE_POSTCODE, cases.REFUGE_PHONE)
GUARD = Guard.of(GUARD_DETAILS)


def _get(app: Flask, user: User, path: str) -> str:
    client: FlaskClient = app.test_client()
    sign_in(client, user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.fixture
def two_families(app: Flask, factory: Factory) -> dict[str, object]:
    """Her family (address withheld) and another family on a meeting, where it is typed."""
    refuge = factory.agency("refuge")
    cases.family_case(app, refuge.id, withheld=True)
    police = factory.agency("police")
    other = cases.family_case(app, police.id, given_name="Other")
    with app.app_context(), transaction() as tx:
        tx.query(PersonRecord).filter(PersonRecord.person_id == other.victim_id).update(
            {"address": "3 Elm Row", "postcode": "LS2 1AB", "phone": None}
        )
    partner = factory.user([Role.PARTNER], agency=police)
    meeting_id = cases.meeting_with(app, other.family_id, partner)
    with app.app_context(), transaction() as tx:
        item_id = tx.query(AgendaItem.id).filter(AgendaItem.meeting_id == meeting_id).scalar()
        action = Action(
            family_id=other.family_id,
            description=f"Visit: {TOLD}",
            lead_agency_id=police.id,
            due_on=date(2030, 1, 1),
        )
        tx.add(action)
        tx.flush()
        tx.add(
            ActionUpdate(
                action_id=action.id,
                kind=ActionUpdateKind.PROGRESS,
                note=TOLD,
                author_id=partner.id,
                agency_id=police.id,
            )
        )
        action_id = action.id
    return {
        "item_id": item_id,
        "action_id": action_id,
        "partner": partner,
        "coordinator": factory.user([Role.COORDINATOR], agency=police),
    }


def test_an_address_of_another_family_is_never_shown_on_actions_pages(
    app: Flask, two_families: dict[str, object]
) -> None:
    partner, action_id = two_families["partner"], two_families["action_id"]
    for path in ("/actions/", f"/actions/{action_id}"):
        page = _get(app, partner, path)  # type: ignore[arg-type]
        assert "She said she is at" in page and "Withheld" in page
        shown = _text_without_times(page)
        assert not GUARD.leaks(shown), (path, GUARD.spans(shown))


def _text_without_times(page: str) -> str:
    """The page's text (no markup, so no CSRF tokens or nonces) without times of day: both
    are written by the clock or at random and can spell a 4-character piece of the phone."""
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]*>", " ", page, flags=re.S)
    return re.sub(r"\d{1,2}:\d{2}(?::\d{2})?", " ", html.unescape(text))


def test_preparation_text_is_scrubbed_on_the_family_page(
    app: Flask, two_families: dict[str, object]
) -> None:
    item_id = int(two_families["item_id"])  # type: ignore[call-overload]
    with app.app_context():
        preparation.record(item_id, two_families["partner"], PreparationKind.FACT, TOLD)  # type: ignore[arg-type]
    for who in ("partner", "coordinator"):
        page = _get(app, two_families[who], f"/agenda/items/{item_id}")  # type: ignore[arg-type]
        # the preparation entry as shown: the page's chrome carries times of day whose digits can
        # match a piece of the withheld phone number, which says nothing about this text
        start = page.index("She said she is at")
        shown = page[start : page.index("<", start)]
        assert "Withheld" in shown and not GUARD.leaks(shown), (who, shown)


def _quarantine(app: Flask, agency_id: int, rows: list[dict[str, str]]) -> None:
    with app.app_context(), transaction() as tx:
        batch = ImportBatch(
            agency_id=agency_id,
            channel=Channel.POLICE_EXPORT,
            filename="nightly.csv",
            file_sha256="0" * 64,
            status=BatchStatus.PROCESSED,
        )
        tx.add(batch)
        tx.flush()
        tx.add_all(
            QuarantinedRow(
                batch_id=batch.id,
                agency_id=agency_id,
                row_number=n,
                incident_ref=f"INC-{n}",
                raw=raw,
                raw_hash=f"{n:064d}",
                reasons=[{"field": "date_of_birth", "message": "Enter a date of birth"}],
            )
            for n, raw in enumerate(rows, start=1)
        )


def test_quarantined_rows_never_show_a_withheld_address(app: Flask, factory: Factory) -> None:
    police = factory.agency("police")
    coordinator = factory.user([Role.COORDINATOR], agency=police)
    own = {"given_name": "Sam", "address": "22 Hidden Lane", "postcode": "LS6 9ZZ",
           "phone": "07700 900999", "address_withheld": "Y"}  # fmt: skip
    cases.family_case(app, police.id, withheld=True)  # another family's refuge, in a note
    other = {"given_name": "Kim", "address": "1 Open Street", "narrative": TOLD}
    _quarantine(app, police.id, [own, other])
    row_guard = Guard.of([*GUARD_DETAILS, "22 Hidden Lane", "LS6 9ZZ", "07700 900999"])
    pages = [_get(app, coordinator, "/intake/quarantine")]
    with app.app_context():
        ids = [r.id for r in _rows()]
    pages += [_get(app, coordinator, f"/intake/quarantine/{i}") for i in ids]
    pages.append(_get(app, coordinator, "/intake/quarantine.csv"))
    for page in pages:
        assert not row_guard.leaks(page), row_guard.spans(page)
    assert "Withheld" in pages[1] and "Withheld" in pages[-1] and "1 Open Street" in pages[-1]


def _rows() -> list[QuarantinedRow]:
    return list(db.session().query(QuarantinedRow).order_by(QuarantinedRow.id))


def test_a_corrected_row_keeps_the_withheld_values_it_was_not_shown(
    app: Flask, factory: Factory
) -> None:
    police = factory.agency("police")
    own = {"given_name": "Sam", "surname": "Hart", "address": "22 Hidden Lane",
           "postcode": "LS6 9ZZ", "address_withheld": "Y", "role": "victim"}  # fmt: skip
    _quarantine(app, police.id, [own])
    with app.app_context():
        row = _rows()[0]
        shown = {"address": "Withheld", "postcode": "Withheld", "given_name": "Samantha"}
        kept = corrected_values(GUARD, row, shown)
    assert kept == {"address": "22 Hidden Lane", "postcode": "LS6 9ZZ", "given_name": "Samantha"}


def test_the_quarantine_page_is_paginated(app: Flask, factory: Factory) -> None:
    police = factory.agency("police")
    coordinator = factory.user([Role.COORDINATOR], agency=police)
    _quarantine(app, police.id, [{"given_name": f"P{n}"} for n in range(250)])
    first = _get(app, coordinator, "/intake/quarantine")
    last = _get(app, coordinator, "/intake/quarantine?page=3")
    assert first.count("Correct or discard") == 100 and last.count("Correct or discard") == 50
    assert "250 rows waiting; page 1 of 3" in first and "Next page" in first
    assert "page 3 of 3" in last and "Next page" not in last


def test_bidi_and_zero_width_controls_leave_names_at_intake_and_show_escaped_in_text() -> None:
    assert text_field({"surname": "Sm\u200bith\u202e\u2066"}, "surname", []) == "Smith"
    assert text_field({"given_name": "\u200f\u200d"}, "given_name", []) is None
    shown = Guard.of([]).scrub("Note: \u202eevil\u202c")
    assert shown == "Note: [U+202E]evil[U+202C]"
