"""The invitation handshake: the invitations service's registration ticket (a JWT signed
with its own key, here a test key served as its JWKS) lets a person register, or is
accepted by a person identity knows; ``person.invitation_accepted`` is published in the
same transaction. A forged, expired, foreign or reused ticket is refused."""
import json
import uuid

import pytest
from identity_tokens import bearer
from kombu import Connection, Exchange, Queue

from portal_kit.testing import wait_for
from portal_kit.testing_tokens import TokenFactory

INVITATIONS = "http://localhost:8000/api/invitations"


@pytest.fixture
def invitations_keys():
    with TokenFactory(issuer=INVITATIONS, kid="invitations-test").serving() as factory:
        yield factory


@pytest.fixture
def extra_config(invitations_keys):
    return {"INVITATIONS_JWKS_URL": invitations_keys.jwks_url,
            "INVITATIONS_ISSUER": INVITATIONS}


@pytest.fixture
def ticket(invitations_keys, identity):
    def mint(lifetime=900, audience=None, factory=None, **claims):
        body = {"jti": str(uuid.uuid4()), "invitation_id": "inv-1", "trainee": "trainee-1",
                "role": "supervisor", "organisation_id": "org-1", **claims}
        signer = factory or invitations_keys
        return signer.token(lifetime=lifetime, aud=audience or f"{identity}/api/identity",
                            **body)
    return mint


@pytest.fixture
def events(vhost):
    connection = Connection(vhost.amqp_uri)
    queue = Queue("spy", Exchange("identity.events", "topic", durable=True),
                  routing_key="portal.identity.person.#", channel=connection.default_channel)
    queue.declare()
    yield lambda: [json.loads(m.body) for m in iter(lambda: queue.get(no_ack=True), None)]
    connection.release()


def register(api, tokens, person="ukjent"):
    return api("POST", "/registration", headers=bearer(tokens), json={
        "given_name": "Ukjent", "family_name": "Person", "email": f"{person}@example.org",
        "language": "nb"})


class TestTheHandshake:
    def test_a_stranger_with_a_ticket_registers_and_the_invitation_is_accepted_with_it(
            self, identity, api, log_in, ticket, events):
        tokens = log_in("ukjent-person", registration_ticket=ticket())
        assert "access_token" in tokens
        known = api("GET", "/registration", headers=bearer(tokens)).json()
        assert known["invitation"] == {"invitation_id": "inv-1", "trainee": "trainee-1",
                                       "role": "supervisor", "organisation_id": "org-1"}
        assert register(api, tokens).status_code == 201
        published = wait_for(lambda: (seen := events()) and seen)
        types = [e["type"] for e in published]
        assert types == ["portal.identity.person.registered.v1",
                         "portal.identity.person.invitation_accepted.v1"]
        accepted = published[1]["data"]
        assert (accepted["person_id"], accepted["invitation_id"]) == (
            published[0]["data"]["person_id"], "inv-1")
        assert published[0]["correlationid"] == published[1]["correlationid"]

    def test_a_person_identity_knows_accepts_at_login(self, identity, api, registered, log_in,
                                                      ticket, events):
        registered("kari-nordmann", country="NO", hpr_number="9144889")
        events()
        log_in("kari-nordmann", registration_ticket=ticket(invitation_id="inv-2"))
        accepted = wait_for(lambda: (seen := events()) and seen)
        assert [(e["type"], e["data"]["invitation_id"]) for e in accepted] == [
            ("portal.identity.person.invitation_accepted.v1", "inv-2")]

    def test_without_a_ticket_the_stranger_has_no_access(self, identity, log_in):
        assert log_in("ukjent-person")["error_description"] == "no_access"


class TestForgedTickets:
    def refused(self, identity, web, browser, raw):
        answer = browser.get(web.login_url(registration_ticket=raw))
        return answer.status_code, answer.json()["code"]

    def test_a_ticket_signed_with_another_key_is_refused(self, identity, web, browser, ticket):
        forger = TokenFactory(issuer=INVITATIONS, kid="invitations-test")
        assert self.refused(identity, web, browser, ticket(factory=forger)) == (
            400, "invalid_registration_ticket")

    def test_an_expired_ticket_is_refused(self, identity, web, browser, ticket):
        assert self.refused(identity, web, browser, ticket(lifetime=-60)) == (
            400, "invalid_registration_ticket")

    def test_a_ticket_for_another_audience_is_refused(self, identity, web, browser, ticket):
        raw = ticket(audience="https://other.example/api/identity")
        assert self.refused(identity, web, browser, raw) == (400, "invalid_registration_ticket")

    def test_a_ticket_from_another_issuer_is_refused(self, identity, web, browser):
        stranger = TokenFactory(issuer="https://evil.example", kid="invitations-test")
        raw = stranger.token(aud=f"{identity}/api/identity", jti="j", invitation_id="i",
                             trainee="t", role="leader", organisation_id="o")
        assert self.refused(identity, web, browser, raw) == (400, "invalid_registration_ticket")

    def test_a_ticket_is_accepted_once(self, identity, api, log_in, ticket, web, browser, sql):
        raw = ticket()
        log_in("ukjent-person", registration_ticket=raw)
        assert self.refused(identity, web, browser, raw) == (400, "registration_ticket_used")
        assert sql("select count(*) from people") == [(1,)]

    def test_a_ticket_used_between_authorize_and_callback_lets_nobody_in(
            self, identity, log_in, ticket, web, browser, sql):
        raw = ticket()
        page = browser.to_provider(web.login_url(registration_ticket=raw))
        log_in("ukjent-person", registration_ticket=raw)
        answer = browser.get(browser.pick(page, "ukjent-person"))
        assert (answer.status_code, answer.json()["code"]) == (400, "registration_ticket_used")
        assert sql("select count(*) from people") == [(1,)]

