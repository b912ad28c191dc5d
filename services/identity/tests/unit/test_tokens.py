from datetime import UTC, datetime

import jwt
import pytest

from identity.adapters.tokens import SigningKey, TokenIssuer
from identity.domain.commands import IssueToken
from identity.domain.exceptions import InvalidClient, UnsupportedGrantType
from identity.service_layer.handlers import Client, issue_token
from portal_kit.clock import FixedClock

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def issuer():
    return TokenIssuer(SigningKey.generate(), "http://localhost:8000/api/identity", "portal",
                       FixedClock(NOW))


CLIENTS = {"operator": Client("operator", "s3cret", ("operator",))}


def test_the_operator_client_gets_a_short_lived_rs256_token_with_its_role(issuer):
    result = issue_token(IssueToken("client_credentials", "operator", "s3cret"), None,
                         CLIENTS, issuer)
    claims = jwt.decode(result["access_token"], options={"verify_signature": False})
    assert claims["roles"] == ["operator"] and claims["sub"] == "operator"
    assert claims["exp"] - claims["iat"] == result["expires_in"] == 900
    assert jwt.get_unverified_header(result["access_token"])["alg"] == "RS256"


def test_the_token_verifies_against_the_published_key_set(issuer):
    token = issuer.issue("operator", ["operator"])[0]
    (jwk,) = issuer.jwks()["keys"]
    key = jwt.PyJWK(jwk).key
    claims = jwt.decode(token, key, algorithms=["RS256"], audience="portal",
                        options={"verify_exp": False})
    assert claims["iss"] == "http://localhost:8000/api/identity"
    assert "d" not in jwk  # never the private part


@pytest.mark.parametrize("client_id, secret", [("operator", "wrong"), ("nobody", "s3cret")])
def test_a_wrong_secret_or_unknown_client_gets_no_token(issuer, client_id, secret):
    with pytest.raises(InvalidClient):
        issue_token(IssueToken("client_credentials", client_id, secret), None, CLIENTS, issuer)


def test_only_the_client_credentials_grant_is_supported(issuer):
    with pytest.raises(UnsupportedGrantType):
        issue_token(IssueToken("password", "operator", "s3cret"), None, CLIENTS, issuer)
