"""The end-to-end run's check of emitted events (tests/e2e/event_contract.py) can fail."""
import importlib.util
import json
from pathlib import Path

import pytest

from portal_contracts.identity import DPA_SIGNED_V2

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("event_contract_check",
                                              ROOT / "tests" / "e2e" / "event_contract.py")
event_contract = importlib.util.module_from_spec(spec)
spec.loader.exec_module(event_contract)


@pytest.fixture(scope="module")
def good():
    """A dpa.signed event as identity publishes it (the end-to-end run's early one)."""
    e2e = importlib.util.spec_from_file_location("e2e_portal_check",
                                                 ROOT / "tests" / "e2e" / "e2e_portal.py")
    portal = importlib.util.module_from_spec(e2e)
    e2e.loader.exec_module(portal)
    return {"exchange": "identity.events", "routing_key": DPA_SIGNED_V2,
            "content_type": "application/cloudevents+json",
            "body": json.dumps(portal.signed_before_the_services_started())}


def test_an_event_as_documented_keeps_the_contract(good):
    assert event_contract.mismatches([good]) == []


def test_an_unknown_type_a_wrong_exchange_bad_data_or_binary_mode_break_it(good):
    event = json.loads(good["body"])
    unknown = dict(good, body=json.dumps(dict(event, type="portal.nobody.nothing.v1")))
    elsewhere = dict(good, exchange="somewhere.events")
    bad_data = dict(good, body=json.dumps(dict(event, data={"unexpected": 1})))
    binary = dict(good, content_type="application/json")
    for message in (unknown, elsewhere, bad_data, binary):
        assert event_contract.mismatches([message]) != [], message
