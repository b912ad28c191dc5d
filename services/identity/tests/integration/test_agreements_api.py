import json

import requests
from kombu import Connection, Exchange, Queue

from portal_kit.testing import wait_for

V1 = "/api/identity/v1"


def spy(amqp_uri, *patterns):
    """A queue bound to identity's events matching ``patterns`` (default: all)."""
    conn = Connection(amqp_uri)
    exchange = Exchange("identity.events", "topic", durable=True)
    queue = Queue("spy", exchange, routing_key=patterns[0] if patterns else "#",
                  channel=conn.default_channel)
    queue.declare()
    for pattern in patterns[1:]:
        queue.bind_to(exchange, routing_key=pattern)
    return conn, queue


def drain(queue, count):
    messages = []
    wait_for(lambda: (m := queue.get(no_ack=True)) and messages.append(m) or len(messages) >= count)
    return messages


class TestAgreements:
    def test_signing_an_agreement_publishes_registered_then_signed_in_v2_and_v1(
            self, identity, operator, register, agreement_text, vhost):
        # the agreement text's own event may still be on its way: listen only for these
        conn, queue = spy(vhost.amqp_uri, "portal.identity.organisation.#",
                          "portal.identity.dpa.#")
        org = register()
        signed = requests.post(f"{identity}{V1}/organisations/{org['id']}/agreement/sign",
                               headers=operator, json={"signatory_name": "Ordfører"})
        assert signed.status_code == 200 and signed.json()["agreement"]["status"] == "signed"
        events = {e["type"]: e for e in (json.loads(m.body) for m in drain(queue, 4))}
        conn.release()
        assert set(events) == {
            "portal.identity.organisation.registered.v2",
            "portal.identity.organisation.registered.v1",
            "portal.identity.dpa.signed.v2", "portal.identity.dpa.signed.v1"}
        signed = events["portal.identity.dpa.signed.v2"]
        v2, v1 = signed["data"], events["portal.identity.dpa.signed.v1"]["data"]
        assert signed["subject"] == f"organisations/{org['id']}"
        assert (v2["text_version"], v2["signature_method"], v2["signatory_person_id"]) == (
            1, "paper", None)
        assert v1["contact_email"] == v2["contact_email"] == "post@bergen.kommune.no"
        assert v1["recorded_by"] == "operator" and "text_version" not in v1

    def test_the_public_list_shows_each_municipalitys_agreement_status_without_a_token(
            self, identity, operator, register, agreement_text):
        signed, unsigned = register(), register(name="Voss herad",
                                                organisation_number="974743272")
        requests.post(f"{identity}{V1}/organisations/{signed['id']}/agreement/sign",
                      headers=operator, json={"signatory_name": "Ordfører"})
        listing = requests.get(f"{identity}{V1}/agreements")
        assert listing.status_code == 200
        status = {row["name"]: row["status"] for row in listing.json()}
        assert status == {"Bergen kommune": "signed", "Voss herad": "not_signed"}
        assert unsigned["agreement"]["status"] == "not_signed"

    def test_signing_a_text_version_never_published_is_the_bodys_fault_and_signs_nothing(
            self, identity, operator, register, agreement_text):
        org = register()
        answer = requests.post(f"{identity}{V1}/organisations/{org['id']}/agreement/sign",
                               headers=operator, json={"signatory_name": "A",
                                                       "text_version": 408})
        assert (answer.status_code, answer.json()["code"]) == (422, "agreement_text_unknown")
        listing = {row["name"]: row["status"] for row in
                   requests.get(f"{identity}{V1}/agreements").json()}
        assert listing[org["name"]] == "not_signed"

    def test_terminating_ends_the_agreement_and_it_can_be_signed_again_as_a_new_version(
            self, identity, operator, register, agreement_text):
        org = register()
        base = f"{identity}{V1}/organisations/{org['id']}/agreement"
        requests.post(f"{base}/sign", headers=operator, json={"signatory_name": "A"})
        ended = requests.post(f"{base}/terminate", headers=operator, json={
            "terminated_by_party": "organisation", "reason": "Changing supplier"})
        assert ended.json()["agreement"]["status"] == "terminated"
        again = requests.post(f"{base}/sign", headers=operator, json={"signatory_name": "B"})
        assert again.json()["agreement"]["version"] == 2

    def test_signing_twice_is_a_conflict_and_terminating_unsigned_too(
            self, identity, operator, register, agreement_text):
        org = register()
        base = f"{identity}{V1}/organisations/{org['id']}/agreement"
        early = requests.post(f"{base}/terminate", headers=operator, json={
            "terminated_by_party": "operator", "reason": "x"})
        assert (early.status_code, early.json()["code"]) == (409, "agreement_not_in_force")
        requests.post(f"{base}/sign", headers=operator, json={"signatory_name": "A"})
        twice = requests.post(f"{base}/sign", headers=operator, json={"signatory_name": "A"})
        assert (twice.status_code, twice.json()["code"]) == (409, "agreement_already_signed")

    def test_registering_the_same_organisation_number_twice_is_a_conflict(
            self, identity, operator, register):
        register()
        again = requests.post(f"{identity}{V1}/organisations", headers=operator, json={
            "name": "Bergen", "kind": "municipality", "country": "NO",
            "organisation_number": "964 338 531", "contact_email": "a@b.no"})
        assert (again.status_code, again.json()["code"]) == (409, "organisation_exists")

    def test_an_unknown_organisation_is_a_404_problem(self, identity, operator):
        response = requests.get(f"{identity}{V1}/organisations/nope", headers=operator)
        assert response.status_code == 404
        assert response.json()["code"] == "organisation_not_found"
