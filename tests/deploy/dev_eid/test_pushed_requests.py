"""Refusals at the PAR endpoint, and input Authlib cannot even describe in an error."""
import pytest

from relying_party import Browser, log_in


@pytest.fixture
def helseid(provider, client_key):
    return provider.relying_party("helseid", key=client_key)


def error_of(response, status=400):
    assert response.status_code == status, response.text
    return response.json()["error"]


class TestPushedRequests:
    def test_helseid_refuses_an_authorization_request_that_was_not_pushed(self, helseid):
        page = Browser().open(helseid.plain_url())
        assert page.status == 400 and "invalid_request" in page.html
        assert "pushed authorization" in page.html

    def test_an_unregistered_redirect_uri_is_refused_at_the_push(self, helseid):
        response = helseid.push(redirect_uri="https://evil.example/callback")
        assert error_of(response) == "invalid_request"

    def test_an_unauthenticated_push_is_an_invalid_client(self, provider):
        rp = provider.relying_party("helseid", auth="client_secret_post", secret="wrong")
        assert error_of(rp.push(), status=401) == "invalid_client"

    def test_a_push_without_pkce_is_refused(self, helseid):
        response = helseid.push(code_challenge=None, code_challenge_method=None)
        assert error_of(response) == "invalid_request"

    def test_plain_pkce_is_refused(self, helseid):
        response = helseid.push(code_challenge="a" * 43, code_challenge_method="plain")
        assert error_of(response) == "invalid_request"

    def test_a_push_must_not_carry_a_request_uri(self, helseid):
        assert error_of(helseid.push(request_uri="urn:x")) == "invalid_request"

    def test_a_scope_without_openid_is_an_invalid_scope(self, helseid):
        assert error_of(helseid.push(scope="profile")) == "invalid_scope"

    def test_an_unknown_scope_is_an_invalid_scope(self, helseid):
        assert error_of(helseid.push(scope="openid admin")) == "invalid_scope"

    def test_a_request_uri_is_spent_once_the_person_has_answered(self, helseid):
        url = helseid.login_url()
        log_in(helseid, "kari-nordmann", url=url)
        page = Browser().open(url)
        assert page.status == 400 and "invalid_request_uri" in page.html

    def test_a_request_uri_expires(self, provider, helseid):
        url = helseid.login_url()
        provider.clock.advance(301)
        try:
            page = Browser().open(url)
        finally:
            provider.clock.advance(-301)
        assert page.status == 400 and "invalid_request_uri" in page.html

    def test_a_request_uri_is_not_accepted_for_another_client_id(self, helseid):
        url = helseid.login_url().replace("client_id=portal-identity", "client_id=other")
        page = Browser().open(url)
        assert page.status == 400
        assert "Location" not in page.html


class TestMalformedInput:
    @pytest.mark.parametrize("overrides", [
        {"response_type": 'x"\x00'}, {"redirect_uri": 'http://x/"\u00e6'}])
    def test_characters_no_oauth_parameter_may_hold_are_an_invalid_request_at_the_push(
            self, helseid, overrides):
        response = helseid.push(**overrides)
        assert error_of(response) in {"invalid_request", "unsupported_response_type"}

    @pytest.mark.parametrize("query", [
        {"response_type": "code\x00", "client_id": "\x00"},
        {"response_type": "code", "client_id": "portal-identity",
         "redirect_uri": 'http://x/"\u00e6'}])
    def test_they_get_an_error_page_at_the_authorize_endpoint(self, provider, query):
        response = Browser().http.get(provider.issuer("nemlogin") + "/connect/authorize",
                                      params=query, allow_redirects=False, timeout=10)
        assert response.status_code == 400 and "Location" not in response.headers
        assert "invalid_request" in response.text
