"""The persistent index: key hashes and the bounded candidate set."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import event, select

from frontdoor.db import db, transaction
from frontdoor.identity import index_dao
from frontdoor.identity.index_dao import CandidateLimits
from frontdoor.identity.resolution import resolve_pending
from frontdoor.models import PersonRecord
from tests.factories.cases import Refer, person

LIMITS = CandidateLimits(max_per_key=3, small_posting=2, max_records=10)


@pytest.mark.parametrize("key", ["gs:JN|SM0", "nhs:9434765919", "dp:19900304|WF17 5AB", ""])
def test_key_hashes_are_stable_signed_64_bit_integers(key: str) -> None:
    assert index_dao.key_hash(key) == index_dao.key_hash(key)
    assert -(2**63) <= index_dao.key_hash(key) < 2**63


@pytest.fixture
def records(app: Flask, refer: Refer) -> list[int]:
    """Five indexed records, each also holding hand-made keys (see the table below)."""
    for number in range(5):
        refer(person(given_name=f"Person{number}", surname=f"Surname{number}"))
    with app.app_context():
        resolve_pending()
        ids = list(db.session().scalars(select(PersonRecord.id).order_by(PersonRecord.id)))
        postings = {"big": ids[:4], "mid": ids[:3], "small": ids[1:3], "nhs:1": ids[4:]}
        with transaction() as session:
            for key, holders in postings.items():
                for record_id in holders:
                    index_dao.add_keys(session, record_id, [key])
    return ids


@pytest.mark.parametrize(
    ("query_keys", "expected", "why"),
    [
        (["big"], [], "a key held by more records than max_per_key says nothing"),
        (["mid"], [], "from a big posting, one shared key is not enough"),
        (["mid", "small"], [1, 2], "two shared keys, or a small posting, make a candidate"),
        (["small"], [1, 2], "every record of a small posting is a candidate"),
        (["nhs:1", "big"], [4], "an identifier key always counts"),
    ],
)
def test_the_candidate_set_is_bounded(
    app: Flask, records: list[int], query_keys: list[str], expected: list[int], why: str
) -> None:
    with app.app_context():
        found = index_dao.candidate_record_ids(db.session(), query_keys, LIMITS)
    assert found == [records[i] for i in expected], why


def test_at_most_max_records_are_scored_most_shared_first(app: Flask, records: list[int]) -> None:
    limits = CandidateLimits(max_per_key=5, small_posting=5, max_records=2)
    with app.app_context():
        found = index_dao.candidate_record_ids(db.session(), ["big", "mid", "small"], limits)
    assert found == [records[1], records[2]]  # three keys each; records 0 and 3 share fewer


def test_all_of_a_records_keys_are_looked_up_in_one_round_trip(
    app: Flask, records: list[int]
) -> None:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            postings = index_dao.key_postings(db.session(), ["big", "mid", "small", "none"], 3)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert sorted(postings["mid"]) == records[:3]
    assert sorted(postings["small"]) == records[1:3]
    assert postings["none"] == []
    # the per-key LIMIT: three of the four holders, enough to tell "more than max_per_key"
    assert len(postings["big"]) == 3
    assert set(postings["big"]) < set(records[:4])


def test_people_holding_keys_are_none_past_the_limit(app: Flask, records: list[int]) -> None:
    with app.app_context():
        session = db.session()
        rows = session.execute(select(PersonRecord.id, PersonRecord.person_id)).all()
        people = dict(rows)
        found = index_dao.people_holding_keys(session, ["big", "small", "none"], limit=3)
    assert (
        found
        == {
            "big": None,  # four records hold it
            "small": sorted(people[record_id] for record_id in records[1:3]),
            "none": [],
        }
    )
