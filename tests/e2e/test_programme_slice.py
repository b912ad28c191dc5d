"""A KBU trainee's programme across the running services (without the browser): the
operator signs Region Hovedstaden's agreement, competencies learns the region, its practice,
the tutor's membership and the trainee from identity's events; the trainee is enrolled and
placed at the practice, its only tutor becomes the personal tutor; an outside subscriber
reads the events, invitations records the placement, and the tutor sees the trainee."""
import json
import sys
import uuid
from datetime import date, timedelta

import jwt
import psycopg2
import pytest
import requests
from kombu import Connection, Exchange, Queue

from e2e_portal import ROOT, eventually
from portal_contracts import competencies as programmes

sys.path.insert(0, str(ROOT / "services" / "identity" / "tests" / "integration"))

from login_flow import Browser, WebClient, query  # noqa: E402

IDENTITY, COMPETENCIES = "/api/identity/v1", "/api/competencies/v1"


@pytest.fixture
def base(portal):
    return portal.url.replace("127.0.0.1", "localhost")


@pytest.fixture
def subscriber(portal):
    """An outside AMQP subscriber of competencies' events (as an HR system would bind)."""
    connection = Connection(portal.vhost.amqp_uri)
    queue = Queue(f"e2e-programmes-{uuid.uuid4().hex[:6]}",
                  Exchange("competencies.events", "topic", durable=True), routing_key="#",
                  channel=connection.default_channel, auto_delete=True)
    queue.declare()
    seen = []

    def read():
        for message in iter(lambda: queue.get(no_ack=True), None):
            assert message.content_type == "application/cloudevents+json"
            seen.append(json.loads(message.body))
        return seen
    yield read
    connection.release()


def get(base, path, headers):
    answer = requests.get(f"{base}{path}", headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def answered(base, path, headers):
    """The JSON of a 200 answer, else None (competencies may still be reading identity's
    backlog of events: the organisation lists, the seed)."""
    answer = requests.get(f"{base}{path}", headers=headers, timeout=10)
    return answer.json() if answer.status_code == 200 else None


def hovedstaden(base, operator):
    regions = get(base, f"{IDENTITY}/organisations?kind=region", operator)
    holder = next(o for o in regions if o.get("code") == "1084")
    signed = requests.post(f"{base}{IDENTITY}/organisations/{holder['id']}/agreement/sign",
                           headers=operator, json={"signatory_name": "Regionsrådsformand"},
                           timeout=10)
    assert signed.status_code in (200, 201, 409), signed.text
    return holder["id"]


def tutor_login(base):
    """Søren Nielsen logs in with MitID (registering if this is his first login)."""
    web = WebClient(base, redirect_uri=f"{base}/auth/callback")
    back = Browser(base).login(web.login_url(eid="nemlogin"), "soren-nielsen")
    tokens = web.exchange(query(back.headers["Location"])["code"]).json()
    if jwt.decode(tokens["access_token"], options={"verify_signature": False}).get(
            "registration") == "pending":
        requests.post(f"{base}{IDENTITY}/registration", timeout=10, headers={
            "Authorization": f"Bearer {tokens['access_token']}"}, json={
            "given_name": "Søren", "family_name": "Nielsen", "language": "da",
            "email": "soren.nielsen@e2e.example"})
    tokens = web.refresh(tokens["refresh_token"]).json()
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def invitations_rows(portal, sql, **params):
    url = portal.databases["invitations"].replace("postgresql+psycopg2://", "postgresql://")
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_an_enrolled_and_placed_kbu_trainee_gets_the_practices_tutor_and_every_service_hears(
        base, portal, operator, subscriber):
    holder = hovedstaden(base, operator)
    people = {p["given_name"]: p["id"] for p in get(
        base, f"{IDENTITY}/organisations/{holder}/people", operator)}
    practice = next(o["id"] for o in get(base, f"{IDENTITY}/organisations?holder_id={holder}",
                                         operator) if o["name"] == "Lægehuset Nørrebro")
    eventually(lambda: (answered(base, f"{COMPETENCIES}/organisations/{holder}/agreement",
                                 operator) or {}).get("in_force"), timeout=90)
    tutors = eventually(lambda: answered(base, f"{COMPETENCIES}/places/{practice}/tutors",
                                         operator), timeout=90)
    assert [t["person_id"] for t in tutors] == [people["Søren"]]

    today = date.today()
    enrolled = requests.post(f"{base}{COMPETENCIES}/enrolments", headers=operator, timeout=10,
                             json={"trainee_id": people["Mette"], "curriculum": "kbu",
                                   "agreement_holder_id": holder,
                                   "starts_on": (today - timedelta(days=10)).isoformat()})
    assert enrolled.status_code == 201, enrolled.text
    enrolment = enrolled.json()
    placed = requests.post(
        f"{base}{COMPETENCIES}/enrolments/{enrolment['enrolment_id']}/placements",
        headers=operator, timeout=10, json={
            "place_id": practice, "element": "kbu-2",
            "starts_on": (today - timedelta(days=10)).isoformat(),
            "ends_on": (today + timedelta(days=170)).isoformat()})
    assert placed.status_code == 201, placed.text
    placement = placed.json()
    assert (placement["tutor_id"], placement["state"], placement["plan"]) == (
        people["Søren"], "current", ["KBU-K"])

    wanted = {programmes.ENROLMENT_CREATED, programmes.PLACEMENT_RECORDED,
              programmes.TUTOR_ASSIGNED}
    events = eventually(lambda: (found := {e["type"]: e for e in subscriber()
                                           if e["type"] in wanted
                                           and e["data"]["trainee_id"] == people["Mette"]})
                        and len(found) == 3 and found)
    assert events[programmes.TUTOR_ASSIGNED]["data"]["tutor_id"] == people["Søren"]
    assert events[programmes.PLACEMENT_RECORDED]["data"]["placement_id"] == (
        placement["placement_id"])
    assert all(e["source"] == "/portal/competencies" for e in events.values())

    recorded = events[programmes.PLACEMENT_RECORDED]["id"]
    eventually(lambda: invitations_rows(
        portal, "SELECT consumer FROM inbox WHERE event_id = %(id)s", id=recorded))
    assert invitations_rows(portal, "SELECT place_id FROM placements WHERE placement_id = "
                            "%(id)s", id=placement["placement_id"]) == [(practice,)]

    soren = tutor_login(base)
    mine = get(base, f"{COMPETENCIES}/tutor/trainees", soren)
    assert [(t["trainee_id"], t["personal_tutor"]) for t in mine["current"]] == [
        (people["Mette"], True)]
    record = get(base, f"{COMPETENCIES}/trainees/{people['Mette']}/programme", soren)
    assert record["read_as"] == "tutor"
    assert len([i for g in record["enrolments"][0]["groups"] for i in g["items"]]) == 16
