import json
import uuid
from datetime import datetime, timezone

import pytest
from kombu import Connection, Exchange, Producer, Queue
from sqlalchemy import create_engine, text

from portal_kit import events as ce
from portal_kit.testing import service_config

from .ledger import THING_HAPPENED, LedgerService


def thing(**data):
    return ce.envelope(source="/portal/source", type=THING_HAPPENED, subject="things/1",
                       data=data, time=datetime.now(timezone.utc),
                       correlation_id=str(uuid.uuid4()), dataschema="http://x/t.json")


class Broker:
    def __init__(self, amqp_uri):
        self.amqp_uri = amqp_uri

    def publish(self, body, exchange="source.events", routing_key=THING_HAPPENED,
                content_type=ce.CONTENT_TYPE):
        raw = ce.encode(body).encode() if isinstance(body, dict) else body
        with Connection(self.amqp_uri) as conn:
            ex = Exchange(exchange, "topic", durable=True)
            Producer(conn.default_channel).publish(
                raw, exchange=ex, routing_key=routing_key, content_type=content_type,
                content_encoding="utf-8", declare=[ex])

    def subscribe(self, name, exchange="ledger.events"):
        with Connection(self.amqp_uri) as conn:
            Queue(name, Exchange(exchange, "topic", durable=True), routing_key="#",
                  durable=True, channel=conn.default_channel).declare()
        return name

    def drain(self, queue_name):
        messages = []
        with Connection(self.amqp_uri) as conn:
            queue = Queue(queue_name, durable=True, channel=conn.default_channel)
            queue.declare()
            while (message := queue.get(no_ack=True)) is not None:
                messages.append(message)
        return messages

    def bodies(self, queue_name):
        return [json.loads(m.body) for m in self.drain(queue_name)]


@pytest.fixture
def broker(vhost):
    return Broker(vhost.amqp_uri)


@pytest.fixture
def ledger_config(database_url, vhost):
    return service_config(database_url, vhost)


@pytest.fixture
def ledger(container_factory, ledger_config):
    container = container_factory(LedgerService, ledger_config)
    container.start()
    return container


@pytest.fixture
def db(database_url):
    engine = create_engine(database_url)

    def query(sql, **params):
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()

    yield query
    engine.dispose()
