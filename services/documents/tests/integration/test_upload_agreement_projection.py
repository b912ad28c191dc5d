"""The agreement projection against real PostgreSQL and RabbitMQ.

Tokens come from the kit's ``tokens`` fixture: the service trusts its key through
``JWKS_URL``, so no identity service has to run.
"""
import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from kombu import Connection, Exchange, Producer
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import text

from documents.entrypoints.service import DocumentsService
from portal_kit import events as ce
from portal_kit.migrations import upgrade
from portal_kit.runtime import Runtime
from portal_kit.testing import base_url, service_config, wait_for

SERVICE_DIR = Path(__file__).resolve().parents[2]
SIGNED = "portal.identity.dpa.signed.v1"
TERMINATED = "portal.identity.dpa.terminated.v1"


def dpa_event(event_type, organisation_id, version=1):
    return ce.envelope(
        source="/portal/identity", type=event_type, subject=f"organisations/{organisation_id}",
        time=datetime.now(UTC), correlation_id=str(uuid.uuid4()),
        dataschema="http://localhost:8000/api/identity/schemas/x.json",
        data={"organisation_id": organisation_id, "organisation_name": "Bergen kommune",
              "agreement_version": version, "kind": "municipality",
              "contact_email": "post@bergen.kommune.no"})


def publish(amqp_uri, event):
    exchange = Exchange("identity.events", "topic", durable=True)
    with Connection(amqp_uri) as conn:
        Producer(conn.default_channel).publish(
            ce.encode(event).encode(), exchange=exchange, routing_key=event["type"],
            content_type=ce.CONTENT_TYPE, content_encoding="utf-8", declare=[exchange])


@pytest.fixture
def documents(container_factory, database_url, vhost, tokens):
    upgrade(SERVICE_DIR, database_url)
    config = service_config(database_url, vhost, JWKS_URL=tokens.jwks_url)
    container = container_factory(DocumentsService, config)
    container.start()
    return container, vhost, base_url(config)


def query(container, sql, **params):
    runtime = next(d for d in container.extensions if isinstance(d, Runtime))
    with runtime.app.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def rows(container, organisation_id):
    return query(container, "select agreement_version, in_force from organisation_agreements"
                            " where organisation_id = :o", o=organisation_id)


class TestAgreementProjection:
    def test_a_signed_agreement_is_recorded_as_in_force(self, documents):
        container, vhost, _ = documents
        publish(vhost.amqp_uri, dpa_event(SIGNED, "org-1"))
        assert wait_for(lambda: rows(container, "org-1")) == [(1, True)]

    def test_a_terminated_agreement_is_recorded_as_not_in_force(self, documents):
        container, vhost, _ = documents
        publish(vhost.amqp_uri, dpa_event(SIGNED, "org-2"))
        wait_for(lambda: rows(container, "org-2"))
        publish(vhost.amqp_uri, dpa_event(TERMINATED, "org-2"))
        assert wait_for(lambda: rows(container, "org-2") == [(1, False)])

    def test_the_same_event_delivered_twice_is_recorded_once_in_the_inbox(self, documents,
                                                                           caplog):
        container, vhost, _ = documents
        caplog.set_level(logging.INFO, logger="portal_kit.inbox")
        signed = dpa_event(SIGNED, "org-3")
        for _ in range(2):
            with entrypoint_waiter(container, "on_dpa_signed", timeout=10):
                publish(vhost.amqp_uri, signed)
        inbox = query(container, "select count(*) from inbox where event_id = :e", e=signed["id"])
        assert inbox == [(1,)]
        assert f"skipped duplicate event {signed['id']}" in caplog.text
        assert rows(container, "org-3") == [(1, True)]

    def test_a_late_event_of_an_older_version_leaves_the_record_as_it_is(self, documents):
        container, vhost, _ = documents
        publish(vhost.amqp_uri, dpa_event(SIGNED, "org-4", version=2))
        wait_for(lambda: rows(container, "org-4"))
        with entrypoint_waiter(container, "on_dpa_terminated", timeout=10):
            publish(vhost.amqp_uri, dpa_event(TERMINATED, "org-4", version=1))
        assert rows(container, "org-4") == [(2, True)]


class TestAgreementEndpoint:
    def path(self, url, organisation_id):
        return f"{url}/api/documents/v1/organisations/{organisation_id}/agreement"

    def test_it_answers_401_without_a_token(self, documents):
        _, _, url = documents
        response = requests.get(self.path(url, "org-1"), timeout=10)
        assert response.status_code == 401
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "missing_token"

    def test_it_answers_403_to_a_token_without_the_operator_role(self, documents, tokens):
        _, _, url = documents
        response = requests.get(self.path(url, "org-1"), headers=tokens.headers(roles=["trainee"]),
                                timeout=10)
        assert (response.status_code, response.json()["code"]) == (403, "role_required")

    def test_an_operator_reads_whether_evidence_may_be_uploaded(self, documents, tokens):
        container, vhost, url = documents
        publish(vhost.amqp_uri, dpa_event(SIGNED, "org-5"))
        wait_for(lambda: rows(container, "org-5"))
        response = requests.get(self.path(url, "org-5"), headers=tokens.headers(roles=["operator"]),
                                timeout=10)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["organisation_id"], body["agreement_version"]) == ("org-5", 1)
        assert body["in_force"] is True and body["may_accept_uploads"] is True

    def test_an_unknown_organisation_answers_404_organisation_unknown(self, documents, tokens):
        _, _, url = documents
        response = requests.get(self.path(url, "nobody"), headers=tokens.headers(roles=["operator"]),
                                timeout=10)
        assert (response.status_code, response.json()["code"]) == (404, "organisation_unknown")
