"""The local SMS gateway: text messages posted to it are recorded, listed and shown."""
import json
import signal
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(scope="module")
def gateway(run_program: Callable, free_port: Callable[[], int]) -> dict[str, Any]:
    port = free_port()
    process = run_program("smsgateway", ["--port", str(port)], wait_on=port)
    return {"process": process, "url": f"http://127.0.0.1:{port}"}


@pytest.fixture(autouse=True)
def fresh(request: pytest.FixtureRequest, http: Callable) -> None:
    if "gateway" in request.fixturenames:
        url = request.getfixturevalue("gateway")["url"]
        http("DELETE", f"{url}/messages")
        http("PUT", f"{url}/behaviour", json.dumps({"status": None}).encode())


def post(http, gateway, body, headers=None):
    return http("POST", f"{gateway['url']}/messages", json.dumps(body).encode(),
                dict({"Content-Type": "application/json"}, **(headers or {})))


class TestReceiving:
    def test_a_message_is_recorded_with_its_reference_and_listed(self, gateway, http):
        reply = post(http, gateway, {"to": "+4791234567", "from": "Portal", "text": "Hei",
                                     "reference": "d-1"}, {"Idempotency-Key": "d-1"})
        assert reply.status == 201
        [message] = http("GET", f"{gateway['url']}/messages?to=%2B4791234567").json()
        assert (message["to"], message["text"], message["reference"]) == (
            "+4791234567", "Hei", "d-1")
        assert message["idempotency_key"] == "d-1"
        one = http("GET", f"{gateway['url']}/messages/{message['id']}").json()
        assert one == message

    def test_a_message_without_a_number_is_refused_with_a_problem(self, gateway, http):
        reply = post(http, gateway, {"text": "Hei"})
        assert reply.status == 400 and reply.json()["code"] == "invalid_message"
        assert post(http, gateway, {"to": "not a number", "text": "x"}).status == 422
        assert http("GET", f"{gateway['url']}/messages").json() == []

    def test_it_can_be_told_to_fail_like_a_broken_gateway(self, gateway, http):
        http("PUT", f"{gateway['url']}/behaviour", json.dumps({"status": 503}).encode())
        assert post(http, gateway, {"to": "+4791234567", "text": "x"}).status == 503
        assert http("GET", f"{gateway['url']}/messages").json() == []


class TestPage:
    def test_the_page_lists_messages_with_clickable_links_and_escapes_the_rest(
            self, gateway, http):
        post(http, gateway, {"to": "+4591234567",
                             "text": "<b>Mette</b> inviterer dig: http://localhost:8000/i/abc"})
        reply = http("GET", f"{gateway['url']}/")
        page = reply.body.decode()
        assert reply.headers["Content-Type"].startswith("text/html")
        assert '<html lang="en">' in page and "<caption>1 text messages" in page
        assert '<a href="http://localhost:8000/i/abc">' in page
        assert "&lt;b&gt;Mette&lt;/b&gt;" in page and "<b>Mette</b>" not in page


def test_it_stops_cleanly_on_sigterm(run_program, free_port, stop):
    port = free_port()
    process = run_program("smsgateway", ["--port", str(port)], wait_on=port)
    assert stop(process, signal.SIGTERM) == 0
