"""Coordinator pages (upload, quarantine), the web referral form and the API-key admin."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from frontdoor.db import db
from frontdoor.models import Agency, AgencyKind, QuarantinedRow, QuarantineStatus, Referral, Role

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.police_file import incident, person_row, police_csv

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def coordinator(client: FlaskClient, factory: Factory, police: Agency) -> FlaskClient:
    sign_in(client, factory.user([Role.COORDINATOR], agency=police))
    return client


def _upload(client: FlaskClient, data: bytes) -> str:
    token = csrf_token_from(client, "/intake/upload")
    response = client.post(
        "/intake/upload",
        data={"csrf_token": token, "police_file": (io.BytesIO(data), "night.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_coordinator_uploads_a_police_file_and_sees_its_summary(coordinator: FlaskClient) -> None:
    html = _upload(coordinator, police_csv([*incident(), person_row("WY-2", role="witness")]))
    assert "File processed" in html
    assert "imported 3, duplicates 0," in html and "quarantined 1" in html
    assert "3 person record(s) are waiting for identity resolution" in html


def test_a_rejected_upload_names_the_cause(coordinator: FlaskClient) -> None:
    html = _upload(coordinator, b"just,some,words\n")
    assert "File rejected" in html and "no header row" in html


def _quarantine_one(client: FlaskClient) -> int:
    _upload(client, police_csv([person_row("WY-2", dash_risk="severe", narrative=HOSTILE)]))
    html = client.get("/intake/quarantine").get_data(as_text=True)
    assert "dash_risk" in html
    match = re.search(r"/intake/quarantine/(\d+)", html)
    assert match
    return int(match.group(1))


def test_a_quarantined_row_is_corrected_and_imported(app: Flask, coordinator: FlaskClient) -> None:
    row_id = _quarantine_one(coordinator)
    page = coordinator.get(f"/intake/quarantine/{row_id}").get_data(as_text=True)
    assert HOSTILE not in page and "&lt;script&gt;" in page  # rendered escaped
    token = csrf_token_from(coordinator, f"/intake/quarantine/{row_id}")
    fixed = {**person_row("WY-2", narrative=HOSTILE), "csrf_token": token}
    response = coordinator.post(f"/intake/quarantine/{row_id}", data=fixed)
    assert response.status_code == 302
    with app.app_context():
        row = db.session().get(QuarantinedRow, row_id)
        assert row is not None and row.status == QuarantineStatus.RESUBMITTED
        referral = db.session().scalars(select(Referral)).one()
        assert (row.referral_id, referral.narrative) == (referral.id, HOSTILE)


def test_a_correction_that_is_still_wrong_shows_an_error_summary(
    coordinator: FlaskClient,
) -> None:
    row_id = _quarantine_one(coordinator)
    token = csrf_token_from(coordinator, f"/intake/quarantine/{row_id}")
    still_wrong = {**person_row("WY-2", dash_risk="severe"), "csrf_token": token}
    html = coordinator.post(f"/intake/quarantine/{row_id}", data=still_wrong).get_data(as_text=True)
    assert "There is a problem" in html and 'href="#dash_risk"' in html


def test_a_quarantined_row_is_discarded_only_with_a_reason(
    app: Flask, coordinator: FlaskClient
) -> None:
    row_id = _quarantine_one(coordinator)
    token = csrf_token_from(coordinator, f"/intake/quarantine/{row_id}")
    coordinator.post(f"/intake/quarantine/{row_id}/discard", data={"csrf_token": token})
    with app.app_context():
        assert db.session().get(QuarantinedRow, row_id).status == QuarantineStatus.OPEN  # type: ignore[union-attr]
    coordinator.post(
        f"/intake/quarantine/{row_id}/discard",
        data={"csrf_token": token, "reason": "Test incident, not real"},
    )
    with app.app_context():
        row = db.session().get(QuarantinedRow, row_id)
        assert row is not None and row.status == QuarantineStatus.DISCARDED
        assert row.discard_reason == "Test incident, not real"


def test_the_quarantine_export_neutralises_formulas(coordinator: FlaskClient) -> None:
    _upload(coordinator, police_csv([person_row("WY-3", role="x", given_name="=cmd|'/c calc'!A0")]))
    body = coordinator.get("/intake/quarantine.csv").get_data(as_text=True)
    assert "'=cmd|" in body and ",=cmd" not in body


def _form_post(
    client: FlaskClient, path: str, data: dict[str, str], page: str = ""
) -> tuple[int, str, str]:
    token = csrf_token_from(client, page or path)
    response = client.post(path, data={**data, "csrf_token": token})
    return response.status_code, response.location or "", response.get_data(as_text=True)


def test_the_web_form_from_start_to_sent(app: Flask, client: FlaskClient, factory: Factory) -> None:
    health = factory.agency("health", AgencyKind.HEALTH)
    sign_in(client, factory.user([Role.AGENCY_WORKER], agency=health))
    status, location, _ = _form_post(client, "/refer/", {})
    assert status == 302
    incident_path = location
    draft = incident_path.split("/")[2]
    status, _, html = _form_post(client, incident_path, {"dash_risk": "", "narrative": HOSTILE})
    assert "There is a problem" in html and 'href="#reported_at"' in html
    assert HOSTILE not in html  # the narrative is kept, escaped
    answers = {"reported_at": "24/11/2026 21:10", "dash_risk": "high", "narrative": HOSTILE}
    assert _form_post(client, incident_path, answers)[0] == 302
    add = f"/refer/{draft}/people/add"
    _, _, html = _form_post(client, add, {"role": "victim", "date_of_birth": "2090-01-01"})
    assert "Enter a given name or a surname" in html
    for given in ("Amy", "Dean", "Zed"):
        assert _form_post(client, add, {"role": "victim", "given_name": given})[0] == 302
    people_page = f"/refer/{draft}/people"
    assert _form_post(client, f"{people_page}/2/remove", {}, page=people_page)[0] == 302
    check = client.get(f"/refer/{draft}/check").get_data(as_text=True)
    assert "Amy" in check and "Dean" in check and "Zed" not in check
    assert "&lt;script&gt;" in check and HOSTILE not in check
    status, _, html = _form_post(client, f"/refer/{draft}/check", {})
    assert "Referral sent" in html
    with app.app_context():
        referral = db.session().scalars(select(Referral)).one()
        assert (referral.source_ref, len(referral.people)) == (f"web-{draft}", 2)


def test_a_draft_belongs_to_its_author(client: FlaskClient, factory: Factory) -> None:
    author, other = factory.user([Role.PARTNER]), factory.user([Role.PARTNER])
    sign_in(client, author)
    location = _form_post(client, "/refer/", {})[1]
    assert client.get(location).status_code == 200
    other_client = client.application.test_client()
    sign_in(other_client, other)
    assert other_client.get(location).status_code == 404


def test_an_admin_creates_a_key_shown_once_and_revokes_it(
    client: FlaskClient, factory: Factory, police: Agency
) -> None:
    sign_in(client, factory.user([Role.ADMIN], agency=police))
    _, _, html = _form_post(
        client, "/admin/api-keys/", {"agency_id": str(police.id), "name": "Niche RMS"}
    )
    token = re.search(r"fd_[0-9a-f]{12}_[\w-]+", html)
    assert token is not None
    listing = client.get("/admin/api-keys/").get_data(as_text=True)
    assert token.group(0) not in listing and "Niche RMS" in listing
    key_id = re.search(r"/admin/api-keys/(\d+)/revoke", listing)
    assert key_id is not None
    _form_post(client, f"/admin/api-keys/{key_id.group(1)}/revoke", {}, page="/admin/api-keys/")
    response = client.post(
        "/api/v1/referrals", json={}, headers={"Authorization": f"Bearer {token.group(0)}"}
    )
    assert response.status_code == 401


INTAKE_PAGES = [
    ("GET", "/intake/upload", Role.COORDINATOR),
    ("GET", "/intake/quarantine", Role.COORDINATOR),
    ("GET", "/intake/quarantine.csv", Role.COORDINATOR),
    ("GET", "/refer/", Role.AGENCY_WORKER),
    ("GET", "/admin/api-keys/", Role.ADMIN),
]


@pytest.mark.parametrize(("method", "path", "role"), INTAKE_PAGES)
def test_intake_pages_refuse_anonymous_and_other_roles(
    client: FlaskClient, factory: Factory, method: str, path: str, role: Role
) -> None:
    assert client.open(path, method=method).status_code == 302
    sign_in(client, factory.user([Role.MANAGER]))
    assert client.open(path, method=method).status_code == 403


INTAKE_BLUEPRINTS = {"intake", "referral_form", "api_keys", "intake_api"}


def test_every_intake_route_refuses_anonymous_requests(app: Flask, client: FlaskClient) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    checked = 0
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0]
        if blueprint not in INTAKE_BLUEPRINTS:
            continue
        path = re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            status = client.open(path, method=method).status_code
            assert status == (401 if blueprint == "intake_api" else 302), (method, rule.rule)
            checked += 1
    assert checked >= 12
