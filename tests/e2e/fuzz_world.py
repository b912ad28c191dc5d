"""What ``make fuzz`` fuzzes against: the seeded people in real relationships, so each role
identity issues (and each relationship competencies grants rights by) calls the API with a
valid token about things that exist.

Norway: Bergen's agreement signed; Kari Nordmann (trainee) enrolled in LIS1 with a
placement now at Bergen legevakt; her leader, advisor and supervisor invited by her and
bound by their first login with the link's ticket (Ola Hansen, Sigrid Lie, Lars Johansen
at the development eID provider). Denmark: Region Hovedstaden's agreement signed; Mette
Jensen (trainee) enrolled in KBU with a placement now at Lægehuset Nørrebro, whose tutor
Søren Nielsen is hers; a vejleder he appointed; her scanned document. The administrators
and signatories are the seeded ones (Per Dahl, Nora Eriksen, Jens Poulsen, Lone Mortensen).

``values`` name those things by path parameter (schemathesis draws them from dictionaries
half of the time, tests/e2e/test_fuzz.py); ``callers`` make each caller's headers.
Only for a portal of its own (``make fuzz``): the logins are these people's first.
"""
from __future__ import annotations

import re
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import requests
from e2e_documents import scanned_pdf
from e2e_signoff import lis1_year
from portal_tokens import callers as kinds_of_caller
from portal_tokens import portal_factory

from e2e_portal import ROOT, eventually, mails_to

sys.path.insert(0, str(ROOT / "services" / "identity" / "tests" / "integration"))

from login_flow import Browser, WebClient, query  # noqa: E402

IDENTITY, INVITATIONS = "/api/identity/v1", "/api/invitations/v1"
COMPETENCIES, DOCUMENTS = "/api/competencies/v1", "/api/documents/v1"
TEAM = (("leader", "ola-hansen", ("Ola", "Hansen")),
        ("advisor", "sigrid-lie", ("Sigrid", "Lie")),
        ("supervisor", "lars-johansen", ("Lars", "Johansen")))
VEJLEDER = "GJR4J"  # a register entry (autorisationsregister.csv) no other test uses
LIFETIME = 4 * 3600  # a token outlives the whole make fuzz
CALLERS = ("operator", "person", "registration_pending", "trainee_no", "trainee_dk",
           "leader_substantial", "leader", "advisor", "supervisor", "tutor", "vejleder",
           "municipality_admin", "signatory_no", "region_admin", "signatory_dk",
           "health_trust_admin")


@dataclass
class World:
    values: dict[str, list[str]]
    callers: dict[str, Callable[[], dict[str, str]]]


