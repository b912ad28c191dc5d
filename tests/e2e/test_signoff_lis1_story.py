"""A LIS1 doctor's year signed off across the running services (without the browser): the
operator enrols Kari Nordmann in LIS1 with two hospital halves served and the municipal half
ending soon; she invites her leader, advisor and supervisor, who log in at the development
eID provider with the link's ticket and are bound; she logs an activity, a supervisor
confirms it, the advisor and the supervisor recommend every objective she marks ready, the
leader approves them all in one action, confirms completed service for each placement (the
municipal one refused before its last month, given once the portal's clock is in it) and
the programme completes. An outside subscriber of competencies' events reads every
transition, each as docs/asyncapi.yaml describes it; the completed record names her by HPR
number only, and her credential verifies with the published key set and fails with one
byte changed. Every call is made with the person's own token from their login."""
import json
import re
import sys
import uuid
from datetime import date, timedelta

import jwt
import pytest
import requests
from e2e_signoff import COMPETENCIES, lis1_year, post, ready_and_recommended, required_items
from event_contract import mismatches
from kombu import Connection, Exchange, Queue

from competencies.adapters.credentials import CredentialInvalid, verify
from e2e_portal import ROOT, eventually, mails_to
from portal_contracts import signoff
from portal_kit.clock import CLOCK_FILE_NAME, write_offset

sys.path.insert(0, str(ROOT / "services" / "identity" / "tests" / "integration"))

from login_flow import Browser, WebClient, query  # noqa: E402

AFTER_FIRST_STEPS = True  # Kari's first login and registration are test_login's to see
IDENTITY, INVITATIONS = "/api/identity/v1", "/api/invitations/v1"
TEAM = (("leader", "ola-hansen", ("Ola", "Hansen")),
        ("advisor", "sigrid-lie", ("Sigrid", "Lie")),
        ("supervisor", "lars-johansen", ("Lars", "Johansen")))
DAYS_LEFT = 40


@pytest.fixture
def base(portal):
    return portal.url.replace("127.0.0.1", "localhost")


@pytest.fixture
def subscriber(portal):
    """An outside AMQP subscriber of competencies' events, keeping each message as the
    broker delivered it (exchange, routing key, content type, body)."""
    connection = Connection(portal.vhost.amqp_uri)
    queue = Queue(f"e2e-signoff-{uuid.uuid4().hex[:6]}",
                  Exchange("competencies.events", "topic", durable=True), routing_key="#",
                  channel=connection.default_channel, auto_delete=True)
    queue.declare()
    seen = []

    def read():
        for message in iter(lambda: queue.get(no_ack=True), None):
            seen.append({"exchange": message.delivery_info["exchange"],
                         "routing_key": message.delivery_info["routing_key"],
                         "content_type": message.content_type, "body": message.body})
        return seen
    yield read
    connection.release()


def bearer(tokens):
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def logged_in(base, person, names, **extra):
    """A HelseID login (with the link's ticket, for an invitee), registered once."""
    web = WebClient(base, redirect_uri=f"{base}/auth/callback")
    answer = query(Browser(base).login(web.login_url(eid="helseid", **extra),
                                       person).headers["Location"])
    assert "code" in answer, answer
    tokens = web.exchange(answer["code"]).json()
    if jwt.decode(tokens["access_token"], options={"verify_signature": False}).get(
            "registration") == "pending":
        registered = requests.post(f"{base}{IDENTITY}/registration", headers=bearer(tokens),
                                   timeout=10, json={
                                       "given_name": names[0], "family_name": names[1],
                                       "email": f"{person}@e2e.example", "language": "nb"})
        assert registered.status_code in (201, 409), registered.text
    return bearer(web.refresh(tokens["refresh_token"]).json())


