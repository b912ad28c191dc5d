"""RabbitMQ 4.x's delivery limit on quorum queues, emulated: retries never count towards it.

RabbitMQ 4.x gives every quorum queue a delivery limit of 20 returns; here a quorum
vhost gets the production policy (``k8s/base/broker.yaml``, ``<svc>-dead-letters``) with
a limit of 2, so a handler that fails three times would be dropped if the kit returned
its message, and a message that really is returned again and again must end in dead
letters, not vanish.
"""
import time

import pytest

import kit_ledger
from kit_ledger import LedgerService, thing
from portal_kit.testing import create_vhost, delete_vhost, wait_for

HANDLER_QUEUE = "evt-source-portal.source.thing.happened.v1--ledger.on_thing"
LIMIT = 2


@pytest.fixture
def vhost(rabbit, monkeypatch):
    """A quorum vhost whatever PORTAL_TEST_QUEUE_TYPE says, with the limit's policy."""
    monkeypatch.setenv("PORTAL_TEST_QUEUE_TYPE", "quorum")
    created = create_vhost(rabbit)
    created.api("PUT", f"/api/policies/{created.name}/ledger-dead-letters", json={
        "pattern": r"^(evt|cmd)-.+--ledger\.[a-z_]+$", "apply-to": "queues", "priority": 1,
        "definition": {"dead-letter-exchange": "", "dead-letter-routing-key": "ledger.dead-letter",
                       "dead-letter-strategy": "at-least-once", "overflow": "reject-publish",
                       "delivery-limit": LIMIT}}).raise_for_status()
    yield created
    delete_vhost(rabbit, created)


@pytest.fixture
def limited_ledger(container_factory, ledger_config, broker):
    broker.drain("ledger.dead-letter")  # declared first, as the migration Job does
    container = container_factory(LedgerService, dict(
        ledger_config, EVENT_RETRY_DELAYS=[0.1, 0.1, 0.1, 0.1],
        EVENT_FORWARD_RETRY_SECONDS=0.1, EVENT_FORWARD_RETRY_MAX_SECONDS=0.2))
    container.start()
    return container


def queue_type(vhost, name):
    return vhost.api("GET", f"/api/queues/{vhost.name}/{name}").json()["type"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
class TestADeliveryLimitOnQuorumQueues:
    def test_more_failed_attempts_than_the_limit_are_retried_and_applied_once(
            self, limited_ledger, broker, db, vhost):
        event = thing(fail_times=LIMIT + 2, note="after four failures")
        broker.publish(event)

        wait_for(lambda: db("select note from entries where event_id = :e", e=event["id"]),
                 timeout=60)
        assert queue_type(vhost, HANDLER_QUEUE) == "quorum"
        assert kit_ledger.attempts[event["id"]] == LIMIT + 3
        assert broker.drain("ledger.dead-letter") == []

    def test_a_message_returned_past_the_limit_is_dead_lettered_by_the_broker_not_dropped(
            self, vhost, limited_ledger, broker):
        retry = f"{HANDLER_QUEUE}.retry.100"
        vhost.api("PUT", f"/api/queues/{vhost.name}/{retry}",
                  json={"durable": True}).raise_for_status()  # the kit's copy is refused
        event = thing(always_fail=True)
        broker.publish(event)

        [message] = wait_for(lambda: broker.drain("ledger.dead-letter"), timeout=60)
        time.sleep(1)  # no further attempt follows: the broker took it away
        assert kit_ledger.attempts[event["id"]] == LIMIT + 1
        assert message.headers["x-death"][0]["queue"] == HANDLER_QUEUE
        assert "x-error" not in message.headers  # the broker's dead-lettering, not the kit's
