"""A look-up never confirms a withheld (refuge) postcode (issue #16, finding 5, matching part).

Sophie is in a refuge at LS16 2LX. Asked about "Sophie Martin" with that postcode and with any
other, the look-up answers the same: the withheld postcode, address and phone take no part in
the matching.
"""

from __future__ import annotations

from flask import Flask

from frontdoor.identity.lookup import LookupQuery, who_is_in_contact
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import Role
from tests.factories import Factory
from tests.factories.cases import Refer, person

PURPOSE = "Checking before I call her about a housing referral"
REFUGE = dict(
    given_name="Sophie", surname="Martin", postcode="LS16 2LX", address="87 Otley Terrace",
    phone="07700900777", address_withheld=True,
)  # fmt: skip


def _ask(app: Flask, user_id: int, agency_id: int, **fields: str) -> list[tuple[str, str]]:
    with app.app_context():
        answer = who_is_in_contact(
            LookupQuery(given_name="Sophie", surname="Martin", **fields),
            PURPOSE,
            user_id=user_id,
            agency_id=agency_id,
        )
    return [(p.name, p.likelihood) for p in answer]


def test_a_withheld_postcode_answers_as_any_other_postcode(
    app: Flask, refer: Refer, factory: Factory
) -> None:
    refer(person(**REFUGE), person(role="perpetrator", given_name="Mark", surname="Martin"))
    with app.app_context():
        resolve_pending()
    worker = factory.user([Role.AGENCY_WORKER])
    answers = {
        postcode: _ask(app, worker.id, worker.agency_id, postcode=postcode)
        for postcode in ("LS16 2LX", "ls162lx", "LS1 1AA", "BD7 1DP")
    }
    assert len({tuple(a) for a in answers.values()}) == 1, answers
