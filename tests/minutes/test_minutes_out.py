"""Minutes out: each agency's copy as a page and a PDF, marked OFFICIAL-SENSITIVE with the
reader's name on every page, holding only what that agency may see, and audited."""

from __future__ import annotations

import io
import json
import re

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from frontdoor.db import db
from frontdoor.models import AuditEvent, Minutes, User

from ..factories import signed_in_client
from ..factories.minutes import Recorded
from ..security.test_withheld_address import _leaks
from .test_addenda import _add


def _readers(r: Recorded) -> dict[str, User]:
    return {
        "chair (coordinator)": r.live.chair,
        "police partner": r.live.police,
        "health partner (apologies)": r.live.health,
        "police manager": r.police_manager,
        "health manager": r.health_manager,
    }


READERS = [
    "chair (coordinator)",
    "police partner",
    "health partner (apologies)",
    "police manager",
    "health manager",
]


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


@pytest.mark.parametrize("reader", READERS)
def test_no_copy_ever_shows_a_withheld_address(app: Flask, closed: Recorded, reader: str) -> None:
    client = signed_in_client(app, _readers(closed)[reader])
    base = f"/meetings/{closed.live.meeting_id}/minutes"
    page = client.get(base)
    pdf = client.get(f"{base}.pdf")
    assert (page.status_code, pdf.status_code) == (200, 200)
    assert _leaks(page.get_data(as_text=True)) == []
    assert _leaks(" ".join(_pdf_pages(pdf.data))) == []


def test_the_frozen_snapshot_itself_holds_no_withheld_detail(app: Flask, closed: Recorded) -> None:
    with app.app_context():
        minutes = db.session().scalars(select(Minutes)).one()
    assert _leaks(minutes.snapshot) == []
    frozen = json.loads(minutes.snapshot)
    refuge = next(i for i in frozen["items"] if i["item_id"] == closed.refuge_item_id)
    assert "Withheld" in refuge["notes"] and "Withheld" in refuge["decision"]
    assert all(set(m) == {"person_id", "name", "role", "date_of_birth"} for m in refuge["members"])


def test_only_preparation_shared_in_the_meeting_is_in_the_minutes_for_every_reader(
    app: Flask, closed: Recorded
) -> None:
    base = f"/meetings/{closed.live.meeting_id}/minutes"
    police = signed_in_client(app, closed.live.police).get(base).get_data(as_text=True)
    assert "Police prep fact" in police and "Health secret" not in police
    assert "Police: bail conditions." in police  # "what we know" was shared in the meeting
    chair = signed_in_client(app, closed.live.chair).get(base).get_data(as_text=True)
    assert "Health secret" not in chair and "Police prep fact" in chair  # research stays home


def test_families_a_reader_may_not_open_are_left_out_of_their_copy(
    app: Flask, closed: Recorded
) -> None:
    base = f"/meetings/{closed.live.meeting_id}/minutes"
    # The police manager's agency leads an action for family 1 only (docs/security.md §2.1).
    page = signed_in_client(app, closed.police_manager).get(base).get_data(as_text=True)
    assert "1. Family 1" in page and "Family 2" not in page and "Case" not in page
    assert "Items 2, 3 are left out of this copy" in page
    assert "Visit the family" in page and "Two incidents this month." in page


def test_readers_are_the_meetings_people_coordinators_and_invited_agencies_managers(
    app: Flask, closed: Recorded
) -> None:
    base = f"/meetings/{closed.live.meeting_id}/minutes"
    for user in (closed.live.outsider,):  # same agency as health, not invited
        client = signed_in_client(app, user)
        assert client.get(base).status_code == 404
        assert client.get(f"{base}.pdf").status_code == 404
        assert "minutes-list" not in client.get("/minutes").get_data(as_text=True)
    listing = signed_in_client(app, closed.police_manager).get("/minutes").get_data(as_text=True)
    assert base in listing and f"{base}.pdf" in listing


def test_every_pdf_page_carries_the_marking_and_the_readers_name(
    app: Flask, closed: Recorded
) -> None:
    for n in range(3):  # long enough to run over several pages
        _add(app, closed.live.chair, closed, f"Correction {n}. " + "More detail follows. " * 150)
    client = signed_in_client(app, closed.live.police)
    response = client.get(f"/meetings/{closed.live.meeting_id}/minutes.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    pages = _pdf_pages(response.data)
    assert len(pages) >= 2
    name = _squash(f"Copy for {closed.live.police.display_name}, {closed.live.police_agency.name}")
    for number, text in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in text, number
        assert name in _squash(text), number


def test_every_view_and_export_is_audited(app: Flask, closed: Recorded) -> None:
    client = signed_in_client(app, closed.police_manager)
    base = f"/meetings/{closed.live.meeting_id}/minutes"
    page = client.get(base)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Download PDF" in page.get_data(as_text=True)
    client.get(f"{base}.pdf")
    with app.app_context():
        events = db.session().scalars(
            select(AuditEvent).where(AuditEvent.action.like("minutes.%")).order_by(AuditEvent.id)
        )
        seen = [(e.action, e.details.get("format"), e.user_id) for e in events]
        assert seen == [
            ("minutes.viewed", None, closed.police_manager.id),
            ("minutes.exported", "pdf", closed.police_manager.id),
        ]
