"""The paper-evidence story's set-up on the running portal, for the e2e and browser tests:
Region Hovedstaden's agreement signed, Mette Jensen enrolled in KBU by competencies and
placed now at Lægehuset Nørrebro, whose one tutor Søren Nielsen becomes her personal tutor;
and an outside subscriber of documents' events."""
import io
import json
import uuid
from datetime import date, timedelta

import requests
from kombu import Connection, Exchange, Queue
from pypdf import PdfWriter
from sqlalchemy import create_engine, text

from e2e_portal import eventually

IDENTITY, COMPETENCIES = "/api/identity/v1", "/api/competencies/v1"
REGION = "Region Hovedstaden"
CONFIRMED = "portal.documents.document.confirmed.v1"
UPLOADED = "portal.documents.document.uploaded.v1"


def scanned_pdf() -> bytes:
    """A one-page PDF, as a scanner's software writes one."""
    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(out)
    return out.getvalue()


def kbu_programme(portal):
    """The region's agreement signed; Mette enrolled in KBU and placed now at Lægehuset
    Nørrebro, where Søren is the one tutor (so competencies makes him her personal tutor)."""
    operator = portal.operator()
    holders = requests.get(f"{portal.url}{IDENTITY}/agreements", timeout=10).json()
    holder = next(h for h in holders if h["name"] == REGION)
    if holder["status"] != "signed":
        requests.post(f"{portal.url}{IDENTITY}/organisations/{holder['organisation_id']}"
                      "/agreement/sign", headers=operator, json={"signatory_name": "Regionsrådet"},
                      timeout=10).raise_for_status()
    people = requests.get(f"{portal.url}{IDENTITY}/organisations/{holder['organisation_id']}"
                          "/people", headers=operator, timeout=10).json()
    ids = {f"{p['given_name']} {p['family_name']}": p["id"] for p in people}
    places = requests.get(f"{portal.url}{IDENTITY}/organisations", headers=operator, timeout=10,
                          params={"holder_id": holder["organisation_id"]}).json()
    place = next(p for p in places if p["name"] == "Lægehuset Nørrebro")
    today = date.today()
    enrolment = eventually(lambda: _enrolled(portal, operator, {
        "trainee_id": ids["Mette Jensen"], "curriculum": "kbu",
        "agreement_holder_id": holder["organisation_id"],
        "starts_on": (today - timedelta(days=30)).isoformat(),
        "ends_on": (today + timedelta(days=330)).isoformat()}), timeout=30)
    placement = next(iter(enrolment["placements"]), None) or eventually(lambda: _placed(
        portal, operator, {"place_id": place["id"], "element": "kbu-1",
                           "starts_on": (today - timedelta(days=30)).isoformat(),
                           "ends_on": (today + timedelta(days=150)).isoformat()},
        enrolment["enrolment_id"]), timeout=30)
    if placement["tutor_id"] is None:  # competencies had not yet heard of Søren's membership
        eventually(lambda: requests.post(
            f"{portal.url}{COMPETENCIES}/placements/{placement['placement_id']}/tutor",
            headers=operator, json={"tutor_id": ids["Søren Nielsen"]}, timeout=10).ok,
            timeout=30)
    documents = create_engine(portal.databases["documents"])
    eventually(lambda: (ids["Søren Nielsen"],) in _rows(  # another test may place her too
        documents, "select approver_id from approver_grants where trainee_id = :t and "
        "role = 'tutor' and not ended", t=ids["Mette Jensen"]), timeout=30)
    documents.dispose()
    return ids


def _enrolled(portal, operator, body):
    """Enrol (or find the enrolment); None while competencies has not heard of the trainee."""
    answer = requests.post(f"{portal.url}{COMPETENCIES}/enrolments", headers=operator,
                           json=body, timeout=10)
    if answer.status_code == 201:
        return answer.json()
    if answer.status_code == 409:
        return requests.get(f"{portal.url}{COMPETENCIES}/enrolments", headers=operator,
                            timeout=10, params={"agreement_holder_id": body[
                                "agreement_holder_id"], "trainee_id": body["trainee_id"]}
                            ).json()[0]
    assert answer.json()["code"] in ("trainee_unknown", "holder_unknown", "dpa_not_active"), \
        answer.text  # competencies has not yet heard of the person, region or agreement
    return None


def _placed(portal, operator, body, enrolment_id):
    """Place the trainee; None while competencies has not yet heard of the place."""
    answer = requests.post(f"{portal.url}{COMPETENCIES}/enrolments/{enrolment_id}/placements",
                           headers=operator, json=body, timeout=10)
    if answer.status_code == 422 and answer.json()["code"] == "place_unknown":
        return None
    assert answer.status_code == 201, answer.text
    return answer.json()


def _rows(engine, sql, **params):
    with engine.connect() as connection:
        return list(connection.execute(text(sql), params).all())


def documents_subscriber(portal):
    """A queue bound to every event on documents.events, as an outside system binds one;
    ``read()`` gives every event received so far."""
    connection = Connection(portal.vhost.amqp_uri)
    queue = Queue(f"outside-documents-{uuid.uuid4().hex[:6]}",
                  Exchange("documents.events", "topic", durable=True), routing_key="#",
                  channel=connection.default_channel, auto_delete=True)
    queue.declare()
    seen = []

    def read():
        for message in iter(lambda: queue.get(no_ack=True), None):
            seen.append(json.loads(message.body))
        return seen
    return connection, read


def event_of(read, kind, document_id=None):
    """The event of type ``kind`` (about ``document_id``) received so far, else None."""
    return next((e for e in read() if e["type"] == kind and document_id in (
        None, e["data"].get("document_id"))), None)
