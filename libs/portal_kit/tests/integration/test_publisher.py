"""The publisher the relay and dead-lettering use, against the real broker."""
from datetime import UTC, datetime

import pytest

from kit_ledger import Broker
from portal_kit import events as ce
from portal_kit.amqp import ConfirmingPublisher
from portal_kit.outbox import PublishRefused
from portal_kit.testing import wait_for


def note(text):
    return ce.envelope(source="/portal/ledger", type="portal.ledger.note.added.v1",
                       subject="notes/1", data={"note": text}, time=datetime.now(UTC),
                       correlation_id="c-1", dataschema="http://x/n.json")


def publish(publisher, event):
    publisher.publish("ledger.events", event["type"], ce.encode(event), event)


def publisher_connection(vhost):
    """The publisher's connection as the broker lists it (after its statistics interval)."""
    return wait_for(lambda: [c for c in vhost.connections()
                             if c["client_properties"].get("connection_name") ==
                             "ledger publisher"], timeout=30, interval=0.5)[0]


class TestIdlePublisher:
    def test_a_publisher_asks_the_broker_for_no_heartbeats_it_would_never_send(self, vhost):
        publisher = ConfirmingPublisher(vhost.amqp_uri, "ledger")
        try:
            publish(publisher, note("first"))
            assert publisher_connection(vhost)["timeout"] == 0
        finally:
            publisher.close()

    def test_an_idle_publisher_publishes_at_the_first_try_after_the_broker_closed_its_connection(
            self, vhost):
        broker = Broker(vhost.amqp_uri)
        queue = broker.subscribe("subscriber")
        publisher = ConfirmingPublisher(vhost.amqp_uri, "ledger")
        try:
            publish(publisher, note("before"))
            vhost.close_connection(publisher_connection(vhost)["name"])
            publish(publisher, note("after"))  # raised ConnectionForced before
        finally:
            publisher.close()
        received = []
        wait_for(lambda: received.extend(broker.bodies(queue)) or len(received) >= 2)
        assert [e["data"]["note"] for e in received] == ["before", "after"]


class TestRefusals:
    def test_a_message_the_broker_refuses_raises_refused_and_the_next_one_is_published(
            self, vhost):
        broker = Broker(vhost.amqp_uri)
        broker.declare_exchange("misdeclared.events", "fanout")
        queue = broker.subscribe("subscriber")
        publisher = ConfirmingPublisher(vhost.amqp_uri, "ledger")
        event = note("refused")
        try:
            with pytest.raises(PublishRefused, match="PRECONDITION_FAILED"):
                publisher.publish("misdeclared.events", event["type"], ce.encode(event), event)
            publish(publisher, note("published"))
        finally:
            publisher.close()
        assert [e["data"]["note"] for e in broker.bodies(queue)] == ["published"]

    def test_a_broker_that_refuses_the_connection_is_an_outage_not_a_refusal(self, vhost):
        publisher = ConfirmingPublisher(vhost.amqp_uri, "ledger")
        vhost.limit_connections(0)
        try:
            with pytest.raises(Exception) as raised:
                publish(publisher, note("no connection"))
            assert not isinstance(raised.value, PublishRefused)
        finally:
            vhost.limit_connections(None)
            publisher.close()