def enrolled_for_the_year(portal, holder_id, trainee_id):
    """Enrolled by the operator (once competencies knows her), with the year's placements
    at Bergen legevakt."""
    operator, placements = portal.operator(), lis1_year(date.today(), DAYS_LEFT)
    place = next(o["id"] for o in requests.get(
        f"{portal.url}{IDENTITY}/organisations", headers=operator, timeout=10,
        params={"holder_id": holder_id}).json() if o["name"] == "Bergen legevakt")
    body = {"trainee_id": trainee_id, "curriculum": "lis1", "curriculum_version": "2025-09",
            "agreement_holder_id": holder_id,
            "starts_on": placements["sykehus-indremedisin"][0].isoformat()}
    enrolment = eventually(lambda: (r := requests.post(
        f"{portal.url}{COMPETENCIES}/enrolments", headers=operator, json=body,
        timeout=10)).status_code == 201 and r.json(), timeout=30)
    for element, (starts, ends) in placements.items():
        eventually(lambda e=element, s=starts, n=ends: requests.post(
            f"{portal.url}{COMPETENCIES}/enrolments/{enrolment['enrolment_id']}/placements",
            headers=operator, timeout=10, json={"place_id": place, "element": e,
                                                "starts_on": s.isoformat(),
                                                "ends_on": n.isoformat()}).status_code == 201,
                   timeout=30)
    return enrolment["enrolment_id"]


def team_of(base, portal, doctor, trainee_id):
    """Each invited by mail, logged in with the link's ticket, bound; then known to
    competencies (it reads the trainee's progress for them)."""
    members = {}
    for role, person, names in TEAM:
        address = f"{person}.{uuid.uuid4().hex[:6]}@e2e.example"
        eventually(lambda r=role, a=address: requests.post(
            f"{base}{INVITATIONS}/invitations", headers=doctor, timeout=10,
            json={"role": r, "email": a, "language": "nb"}).status_code == 201, timeout=30)
        mail = eventually(lambda a=address: mails_to(portal, a), timeout=30)[0]
        token = re.search(r"/invitation\?token=([A-Za-z0-9_-]+)", mail["text"]).group(1)
        opened = requests.post(f"{base}{INVITATIONS}/links/open", json={"token": token},
                               timeout=10).json()
        members[role] = logged_in(base, person, names,
                                  registration_ticket=opened["registration_ticket"])
    return members


