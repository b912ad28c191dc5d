"""How failing events are retried: which errors wait for the infrastructure, and for how long."""
import time

import pytest

import kit_ledger
from kit_ledger import LedgerService, thing
from portal_kit.testing import wait_for


@pytest.fixture
def capped_ledger(container_factory, ledger_config):
    """The ledger giving up on transient failures after three retries."""
    container = container_factory(LedgerService, dict(ledger_config,
                                                      EVENT_TRANSIENT_MAX_RETRIES=3))
    container.start()
    return container


class TestTransientFailures:
    @pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # a statement timeout
    def test_a_non_transient_database_error_reaches_dead_letters_after_its_retries(
            self, ledger, broker, db):
        event = thing(statement_timeout=True)
        broker.publish(event)
        [message] = wait_for(lambda: broker.drain("ledger.dead-letter"), timeout=30)
        assert message.headers["x-error-type"] == "OperationalError"
        assert "statement timeout" in message.headers["x-error"]
        assert message.headers["x-portal-attempts"] == 3
        assert db("select count(*) from inbox") == [(0,)]

    def test_a_transient_failure_that_never_ends_reaches_dead_letters_after_the_cap(
            self, capped_ledger, broker, db):
        event = thing(unavailable=True)
        broker.publish(event)
        [message] = wait_for(lambda: broker.drain("ledger.dead-letter"), timeout=30)
        assert message.headers["x-error-type"] == "Unavailable"
        assert message.headers["x-error"] == "portal_kit.errors.Unavailable: the database is away"
        assert message.headers["x-portal-transient-attempts"] == 4  # the first try and 3 retries
        assert message.headers["x-portal-attempts"] == 0


class TestAttemptHeaders:
    @pytest.mark.parametrize("value", ["three", "2.5", -4, [1]])
    def test_a_message_with_an_unreadable_attempt_count_is_retried_from_zero(
            self, ledger, broker, value):
        broker.publish(thing(always_fail=True),
                       headers={"x-portal-attempts": value, "x-portal-transient-attempts": value})
        [message] = wait_for(lambda: broker.drain("ledger.dead-letter"), timeout=30)
        assert message.headers["x-portal-attempts"] == 3


RETRY_QUEUE = "evt-source-portal.source.thing.happened.v1--ledger.on_thing.retry.100"


@pytest.fixture
def forwarding_ledger(container_factory, ledger_config):
    """The ledger pausing 0.2 s after a failed forward, doubling up to 1 s."""
    def start(**config):
        container = container_factory(LedgerService, dict(
            ledger_config, EVENT_FORWARD_RETRY_SECONDS=0.2, EVENT_FORWARD_RETRY_MAX_SECONDS=1.0,
            **config))
        container.start()
        return container
    return start


class TestForwardFailures:
    """When the retry or dead-letter copy cannot be published, the message waits, growing pauses."""

    def test_a_retry_queue_declared_with_other_arguments_slows_retries_and_loses_nothing(
            self, forwarding_ledger, broker, vhost, db):
        vhost.api("PUT", f"/api/queues/{vhost.name}/{RETRY_QUEUE}",
                  json={"durable": True}).raise_for_status()  # no TTL: the kit's declare fails
        forwarding_ledger()
        event = thing(always_fail=True)
        broker.publish(event)
        wait_for(lambda: kit_ledger.attempts[event["id"]] >= 1)
        time.sleep(3)
        assert kit_ledger.attempts[event["id"]] < 20  # without a pause: hundreds
        meanwhile = thing(note="handled meanwhile")
        broker.publish(meanwhile)
        wait_for(lambda: db("select 1 from entries where event_id = :e", e=meanwhile["id"]))
        vhost.api("DELETE", f"/api/queues/{vhost.name}/{RETRY_QUEUE}").raise_for_status()
        [message] = wait_for(lambda: broker.drain("ledger.dead-letter"), timeout=30)
        assert message.headers["x-portal-attempts"] == 3

    def test_a_dead_letter_queue_that_refuses_messages_slows_retries_and_loses_nothing(
            self, forwarding_ledger, broker, vhost):
        policy = f"/api/policies/{vhost.name}/dead-letters-full"
        vhost.api("PUT", policy, json={
            "pattern": r"^ledger\.dead-letter$", "apply-to": "queues",
            "definition": {"max-length": 0, "overflow": "reject-publish"}}).raise_for_status()
        forwarding_ledger(EVENT_RETRY_DELAYS=[])
        event = thing(always_fail=True)
        broker.publish(event)
        wait_for(lambda: kit_ledger.attempts[event["id"]] >= 1)
        time.sleep(3)
        assert kit_ledger.attempts[event["id"]] < 20
        vhost.api("DELETE", policy).raise_for_status()
        [message] = wait_for(lambda: broker.drain("ledger.dead-letter"), timeout=30)
        assert message.headers["x-error"] == "RuntimeError: this handler always fails"
