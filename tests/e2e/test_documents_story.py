"""Paper evidence across the running services (without the browser): competencies enrols and
places a KBU trainee with her practice's tutor, documents learns it from competencies'
events; she uploads a scan through the origin (streamed), her tutor confirms it, and an
outside subscriber of documents.events reads the upload (naming the tutor as confirmer)
and the confirmation; competencies shows the confirmed document beside the item it supports."""
import sys

import requests
from e2e_documents import (
    CONFIRMED,
    UPLOADED,
    documents_subscriber,
    event_of,
    kbu_programme,
    scanned_pdf,
)

from e2e_portal import ROOT, eventually

sys.path.insert(0, str(ROOT / "services" / "identity" / "tests" / "integration"))

from login_flow import Browser, WebClient, query  # noqa: E402

DOCUMENTS = "/api/documents/v1"
AFTER_FIRST_STEPS = True  # Mette's and Søren's first logins are test_login's to see


def tokens_of(base, person, names):
    """Log in through identity and the development eID provider (MitID); register once."""
    web = WebClient(base, redirect_uri=f"{base}/auth/callback")
    answer = query(Browser(base).login(web.login_url(eid="nemlogin"), person).headers["Location"])
    exchanged = web.exchange(answer["code"])
    assert exchanged.status_code == 200, exchanged.text
    tokens = exchanged.json()
    registered = requests.post(f"{base}/api/identity/v1/registration", timeout=10, headers={
        "Authorization": f"Bearer {tokens['access_token']}"}, json={
        "given_name": names[0], "family_name": names[1], "language": "da",
        "email": f"{person}@e2e.example"})
    assert registered.status_code in (201, 409), registered.text
    if registered.status_code == 201:
        refreshed = web.refresh(tokens["refresh_token"])
        assert refreshed.status_code == 200, refreshed.text
        tokens = refreshed.json()
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_an_upload_confirmed_by_the_tutor_is_read_by_an_outside_subscriber(portal):
    base = portal.url.replace("127.0.0.1", "localhost")
    trainee = tokens_of(base, "mette-jensen", ("Mette", "Jensen"))
    tutor = tokens_of(base, "soren-nielsen", ("Søren", "Nielsen"))
    ids = kbu_programme(portal)
    connection, read = documents_subscriber(portal)

    content = scanned_pdf()

    def chunks():
        yield content[:100]
        yield content[100:]

    uploaded = requests.post(f"{portal.url}{DOCUMENTS}/documents", data=chunks(), timeout=30,
                             params={"kind": "course_certificate", "filename": "kursusbevis.pdf",
                                     "description": "Kursus i akut medicin",
                                     "curriculum_item": "KBU-01"},
                             headers={**trainee, "Content-Type": "application/octet-stream"})
    assert uploaded.status_code == 201, uploaded.text
    document = uploaded.json()
    waiting = requests.get(f"{portal.url}{DOCUMENTS}/me/awaiting-confirmation", headers=tutor,
                           timeout=10).json()
    assert [(d["id"], d["trainee_name"]) for d in waiting] == [(document["id"], "Mette Jensen")]
    confirmed = requests.post(f"{portal.url}{DOCUMENTS}/documents/{document['id']}/confirm",
                              headers=tutor, timeout=10)
    assert confirmed.status_code == 200, confirmed.text

    confirmation = eventually(lambda: event_of(read, CONFIRMED, document["id"]), timeout=20)
    assert confirmation["data"]["confirmed_by"] == ids["Søren Nielsen"]
    assert confirmation["data"]["sha256"] == document["sha256"]
    upload = event_of(read, UPLOADED, document["id"])
    assert upload["data"]["confirmers"] == [ids["Søren Nielsen"]]
    assert upload["data"]["trainee_id"] == ids["Mette Jensen"]
    connection.release()
    item = f"{portal.url}/api/competencies/v1/enrolments/{document['enrolment_id']}/items/KBU-01"
    beside = eventually(lambda: [d for d in requests.get(item, headers=trainee, timeout=10).json()[
        "documents"] if d["document_id"] == document["id"]], timeout=20)
    assert beside[0]["confirmed_by"] == ids["Søren Nielsen"]
