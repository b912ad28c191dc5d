"""Tokens stay on the server, are refreshed under a lease, and a refusal ends the session."""
import threading

from joserfc.jwk import RSAKey
from sqlalchemy import create_engine, select

from fake_identity import Person
from web.sessions import SESSION_COOKIE
from web.store import hashed, sessions
from web_testing import Browser, text


class TestTokensStayOnTheServer:
    def test_the_browser_gets_only_the_session_cookie(self, browser, identity):
        back = browser.login(identity, Person("p-1"))
        token = next(iter(identity.families.values())).current
        cookies = back.headers.getlist("Set-Cookie")
        assert [c.split("=")[0] for c in cookies] == ["__Host-portal-login", SESSION_COOKIE]
        assert not any(token in c for c in cookies)

    def test_the_stored_tokens_are_encrypted_and_the_row_is_keyed_by_a_hash(
            self, browser, identity, web_database):
        browser.login(identity, Person("p-1"))
        key = browser.cookie(SESSION_COOKIE)
        engine = create_engine(web_database)
        with engine.connect() as connection:
            row = connection.execute(select(sessions)).one()
        engine.dispose()
        assert row.id == hashed(key) and key not in row.id
        refresh_token = next(iter(identity.families.values())).current
        assert refresh_token not in row.refresh_token and "eyJ" not in row.access_token


class TestRefresh:
    def test_an_expired_access_token_is_refreshed_without_the_person_noticing(
            self, browser, identity):
        identity.access_seconds = 1
        browser.login(identity, Person("p-1"))
        assert browser.get("/profile").status_code == 200
        assert len(identity.presented) >= 1

    def test_parallel_requests_present_each_refresh_token_once(self, app, identity):
        identity.access_seconds, identity.refresh_delay = 1, 0.3
        first = Browser(app)
        first.login(identity, Person("p-1"))
        key = first.cookie(SESSION_COOKIE)
        statuses = []

        def load_profile():
            other = Browser(app)
            other.client.set_cookie(SESSION_COOKIE, key, domain="localhost", secure=True)
            statuses.append(other.get("/profile").status_code)

        threads = [threading.Thread(target=load_profile) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [200] * 6
        assert len(identity.presented) == len(set(identity.presented)) >= 1
        assert not any(family.revoked for family in identity.families.values())

    def test_a_refused_refresh_ends_the_session_and_asks_for_a_login(self, browser, identity):
        identity.access_seconds = 1
        browser.login(identity, Person("p-1"))
        for family in identity.families.values():
            family.revoked = True
        answer = browser.get("/profile")
        assert answer.status_code == 303 and answer.headers["Location"].startswith("/login?")

    def test_a_service_that_rejects_the_token_gets_one_retry_with_a_fresh_one(
            self, browser, identity):
        browser.login(identity, Person("p-1"))
        identity.key = RSAKey.generate_key(2048, parameters={"kid": "k2", "use": "sig"})
        # the stored token is signed with the old key: identity answers 401 once, the
        # front end refreshes (a new kid, found by fetching the keys again) and retries
        assert browser.get("/profile").status_code == 200
        assert len(identity.presented) == 1


class TestIdentityDown:
    def test_a_page_that_needs_identity_says_so_clearly(self, app, browser, identity):
        app.extensions["portal"].services.identity.base_url = "http://127.0.0.1:9"
        answer = browser.get("/agreements")
        assert answer.status_code == 503
        assert "temporarily unavailable" in text(answer) and "Traceback" not in text(answer)

    def test_logging_in_while_identity_is_down_says_so_too(self, app, browser):
        app.extensions["portal"].identity._app._server_metadata_url = \
            "http://127.0.0.1:9/api/identity/.well-known/openid-configuration"
        answer = browser.get("/auth/login?eid=helseid")
        assert answer.status_code == 503 and "people and agreements" in text(answer)
