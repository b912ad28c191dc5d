"""The login round trip against (a fake of) identity, the session it starts, and logout."""
from urllib.parse import parse_qs, urlsplit

from fake_identity import Person
from web.auth import LOGIN_COOKIE
from web.sessions import SESSION_COOKIE
from web_testing import local, text


def authorize_params(response):
    return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["Location"]).query).items()}


class TestTheRoundTrip:
    def test_login_brings_the_person_back_where_they_started_with_a_new_session_key(
            self, browser, identity):
        browser.get("/")
        anonymous_key = browser.cookie(SESSION_COOKIE)
        back = browser.login(identity, Person("p-1"), "/auth/login?eid=helseid&return_to=/profile")
        assert back.status_code == 303 and back.headers["Location"] == "/profile"
        assert browser.cookie(SESSION_COOKIE) not in (None, anonymous_key)
        assert browser.cookie(LOGIN_COOKIE) is None
        assert "kari@example.no" in text(browser.get("/profile"))

    def test_the_authorization_request_uses_pkce_a_nonce_the_broker_and_the_language(
            self, browser, identity):
        leaving = browser.get("/auth/login?eid=nemlogin", headers={"Accept-Language": "da"})
        params = authorize_params(leaving)
        assert leaving.headers["Location"].startswith(
            "http://localhost:8000/api/identity/v1/oauth/authorize?")
        assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
        assert params["nonce"] and params["state"] and params["eid"] == "nemlogin"
        assert params["ui_locales"] == "da" and params["client_id"] == "web"
        assert params["scope"] == "openid profile offline_access"
        assert params["redirect_uri"] == "http://localhost:8000/auth/callback"

    def test_an_unknown_broker_is_left_for_identity_to_ask_about(self, browser):
        assert "eid" not in authorize_params(browser.get("/auth/login?eid=bankid"))

    def test_the_login_cookie_is_short_lived_lax_and_host_only(self, browser):
        leaving = browser.get("/auth/login?eid=helseid")
        cookie = leaving.headers["Set-Cookie"]
        assert cookie.startswith(f"{LOGIN_COOKIE}=") and "Max-Age=600" in cookie
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Domain" not in cookie and "Path=/" in cookie


class TestForgedOrReplayedReturns:
    def test_a_wrong_state_is_refused_and_starts_no_session(self, browser, identity):
        leaving = browser.get("/auth/login?eid=helseid")
        callback = identity.approve(leaving.headers["Location"], Person("p-1"))
        forged = local(callback).replace("state=", "state=x")
        assert browser.get(forged).status_code == 400
        assert browser.get("/profile").status_code == 303

    def test_a_replayed_callback_is_refused(self, browser, identity):
        leaving = browser.get("/auth/login?eid=helseid")
        callback = local(identity.approve(leaving.headers["Location"], Person("p-1")))
        assert browser.get(callback).status_code == 303
        browser.client.set_cookie(LOGIN_COOKIE, "", domain="localhost")
        assert browser.get(callback).status_code == 400

    def test_a_callback_in_another_browser_is_refused(self, app, browser, identity):
        from web_testing import Browser
        leaving = browser.get("/auth/login?eid=helseid")
        callback = local(identity.approve(leaving.headers["Location"], Person("p-1")))
        assert "expired or was already used" in text(Browser(app).get(callback))

    def test_an_id_token_with_another_nonce_is_refused(self, browser, identity):
        identity.id_token_nonce = "not-the-one-we-sent"
        assert browser.login(identity, Person("p-1")).status_code == 400
        assert browser.get("/profile").status_code == 303

    def test_tokens_from_another_issuer_are_refused(self, browser, identity):
        identity.token_issuer = "http://elsewhere.example/api/identity"
        assert browser.login(identity, Person("p-1")).status_code == 400

    def test_a_person_identity_does_not_know_is_told_how_to_get_access(self, browser, identity):
        leaving = browser.get("/auth/login?eid=helseid")
        back = browser.get(local(identity.deny(leaving.headers["Location"])))
        assert back.headers["Location"] == "/no-access"
        assert "How you get access" in text(browser.get("/no-access"))


class TestReturnTo:
    def test_an_absolute_return_to_is_not_followed_after_login(self, browser, identity):
        for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
            back = browser.login(identity, Person("p-1"), f"/auth/login?return_to={target}")
            assert back.headers["Location"] == "/"


class TestLogout:
    def test_logout_revokes_the_refresh_token_and_forgets_the_session(self, browser, identity):
        browser.login(identity, Person("p-1"))
        old_key = browser.cookie(SESSION_COOKIE)
        refresh_token = next(iter(identity.families.values())).current
        browser.get("/profile")
        assert browser.post("/auth/logout").headers["Location"] == "/?notice=logged_out"
        assert identity.revoked == [refresh_token]
        assert browser.cookie(SESSION_COOKIE) != old_key
        browser.client.set_cookie(SESSION_COOKIE, old_key, domain="localhost", secure=True)
        assert browser.get("/profile").status_code == 303  # the old cookie is dead

    def test_logout_without_a_csrf_token_changes_nothing(self, browser, identity):
        browser.login(identity, Person("p-1"))
        assert browser.post("/auth/logout", csrf=False).status_code == 403
        assert identity.revoked == []
        assert browser.get("/profile").status_code == 200

    def test_logout_works_even_when_identity_is_down(self, app, browser, identity):
        browser.login(identity, Person("p-1"))
        browser.get("/profile")
        app.extensions["portal"].identity._app.server_metadata["revocation_endpoint"] = \
            "http://127.0.0.1:9/revoke"
        assert browser.post("/auth/logout").status_code == 303
        assert browser.get("/profile").status_code == 303
