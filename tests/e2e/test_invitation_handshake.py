"""The whole LIS1 invitation across the running services (without the browser): a LIS1
doctor invites a supervisor, notifications sends the mail from invitations' private command
and it arrives at the SMTP catcher, the link opens and mints a registration ticket, the
invitee logs in with it at the development eID provider and registers, identity's
invitation_accepted binds the invitation, and an outside subscriber reads the relationship.
Placements come as competencies publishes them."""
import json
import re
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import jwt
import pytest
import requests
from kombu import Connection, Exchange, Queue

from e2e_portal import ROOT, eventually, mails_to
from portal_contracts import competencies as programmes
from portal_kit import events as ce
from portal_kit.testing import publish_event

sys.path.insert(0, str(ROOT / "services" / "identity" / "tests" / "integration"))

from login_flow import Browser, WebClient, query  # noqa: E402

INVITATIONS = "/api/invitations/v1"


def bearer(tokens):
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def claims(tokens):
    return jwt.decode(tokens["access_token"], options={"verify_signature": False})


def register(base, tokens, person, language):
    response = requests.post(f"{base}/api/identity/v1/registration", headers=bearer(tokens),
                             timeout=10, json={
                                 "given_name": person[0], "family_name": person[1],
                                 "email": f"{person[0].lower()}.{person[1].lower()}@e2e.example",
                                 "language": language})
    assert response.status_code in (201, 409), response.text


@pytest.fixture
def base(portal):
    return portal.url.replace("127.0.0.1", "localhost")


@pytest.fixture
def subscriber(portal):
    """An outside AMQP subscriber of invitations' events, and notifications' command view."""
    connection = Connection(portal.vhost.amqp_uri)
    queues = [Queue(f"e2e-{name}-{uuid.uuid4().hex[:6]}", Exchange(exchange, "topic",
                                                                    durable=True),
                    routing_key="#", channel=connection.default_channel, auto_delete=True)
              for name, exchange in (("events", "invitations.events"),
                                     ("commands", "invitations.commands"))]
    for queue in queues:
        queue.declare()
    seen = {"events": [], "commands": []}

    def read(kind):
        queue = queues[0 if kind == "events" else 1]
        for message in iter(lambda: queue.get(no_ack=True), None):
            seen[kind].append(json.loads(message.body))
        return seen[kind]
    yield read
    connection.release()


def log_in(base, person, **extra):
    web = WebClient(base, redirect_uri=f"{base}/auth/callback")
    back = Browser(base).login(web.login_url(eid="helseid", **extra), person)
    answer = query(back.headers["Location"])
    assert "code" in answer, answer
    tokens = web.exchange(answer["code"]).json()
    return web, tokens


def bergen(base, operator):
    found = requests.get(f"{base}/api/identity/v1/organisations", headers=operator,
                         params={"kind": "municipality"}, timeout=10).json()
    assert isinstance(found, list), found
    holder = next(o for o in found if o.get("code") == "4601")  # Bergen (SSB)
    requests.post(f"{base}/api/identity/v1/organisations/{holder['id']}/agreement/sign",
                  headers=operator, json={"signatory_name": "Ordfører"}, timeout=10)
    return holder["id"]


def trainee(base, operator, holder_id):
    """Ingrid Berg as a LIS1 doctor: the operator creates her profile from the register (the
    seeded people keep the state other tests expect), she logs in and registers."""
    created = requests.post(f"{base}/api/identity/v1/people", headers=operator, timeout=10,
                            json={"country": "NO", "hpr_number": "8123456",
                                  "organisation_id": holder_id})
    assert created.status_code in (201, 409), created.text
    web, tokens = log_in(base, "ingrid-berg")
    register(base, tokens, ("Ingrid", "Berg"), "nb")
    return web.refresh(tokens["refresh_token"]).json()


def open_link(base, token):
    """Open the link as the web front end does, waiting out the lookup limit (the fuzzer
    may have used it up from this address)."""
    for _ in range(3):
        answer = requests.post(f"{base}{INVITATIONS}/links/open", json={"token": token},
                               timeout=10)
        if answer.status_code != 429:
            return answer
        time.sleep(min(int(answer.headers["Retry-After"]), 65))
    return answer


def placed(portal, trainee_id, holder_id):
    today = date.today()
    publish_event(portal.vhost.amqp_uri, "competencies.events", ce.envelope(
        source="/portal/competencies", type=programmes.PLACEMENT_RECORDED,
        subject=f"placements/{trainee_id}", time=datetime.now(UTC), correlation_id="e2e",
        dataschema="http://localhost:8000/api/competencies/schemas/x.json", data={
            "placement_id": str(uuid.uuid4()), "enrolment_id": str(uuid.uuid4()),
            "trainee_id": trainee_id, "place_id": holder_id, "agreement_holder_id": holder_id,
            "curriculum": "lis1", "curriculum_version": "2025-09", "element": "kommune",
            "element_kind": "municipality", "plan": ["KLK"],
            "starts_on": (today - timedelta(days=10)).isoformat(),
            "ends_on": (today + timedelta(days=170)).isoformat(),
            "recorded_at": datetime.now(UTC).isoformat(), "recorded_by": "e2e"}))


def test_an_invited_supervisor_registers_through_the_ticket_and_the_relationship_is_published(
        base, portal, operator, subscriber):
    holder_id = bergen(base, operator)
    kari = trainee(base, operator, holder_id)
    trainee_id = claims(kari)["sub"]
    placed(portal, trainee_id, holder_id)
    invited = eventually(lambda: (r := requests.post(
        f"{base}{INVITATIONS}/invitations", headers=bearer(kari), timeout=10,
        json={"role": "supervisor", "email": "lars.johansen@e2e.example",
              "language": "nb"})).status_code == 201 and r.json())
    command = eventually(lambda: [c["data"] for c in subscriber("commands")
                                  if c["data"].get("invitation_id") == invited["id"]])[0]
    mail = eventually(lambda: mails_to(portal, "lars.johansen@e2e.example"), timeout=30)[0]
    link = re.search(r"https?://\S+/invitation\?token=[A-Za-z0-9_-]+", mail["text"]).group(0)
    assert link == command["link"]
    token = link.split("token=", 1)[1]
    opened = open_link(base, token).json()
    assert (opened["role"], opened["trainee_name"]) == ("supervisor", "Ingrid Berg")

    lars_web, lars = log_in(base, "lars-johansen",
                            registration_ticket=opened["registration_ticket"])
    assert claims(lars)["registration"] == "pending"
    register(base, lars, ("Lars", "Johansen"), "nb")
    lars_id = claims(lars)["sub"]

    granted = eventually(lambda: [e["data"] for e in subscriber("events")
                                  if e["type"] == "portal.invitations.relationship.granted.v1"
                                  and e["data"]["trainee_id"] == trainee_id])[0]
    assert (granted["person_id"], granted["role"], granted["organisation_id"]) == (
        lars_id, "supervisor", holder_id)
    assert token not in str(subscriber("events"))
    assert open_link(base, token).status_code == 404
    full = lars_web.refresh(lars["refresh_token"]).json()
    mine = requests.get(f"{base}{INVITATIONS}/me/trainees", headers=bearer(full),
                        timeout=10).json()
    assert [(m["trainee_id"], m["role"]) for m in mine] == [(trainee_id, "supervisor")]
