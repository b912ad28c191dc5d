"""Bad tokens are 401, bad bodies 400/422, unknown routes 404, wrong methods 405: never 500."""
import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

V1 = "/api/identity/v1"


def b64(data):
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture
def token(operator):
    return operator["Authorization"].split(" ", 1)[1]


def identity_key(data_dir):
    pem = (Path(data_dir) / "identity-signing-key.pem").read_bytes()
    return serialization.load_pem_private_key(pem, password=None)


def forged(token, kind, data_dir):
    """The genuine token with one thing wrong."""
    claims = jwt.decode(token, options={"verify_signature": False})
    kid = jwt.get_unverified_header(token)["kid"]
    if kind == "alg_none":
        return f"{b64({'alg': 'none', 'kid': kid})}.{b64(claims)}."
    if kind == "hs256_with_public_key":
        public_pem = identity_key(data_dir).public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        signing_input = f"{b64({'alg': 'HS256', 'kid': kid})}.{b64(claims)}"
        mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{b64(mac)}"
    if kind == "foreign_key":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})
    now = int(time.time())
    changes = {"expired": {"exp": now - 120, "iat": now - 1000},
               "wrong_audience": {"aud": "someone-else"},
               "wrong_issuer": {"iss": "https://evil.example/identity"}}[kind]
    return jwt.encode(dict(claims, **changes), identity_key(data_dir), algorithm="RS256",
                      headers={"kid": kid})


@pytest.mark.parametrize("kind", ["alg_none", "hs256_with_public_key", "expired",
                                  "wrong_audience", "wrong_issuer", "foreign_key"])
def test_a_bad_token_of_each_kind_is_rejected_with_401(identity, identity_config, token, kind):
    bad = forged(token, kind, identity_config["DATA_DIR"])
    response = requests.get(f"{identity}{V1}/organisations",
                            headers={"Authorization": f"Bearer {bad}"})
    assert response.status_code == 401, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["code"] in {"invalid_token", "token_expired"}
    assert response.headers["WWW-Authenticate"].startswith(
        'Bearer realm="portal", error="invalid_token", error_description="')


def test_the_genuine_token_is_accepted(identity, operator):
    assert requests.get(f"{identity}{V1}/organisations", headers=operator).status_code == 200


def test_no_token_is_401_with_a_bearer_challenge_naming_the_realm_alone(identity):
    response = requests.get(f"{identity}{V1}/organisations")
    assert response.status_code == 401
    assert response.json()["code"] == "missing_token"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="portal"'


def test_the_wrong_client_secret_gets_no_token(identity):
    response = requests.post(f"{identity}{V1}/oauth/token", data={
        "grant_type": "client_credentials", "client_id": "operator", "client_secret": "guess"})
    assert (response.status_code, response.json()["code"]) == (401, "invalid_client")


@pytest.mark.parametrize("body, content_type", [
    (b"{not json", "application/json"), (b"[1, 2]", "application/json"),
    (b"\xff\xfe", "application/json"), (b"", "application/json"), (b"null", "text/plain")])
def test_a_malformed_body_is_a_400_problem(identity, operator, body, content_type):
    response = requests.post(f"{identity}{V1}/organisations", data=body,
                             headers=dict(operator, **{"Content-Type": content_type}))
    assert response.status_code == 400, response.text
    assert response.json()["code"] in {"malformed_json", "malformed_request"}


def test_invalid_fields_are_a_422_problem_listing_each_field(identity, operator):
    response = requests.post(f"{identity}{V1}/organisations", headers=operator, json={
        "name": "", "kind": "galaxy", "country": "SE", "contact_email": "nope", "extra": 1})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert set(body["errors"]) == {"name", "kind", "country", "contact_email", "extra"}


def test_an_unknown_route_is_a_404_problem(identity):
    response = requests.get(f"{identity}/api/identity/v1/nothing-here")
    assert response.status_code == 404 and response.json()["code"] == "route_not_found"


def test_a_wrong_method_is_a_405_problem_naming_the_allowed_ones(identity):
    response = requests.delete(f"{identity}{V1}/agreements")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_the_openapi_document_describes_every_route(identity):
    document = requests.get(f"{identity}/api/identity/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    sign = document["paths"]["/api/identity/v1/organisations/{organisation_id}/agreement/sign"]
    assert sign["post"]["security"] == [{"bearer": []}]
    assert "signatory_name" in sign["post"]["requestBody"]["content"]["application/json"][
        "schema"]["properties"]
