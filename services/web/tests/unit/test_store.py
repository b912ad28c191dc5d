"""The session store on SQLite (as under make run): expiry, the refresh lease, single use."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine

from web.store import (
    LoginTransaction,
    LoginTransactions,
    SessionStore,
    TokenCipher,
    Tokens,
    metadata,
)

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/web.db")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine):
    return SessionStore(engine, TokenCipher(b"k" * 48), timedelta(minutes=30), timedelta(hours=12))


def create(store, key="key"):
    store.create(key, "person", Tokens("access", NOW + timedelta(minutes=15), "refresh", "id"),
                 {"sub": "person"}, NOW)


def test_a_session_comes_back_with_its_tokens(store):
    create(store)
    found = store.load("key", NOW + timedelta(minutes=5))
    assert found.tokens == Tokens("access", NOW + timedelta(minutes=15), "refresh", "id")
    assert found.claims == {"sub": "person"} and not found.ended
    assert store.load("other", NOW) is None


def test_an_idle_session_ends_and_is_gone_afterwards(store):
    create(store)
    assert store.load("key", NOW + timedelta(minutes=31)).ended
    assert store.load("key", NOW + timedelta(minutes=31)) is None


def test_being_active_keeps_a_session_alive_up_to_its_lifetime(store):
    create(store)
    for minutes in range(20, 12 * 60, 20):
        assert not store.load("key", NOW + timedelta(minutes=minutes)).ended
    assert store.load("key", NOW + timedelta(hours=12, minutes=1)).ended


def test_tokens_sealed_under_another_secret_end_the_session(engine, store):
    create(store)
    other = SessionStore(engine, TokenCipher(b"x" * 48), store.idle, store.lifetime)
    assert other.load("key", NOW).ended


def test_only_one_taker_gets_the_refresh_lease(store):
    create(store)
    until = NOW + timedelta(seconds=20)
    assert store.take_lease("key", 0, NOW, until)
    assert not store.take_lease("key", 0, NOW, until)
    assert store.take_lease("key", 0, until + timedelta(seconds=1), until + timedelta(seconds=30))


def test_a_refresh_bumps_the_version_so_a_stale_reader_cannot_take_the_lease(store):
    create(store)
    assert store.take_lease("key", 0, NOW, NOW + timedelta(seconds=20))
    assert store.store_refreshed("key", 0, Tokens("access-2", NOW, "refresh-2"), {"sub": "p"})
    assert not store.take_lease("key", 0, NOW, NOW + timedelta(seconds=20))
    found = store.load("key", NOW)
    assert (found.version, found.tokens.refresh_token) == (1, "refresh-2")


def test_a_login_transaction_is_taken_once(engine):
    logins = LoginTransactions(engine, timedelta(minutes=10))
    logins.start("tx", LoginTransaction("state", "nonce", "verifier", "/profile", "helseid"), NOW)
    assert logins.take("tx", NOW).return_to == "/profile"
    assert logins.take("tx", NOW) is None


def test_an_old_login_transaction_is_worth_nothing(engine):
    logins = LoginTransactions(engine, timedelta(minutes=10))
    logins.start("tx", LoginTransaction("state", "nonce", "verifier", "/"), NOW)
    assert logins.take("tx", NOW + timedelta(minutes=11)) is None
