"""A subscriber that is not nameko reads identity's events with the CloudEvents SDK."""
import requests
from cloudevents.core.bindings.rabbitmq import RabbitMQMessage, from_rabbitmq_event
from kombu import Connection, Exchange, Queue

from portal_kit.testing import wait_for


def test_a_plain_kombu_subscriber_receives_events_the_cloudevents_sdk_accepts(
        identity, register, vhost):
    with Connection(vhost.amqp_uri) as conn:
        queue = Queue("outside-subscriber", Exchange("identity.events", "topic", durable=True),
                      routing_key="portal.identity.#", channel=conn.default_channel)
        queue.declare()
        org = register()
        message = wait_for(lambda: queue.get(no_ack=True))
    assert message.content_type == "application/cloudevents+json"
    body = message.body if isinstance(message.body, bytes) else message.body.encode()
    event = from_rabbitmq_event(RabbitMQMessage(
        headers={k: str(v) for k, v in (message.headers or {}).items()},
        content_type=message.content_type, body=body))
    assert event.get_type() == "portal.identity.organisation.registered.v2"
    assert event.get_source() == "/portal/identity"
    assert event.get_subject() == f"organisations/{org['id']}"
    assert event.get_extension("correlationid")
    assert event.get_data()["organisation_id"] == org["id"]
    schema = requests.get(event.get_dataschema().replace("localhost:8000", identity.split("//")[1]))
    assert schema.status_code == 200 and "organisation_id" in schema.json()["properties"]
    assert message.properties["message_id"] == event.get_id()
    assert message.delivery_info["routing_key"] == event.get_type()
