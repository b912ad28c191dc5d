"""TLS to the broker for real: a private RabbitMQ node that speaks only TLS.

Every connection that works here is TLS (the node has no plain listener), so an event
that crosses it proves nameko's consumer, the kit's relay and the tools use the kit's
TLS settings; a wrong CA or a certificate for another host stops a service at start-up.
"""
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests
from kombu import Connection, Exchange, Producer, Queue
from private_broker import CLIENT_NAME, PrivateTlsBroker, available, make_certificates

from kit_ledger import NOTE_ADDED, THING_HAPPENED, LedgerService, thing
from portal_kit import events as ce
from portal_kit.broker_tls import BrokerTlsError, ssl_options, with_broker_tls
from portal_kit.testing import base_url, free_port, service_config, wait_for
from portal_kit.testing_infra import Vhost

HERE = Path(__file__).parent


def _free_dist_port() -> int:
    """A free port whose CLI range (+10000..+10010) stays below 65536."""
    for _ in range(100):
        port = random.randint(20000, 29000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError("no free distribution port")


@pytest.fixture(scope="module")
def tls_broker(tmp_path_factory):
    missing = available()
    if missing:
        pytest.skip(f"a private RabbitMQ node cannot start here: {missing}")
    folder = tmp_path_factory.mktemp("tls-broker")
    broker = PrivateTlsBroker(folder, make_certificates(folder), free_port(),
                              _free_dist_port())
    try:
        broker.start()
    except Exception:
        print(broker.log())
        broker.stop()
        raise
    yield broker
    broker.stop()


def tls_config(tmp_path, broker, uri=None, **files):
    uri = uri or broker.uri()
    settings = {"AMQP_SSL_CA_FILE": str(broker.certificates.ca), **files}
    vhost = Vhost("/", uri, "")
    return with_broker_tls(service_config(f"sqlite:///{tmp_path}/ledger.db", vhost,
                                          AMQP_URI=uri, **settings))


def client_ssl(broker):
    return ssl_options({"AMQP_URI": broker.uri(),
                        "AMQP_SSL_CA_FILE": str(broker.certificates.ca)})


def publish_thing(broker, event):
    exchange = Exchange("source.events", "topic", durable=True)
    with Connection(broker.uri(), ssl=client_ssl(broker)) as connection:
        Producer(connection.default_channel).publish(
            ce.encode(event).encode(), exchange=exchange, routing_key=THING_HAPPENED,
            content_type=ce.CONTENT_TYPE, content_encoding="utf-8", declare=[exchange])


def subscribe(broker, name):
    queue = Queue(name, Exchange("ledger.events", "topic", durable=True),
                  routing_key="#", durable=True)
    with Connection(broker.uri(), ssl=client_ssl(broker)) as connection:
        queue(connection.default_channel).declare()
    return queue


def take(broker, queue):
    with Connection(broker.uri(), ssl=client_ssl(broker)) as connection:
        message = queue(connection.default_channel).get(no_ack=True)
        return json.loads(message.body) if message else None


def entries(tmp_path):
    """The event ids the ledger recorded (none before it created its tables)."""
    with sqlite3.connect(tmp_path / "ledger.db") as db:
        try:
            return [row[0] for row in db.execute("SELECT event_id FROM entries")]
        except sqlite3.OperationalError:
            return []


class TestAServiceOnABrokerThatSpeaksOnlyTls:
    def test_an_event_goes_in_and_out_over_tls_with_the_right_ca_and_a_client_certificate(
            self, tls_broker, tmp_path, container_factory):
        certs = tls_broker.certificates
        config = tls_config(tmp_path, tls_broker, AMQP_SSL_CERT_FILE=str(certs.client_cert),
                            AMQP_SSL_KEY_FILE=str(certs.client_key))
        queue = subscribe(tls_broker, f"sub-{uuid.uuid4().hex[:8]}")
        ledger = container_factory(LedgerService, config)
        ledger.start()

        event = thing(note="over tls")
        publish_thing(tls_broker, event)
        wait_for(lambda: event["id"] in entries(tmp_path), timeout=60)
        requests.post(f"{base_url(config)}/api/ledger/v1/notes", json={"note": "n1"},
                      timeout=30).raise_for_status()
        published = wait_for(lambda: take(tls_broker, queue), timeout=60)

        assert published["type"] == NOTE_ADDED and published["data"] == {"note": "n1"}
        shown = [c for c in tls_broker.connections() if CLIENT_NAME in c["peer_cert_subject"]]
        assert len(shown) >= 2  # nameko's consumer and the relay's publisher

    def test_a_ca_that_did_not_sign_the_broker_certificate_stops_the_start_up(
            self, tls_broker, tmp_path, container_factory):
        config = tls_config(tmp_path, tls_broker,
                            AMQP_SSL_CA_FILE=str(tls_broker.certificates.impostor_ca))
        ledger = container_factory(LedgerService, config)

        with pytest.raises(BrokerTlsError, match="certificate verify failed"):
            ledger.start()

    def test_a_certificate_for_another_host_name_stops_the_start_up(
            self, tls_broker, tmp_path, container_factory):
        config = tls_config(tmp_path, tls_broker, uri=tls_broker.uri("127.0.0.1"))
        ledger = container_factory(LedgerService, config)

        with pytest.raises(BrokerTlsError, match="mismatch.*127.0.0.1"):
            ledger.start()


def serve(tmp_path, broker, ca):
    config = service_config(f"sqlite:///{tmp_path}/ledger.db", Vhost("/", broker.uri(), ""),
                            AMQP_SSL_CA_FILE=str(ca), LOGGING={"version": 1})
    path = tmp_path / "config.yml"
    path.write_text(json.dumps(config))  # YAML reads JSON
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get(
        "PYTHONPATH", "")]))
    return config, subprocess.Popen(
        [sys.executable, "-m", "portal_kit.serve", "--config", str(path), "kit_ledger"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


class TestTheServiceCommand:
    def test_gives_nameko_its_tls_settings_so_its_consumer_connects(self, tls_broker, tmp_path):
        _, process = serve(tmp_path, tls_broker, tls_broker.certificates.ca)
        def handled_one() -> bool:
            if entries(tmp_path):
                return True
            publish_thing(tls_broker, thing(note="served"))  # lost until its queue is bound
            return False

        try:
            wait_for(handled_one, timeout=120, interval=1)
        finally:
            process.terminate()
            output = process.communicate(timeout=60)[0]
        assert "BrokerTlsError" not in output

    def test_stops_at_once_with_the_reason_when_the_ca_is_wrong(self, tls_broker, tmp_path):
        _, process = serve(tmp_path, tls_broker, tls_broker.certificates.impostor_ca)
        output = process.communicate(timeout=120)[0]

        assert process.returncode != 0
        assert "BrokerTlsError" in output and "certificate verify failed" in output


class TestTheTools:
    def test_declare_the_queues_and_read_dead_letters_over_tls(self, tls_broker):
        env = dict(os.environ, AMQP_URI=tls_broker.uri(),
                   AMQP_SSL_CA_FILE=str(tls_broker.certificates.ca),
                   PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
        declared = subprocess.run([sys.executable, "-m", "portal_kit.topology", "declare",
                                   "kit_ledger"], env=env, capture_output=True, text=True,
                                  timeout=120)
        listed = subprocess.run([sys.executable, "-m", "portal_kit.dead_letters", "list",
                                 "--service", "ledger"], env=env, capture_output=True,
                                text=True, timeout=120)

        assert declared.returncode == 0, declared.stdout + declared.stderr
        assert "ledger.dead-letter" in declared.stdout
        assert listed.returncode == 0, listed.stderr


SUBSCRIBER = HERE.parents[3] / "docs" / "examples" / "subscriber.py"


def subscriber(broker, ca):
    return subprocess.Popen(
        [sys.executable, str(SUBSCRIBER), "--amqp-uri", broker.uri(), "--ca-file", str(ca),
         "--queue", f"sub-tls.{uuid.uuid4().hex[:8]}", "--bind", "source.events=#",
         "--max-messages", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class TestTheExampleSubscriber:
    def test_receives_an_event_over_tls_with_the_portal_ca(self, tls_broker):
        publish_thing(tls_broker, thing(note="declares the exchange"))
        process = subscriber(tls_broker, tls_broker.certificates.ca)
        assert "listening" in process.stdout.readline()
        event = thing(note="for the subscriber")
        publish_thing(tls_broker, event)

        output = process.communicate(timeout=120)[0]
        assert json.loads(output.splitlines()[-1])["id"] == event["id"]

    def test_refuses_a_broker_its_ca_did_not_sign(self, tls_broker):
        process = subscriber(tls_broker, tls_broker.certificates.impostor_ca)
        errors = process.communicate(timeout=120)[1]

        assert process.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in errors
