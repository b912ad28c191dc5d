from pathlib import Path

import pytest
import requests

from identity.entrypoints.service import IdentityService
from portal_kit.migrations import upgrade
from portal_kit.testing import base_url, service_config

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def identity_config(database_url, vhost, tmp_path):
    upgrade(SERVICE_DIR, database_url)
    return service_config(database_url, vhost, DATA_DIR=str(tmp_path))


@pytest.fixture
def identity(container_factory, identity_config):
    container_factory(IdentityService, identity_config).start()
    return base_url(identity_config)


@pytest.fixture
def operator(identity):
    response = requests.post(f"{identity}/api/identity/v1/oauth/token", data={
        "grant_type": "client_credentials", "client_id": "operator",
        "client_secret": "dev-operator-secret"})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


BERGEN = {"name": "Bergen kommune", "kind": "municipality", "country": "NO",
          "organisation_number": "964338531", "contact_email": "post@bergen.kommune.no"}


@pytest.fixture
def register(identity, operator):
    def register(**overrides):
        response = requests.post(f"{identity}/api/identity/v1/organisations", headers=operator,
                                 json=dict(BERGEN, **overrides))
        assert response.status_code == 201, response.text
        return response.json()
    return register
