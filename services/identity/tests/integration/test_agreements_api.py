import json
from pathlib import Path

import pytest
import requests
from kombu import Connection, Exchange, Queue

from identity.entrypoints.service import IdentityService
from portal_kit.migrations import upgrade
from portal_kit.testing import base_url, service_config, wait_for

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def identity(container_factory, database_url, vhost, tmp_path):
    upgrade(SERVICE_DIR, database_url)
    config = service_config(database_url, vhost, DATA_DIR=str(tmp_path))
    container = container_factory(IdentityService, config)
    container.start()
    return base_url(config), vhost


def operator_token(url):
    response = requests.post(f"{url}/api/identity/v1/oauth/token", data={
        "grant_type": "client_credentials", "client_id": "operator",
        "client_secret": "dev-operator-secret"})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def test_signing_an_agreement_publishes_a_cloudevent(identity):
    url, vhost = identity
    with Connection(vhost.amqp_uri) as conn:
        queue = Queue("spy", Exchange("identity.events", "topic", durable=True),
                      routing_key="#", channel=conn.default_channel)
        queue.declare()
        headers = {"Authorization": f"Bearer {operator_token(url)}"}
        created = requests.post(f"{url}/api/identity/v1/organisations", headers=headers, json={
            "name": "Bergen kommune", "kind": "municipality", "country": "NO",
            "organisation_number": "964338531", "contact_email": "post@bergen.kommune.no"})
        assert created.status_code == 201, created.text
        org = created.json()
        signed = requests.post(f"{url}/api/identity/v1/organisations/{org['id']}/agreement/sign",
                               headers=headers, json={"signatory_name": "Ordfører"})
        assert signed.status_code == 200, signed.text
        messages = []
        wait_for(lambda: messages.append(queue.get(no_ack=True)) or len([m for m in messages if m]) >= 2)
        types = [json.loads(m.body)["type"] for m in messages if m]
        assert types == ["portal.identity.organisation.registered.v1", "portal.identity.dpa.signed.v1"]
