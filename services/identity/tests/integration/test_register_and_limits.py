"""The authorisation register search (operator, administrators, tutors), and the rate
limits on it and on the token endpoint (429 with Retry-After)."""
import pytest
import requests
from identity_tokens import bearer

V1 = "/api/identity/v1"


@pytest.fixture
def extra_config():
    return {"TOKEN_RATE_LIMIT": "5/60", "TOKEN_RATE_LIMIT_PER_PERSON": "3/60",
            "REGISTER_SEARCH_RATE_LIMIT": "4/60"}


def test_the_register_is_searched_by_name_hpr_number_and_authorisation_id(identity, api):
    by_name = api("GET", "/register/search", params={"name": "kari nordmann"}).json()
    assert [(e["hpr_number"], e["profession"]) for e in by_name] == [("9144889", "Lege")]
    by_hpr = api("GET", "/register/search", params={"hpr_number": "4711083"}).json()
    assert by_hpr[0]["family_name"] == "Hansen" and by_hpr[0]["country"] == "NO"
    by_id = api("GET", "/register/search", params={"authorisation_id": "3sn7p"}).json()
    assert (by_id[0]["given_name"], by_id[0]["specialty"]) == ("Søren", "Almen medicin")
    assert "cpr" not in str(by_id) and "1103704321" not in str(by_id)
    danes = api("GET", "/register/search", params={"country": "DK", "name": "Jensen"}).json()
    assert danes and all(e["country"] == "DK" for e in danes)


def test_a_profile_is_created_from_the_register_and_refused_twice(identity, api):
    created = api("POST", "/people", json={"country": "DK", "authorisation_id": "4AL9R",
                                           "email": "anne@example.dk"})
    assert created.status_code == 201, created.text
    assert (created.json()["given_name"], created.json()["status"]) == ("Anne", "profile")
    again = api("POST", "/people", json={"country": "DK", "authorisation_id": "4AL9R"})
    assert (again.status_code, again.json()["code"]) == (409, "person_exists")
    unknown = api("POST", "/people", json={"country": "NO", "hpr_number": "1234567"})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "register_entry_not_found")


def test_a_person_without_a_membership_may_not_search(identity, api, registered):
    _, tokens = registered("kari-nordmann", country="NO", hpr_number="9144889")
    refused = api("GET", "/register/search", headers=bearer(tokens), params={"name": "Berg"})
    assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed")


def test_the_register_search_is_rate_limited_per_person(identity, api):
    answers = [api("GET", "/register/search", params={"name": "Hansen"}) for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert 0 < int(answers[-1].headers["Retry-After"]) <= 60


def test_the_token_endpoint_is_rate_limited_per_client(identity, operator):
    data = {"grant_type": "client_credentials", "client_id": "operator",
            "client_secret": "dev-operator-secret"}
    answers = [requests.post(f"{identity}{V1}/oauth/token", data=data) for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert answers[-1].json()["code"] == "rate_limited" and answers[-1].headers["Retry-After"]


def test_refreshing_is_rate_limited_per_person_not_for_everyone_behind_the_same_client(
        identity, registered):
    _, kari = registered("kari-nordmann", country="NO", hpr_number="9144889")
    _, ola = registered("ola-hansen", country="NO", hpr_number="4711083")
    token, answers = kari["refresh_token"], []
    for _ in range(3):
        answer = kari["client"].refresh(token)
        answers.append(answer)
        token = answer.json().get("refresh_token", token)
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1].json()["code"] == "rate_limited" and answers[-1].headers["Retry-After"]
    assert ola["client"].refresh(ola["refresh_token"]).status_code == 200
