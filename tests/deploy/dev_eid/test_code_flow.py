"""The whole code flow, PAR and PKCE, for both brokers, as identity's broker client runs it."""
import pytest
import requests

from relying_party import Browser, callback, log_in

HELSEID_PID = "helseid://claims/identity/pid"
NEMLOGIN_CPR = "https://data.gov.dk/model/core/eid/cprNumber"


@pytest.fixture(params=["private_key_jwt", "client_secret_post", "client_secret_basic"])
def auth(request):
    return request.param


def relying_party(provider, broker, auth, client_key):
    return provider.relying_party(broker, auth=auth, key=client_key)


class TestHelseId:
    def test_a_norwegian_doctor_logs_in_and_the_id_token_says_who_she_is(
            self, provider, auth, client_key):
        rp = relying_party(provider, "helseid", auth, client_key)
        location, _ = log_in(rp, "kari-nordmann")
        tokens = rp.exchange(location)
        claims = rp.verify_id_token(tokens["id_token"])
        assert claims[HELSEID_PID] == "12859140090"
        assert claims["helseid://claims/hpr/hpr_number"] == "9144889"
        assert claims["helseid://claims/identity/security_level"] == "4"
        assert claims["helseid://claims/identity/assurance_level"] == "high"
        assert (claims["name"], claims["given_name"], claims["family_name"]) == (
            "Kari Nordmann", "Kari", "Nordmann")
        assert claims["idp"] == "testidp-oidc" and "email" not in claims

    def test_the_callback_echoes_state_and_names_the_issuer(self, provider, client_key):
        rp = relying_party(provider, "helseid", "private_key_jwt", client_key)
        location, query = log_in(rp, "kari-nordmann")
        assert location.startswith(rp.redirect_uri + "?")
        assert query["state"] == rp.state and query["iss"] == rp.issuer and query["code"]

    def test_a_person_without_an_hpr_number_gets_no_hpr_claim(self, provider, client_key):
        rp = relying_party(provider, "helseid", "private_key_jwt", client_key)
        claims = rp.verify_id_token(rp.exchange(log_in(rp, "per-dahl")[0])["id_token"])
        assert "helseid://claims/hpr/hpr_number" not in claims
        assert claims[HELSEID_PID] == "29817520047"

    def test_a_level_3_login_says_substantial(self, provider, client_key):
        rp = relying_party(provider, "helseid", "private_key_jwt", client_key)
        claims = rp.verify_id_token(rp.exchange(log_in(rp, "even-moe")[0])["id_token"])
        assert claims["helseid://claims/identity/security_level"] == "3"
        assert claims["helseid://claims/identity/assurance_level"] == "substantial"

    def test_userinfo_tells_the_same_as_the_id_token(self, provider, client_key):
        rp = relying_party(provider, "helseid", "private_key_jwt", client_key)
        tokens = rp.exchange(log_in(rp, "kari-nordmann")[0])
        claims = rp.verify_id_token(tokens["id_token"])
        info = rp.userinfo(tokens["access_token"])
        assert info.status_code == 200
        assert info.json()["sub"] == claims["sub"]
        assert info.json()[HELSEID_PID] == claims[HELSEID_PID]


class TestNemLogIn:
    def test_a_danish_doctor_logs_in_and_the_id_token_says_who_she_is(
            self, provider, auth, client_key):
        rp = relying_party(provider, "nemlogin", auth, client_key)
        tokens = rp.exchange(log_in(rp, "mette-jensen")[0])
        claims = rp.verify_id_token(tokens["id_token"])
        assert claims[NEMLOGIN_CPR] == "0405961234"
        assert claims["https://data.gov.dk/concept/core/nsis/loa"] == "High"
        assert (claims["given_name"], claims["family_name"]) == ("Mette", "Jensen")
        assert "email" not in claims and HELSEID_PID not in claims

    def test_a_substantial_login_says_so(self, provider, client_key):
        rp = relying_party(provider, "nemlogin", "private_key_jwt", client_key)
        claims = rp.verify_id_token(rp.exchange(log_in(rp, "anne-larsen")[0])["id_token"])
        assert claims["https://data.gov.dk/concept/core/nsis/loa"] == "Substantial"

    def test_nemlogin_also_takes_a_request_without_par(self, provider, client_key):
        rp = relying_party(provider, "nemlogin", "client_secret_post", client_key)
        location, query = log_in(rp, "soren-nielsen", url=rp.plain_url())
        assert query["state"] == rp.state
        claims = rp.verify_id_token(rp.exchange(location)["id_token"])
        assert claims["name"] == "Søren Nielsen"


class TestSubjects:
    def test_the_subject_is_stable_for_a_person_and_differs_between_people(
            self, provider, client_key):
        def subject(person):
            rp = relying_party(provider, "helseid", "private_key_jwt", client_key)
            return rp.verify_id_token(rp.exchange(log_in(rp, person)[0])["id_token"])["sub"]
        assert subject("kari-nordmann") == subject("kari-nordmann") != subject("ola-hansen")

    def test_the_brokers_sign_with_keys_of_their_own(self, provider, client_key):
        helseid = relying_party(provider, "helseid", "private_key_jwt", client_key)
        nemlogin = relying_party(provider, "nemlogin", "private_key_jwt", client_key)
        keys = [requests.get(rp.metadata["jwks_uri"], timeout=10).json()["keys"][0]["kid"]
                for rp in (helseid, nemlogin)]
        assert keys[0] != keys[1]


class TestCancelling:
    def test_a_person_who_cancels_returns_to_the_client_with_access_denied_and_the_state(
            self, provider, client_key):
        rp = relying_party(provider, "helseid", "private_key_jwt", client_key)
        browser = Browser()
        page = browser.open(rp.login_url())
        _, query = callback(browser.press(page, "cancel", "1"))
        assert query["error"] == "access_denied" and query["state"] == rp.state
