"""The whole login over real HTTP on the running portal: the web client pushes its request,
the browser goes through the origin to identity, on to the development eID provider, picks a
test person, comes back through identity's callback; then registration, portal tokens,
refresh and logout. The test people are the ones ``make run`` seeds."""
import sys

import jwt
import pytest
import requests

from e2e_portal import ROOT

sys.path.insert(0, str(ROOT / "services" / "identity" / "tests" / "integration"))

from login_flow import Browser, WebClient, query  # noqa: E402

V1 = "/api/identity/v1"


@pytest.fixture
def base(portal):
    """The portal's public base URL (PUBLIC_BASE_URL under make run)."""
    return portal.url.replace("127.0.0.1", "localhost")


def attempt_login(base, person, eid, web=None):
    """The round trip; returns what identity sends back to the web client."""
    web = web or WebClient(base, redirect_uri=f"{base}/auth/callback")
    back = Browser(base).login(web.login_url(eid=eid), person)
    assert back.status_code == 302, back.text
    answer = query(back.headers["Location"])
    assert answer["state"] == web.state, answer
    return answer


def log_in(base, person, eid):
    web = WebClient(base, redirect_uri=f"{base}/auth/callback")
    answer = attempt_login(base, person, eid, web)
    tokens = web.exchange(answer["code"])
    assert tokens.status_code == 200, tokens.text
    return web, tokens.json()


def bearer(tokens):
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def claims(tokens):
    return jwt.decode(tokens["access_token"], options={"verify_signature": False})


def register(base, tokens, person, language):
    response = requests.post(f"{base}{V1}/registration", headers=bearer(tokens), timeout=10,
                             json={"given_name": person[0], "family_name": person[1],
                                   "email": f"{person[0].lower()}.{person[1].lower()}@e2e.example",
                                   "mobile": "+47 400 00 000", "language": language})
    assert response.status_code in (201, 409), response.text


def test_a_seeded_doctor_logs_in_with_helseid_registers_refreshes_and_logs_out(base):
    web, tokens = log_in(base, "kari-nordmann", "helseid")
    assert claims(tokens)["registration"] == "pending" and claims(tokens)["assurance"] == "high"
    known = requests.get(f"{base}{V1}/registration", headers=bearer(tokens), timeout=10).json()
    assert known["family_name"] == "Nordmann"
    register(base, tokens, ("Kari", "Nordmann"), "nb")
    full = web.refresh(tokens["refresh_token"]).json()
    assert "registration" not in claims(full)
    me = requests.get(f"{base}{V1}/people/me", headers=bearer(full), timeout=10).json()
    assert me["hpr_number"] == "9144889" and "pid" not in str(me)
    assert web.revoke(full["refresh_token"]).status_code == 200
    assert web.refresh(full["refresh_token"]).json()["code"] == "invalid_grant"


def test_the_seeded_operator_gets_the_operator_role_after_registering(base, portal):
    web, tokens = log_in(base, "oda-operator", "helseid")
    register(base, tokens, ("Oda", "Olsen"), "en")
    full = web.refresh(tokens["refresh_token"]).json()
    assert claims(full)["roles"] == ["operator"]
    listed = requests.get(f"{base}{V1}/organisations", headers=bearer(full), timeout=10)
    assert listed.status_code == 200 and len(listed.json()) >= 384


def test_a_danish_tutor_logs_in_with_mitid_and_is_found_by_the_register(base):
    web, tokens = log_in(base, "soren-nielsen", "nemlogin")
    assert claims(tokens)["registration"] == "pending"
    register(base, tokens, ("Søren", "Nielsen"), "da")
    full = web.refresh(tokens["refresh_token"]).json()
    me = requests.get(f"{base}{V1}/people/me", headers=bearer(full), timeout=10).json()
    assert me["authorisation_id"] == "3SN7P"


def test_someone_without_invitation_or_profile_hears_no_access_yet(base):
    web = WebClient(base, redirect_uri=f"{base}/auth/callback")
    back = Browser(base).login(web.login_url(eid="helseid"), "ukjent-person")
    answer = query(back.headers["Location"])
    assert (answer["error"], answer["error_description"]) == ("access_denied", "no_access")
