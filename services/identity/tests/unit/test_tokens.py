from datetime import UTC, datetime, timedelta

import jwt
import pytest
from sqlalchemy import create_engine

from identity.adapters import orm
from identity.adapters.keys import KeyRing, SigningKey, TokenIssuer

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LIFETIME = timedelta(minutes=15)


class MovableClock:
    def __init__(self, at):
        self.at = at

    def now(self):
        return self.at


@pytest.fixture
def engine():
    engine = create_engine("sqlite://")
    orm.metadata.create_all(engine, tables=[orm.signing_keys])
    return engine


@pytest.fixture
def clock():
    return MovableClock(NOW)


def ring(engine, clock, key=None):
    return KeyRing(key or SigningKey.generate(), engine, LIFETIME, clock, cache_seconds=0)


def issuer(key_ring, clock):
    return TokenIssuer(key_ring, "http://localhost:8000/api/identity", "portal", LIFETIME, clock)


def test_an_access_token_is_a_short_lived_rs256_jwt_with_its_roles(engine, clock):
    token, expires_in = issuer(ring(engine, clock), clock).issue("operator", ["operator"])
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["roles"] == ["operator"] and claims["sub"] == "operator"
    assert claims["exp"] - claims["iat"] == expires_in == 900
    assert jwt.get_unverified_header(token)["alg"] == "RS256"


def test_the_token_verifies_against_the_published_key_set_without_its_private_part(engine, clock):
    tokens = issuer(ring(engine, clock), clock)
    token = tokens.issue("operator", ["operator"])[0]
    (jwk,) = tokens.jwks()["keys"]
    claims = jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["RS256"], audience="portal",
                        options={"verify_exp": False})
    assert claims["iss"] == "http://localhost:8000/api/identity"
    assert "d" not in jwk


def test_after_a_rotation_the_old_key_is_published_until_its_last_token_expired(engine, clock):
    old = ring(engine, clock)
    old_token = issuer(old, clock).issue("operator", ["operator"])[0]
    clock.at = NOW + timedelta(minutes=1)
    new = ring(engine, clock)
    new_token = issuer(new, clock).issue("operator", ["operator"])[0]
    published = {k["kid"] for k in new.jwks()["keys"]}
    assert {jwt.get_unverified_header(t)["kid"] for t in (old_token, new_token)} == published

    clock.at = NOW + LIFETIME + timedelta(minutes=2)
    assert [k["kid"] for k in new.jwks()["keys"]] == [new.kid]


def test_a_key_that_keeps_signing_stays_published(engine, clock):
    old = ring(engine, clock)
    new = ring(engine, clock)
    clock.at = NOW + timedelta(hours=1)
    issuer(old, clock).issue("operator", [])  # a replica not yet rolled over
    assert old.kid in {k["kid"] for k in new.jwks()["keys"]}


def test_signing_inside_a_transaction_on_the_single_sqlite_connection_does_not_wait_for_it(
        tmp_path, clock):
    """Under make run a unit of work holds identity's one SQLite connection while it issues
    tokens; recording the key's use must not wait for that connection (it would time out)."""
    import time

    from portal_kit.db import make_engine
    from portal_kit.testing import wait_for
    engine = make_engine(f"sqlite:///{tmp_path}/identity.db")
    orm.metadata.create_all(engine, tables=[orm.signing_keys])
    key_ring = ring(engine, clock)
    with engine.connect():  # the unit of work's connection, held while signing
        started = time.monotonic()
        assert key_ring.sign({"sub": "p"})
        assert time.monotonic() - started < 5

    def recorded():
        with engine.connect() as connection:
            return connection.execute(orm.signing_keys.select()).first()

    assert wait_for(recorded, timeout=10).kid == key_ring.kid
    engine.dispose()
