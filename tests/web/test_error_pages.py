"""Error pages a person reads are styled GOV.UK pages with a way back; the API keeps its own."""

from __future__ import annotations

from flask.testing import FlaskClient

from frontdoor.models import Role

from ..factories import Factory, sign_in


def test_a_missing_page_is_styled_and_offers_a_way_back(
    client: FlaskClient, factory: Factory
) -> None:
    sign_in(client, factory.user([Role.PARTNER]))
    response = client.get("/no-such-page", headers={"Referer": "http://localhost/agenda/"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in html and "govuk-heading-l" in html
    assert 'href="/agenda/">Go back to the page you came from' in html
    assert "Go to your home page" in html


def test_a_forbidden_page_says_why_and_links_home(client: FlaskClient, factory: Factory) -> None:
    sign_in(client, factory.user([Role.PARTNER]))
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "You cannot see this page" in response.get_data(as_text=True)


def test_a_form_without_its_token_gets_the_styled_400(
    client: FlaskClient, factory: Factory
) -> None:
    sign_in(client, factory.user([Role.PARTNER]))
    response = client.post("/sign-out", data={})
    assert response.status_code == 400
    assert "there is a problem with what was sent" in response.get_data(as_text=True)


def test_a_signed_out_visitor_is_offered_the_sign_in_page(client: FlaskClient) -> None:
    html = client.get("/no-such-page").get_data(as_text=True)
    assert "Page not found" in html and "/sign-in" in html


def test_the_api_keeps_its_own_replies(client: FlaskClient) -> None:
    response = client.get("/api/v1/no-such-route")
    assert "govuk-heading-l" not in response.get_data(as_text=True)
