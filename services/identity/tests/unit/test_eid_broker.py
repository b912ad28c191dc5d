"""The relying party's checks of the broker's ID token, and each broker's claims."""
import time

import jwt
import pytest

from identity.adapters.eid import BrokerSettings, EidBroker
from identity.adapters.keys import SigningKey
from identity.domain.exceptions import EidLoginFailed

ISSUER = "https://helseid.test"
META = {"issuer": ISSUER, "jwks_uri": f"{ISSUER}/jwks", "token_endpoint": f"{ISSUER}/token",
        "authorization_endpoint": f"{ISSUER}/authorize"}
KEY = SigningKey.generate()
HELSEID = BrokerSettings("helseid", f"{ISSUER}/.well-known/openid-configuration",
                         "portal-identity", "private_key_jwt", None, "openid", "helseid",
                         "HelseID")
NEMLOGIN = BrokerSettings("nemlogin", "x", "portal-identity", "client_secret_post", "s",
                          "openid", "nemlogin", "MitID")


@pytest.fixture
def broker(monkeypatch):
    broker = EidBroker(HELSEID, "http://localhost/cb", SigningKey.generate(), True)
    monkeypatch.setattr(broker, "_get_json", lambda url: {"keys": [KEY.public_jwk]})
    return broker


def id_token(key=KEY, **changes):
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": "portal-identity", "sub": "pairwise-1", "iat": now,
              "exp": now + 300, "nonce": "n-1", "helseid://claims/identity/pid": "12859140090",
              "helseid://claims/identity/security_level": "4", "given_name": "Kari",
              "family_name": "Nordmann", **changes}
    return {"id_token": jwt.encode(claims, key.private_key, algorithm="RS256",
                                   headers={"kid": KEY.kid})}


def refused(broker, token, nonce="n-1"):
    with pytest.raises(EidLoginFailed) as refusal:
        broker._verified_claims(token, nonce, META)
    return refusal.value.code


def test_a_genuine_id_token_gives_its_claims(broker):
    assert broker._verified_claims(id_token(), "n-1", META)["sub"] == "pairwise-1"


@pytest.mark.parametrize("changes, code", [
    ({"iss": "https://nemlogin.test"}, "id_token_wrong_issuer"),
    ({"aud": "someone-else"}, "id_token_wrong_audience"),
    ({"nonce": "n-2"}, "id_token_nonce_mismatch"),
    ({"exp": int(time.time()) - 600}, "id_token_invalid"),
])
def test_an_id_token_with_one_thing_wrong_is_refused_with_its_code(broker, changes, code):
    assert refused(broker, id_token(**changes)) == code


def test_an_id_token_signed_with_another_key_is_refused(broker):
    assert refused(broker, id_token(key=SigningKey.generate())) == "id_token_invalid"


def test_helseid_level_4_is_high_and_3_substantial_with_the_hpr_number(broker):
    person = broker.identity({"helseid://claims/identity/pid": "12859140090",
                              "helseid://claims/identity/security_level": "3",
                              "helseid://claims/hpr/hpr_number": "9144889"})
    assert (person.assurance, person.hpr_number, person.country) == ("substantial", "9144889",
                                                                     "NO")
    assert "12859140090" not in repr(person)


def test_nemlogin_nsis_levels_are_read_and_a_low_one_refused():
    broker = EidBroker(NEMLOGIN, "http://localhost/cb", SigningKey.generate(), True)
    person = broker.identity({"https://data.gov.dk/model/core/eid/cprNumber": "0405961234",
                              "https://data.gov.dk/concept/core/nsis/loa": "High"})
    assert (person.assurance, person.country) == ("high", "DK")
    with pytest.raises(EidLoginFailed) as low:
        broker.identity({"https://data.gov.dk/model/core/eid/cprNumber": "0405961234",
                         "https://data.gov.dk/concept/core/nsis/loa": "Low"})
    assert low.value.code == "insufficient_assurance"
