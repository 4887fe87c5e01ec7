"""At most MAX_PEOPLE_PER_REFERRAL people in one referral on every channel (issue #16,
finding 13): one referral of 10,000 people made a 9,482-member family and stalled everyone.

A table over the channels: at the limit a referral goes through; one person more is refused
with a message that says what to do — the API with a 422, the web form by not adding the
person, the police file by quarantining every row of that incident with the reason (never a
500, and the file's other incidents are imported).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from frontdoor.db import db
from frontdoor.intake import apikeys
from frontdoor.models import AgencyKind, QuarantinedRow, Referral, Role

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.police_file import person_row, police_csv

LIMIT = 3
MESSAGE = f"One referral may name at most {LIMIT} people"


@dataclass(frozen=True)
class Sent:
    accepted: bool  # a referral with these people was stored
    shown: str  # what the sender was told


def _people(count: int) -> list[dict[str, str]]:
    return [
        {"role": "other", "given_name": f"Person{n}", "surname": "Ashdown"} for n in range(count)
    ]


def _by_api(app: Flask, factory: Factory, count: int) -> Sent:
    agency = factory.agency("health", AgencyKind.HEALTH)
    with app.app_context():
        token = apikeys.create_key(agency.id, "Health system", None).token
    response = app.test_client().post(
        "/api/v1/referrals",
        json={"source_reference": "R-1", "people": _people(count),
              "incident": {"reported_at": "2026-11-24T21:10", "dash_risk": "H"}},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert response.status_code in (201, 200, 422), response.status_code
    return Sent(response.status_code != 422, response.get_data(as_text=True))


def _post(client: FlaskClient, path: str, data: dict[str, str]) -> tuple[int, str, str]:
    response = client.post(path, data={**data, "csrf_token": csrf_token_from(client, path)})
    return response.status_code, response.location or "", response.get_data(as_text=True)


def _by_web_form(app: Flask, factory: Factory, count: int) -> Sent:
    client = app.test_client()
    sign_in(client, factory.user([Role.AGENCY_WORKER], agency=factory.agency("housing")))
    client.get("/refer/")
    _, incident_path, _ = _post(client, "/refer/", {})
    draft = incident_path.split("/")[2]
    _post(client, incident_path, {"reported_at": "24/11/2026 21:10", "dash_risk": "high"})
    shown = ""
    for person in _people(count):
        status, _, html = _post(client, f"/refer/{draft}/people/add", person)
        if status != 302:
            shown = html
    check = client.get(f"/refer/{draft}/check").get_data(as_text=True)
    assert check.count("Ashdown") == min(count, LIMIT)  # the person over the limit is not added
    _post(client, f"/refer/{draft}/check", {})
    with app.app_context():
        stored = db.session().scalar(select(func.count()).select_from(Referral))
    return Sent(stored == 1 and not shown, shown)


def _by_police_file(app: Flask, factory: Factory, count: int) -> Sent:
    police = factory.agency("police", AgencyKind.POLICE)
    coordinator = app.test_client()
    sign_in(coordinator, factory.user([Role.COORDINATOR], agency=police))
    app.config["POLICE_AGENCY_CODE"] = police.code
    rows = [
        person_row("WY-CROWD", role="other", given_name=p["given_name"], surname="Ashdown",
                   date_of_birth=f"19{60 + n}-01-01", nhs_number="", pnc_id="")
        for n, p in enumerate(_people(count))
    ] + [person_row("WY-OTHER")]  # fmt: skip
    token = csrf_token_from(coordinator, "/intake/upload")
    response = coordinator.post(
        "/intake/upload",
        data={"csrf_token": token, "police_file": (io.BytesIO(police_csv(rows)),
                                                    "night.csv")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 200
    with app.app_context():
        session = db.session()
        refs = set(session.scalars(select(Referral.source_ref)))
        reasons = [r.reasons for r in session.scalars(select(QuarantinedRow))]
    assert "WY-OTHER" in refs  # the file's other incident is imported
    page = coordinator.get("/intake/quarantine").get_data(as_text=True)
    shown = page if reasons else ""
    if reasons:
        assert len(reasons) == count
        assert all(MESSAGE.replace("referral", "incident") in str(r) for r in reasons)
    return Sent("WY-CROWD" in refs, shown)


CHANNELS: dict[str, Callable[[Flask, Factory, int], Sent]] = {
    "api": _by_api,
    "web form": _by_web_form,
    "police file": _by_police_file,
}


@pytest.fixture(autouse=True)
def small_limit(app: Flask) -> None:
    app.config["MAX_PEOPLE_PER_REFERRAL"] = LIMIT


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_referral_at_the_limit_is_taken(app: Flask, factory: Factory, channel: str) -> None:
    sent = CHANNELS[channel](app, factory, LIMIT)
    assert sent.accepted and MESSAGE not in sent.shown


@pytest.mark.parametrize("channel", CHANNELS)
def test_one_person_over_the_limit_is_refused_with_a_clear_message(
    app: Flask, factory: Factory, channel: str
) -> None:
    sent = CHANNELS[channel](app, factory, LIMIT + 1)
    assert not sent.accepted
    expected = MESSAGE.replace("referral", "incident") if channel == "police file" else MESSAGE
    assert expected in sent.shown.replace("&#39;", "'")