def test_a_lis1_year_is_signed_off_completed_and_each_event_keeps_the_contract(
        base, portal, subscriber):
    operator = portal.operator()
    holder = next(o for o in requests.get(f"{base}{IDENTITY}/organisations", headers=operator,
                                          params={"kind": "municipality"}, timeout=10).json()
                  if o.get("code") == "4601")
    requests.post(f"{base}{IDENTITY}/organisations/{holder['id']}/agreement/sign",
                  headers=operator, json={"signatory_name": "Ordfører"}, timeout=10)
    doctor = logged_in(base, "kari-nordmann", ("Kari", "Nordmann"))
    trainee_id = requests.get(f"{base}{IDENTITY}/people/me", headers=doctor,
                              timeout=10).json()["id"]
    enrolment_id = enrolled_for_the_year(portal, holder["id"], trainee_id)
    team = team_of(base, portal, doctor, trainee_id)
    progress_path = f"{portal.url}{COMPETENCIES}/enrolments/{enrolment_id}/progress"
    for headers in team.values():  # competencies has heard of the relationship
        eventually(lambda h=headers: requests.get(progress_path, headers=h,
                                                  timeout=10).status_code == 200, timeout=30)

    item = f"/enrolments/{enrolment_id}/items/KLK-001"
    logged = post(portal, f"{item}/activities", doctor, {"title": "Legevaktskift"})
    post(portal, f"{item}/activities/{logged['activities'][0]['activity_id']}/confirm",
         team["supervisor"])
    ready_and_recommended(portal, enrolment_id, ["KLK-001"], doctor, [team["supervisor"]])
    read = requests.get(f"{portal.url}{COMPETENCIES}{item}", headers=team["leader"],
                        timeout=10).json()
    early = requests.post(f"{portal.url}{COMPETENCIES}{item}/approve", headers=team["leader"],
                          json={"version": read["version"]}, timeout=10)
    assert early.status_code == 409, early.text
    assert early.json()["code"] == "recommendations_missing"  # the advisor has not yet
    post(portal, f"{item}/recommend", team["advisor"])
    post(portal, f"/enrolments/{enrolment_id}/items/KLS-001/submit", doctor)
    post(portal, f"/enrolments/{enrolment_id}/items/KLS-001/recall", doctor)

    progress = requests.get(progress_path, headers=doctor, timeout=10).json()
    codes = required_items(progress)
    assert len(codes) == 105  # KLS 45 + FKM-S 12 + KLK 40 + FKM-K 8
    ready_and_recommended(portal, enrolment_id, [c for c in codes if c != "KLK-001"], doctor,
                          [team["advisor"], team["supervisor"]])

    waiting = requests.get(f"{portal.url}{COMPETENCIES}/me/queue", headers=team["leader"],
                           timeout=10).json()
    [mine] = [w for w in waiting if w["enrolment_id"] == enrolment_id]
    assert len(mine["items"]) == 105
    approved = post(portal, f"/enrolments/{enrolment_id}/approvals", team["leader"], {
        "items": [{"code": i["code"], "version": i["version"]} for i in mine["items"]]})
    assert {a["state"] for a in approved} == {"approved"} and len(approved) == 105

    attestations = requests.get(progress_path, headers=doctor, timeout=10).json()["attestations"]
    for a in attestations:
        path = f"{portal.url}{COMPETENCIES}/enrolments/{enrolment_id}/attestations/{a['code']}"
        given = requests.post(f"{path}/approve", headers=team["leader"], timeout=10,
                              json={"placement_id": a["placement_id"]})
        if a["code"] == "gjennomfort-tjeneste-kommune":
            assert given.status_code == 409, given.text
            assert given.json()["code"] == "completed_service_too_early"
            municipal = (path, a["placement_id"])
        else:
            assert given.status_code == 200, given.text
    clock = portal.logs.parent / CLOCK_FILE_NAME
    try:
        write_offset(clock, timedelta(days=DAYS_LEFT - 10))
        given = requests.post(f"{municipal[0]}/approve", headers=team["leader"], timeout=10,
                              json={"placement_id": municipal[1]})
        assert given.status_code == 200, given.text
    finally:
        write_offset(clock, timedelta(0))

    wanted = {signoff.ACTIVITY_LOGGED, signoff.ACTIVITY_CONFIRMED, signoff.ITEM_SUBMITTED,
              signoff.ITEM_RECALLED, signoff.ITEM_RECOMMENDED, signoff.ITEM_APPROVED,
              signoff.ATTESTATION_APPROVED, signoff.PROGRAMME_COMPLETED}
    eventually(lambda: wanted <= {json.loads(m["body"])["type"] for m in subscriber()},
               timeout=60)
    ours = [m for m in subscriber()
            if json.loads(m["body"])["data"].get("enrolment_id") == enrolment_id]
    assert mismatches(ours) == []
    batch = {json.loads(m["body"])["data"].get("batch_id") for m in ours
             if json.loads(m["body"])["type"] == signoff.ITEM_APPROVED}
    assert len(batch) == 1 and None not in batch  # one action, 105 records
    [completed] = [json.loads(m["body"]) for m in ours
                   if json.loads(m["body"])["type"] == signoff.PROGRAMME_COMPLETED]
    assert completed["data"]["trainee"]["hpr_number"] == "9144889"
    assert "12859140090" not in json.dumps(completed)  # never her national id number
    assert len(completed["data"]["sign_offs"]) == 108

    credential = requests.get(f"{portal.url}{COMPETENCIES}/enrolments/{enrolment_id}"
                              "/completion/credential", headers=doctor, timeout=10)
    assert credential.headers["Content-Type"].startswith("application/vc+jwt")
    jwks = requests.get(f"{portal.url}/api/competencies/credentials/jwks.json",
                        timeout=10).json()
    token = credential.text.strip()
    assert verify(token, jwks)["credentialSubject"]["completed"]["programme"]
    middle = len(token.split(".")[0]) + 10
    with pytest.raises(CredentialInvalid):
        verify(token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:],
               jwks)
