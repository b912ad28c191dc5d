import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from kit_ledger import RELAY_FAILURES, LedgerService, metadata, metric, thing
from portal_kit.db import make_engine
from portal_kit.testing import base_url, wait_for

HERE = Path(__file__).parent


def rabbitmqctl(*args):
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=120)


def wait_for_broker():
    wait_for(lambda: subprocess.run(["rabbitmqctl", "await_startup"], capture_output=True,
                                    timeout=120).returncode == 0, timeout=120, interval=1)


class TestOutbox:
    def test_an_event_committed_by_a_process_killed_before_publishing_is_delivered_once_after_restart(
            self, container_factory, ledger_config, broker, db):
        queue = broker.subscribe("subscriber")
        crashed = subprocess.run(
            [sys.executable, "crash_after_commit.py", ledger_config["DATABASE_URL"],
             ledger_config["AMQP_URI"]], cwd=HERE, capture_output=True, timeout=60)
        assert crashed.returncode == 9, crashed.stderr.decode()[-2000:]
        assert db("select count(*) from outbox where sent_at is null") == [(1,)]
        assert broker.drain(queue) == []

        container_factory(LedgerService, ledger_config).start()

        received = wait_for(lambda: broker.bodies(queue))
        time.sleep(4 * ledger_config["OUTBOX_SWEEP_SECONDS"])  # several sweeps: nothing more
        received += broker.bodies(queue)
        assert [e["data"] for e in received] == [{"note": "survives the crash"}]
        assert db("select count(*) from outbox where sent_at is null") == [(0,)]

    def test_events_are_published_in_commit_order_with_their_correlation_id(
            self, ledger, ledger_config, broker):
        queue = broker.subscribe("subscriber")
        url = base_url(ledger_config)
        for note in ("first", "second", "third"):
            response = requests.post(f"{url}/api/ledger/v1/notes", json={"note": note},
                                     headers={"X-Correlation-Id": f"corr-{note}"})
            assert response.status_code == 201
            assert response.headers["X-Correlation-Id"] == f"corr-{note}"
        received = wait_for(lambda: (got := broker.bodies(queue)) and got, timeout=10)
        while len(received) < 3:
            received += broker.bodies(queue)
        assert [(e["data"]["note"], e["correlationid"]) for e in received] == [
            ("first", "corr-first"), ("second", "corr-second"), ("third", "corr-third")]


class TestRetention:
    def test_a_running_service_prunes_sent_outbox_rows_and_inbox_rows_past_their_retention(
            self, container_factory, ledger_config, db):
        engine = make_engine(ledger_config["DATABASE_URL"])
        metadata.create_all(engine)
        engine.dispose()
        long_ago = datetime.now(UTC) - timedelta(days=40)
        for name in ("old", "unsent"):
            db("insert into outbox (event_id, exchange, routing_key, body, created_at, sent_at, "
               "attempts) values (:e, 'ledger.events', 'k', '{}', :t, :s, 0)", e=name,
               t=long_ago, s=long_ago if name == "old" else None)
        db("insert into inbox (event_id, consumer, event_type, received_at) "
           "values ('old', 'ledger.record_thing', 't', :t)", t=long_ago)

        container_factory(LedgerService, ledger_config).start()
        wait_for(lambda: db("select count(*) from inbox") == [(0,)])
        assert db("select event_id from outbox") == [("unsent",)]


class TestRelayBackOff:
    def test_an_event_committed_while_the_relay_backs_off_is_published_without_waiting_it_out(
            self, container_factory, ledger_config, broker, vhost):
        config = dict(ledger_config, OUTBOX_SWEEP_SECONDS=120)  # back-off: 30 s (the cap)
        container_factory(LedgerService, config).start()
        queue = broker.subscribe("subscriber")
        url = base_url(config)
        failures = metric(url, RELAY_FAILURES)
        vhost.limit_connections(0)  # the broker refuses the relay's connection
        try:
            requests.post(f"{url}/api/ledger/v1/notes", json={"note": "during"}, timeout=10)
            wait_for(lambda: metric(url, RELAY_FAILURES) > failures)
        finally:
            vhost.limit_connections(None)
        requests.post(f"{url}/api/ledger/v1/notes", json={"note": "after"}, timeout=10)
        received: list = []
        wait_for(lambda: received.extend(broker.bodies(queue)) or len(received) >= 2,
                 timeout=10)  # well inside the back-off
        assert [e["data"]["note"] for e in received] == ["during", "after"]


@pytest.mark.broker_outage
class TestBrokerOutage:
    def test_changes_made_while_the_broker_is_down_are_all_published_when_it_returns(
            self, ledger, ledger_config, broker, db):
        queue = broker.subscribe("subscriber")
        url = base_url(ledger_config)
        rabbitmqctl("stop_app")
        try:
            for n in range(5):
                response = requests.post(f"{url}/api/ledger/v1/notes", json={"note": f"n{n}"},
                                         timeout=10)
                assert response.status_code == 201, response.text
            wait_for(lambda: requests.get(f"{url}/health/ready", timeout=10).json()["broker"]
                     == "down", timeout=30, interval=0.5)
            ready = requests.get(f"{url}/health/ready", timeout=10)
            assert ready.status_code == 200, "a broker outage must not take the pod out"
            assert 'portal_broker_up{service="ledger"} 0.0' in requests.get(
                f"{url}/metrics", timeout=10).text
            assert db("select count(*) from outbox where sent_at is null") == [(5,)]
        finally:
            rabbitmqctl("start_app")
            wait_for_broker()
        received = []
        wait_for(lambda: received.extend(broker.bodies(queue)) or len(received) >= 5,
                 timeout=90, interval=0.5)
        assert sorted(e["data"]["note"] for e in received) == [f"n{n}" for n in range(5)]
        assert requests.get(f"{url}/health/ready", timeout=10).status_code == 200
        event = thing(note="consumed after the outage")  # the consumer reconnected too
        broker.publish(event)
        wait_for(lambda: db("select 1 from entries where event_id = :e", e=event["id"]),
                 timeout=60)