def build(portal) -> World:
    url, operator = portal.url, portal.operator
    factory = portal_factory(portal.public_url, portal.logs.parent)

    def call(method: str, path: str, headers: dict[str, str] | None = None,
             **kwargs: Any) -> requests.Response:
        return requests.request(method, f"{url}{path}", headers=headers or operator(),
                                timeout=30, **kwargs)

    def ok(method: str, path: str, headers: dict[str, str] | None = None, **kwargs: Any):
        """The answer's body once it is a success (a service may not have heard yet)."""
        last = []

        def once():
            last[:] = [call(method, path, headers, **kwargs)]
            return last[0].json() if last[0].status_code in (200, 201) else None
        try:
            return eventually(once, timeout=60)
        except AssertionError as failed:
            raise AssertionError(f"{method} {path}: {last[0].text}") from failed

    def as_person(person_id: str, *memberships: tuple[str, str], assurance: str = "high"):
        claimed = [{"organisation_id": o, "role": r} for o, r in memberships]
        return lambda: factory.headers(subject=person_id, assurance=assurance,
                                       memberships=claimed, lifetime=LIFETIME)

    organisations = call("GET", f"{IDENTITY}/organisations").json()
    bergen = next(o["id"] for o in organisations if o.get("code") == "4601")
    hovedstaden = next(o["id"] for o in organisations
                       if o["kind"] == "region" and o["country"] == "DK" and o.get("code") == "1084")
    legevakt = next(o["id"] for o in organisations if o["name"] == "Bergen legevakt")
    laegehuset = next(o["id"] for o in organisations if o["name"] == "Lægehuset Nørrebro")
    for holder in (bergen, hovedstaden):
        call("POST", f"{IDENTITY}/organisations/{holder}/agreement/sign",
             json={"signatory_name": "Fuzz"})
    people = {p["email"].split("@")[0]: p["id"] for holder in (bergen, hovedstaden)
              for p in call("GET", f"{IDENTITY}/organisations/{holder}/people").json()}

    # Norway: Kari in LIS1, placed at Bergen legevakt, and her team
    kari = as_person(people["kari-nordmann"])
    year = lis1_year(date.today())
    enrolment_no = ok("POST", f"{COMPETENCIES}/enrolments", json={
        "trainee_id": people["kari-nordmann"], "curriculum": "lis1",
        "curriculum_version": "2025-09", "agreement_holder_id": bergen,
        "starts_on": year["sykehus-indremedisin"][0].isoformat()})
    placements = [ok("POST", f"{COMPETENCIES}/enrolments/{enrolment_no['enrolment_id']}"
                     "/placements", json={"place_id": legevakt, "element": element,
                                          "starts_on": starts.isoformat(),
                                          "ends_on": ends.isoformat()})
                  for element, (starts, ends) in year.items()]
    team, invitations = {}, []
    for role, person, names in TEAM:
        address = f"{person}.{uuid.uuid4().hex[:6]}@fuzz.example"
        invitations.append(ok("POST", f"{INVITATIONS}/invitations", kari(),
                              json={"role": role, "email": address, "language": "nb"})["id"])
        mail = eventually(lambda a=address: mails_to(portal, a), timeout=60)[0]
        token = re.search(r"/invitation\?token=([A-Za-z0-9_-]+)", mail["text"]).group(1)
        opened = call("POST", f"{INVITATIONS}/links/open", json={"token": token}).json()
        assert "registration_ticket" in opened, opened
        team[role] = _first_login(portal.public_url, person, names,
                                  registration_ticket=opened["registration_ticket"])
    progress = f"{COMPETENCIES}/enrolments/{enrolment_no['enrolment_id']}/progress"
    for person_id in team.values():  # competencies has heard of the relationship
        ok("GET", progress, as_person(person_id)())

    # Denmark: Mette in KBU at Lægehuset Nørrebro, her tutor Søren, his vejleder, a scan
    mette = as_person(people["mette-jensen"])
    soren = as_person(people["soren-nielsen"], (laegehuset, "tutor"))
    today = date.today()
    enrolment_dk = ok("POST", f"{COMPETENCIES}/enrolments", json={
        "trainee_id": people["mette-jensen"], "curriculum": "kbu",
        "agreement_holder_id": hovedstaden,
        "starts_on": (today - timedelta(days=30)).isoformat(),
        "ends_on": (today + timedelta(days=330)).isoformat()})
    placement_dk = ok("POST", f"{COMPETENCIES}/enrolments/{enrolment_dk['enrolment_id']}"
                      "/placements", json={"place_id": laegehuset, "element": "kbu-1",
                                           "starts_on": (today - timedelta(days=30)).isoformat(),
                                           "ends_on": (today + timedelta(days=150)).isoformat()})
    if placement_dk.get("tutor_id") is None:
        ok("POST", f"{COMPETENCIES}/placements/{placement_dk['placement_id']}/tutor",
           json={"tutor_id": people["soren-nielsen"]})
    vejleder = ok("POST", f"{IDENTITY}/people", json={"country": "DK",
                                                      "authorisation_id": VEJLEDER})["id"]
    ok("POST", f"{IDENTITY}/registration", factory.headers(
        subject=vejleder, assurance="high", registration="pending"), json={
        "given_name": "Vejleder", "family_name": "Fuzz", "email": "vejleder@fuzz.example",
        "language": "da"})
    appointment = ok("POST", f"{INVITATIONS}/appointments", soren(), json={
        "authorisation_id": VEJLEDER, "given_name": "Vejleder", "family_name": "Fuzz",
        "all_trainees": True, "send_access_email": False})
    appointed = eventually(lambda: next((r for r in ok(
        "GET", f"{INVITATIONS}/trainees/{people['mette-jensen']}/relationships")
        if r["role"] == "vejleder"), None), timeout=60)
    relationships = [r for trainee in (people["kari-nordmann"], people["mette-jensen"])
                     for r in ok("GET", f"{INVITATIONS}/trainees/{trainee}/relationships")
                     if r["relationship_id"]]
    assert appointed["person_id"] == vejleder
    document = ok("POST", f"{DOCUMENTS}/documents",
                  {**mette(), "Content-Type": "application/octet-stream"}, data=scanned_pdf(),
                  params={"kind": "course_certificate", "filename": "kursusbevis.pdf",
                          "description": "Kursus", "curriculum_item": "KBU-01"})

    generic = kinds_of_caller(portal.public_url, portal.logs.parent, operator(), url,
                              lifetime=LIFETIME)
    found: dict[str, Callable[[], dict[str, str]]] = {
        "operator": lambda: generic["operator"].headers,
        "person": lambda: generic["person"].headers,
        "registration_pending": lambda: generic["registration_pending"].headers,
        "health_trust_admin": lambda: generic["health_trust_admin"].headers,
        "trainee_no": kari, "trainee_dk": mette,
        **{role: as_person(person_id) for role, person_id in team.items()},
        # below what signing in Norway demands (high; competencies' permissions.yaml)
        "leader_substantial": as_person(team["leader"], assurance="substantial"),
        "tutor": soren, "vejleder": as_person(vejleder),
        "municipality_admin": as_person(people["per-dahl"], (bergen, "municipality_admin")),
        "signatory_no": as_person(people["nora-eriksen"], (bergen, "signatory")),
        "region_admin": as_person(people["jens-poulsen"], (hovedstaden, "region_admin")),
        "signatory_dk": as_person(people["lone-mortensen"], (hovedstaden, "signatory")),
    }
    assert set(found) == set(CALLERS)
    enrolments = [enrolment_no["enrolment_id"], enrolment_dk["enrolment_id"]]
    trainees = [people["kari-nordmann"], people["mette-jensen"]]
    values = {
        "trainee_id": trainees, "person_id": [*trainees, *team.values()],
        "enrolment_id": enrolments, "holder_id": [bergen, hovedstaden],
        "organisation_id": [bergen, hovedstaden, legevakt, laegehuset],
        "place_id": [legevakt, laegehuset], "tutor_id": [people["soren-nielsen"]],
        "placement_id": [p["placement_id"] for p in [*placements, placement_dk]],
        "code": ["KLK-001", "KLS-001", "KBU-01", "gjennomfort-tjeneste-kommune", "tid-kbu-1"],
        "curriculum": ["lis1", "kbu"], "version": ["2025-09", "2017"],
        "document_id": [document["id"]], "appointment_id": [appointment["id"]],
        "invitation_id": invitations,
        "relationship_id": [r["relationship_id"] for r in relationships],
    }
    return World(values, found)


def _first_login(base: str, person: str, names: tuple[str, str], **extra: str) -> str:
    """A HelseID login with the link's ticket, registered: the person's id."""
    web = WebClient(base, redirect_uri=f"{base}/auth/callback")
    answer = query(Browser(base).login(web.login_url(eid="helseid", **extra),
                                       person).headers["Location"])
    tokens = web.exchange(answer["code"]).json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    registered = requests.post(f"{base}{IDENTITY}/registration", headers=headers, timeout=30,
                               json={"given_name": names[0], "family_name": names[1],
                                     "email": f"{person}@fuzz.example", "language": "nb"})
    assert registered.status_code in (201, 409), registered.text
    refreshed = web.refresh(tokens["refresh_token"]).json()
    return requests.get(f"{base}{IDENTITY}/people/me", timeout=30, headers={
        "Authorization": f"Bearer {refreshed['access_token']}"}).json()["id"]
