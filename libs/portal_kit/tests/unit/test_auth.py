import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from portal_kit.auth import JwtVerifier, bearer_token
from portal_kit.errors import Unauthenticated, Unavailable

ISSUER, AUDIENCE = "http://localhost:8000/api/identity", "portal"


@pytest.fixture(scope="module")
def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwks_of(key, kid="k1"):
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {"keys": [dict(jwk, kid=kid, alg="RS256", use="sig")]}


def claims(**overrides):
    now = int(time.time())
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "operator", "roles": ["operator"],
            "iat": now, "exp": now + 300}
    base.update(overrides)
    return base


def sign(key, kid="k1", **overrides):
    return jwt.encode(claims(**overrides), key, algorithm="RS256", headers={"kid": kid})


class CountingJwks:
    def __init__(self, *documents):
        self.documents = list(documents)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.documents[min(self.calls, len(self.documents)) - 1]


def verifier(fetch):
    return JwtVerifier(fetch, ISSUER, AUDIENCE, leeway=0, refresh_interval=0)


class TestJwtVerifier:
    def test_a_valid_rs256_token_yields_its_subject_and_roles(self, key):
        principal = verifier(CountingJwks(jwks_of(key))).verify(sign(key))
        assert principal.subject == "operator" and principal.has_role("operator")

    def test_a_token_with_alg_none_is_rejected(self, key):
        header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT","kid":"k1"}').rstrip(b"=")
        body = base64.urlsafe_b64encode(json.dumps(claims()).encode()).rstrip(b"=")
        with pytest.raises(Unauthenticated):
            verifier(CountingJwks(jwks_of(key))).verify(f"{header.decode()}.{body.decode()}.")

    def test_an_hmac_token_signed_with_the_public_key_is_rejected(self, key):
        public_pem = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        header = {"alg": "HS256", "kid": "k1"}
        import hashlib
        import hmac
        segments = [base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=")
                    for part in (header, claims())]
        signing_input = b".".join(segments)
        signature = base64.urlsafe_b64encode(
            hmac.new(public_pem, signing_input, hashlib.sha256).digest()).rstrip(b"=")
        with pytest.raises(Unauthenticated):
            verifier(CountingJwks(jwks_of(key))).verify((signing_input + b"." + signature).decode())

    def test_an_expired_token_is_rejected_as_expired(self, key):
        with pytest.raises(Unauthenticated) as error:
            verifier(CountingJwks(jwks_of(key))).verify(sign(key, exp=int(time.time()) - 5))
        assert error.value.code == "token_expired"

    @pytest.mark.parametrize("claim", [{"aud": "elsewhere"}, {"iss": "https://evil.example"}])
    def test_a_token_for_another_audience_or_issuer_is_rejected(self, key, claim):
        with pytest.raises(Unauthenticated):
            verifier(CountingJwks(jwks_of(key))).verify(sign(key, **claim))

    def test_a_token_signed_by_another_key_is_rejected(self, key):
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        with pytest.raises(Unauthenticated):
            verifier(CountingJwks(jwks_of(key))).verify(sign(other))

    def test_garbage_is_rejected(self, key):
        with pytest.raises(Unauthenticated):
            verifier(CountingJwks(jwks_of(key))).verify("not.a.jwt")

    def test_keys_are_cached_and_refetched_when_an_unknown_kid_appears(self, key):
        rotated = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        fetch = CountingJwks(jwks_of(key), jwks_of(rotated, kid="k2"))
        check = verifier(fetch)
        check.verify(sign(key))
        check.verify(sign(key))
        assert fetch.calls == 1
        assert check.verify(sign(rotated, kid="k2")).subject == "operator"
        assert fetch.calls == 2

    def test_an_unreachable_key_set_is_a_503_not_a_401(self, key):
        def down():
            raise ConnectionError("refused")
        with pytest.raises(Unavailable):
            verifier(down).verify(sign(key))


class TestKeySetThroughTheVerifier:
    """Issue 14, item 10: what the verifier did wrong with identity's JWKS."""

    def test_requests_while_identity_is_down_do_not_each_fetch_the_key_set(self, key):
        calls = []

        def down():
            calls.append(1)
            raise ConnectionError("http://10.0.0.7:8000/api/identity/.well-known/jwks.json")
        check = JwtVerifier(down, ISSUER, AUDIENCE, monotonic=lambda: 50.0)
        for _ in range(20):
            with pytest.raises(Unavailable) as refused:
                check.verify(sign(key))
        assert len(calls) == 1
        assert "10.0.0.7" not in refused.value.detail and "jwks" not in refused.value.detail

    def test_a_malformed_key_in_the_set_does_not_stop_the_good_ones(self, key):
        broken = {"kty": "RSA", "kid": "broken", "alg": "RS256", "use": "sig"}
        document = {"keys": [broken, *jwks_of(key)["keys"]]}
        assert verifier(CountingJwks(document)).verify(sign(key)).subject == "operator"

    def test_a_key_dropped_from_the_set_is_refused_after_the_periodic_refresh(self, key):
        now = [0.0]
        rotated = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        both = {"keys": jwks_of(key)["keys"] + jwks_of(rotated, kid="k2")["keys"]}
        check = JwtVerifier(CountingJwks(both, jwks_of(rotated, kid="k2")), ISSUER, AUDIENCE,
                            max_age=300, monotonic=lambda: now[0])
        check.verify(sign(key))
        now[0] = 301.0
        with pytest.raises(Unauthenticated):
            check.verify(sign(key))
        assert check.verify(sign(rotated, kid="k2")).subject == "operator"


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer ", "Bearer"])
def test_a_missing_or_non_bearer_authorization_header_is_unauthenticated(header):
    with pytest.raises(Unauthenticated):
        bearer_token(header)
