import json
import threading

import eventlet
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from portal_kit.errors import Unauthenticated, Unavailable
from portal_kit.jwks import KeySet, usable_keys


def jwk(kid, **extra):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return dict(json.loads(RSAAlgorithm.to_jwk(key.public_key())), kid=kid, alg="RS256",
                use="sig", **extra)


K1, K2, K3 = jwk("k1"), jwk("k2"), jwk("k3")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class Identity:
    """The JWKS endpoint: serves a document, or fails while it is down."""

    def __init__(self, *keys):
        self.keys = list(keys)
        self.down = False
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.down:
            raise ConnectionError("http://identity.portal.svc:8000/api/identity/jwks refused")
        return {"keys": self.keys}


@pytest.fixture
def clock():
    return Clock()


def key_set(identity, clock, **options):
    return KeySet(identity, monotonic=clock, **options)


class TestFailures:
    def test_while_identity_is_down_unknown_kids_do_not_each_trigger_a_fetch(self, clock):
        identity = Identity(K1)
        identity.down = True
        keys = key_set(identity, clock, min_interval=5.0)
        for _ in range(50):
            with pytest.raises(Unavailable):
                keys.key("k1")
        assert identity.calls == 1

    def test_fetches_after_failures_back_off_and_resume_when_identity_returns(self, clock):
        identity = Identity(K1)
        identity.down = True
        keys = key_set(identity, clock, min_interval=5.0, first_backoff=5.0, max_backoff=60.0)
        attempts_at = []
        for _ in range(300):  # a request every second for five minutes
            calls = identity.calls
            with pytest.raises(Unavailable):
                keys.key("k1")
            if identity.calls > calls:
                attempts_at.append(clock.now - 1000)
            clock.now += 1
        gaps = [b - a for a, b in zip(attempts_at, attempts_at[1:], strict=False)]
        assert gaps[:5] == [5, 10, 20, 40, 60] and set(gaps[4:]) == {60}
        identity.down = False
        clock.now += 60
        assert keys.key("k1") is not None and keys.failures == 0

    def test_the_503_says_nothing_internal(self, clock):
        identity = Identity(K1)
        identity.down = True
        with pytest.raises(Unavailable) as refused:
            key_set(identity, clock).key("k1")
        assert refused.value.code == "jwks_unavailable"
        assert "identity" not in refused.value.detail and "http" not in refused.value.detail

    def test_known_keys_keep_working_while_identity_cannot_be_reached(self, clock):
        identity = Identity(K1)
        keys = key_set(identity, clock, max_age=300.0)
        first = keys.key("k1")
        identity.down = True
        clock.now += 301
        assert keys.key("k1") is first and identity.calls == 2

    def test_after_a_successful_fetch_an_unknown_kid_is_a_401_not_a_503(self, clock):
        keys = key_set(Identity(K1), clock)
        keys.key("k1")
        with pytest.raises(Unauthenticated):
            keys.key("forged")


class TestRefresh:
    def test_an_unknown_kid_fetches_again_at_most_every_min_interval(self, clock):
        identity = Identity(K1)
        keys = key_set(identity, clock, min_interval=5.0)
        keys.key("k1")
        identity.keys.append(K2)
        with pytest.raises(Unauthenticated):
            keys.key("k2")  # fetched a moment ago: not again yet
        clock.now += 5
        assert keys.key("k2") is not None and identity.calls == 2

    def test_a_key_removed_from_the_jwks_stops_being_trusted_after_the_periodic_refresh(
            self, clock):
        identity = Identity(K1, K2)
        keys = key_set(identity, clock, max_age=300.0)
        keys.key("k1")
        identity.keys = [K2]
        clock.now += 299
        assert keys.key("k1") is not None and identity.calls == 1
        clock.now += 1
        with pytest.raises(Unauthenticated):
            keys.key("k1")
        assert keys.kids() == {"k2"}


class TestBadKeys:
    def test_a_malformed_key_is_skipped_and_the_others_are_learned(self, clock, caplog):
        broken = {name: value for name, value in K2.items() if name != "n"}
        keys = key_set(Identity(K1, broken, K3), clock)
        assert keys.key("k3") is not None and keys.key("k1") is not None
        assert keys.kids() == {"k1", "k3"}
        assert "'k2' skipped" in caplog.text

    @pytest.mark.parametrize("entry", [
        {"kty": "RSA"}, dict(K2, kty="EC"), dict(K2, use="enc"), dict(K2, alg="HS256"),
        "a string", None, dict(K2, e=17)])
    def test_entries_that_are_no_rs256_signing_key_are_skipped(self, entry):
        assert set(usable_keys({"keys": [K1, entry]})) == {"k1"}

    @pytest.mark.parametrize("document", [{}, {"keys": "k1"}, [], "html", {"keys": []},
                                          {"keys": [{"kid": "x"}]}])
    def test_a_document_without_usable_keys_is_a_failed_fetch_that_keeps_the_old_keys(
            self, clock, document):
        identity = Identity(K1)
        keys = key_set(identity, clock, max_age=10.0)
        keys.key("k1")
        keys.fetch = lambda: document
        clock.now += 11
        assert keys.key("k1") is not None and keys.failures == 1


class TestOneFetchAtATime:
    def test_requests_arriving_during_a_slow_fetch_wait_only_briefly_and_fetch_nothing(
            self, clock):
        release, started = threading.Event(), threading.Event()
        calls = []

        def slow_identity():
            calls.append(1)
            started.set()
            release.wait(10)
            return {"keys": [K1]}

        keys = key_set(slow_identity, clock, max_wait=0.05)
        first = eventlet.spawn(keys.key, "k1")
        started.wait(5)
        with pytest.raises(Unavailable):
            keys.key("k1")  # gives up waiting while the first fetch is still under way
        assert not release.is_set() and len(calls) == 1
        release.set()
        assert first.wait() is not None and keys.key("k1") is not None and len(calls) == 1

    def test_known_keys_do_not_wait_for_a_periodic_refresh_under_way(self, clock):
        release, started = threading.Event(), threading.Event()
        identity = Identity(K1)
        keys = key_set(identity, clock, max_age=10.0)
        first = keys.key("k1")

        def slow_identity():
            started.set()
            release.wait(10)
            return {"keys": [K1]}

        keys.fetch = slow_identity
        clock.now += 11
        refreshing = eventlet.spawn(keys.key, "k1")
        started.wait(5)
        assert keys.key("k1") is first and not release.is_set()
        release.set()
        refreshing.wait()
