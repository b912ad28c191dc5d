"""Bad requests are refused as a real provider refuses them: the OAuth error JSON, a redirect
with the error when the redirect URI is registered, an error page when it is not."""
import time

import pytest
from authlib.oauth2.rfc7523 import private_key_jwt_sign

from relying_party import Browser, callback, log_in, new_key


@pytest.fixture
def helseid(provider, client_key):
    return provider.relying_party("helseid", key=client_key)


def code_of(rp, person="kari-nordmann"):
    return log_in(rp, person)[1]["code"]


def error_of(response, status=400):
    assert response.status_code == status, response.text
    return response.json()["error"]


class TestTheTokenEndpoint:
    def test_a_wrong_pkce_verifier_is_an_invalid_grant(self, helseid):
        response = helseid.redeem(code_of(helseid), code_verifier="x" * 43)
        assert error_of(response) == "invalid_grant"

    def test_a_missing_pkce_verifier_is_an_invalid_request(self, helseid):
        assert error_of(helseid.redeem(code_of(helseid), code_verifier=None)) == "invalid_request"

    def test_a_code_is_good_once_and_its_reuse_revokes_what_it_gave(self, helseid):
        code = code_of(helseid)
        first = helseid.redeem(code)
        assert first.status_code == 200
        assert error_of(helseid.redeem(code)) == "invalid_grant"
        assert helseid.userinfo(first.json()["access_token"]).status_code == 401

    def test_an_expired_code_is_an_invalid_grant(self, provider, helseid):
        code = code_of(helseid)
        provider.clock.advance(61)
        try:
            assert error_of(helseid.redeem(code)) == "invalid_grant"
        finally:
            provider.clock.advance(-61)

    def test_a_code_must_come_back_with_the_redirect_uri_it_was_issued_for(self, helseid):
        response = helseid.redeem(code_of(helseid), redirect_uri="http://localhost:8000/other")
        assert error_of(response) == "invalid_grant"

    def test_a_wrong_client_secret_is_an_invalid_client(self, provider):
        rp = provider.relying_party("helseid", auth="client_secret_post", secret="wrong")
        code = log_in(provider.relying_party("helseid", auth="client_secret_post"),
                      "kari-nordmann")[1]["code"]
        assert error_of(rp.redeem(code), status=401) == "invalid_client"

    def test_a_wrong_secret_in_basic_auth_is_an_invalid_client_too(self, provider):
        rp = provider.relying_party("helseid", auth="client_secret_basic", secret="wrong")
        response = rp.redeem("any-code")
        assert error_of(response, status=401) == "invalid_client"

    def test_an_unknown_client_is_an_invalid_client(self, provider):
        rp = provider.relying_party("helseid", auth="client_secret_post", client_id="stranger")
        response = rp.redeem("any-code")
        assert response.status_code in (400, 401)
        assert response.json()["error"] == "invalid_client"

    def test_a_client_assertion_is_accepted_once(self, provider, client_key):
        first, second = (provider.relying_party("helseid", key=client_key) for _ in range(2))
        assertion = provider_free_assertion(client_key, first.endpoint("token"))
        accepted = first.redeem(code_of(first), auth=False, **assertion)
        assert accepted.status_code == 200, accepted.text
        replayed = second.redeem(code_of(second), auth=False, **assertion)
        assert error_of(replayed) == "invalid_client"

    @pytest.mark.parametrize("audience", ["other-broker", "nowhere"])
    def test_a_client_assertion_for_another_audience_is_an_invalid_client(
            self, provider, helseid, client_key, audience):
        aud = {"other-broker": provider.issuer("nemlogin") + "/connect/token",
               "nowhere": "http://localhost:9/token"}[audience]
        assertion = provider_free_assertion(client_key, aud)
        assert error_of(helseid.redeem(code_of(helseid), auth=False, **assertion)) == (
            "invalid_client")

    def test_an_expired_client_assertion_is_an_invalid_client(self, helseid, client_key):
        assertion = provider_free_assertion(client_key, helseid.endpoint("token"),
                                            issued_at=int(time.time()) - 3600, expires_in=600)
        assert error_of(helseid.redeem(code_of(helseid), auth=False, **assertion)) == (
            "invalid_client")

    def test_an_assertion_signed_with_a_key_the_client_never_published_is_refused(
            self, helseid):
        stranger = provider_free_assertion(new_key(), helseid.endpoint("token"))
        assert error_of(helseid.redeem(code_of(helseid), auth=False, **stranger)) == (
            "invalid_client")

    def test_the_relying_party_is_not_a_system_client_so_client_credentials_are_refused(
            self, helseid):
        response = helseid.session.post(helseid.endpoint("token"), withhold_token=True,
                                        auth=helseid.client_auth(),
                                        data={"grant_type": "client_credentials"})
        assert error_of(response) == "unauthorized_client"

    @pytest.mark.parametrize("grant_type", ["client_credentials", "password", "refresh_token"])
    def test_nemlogin_offers_the_code_grant_only(self, provider, client_key, grant_type):
        rp = provider.relying_party("nemlogin", key=client_key)
        response = rp.session.post(rp.endpoint("token"), withhold_token=True,
                                   auth=rp.client_auth(), data={"grant_type": grant_type})
        assert error_of(response) == "unsupported_grant_type"


