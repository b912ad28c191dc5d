"""A person's own profile, userinfo and logout at the end-session endpoint; what the
operator sees of agreement texts."""
import json

import requests
from identity_tokens import bearer
from kombu import Connection, Exchange, Queue

from portal_kit.testing import wait_for

KARI = {"country": "NO", "hpr_number": "9144889"}
V1 = "/api/identity/v1"


def test_changing_contact_data_is_an_event_and_an_email_taken_is_refused(
        identity, api, registered, profile, vhost):
    profile(country="NO", hpr_number="4711083", email="ola@example.org")
    _, tokens = registered("kari-nordmann", **KARI)
    with Connection(vhost.amqp_uri) as connection:
        queue = Queue("contact", Exchange("identity.events", "topic", durable=True),
                      routing_key="portal.identity.person.contact_changed.v1",
                      channel=connection.default_channel)
        queue.declare()
        changed = api("PATCH", "/people/me", headers=bearer(tokens),
                      json={"language": "en", "time_zone": "Europe/Copenhagen"})
        assert changed.status_code == 200 and changed.json()["language"] == "en"
        event = json.loads(wait_for(lambda: queue.get(no_ack=True)).body)
    assert (event["data"]["language"], event["data"]["time_zone"]) == ("en",
                                                                      "Europe/Copenhagen")
    taken = api("PATCH", "/people/me", headers=bearer(tokens), json={"email": "ola@example.org"})
    assert (taken.status_code, taken.json()["code"]) == (409, "email_taken")


def test_userinfo_names_the_person_and_logout_ends_the_session(identity, api, registered):
    created, tokens = registered("kari-nordmann", **KARI)
    info = requests.get(f"{identity}{V1}/oauth/userinfo", headers=bearer(tokens)).json()
    assert (info["sub"], info["family_name"]) == (created["id"], "kari-nordmann")
    out = requests.get(f"{identity}{V1}/oauth/logout", allow_redirects=False, params={
        "id_token_hint": tokens["id_token"], "client_id": "web",
        "post_logout_redirect_uri": f"{identity}/", "state": "bye"})
    assert out.status_code == 302 and out.headers["Location"] == f"{identity}/?state=bye"
    again = tokens["client"].refresh(tokens["refresh_token"])
    assert (again.status_code, again.json()["code"]) == (400, "invalid_grant")


def test_the_operator_sees_who_has_not_signed_the_newest_text(identity, api, register,
                                                              agreement_text):
    signed, unsigned = register(), register(name="Voss herad",
                                            organisation_number="974743272")
    api("POST", f"/organisations/{signed['id']}/agreement/sign", json={"signatory_name": "A"})
    assert {o["name"] for o in api("GET", "/agreements/not-on-newest-text").json()} == {
        "Voss herad"}
    api("POST", "/agreement-texts", json={"title": "Version 2", "body": "New terms."})
    assert {o["name"] for o in api("GET", "/agreements/not-on-newest-text").json()} == {
        "Voss herad", "Bergen kommune"}
    assert [t["version"] for t in api("GET", "/agreement-texts", headers={}).json()] == [2, 1]
    assert unsigned["agreement"]["status"] == "not_signed"


def test_a_place_of_training_is_listed_under_its_holder_and_has_no_agreement_of_its_own(
        identity, api, register):
    bergen = register()
    place = api("POST", "/organisations", json={"name": "Legevakt", "kind": "clinic",
                                                "country": "NO",
                                                "agreement_holder_id": bergen["id"]})
    assert place.status_code == 201 and place.json()["agreement"] is None
    listed = api("GET", "/organisations", params={"holder_id": bergen["id"]}).json()
    assert [o["name"] for o in listed] == ["Legevakt"]
    public = {o["name"] for o in api("GET", "/agreements", headers={}).json()}
    assert public == {"Bergen kommune"}


def test_userinfo_with_a_machine_token_is_refused_for_want_of_the_openid_scope(identity,
                                                                              operator):
    answer = requests.get(f"{identity}{V1}/oauth/userinfo", headers=operator)
    assert (answer.status_code, answer.json()["code"]) == (403, "insufficient_scope")
    assert answer.headers["WWW-Authenticate"] == \
        'Bearer realm="portal", error="insufficient_scope", scope="openid"'


def test_userinfo_with_a_token_whose_person_is_gone_is_an_invalid_token(identity, registered,
                                                                        sql):
    created, tokens = registered("kari-nordmann", **KARI)
    sql("UPDATE people SET id = :other WHERE id = :id", id=created["id"],
        other="00000000-0000-4000-8000-000000000000")
    answer = requests.get(f"{identity}{V1}/oauth/userinfo", headers=bearer(tokens))
    assert (answer.status_code, answer.json()["code"]) == (401, "invalid_token")
    assert answer.headers["WWW-Authenticate"].startswith(
        'Bearer realm="portal", error="invalid_token"')


def test_userinfo_without_a_token_asks_for_one_and_with_a_forged_one_says_it_is_invalid(
        identity):
    bare = requests.get(f"{identity}{V1}/oauth/userinfo")
    assert (bare.status_code, bare.headers["WWW-Authenticate"]) == (401, 'Bearer realm="portal"')
    forged = requests.get(f"{identity}{V1}/oauth/userinfo",
                          headers={"Authorization": "Bearer not.a.token"})
    assert forged.status_code == 401
    assert forged.headers["WWW-Authenticate"].startswith(
        'Bearer realm="portal", error="invalid_token"')
