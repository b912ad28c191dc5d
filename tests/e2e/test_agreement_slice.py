"""The first slice, acted out through the public HTTP API of the running portal.

The national operator registers a municipality and records its signed
data-processing agreement; the event reaches invitations, competencies,
documents and notifications, and the municipality's contact gets an e-mail.
"""
import json
import uuid

import pytest
import requests
from cloudevents.core.bindings.rabbitmq import RabbitMQMessage, from_rabbitmq_event
from kombu import Connection, Exchange, Queue

from e2e_portal import (
    SERVICES,
    eventually,
    mails_to,
    organisation_number,
    publish_agreement_text,
)

PROJECTIONS = {"invitations": "may_send_invitations", "competencies": "may_record_sign_offs",
               "documents": "may_accept_uploads"}


@pytest.fixture(scope="module")
def agreement_text(portal):
    return publish_agreement_text(portal, portal.operator())


@pytest.fixture
def municipality(portal, operator, agreement_text):
    number = organisation_number()
    response = requests.post(f"{portal.url}/api/identity/v1/organisations", headers=operator,
                             json={"name": f"Kommune {number}", "kind": "municipality",
                                   "country": "NO", "organisation_number": number,
                                   "contact_email": f"post-{number}@kommune.no"}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def subscriber(portal):
    """An outside system's own queue on identity.events (plain kombu, not nameko)."""
    name = f"outside-{uuid.uuid4().hex[:6]}"
    connection = Connection(portal.vhost.amqp_uri)
    queue = Queue(name, Exchange("identity.events", "topic", durable=True),
                  routing_key="portal.identity.dpa.#", channel=connection.default_channel)
    queue.declare()
    yield queue
    queue.delete()
    connection.release()


def agreement_in(portal, operator, service, organisation_id):
    response = requests.get(
        f"{portal.url}/api/{service}/v1/organisations/{organisation_id}/agreement",
        headers=operator, timeout=10)
    return response.json() if response.status_code == 200 else None


def sign(portal, operator, organisation_id, correlation_id="e2e-sign"):
    response = requests.post(
        f"{portal.url}/api/identity/v1/organisations/{organisation_id}/agreement/sign",
        headers=dict(operator, **{"X-Correlation-Id": correlation_id}),
        json={"signatory_name": "Ordfører Kari Nordmann"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_is_ready_and_serves_its_openapi_document_through_the_origin(
        portal, service):
    ready = requests.get(f"{portal.url}/api/{service}/health/ready", timeout=10)
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok"}
    assert ready.json()["broker"] in ("up", "unknown")  # reported, not part of readiness
    document = requests.get(f"{portal.url}/api/{service}/openapi.json", timeout=10).json()
    assert document["openapi"] == "3.1.0" and document["paths"]


def test_signing_an_agreement_produces_the_event_the_projections_and_the_email(
        portal, operator, municipality, subscriber):
    org_id, contact = municipality["id"], municipality["contact_email"]
    sign(portal, operator, org_id)

    message = eventually(lambda: subscriber.get(no_ack=True))
    body = message.body if isinstance(message.body, bytes) else message.body.encode()
    event = from_rabbitmq_event(RabbitMQMessage({}, message.content_type, body))
    assert event.get_type() == "portal.identity.dpa.signed.v2"
    assert event.get_data()["organisation_id"] == org_id
    assert event.get_extension("correlationid") == "e2e-sign"

    for service, permission in PROJECTIONS.items():
        record = eventually(lambda s=service: agreement_in(portal, operator, s, org_id))
        assert record["in_force"] and record[permission], service

    mail = eventually(lambda: mails_to(portal, contact))[0]
    assert mail["subject"] == (f"Databehandleravtalen gjelder: {municipality['name']} kan nå "
                               "ta i bruk kompetanseportalen")  # a Norwegian municipality
    assert f"kan portalen brukes i {municipality['name']}" in " ".join(mail["text"].split())
    assert '<html lang="nb">' in mail["html"]
    deliveries = requests.get(f"{portal.url}/api/notifications/v1/deliveries",
                              params={"recipient": contact}, headers=operator, timeout=10)
    assert [d["status"] for d in deliveries.json()] == ["sent"]

    public = requests.get(f"{portal.url}/api/identity/v1/agreements", timeout=10).json()
    assert {"organisation_id": org_id, "status": "signed"}.items() <= next(
        row for row in public if row["organisation_id"] == org_id).items()


def test_terminating_an_agreement_flows_the_same_way(portal, operator, municipality):
    org_id, contact = municipality["id"], municipality["contact_email"]
    sign(portal, operator, org_id)
    eventually(lambda: mails_to(portal, contact))
    ended = requests.post(
        f"{portal.url}/api/identity/v1/organisations/{org_id}/agreement/terminate",
        headers=operator, json={"terminated_by_party": "organisation",
                                "reason": "The municipality changes supplier"}, timeout=10)
    assert ended.status_code == 200, ended.text
    for service in PROJECTIONS:
        eventually(lambda s=service: (a := agreement_in(portal, operator, s, org_id))
                   and not a["in_force"])
    notice = eventually(lambda: [m for m in mails_to(portal, contact)
                                 if "changes supplier" in " ".join(m["text"].split())])[0]
    assert municipality["name"] in " ".join(notice["text"].split())
    public = requests.get(f"{portal.url}/api/identity/v1/agreements", timeout=10).json()
    assert next(r for r in public if r["organisation_id"] == org_id)["status"] == "terminated"


def test_the_email_sent_event_carries_the_correlation_id_of_the_signing_request(
        portal, operator, municipality):
    with Connection(portal.vhost.amqp_uri) as connection:
        queue = Queue(f"mail-{uuid.uuid4().hex[:6]}",
                      Exchange("notifications.events", "topic", durable=True),
                      routing_key="portal.notifications.email.sent.v1",
                      channel=connection.default_channel)
        queue.declare()
        sign(portal, operator, municipality["id"], correlation_id="trace-me-123")
        sent = eventually(lambda: queue.get(no_ack=True))
        queue.delete()
    event = json.loads(sent.body)
    assert event["correlationid"] == "trace-me-123"
    assert event["data"]["recipient"] == municipality["contact_email"]