class TestTheAuthorizeEndpoint:
    def test_an_unregistered_redirect_uri_is_never_redirected_to(self, provider, client_key):
        rp = provider.relying_party("nemlogin", key=client_key,
                                    redirect_uri="https://evil.example/callback")
        response = Browser().http.get(rp.plain_url(), allow_redirects=False, timeout=10)
        assert response.status_code == 400 and "Location" not in response.headers
        assert "invalid_request" in response.text

    def test_an_unknown_client_sees_an_error_page_and_no_redirect(self, provider):
        rp = provider.relying_party("nemlogin", client_id="stranger")
        response = Browser().http.get(rp.plain_url(), allow_redirects=False, timeout=10)
        assert response.status_code == 400 and "Location" not in response.headers
        assert "invalid_client" in response.text

    def test_a_missing_pkce_challenge_goes_back_to_the_client_as_invalid_request(
            self, provider, client_key):
        rp = provider.relying_party("nemlogin", key=client_key)
        url = rp.plain_url().replace("code_challenge=", "no_challenge=")
        _, query = callback(Browser().http.get(url, allow_redirects=False, timeout=10))
        assert query["error"] == "invalid_request" and query["state"] == rp.state
        assert query["iss"] == rp.issuer

    def test_a_response_type_other_than_code_goes_back_as_unsupported(self, provider, client_key):
        rp = provider.relying_party("nemlogin", key=client_key)
        url = rp.plain_url(response_type="token")
        _, query = callback(Browser().http.get(url, allow_redirects=False, timeout=10))
        assert query["error"] == "unsupported_response_type"

    def test_a_person_of_the_other_broker_cannot_be_chosen(self, provider, client_key):
        rp = provider.relying_party("nemlogin", key=client_key)
        browser = Browser()
        response = browser.press(browser.open(rp.plain_url()), "person", "kari-nordmann")
        assert response.status_code == 400 and "Location" not in response.headers

    def test_a_nonce_is_accepted_once(self, provider, client_key):
        first = provider.relying_party("nemlogin", key=client_key)
        log_in(first, "mette-jensen", url=first.plain_url())
        again = provider.relying_party("nemlogin", key=client_key)
        again.nonce = first.nonce
        _, query = callback(Browser().http.get(again.plain_url(), allow_redirects=False,
                                               timeout=10))
        assert query["error"] == "invalid_request"


class TestUserinfo:
    def test_userinfo_without_a_token_is_refused(self, helseid):
        assert helseid.userinfo("not-a-token").status_code == 401


def provider_free_assertion(key, audience, **kwargs):
    """A client assertion made by hand (the library's signer), sent in the form body."""
    return {"client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": private_key_jwt_sign(key, client_id="portal-identity",
                                                     token_endpoint=audience, **kwargs)}
