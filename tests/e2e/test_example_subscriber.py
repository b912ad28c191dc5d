"""The subscribing guide's example consumer (docs/examples/subscriber.py), run as a subscriber
runs it: against the running portal's broker, on a queue of its own."""
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import requests
from kombu import Connection, Exchange, Producer

from e2e_portal import ROOT, eventually, organisation_number

SUBSCRIBER = ROOT / "docs" / "examples" / "subscriber.py"


class Running:
    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process
        self.lines: list[dict] = []

    def read_until(self, predicate, limit: int = 200) -> dict:
        for _ in range(limit):
            line = self.process.stdout.readline()
            assert line, "the subscriber stopped"
            self.lines.append(json.loads(line))
            if predicate(self.lines[-1]):
                return self.lines[-1]
        raise AssertionError(f"not seen in {limit} lines: {self.lines[-5:]}")


@pytest.fixture
def subscriber(portal) -> Iterator:
    started = []

    def start(queue: str, *bindings: str, max_messages: int | None = None) -> Running:
        args = [sys.executable, str(SUBSCRIBER), "--amqp-uri", portal.vhost.amqp_uri,
                "--queue", queue, *[a for b in bindings for a in ("--bind", b)]]
        if max_messages:
            args += ["--max-messages", str(max_messages)]
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        started.append(process)
        running = Running(process)
        running.read_until(lambda line: "listening" in line)
        return running
    yield start
    for process in started:
        process.terminate()
        process.wait(30)
        process.stdout.close()
        process.stderr.close()


def test_it_receives_the_event_of_an_organisation_registered_in_the_running_portal(
        portal, operator, subscriber):
    running = subscriber(f"sub-e2e-{uuid.uuid4().hex[:8]}.organisations",
                         "identity.events=portal.identity.organisation.registered.*")
    number = organisation_number()
    response = requests.post(f"{portal.url}/api/identity/v1/organisations", headers=operator,
                             json={"name": f"Kommune {number}", "kind": "municipality",
                                   "country": "NO", "organisation_number": number,
                                   "contact_email": f"post-{number}@kommune.no"}, timeout=10)
    assert response.status_code == 201, response.text
    organisation = response.json()["id"]
    event = running.read_until(lambda line: organisation in (line.get("subject") or ""))
    assert event["received"].startswith("portal.identity.organisation.registered.")
    assert event["data"]["name"] == f"Kommune {number}"


@pytest.fixture
def test_exchange(portal) -> Iterator[tuple[str, Producer]]:
    """An exchange of the test's own (the portal's contract recorder does not see it)."""
    name = f"sub-test-{uuid.uuid4().hex[:8]}.events"
    with Connection(portal.vhost.amqp_uri) as connection:
        exchange = Exchange(name, type="topic", durable=False, auto_delete=False)
        exchange(connection.default_channel).declare()
        yield name, Producer(connection.default_channel, exchange=exchange)
        exchange(connection.default_channel).delete()


def cloud_event(event_id: str) -> dict:
    return {"specversion": "1.0", "id": event_id, "source": "/test", "type": "test.thing.v1",
            "subject": f"things/{event_id}", "data": {"n": 1}}


def test_it_handles_a_redelivered_event_once_and_dead_letters_what_it_cannot_read(
        portal, subscriber, test_exchange):
    name, producer = test_exchange
    queue = f"sub-e2e-{uuid.uuid4().hex[:8]}.things"
    running = subscriber(queue, f"{name}=test.#", max_messages=3)
    event = cloud_event(str(uuid.uuid4()))
    for body in (event, event):
        producer.publish(json.dumps(body), routing_key="test.thing.v1",
                         content_type="application/cloudevents+json")
    producer.publish("not json", routing_key="test.thing.v1", content_type="text/plain")
    assert running.process.wait(60) == 0  # three messages taken, then it stops
    received = [line for line in running.lines if "received" in line]
    rest = [json.loads(line) for line in running.process.stdout.read().splitlines()]
    received += [line for line in rest if "received" in line]
    assert [line["id"] for line in received] == [event["id"]]
    dead = eventually(lambda: portal.vhost.api(
        "GET", f"/api/queues/{quote(portal.vhost.name, safe='')}/{queue}.dead-letter").json().get("messages"))
    assert dead == 1
