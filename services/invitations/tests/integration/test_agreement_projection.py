import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from kombu import Connection, Exchange, Producer

from invitations.entrypoints.service import InvitationsService
from portal_kit import events as ce
from portal_kit.migrations import upgrade
from portal_kit.testing import base_url, service_config, wait_for

SERVICE_DIR = Path(__file__).resolve().parents[2]


def dpa_event(event_type, organisation_id, version=1):
    return ce.envelope(
        source="/portal/identity", type=event_type, subject=f"organisations/{organisation_id}",
        time=datetime.now(UTC), correlation_id=str(uuid.uuid4()),
        dataschema="http://localhost:8000/api/identity/schemas/x.json",
        data={"organisation_id": organisation_id, "organisation_name": "Bergen kommune",
              "agreement_version": version, "kind": "municipality",
              "contact_email": "post@bergen.kommune.no"})


def publish(amqp_uri, event):
    with Connection(amqp_uri) as conn:
        Producer(conn.default_channel).publish(
            ce.encode(event).encode(), exchange=Exchange("identity.events", "topic", durable=True),
            routing_key=event["type"], content_type=ce.CONTENT_TYPE, content_encoding="utf-8",
            declare=[Exchange("identity.events", "topic", durable=True)])


@pytest.fixture
def invitations(container_factory, database_url, vhost, tokens):
    upgrade(SERVICE_DIR, database_url)
    config = service_config(database_url, vhost, JWKS_URL=tokens.jwks_url)
    container = container_factory(InvitationsService, config)
    container.start()
    return container, vhost, base_url(config)


def rows(container, organisation_id):
    from sqlalchemy import text

    from portal_kit.runtime import Runtime
    runtime = next(d for d in container.extensions if isinstance(d, Runtime))
    with runtime.app.engine.connect() as conn:
        return conn.execute(text("select agreement_version, in_force from organisation_agreements"
                                 " where organisation_id = :o"), {"o": organisation_id}).all()


class TestAgreementProjection:
    def test_a_signed_agreement_is_recorded_as_in_force(self, invitations):
        container, vhost, _ = invitations
        publish(vhost.amqp_uri, dpa_event("portal.identity.dpa.signed.v1", "org-1"))
        assert wait_for(lambda: rows(container, "org-1")) == [(1, True)]

    def test_the_same_event_delivered_twice_is_applied_once(self, invitations):
        container, vhost, _ = invitations
        signed = dpa_event("portal.identity.dpa.signed.v1", "org-2")
        publish(vhost.amqp_uri, signed)
        wait_for(lambda: rows(container, "org-2"))
        terminated = dpa_event("portal.identity.dpa.terminated.v1", "org-2")
        publish(vhost.amqp_uri, terminated)
        wait_for(lambda: rows(container, "org-2") == [(1, False)])
        publish(vhost.amqp_uri, signed)  # redelivery of an old event
        resign = dpa_event("portal.identity.dpa.signed.v1", "org-2", version=2)
        publish(vhost.amqp_uri, resign)
        wait_for(lambda: rows(container, "org-2") == [(2, True)])
        from sqlalchemy import text

        from portal_kit.runtime import Runtime
        runtime = next(d for d in container.extensions if isinstance(d, Runtime))
        with runtime.app.engine.connect() as conn:
            inbox = conn.execute(text("select count(*) from inbox where event_id = :e"),
                                 {"e": signed["id"]}).scalar()
        assert inbox == 1


class TestAgreementEndpoint:
    def path(self, url, organisation_id):
        return f"{url}/api/invitations/v1/organisations/{organisation_id}/agreement"

    def test_it_answers_401_without_a_token(self, invitations):
        _, _, url = invitations
        response = requests.get(self.path(url, "org-1"), timeout=10)
        assert response.status_code == 401
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "missing_token"

    def test_an_operator_reads_whether_invitations_may_be_sent(self, invitations, tokens):
        container, vhost, url = invitations
        publish(vhost.amqp_uri, dpa_event("portal.identity.dpa.signed.v1", "org-5"))
        wait_for(lambda: rows(container, "org-5"))
        response = requests.get(self.path(url, "org-5"), headers=tokens.headers(roles=["operator"]),
                                timeout=10)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["organisation_id"], body["agreement_version"]) == ("org-5", 1)
        assert body["in_force"] is True and body["may_send_invitations"] is True

    def test_an_unknown_organisation_answers_404_organisation_unknown(self, invitations, tokens):
        _, _, url = invitations
        response = requests.get(self.path(url, "nobody"), headers=tokens.headers(roles=["operator"]),
                                timeout=10)
        assert (response.status_code, response.json()["code"]) == (404, "organisation_unknown")
