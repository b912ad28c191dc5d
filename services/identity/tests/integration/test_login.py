"""The whole login over real HTTP: web client → identity → development eID provider → back."""
import jwt
from login_flow import WEB_REDIRECT, query

V1 = "/api/identity/v1"
KARI_HPR = "9144889"


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})


def profile_for_kari(api):
    response = api("POST", "/people", json={"country": "NO", "hpr_number": KARI_HPR,
                                            "email": "kari@example.no"})
    assert response.status_code == 201, response.text
    return response.json()


class TestTheWholeLogin:
    def test_discovery_par_authorize_eid_callback_registration_tokens_refresh_logout(
            self, identity, api, web, browser):
        profile = profile_for_kari(api)
        metadata = api("GET", "/../.well-known/openid-configuration", headers={}).json()
        assert metadata["pushed_authorization_request_endpoint"].endswith("/v1/oauth/par")

        back = browser.login(web.login_url(), "kari-nordmann")
        assert back.status_code == 302 and back.headers["Location"].startswith(WEB_REDIRECT)
        answer = query(back.headers["Location"])
        assert answer["state"] == web.state

        tokens = web.exchange(answer["code"])
        assert tokens.status_code == 200, tokens.text
        limited = claims(tokens.json()["access_token"])
        assert limited["sub"] == profile["id"] and limited["registration"] == "pending"
        assert limited["assurance"] == "high" and limited["memberships"] == []
        id_token = claims(tokens.json()["id_token"])
        assert id_token["nonce"] == web.nonce and id_token["aud"] == ["web"]

        bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
        known = api("GET", "/registration", headers=bearer).json()
        assert (known["given_name"], known["family_name"]) == ("Kari", "Nordmann")
        assert api("GET", "/people/me", headers=bearer).json()["code"] == "registration_pending"
        registered = api("POST", "/registration", headers=bearer, json={
            "given_name": "Kari", "family_name": "Nordmann", "email": "kari@example.no",
            "mobile": "+47 912 34 567", "language": "nb"})
        assert registered.status_code == 201, registered.text

        refreshed = web.refresh(tokens.json()["refresh_token"])
        assert refreshed.status_code == 200, refreshed.text
        full = claims(refreshed.json()["access_token"])
        assert "registration" not in full and full["lang"] == "nb"
        me = api("GET", "/people/me",
                 headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"})
        assert me.json()["status"] == "registered"

        assert web.revoke(refreshed.json()["refresh_token"]).status_code == 200
        after_logout = web.refresh(refreshed.json()["refresh_token"])
        assert (after_logout.status_code, after_logout.json()["code"]) == (400, "invalid_grant")

    def test_a_person_the_portal_does_not_know_gets_no_access_yet(self, identity, web, browser):
        back = browser.login(web.login_url(), "ukjent-person")
        answer = query(back.headers["Location"])
        assert back.headers["Location"].startswith(WEB_REDIRECT)
        assert (answer["error"], answer["error_description"], answer["state"]) == (
            "access_denied", "no_access", web.state)
