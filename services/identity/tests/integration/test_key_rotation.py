"""Signing keys rotate: a new key is deployed (identity restarts with another
IDENTITY_SIGNING_KEY), and another service keeps verifying the tokens signed before the
rotation as well as those signed after it, because the JWKS publishes the old key until
the last token it signed has expired."""
from pathlib import Path

import jwt
import pytest
import requests

from identity.adapters.keys import SigningKey
from identity.entrypoints.service import IdentityService
from invitations.entrypoints.service import InvitationsService
from portal_kit.testing import base_url, service_config

INVITATIONS_DIR = Path(__file__).resolve().parents[4] / "services" / "invitations"
V1 = "/api/identity/v1"


def operator_token(identity):
    response = requests.post(f"{identity}{V1}/oauth/token", data={
        "grant_type": "client_credentials", "client_id": "operator",
        "client_secret": "dev-operator-secret"})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture
def invitations(container_factory, make_database, vhost, identity_config):
    database = make_database("invitations", INVITATIONS_DIR)
    identity = base_url(identity_config)
    config = service_config(database, vhost, PUBLIC_BASE_URL=identity_config["PUBLIC_BASE_URL"],
                            JWKS_URL=f"{identity}/api/identity/.well-known/jwks.json")
    container_factory(InvitationsService, config).start()
    return base_url(config)


def accepted_by(invitations, token):
    response = requests.get(f"{invitations}/api/invitations/v1/organisations/x/agreement",
                            headers={"Authorization": f"Bearer {token}"}, timeout=10)
    return response.status_code, response.json()["code"]


def test_a_service_verifies_tokens_signed_before_and_after_a_key_rotation(
        container_factory, identity_config, invitations):
    old_key, new_key = SigningKey.generate(), SigningKey.generate()
    before = container_factory(IdentityService, dict(identity_config,
                                                     SIGNING_KEY=old_key.pem.decode()))
    before.start()
    identity = base_url(identity_config)
    signed_before = operator_token(identity)
    before.stop()

    container_factory(IdentityService, dict(identity_config,
                                            SIGNING_KEY=new_key.pem.decode())).start()
    signed_after = operator_token(identity)
    kids = {k["kid"] for k in requests.get(
        f"{identity}/api/identity/.well-known/jwks.json").json()["keys"]}
    assert {jwt.get_unverified_header(t)["kid"] for t in (signed_before, signed_after)} == \
        {old_key.kid, new_key.kid} == kids

    assert accepted_by(invitations, signed_before) == (404, "organisation_unknown")
    assert accepted_by(invitations, signed_after) == (404, "organisation_unknown")
    forged = jwt.encode(jwt.decode(signed_after, options={"verify_signature": False}),
                        SigningKey.generate().private_key, algorithm="RS256",
                        headers={"kid": new_key.kid})
    assert accepted_by(invitations, forged) == (401, "invalid_token")
