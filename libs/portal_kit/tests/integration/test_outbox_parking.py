"""A row that keeps failing by itself is parked, the rest flow on, and it can be replayed."""
import subprocess
import sys
from datetime import UTC, datetime

import requests

from kit_ledger import NOTE_ADDED, PARKED, RELAY_FAILURES, LedgerService, metric, note_event
from portal_kit import events as ce
from portal_kit.testing import base_url, wait_for


def add_row(db, event, exchange):
    db("insert into outbox (event_id, exchange, routing_key, body, created_at, attempts) "
       "values (:e, :x, :k, :b, :t, 0)", e=event["id"], x=exchange, k=NOTE_ADDED,
       b=ce.encode(event), t=datetime.now(UTC))


class TestParking:
    def test_a_row_the_broker_refuses_is_parked_while_the_rows_after_it_are_published(
            self, container_factory, ledger_config, broker, db):
        config = dict(ledger_config, OUTBOX_PARK_AFTER_ATTEMPTS=2)
        broker.declare_exchange("misdeclared.events", "fanout")  # the relay declares a topic
        container_factory(LedgerService, config).start()
        queue = broker.subscribe("subscriber")
        stuck = note_event("refused")
        add_row(db, stuck, "misdeclared.events")
        url = base_url(config)
        for note in ("first", "second"):
            requests.post(f"{url}/api/ledger/v1/notes", json={"note": note}, timeout=10)

        received: list = []
        wait_for(lambda: received.extend(broker.bodies(queue)) or len(received) >= 2)
        assert [e["data"]["note"] for e in received] == ["first", "second"]
        [(attempts, error)] = wait_for(lambda: db(
            "select attempts, last_error from outbox where event_id = :e "
            "and parked_at is not null", e=stuck["id"]))
        assert attempts == 2 and "PRECONDITION_FAILED" in error
        assert metric(url, PARKED) == 1.0

    def test_a_parked_row_is_published_after_it_is_replayed(
            self, container_factory, ledger_config, broker, db, database_url):
        config = dict(ledger_config, OUTBOX_PARK_AFTER_ATTEMPTS=1)
        broker.declare_exchange("misdeclared.events", "fanout")
        container_factory(LedgerService, config).start()
        stuck = note_event("refused, then replayed")
        add_row(db, stuck, "misdeclared.events")
        requests.post(f"{base_url(config)}/api/ledger/v1/notes", json={"note": "x"}, timeout=10)
        wait_for(lambda: db("select 1 from outbox where parked_at is not null"))

        broker.delete_exchange("misdeclared.events")  # what was wrong is put right
        queue = broker.subscribe("replayed", exchange="misdeclared.events")
        replay = subprocess.run(
            [sys.executable, "-m", "portal_kit.outbox_admin", "replay", "--service", "ledger",
             "--database-url", database_url, "--event-id", stuck["id"]],
            capture_output=True, text=True, timeout=60)
        assert replay.returncode == 0, replay.stderr
        assert "replayed 1" in replay.stdout
        [event] = wait_for(lambda: broker.bodies(queue))
        assert event["id"] == stuck["id"]
        wait_for(lambda: db("select 1 from outbox where event_id = :e and sent_at is not null "
                            "and parked_at is null", e=stuck["id"]))


class TestAnOutage:
    def test_a_broker_that_cannot_be_reached_parks_nothing(
            self, container_factory, ledger_config, broker, vhost, db):
        config = dict(ledger_config, OUTBOX_PARK_AFTER_ATTEMPTS=1)
        container_factory(LedgerService, config).start()
        queue = broker.subscribe("subscriber")
        url = base_url(config)
        failures = metric(url, RELAY_FAILURES)
        vhost.limit_connections(0)
        try:
            for note in ("first", "second"):
                requests.post(f"{url}/api/ledger/v1/notes", json={"note": note}, timeout=10)
            wait_for(lambda: metric(url, RELAY_FAILURES) >= failures + 3)
            assert db("select count(*) from outbox where attempts > 0 "
                      "or parked_at is not null") == [(0,)]
        finally:
            vhost.limit_connections(None)
        received: list = []
        wait_for(lambda: received.extend(broker.bodies(queue)) or len(received) >= 2,
                 timeout=60)
        assert [e["data"]["note"] for e in received] == ["first", "second"]
