"""The authorisation matrix's world on the running portal: a Danish KBU trainee A and the
people around her, built through the API as an administrator and a tutor build it, each
person a caller whose tokens identity's development key signs (so every service trusts
them as a real login's).

- A (``own_trainee``): enrolled in KBU at region R1 (agreement in force), placed now at
  practice P and, more than a year ago, at practice P_old; her document, her vejleder.
- B (``other_trainee``): another trainee of R1.
- T (``tutor``): the one tutor of P, so A's personal tutor now (inside the window).
- F (``former_tutor``): the one tutor of P_old, A's tutor there: outside the year a former
  trainee stays visible.
- Y (``tutor_within_year``): the one tutor of P_year, where A's placement ended 100 days
  ago: a former tutor inside the year (reads; of her sign-offs gives only that placement's
  time attestation).
- V (``vejleder``): appointed by T for P's trainees (a relationship inside its window).
- ``holder_admin``: R1's region administrator; ``other_admin``: R2's (agreement in force);
  ``no_agreement_admin``: R3's, whose agreement was never signed (its token claims the
  membership, as a token issued before a termination would).
- ``low_assurance``: T logged in without the assurance Denmark demands (substantial);
  ``expired``: T's token, expired; ``operator``: the operator.
- ``lapsed_tutor``: the personal tutor of C, a KBU trainee of region R4 whose agreement
  was terminated after C was placed, uploaded a document and marked an item ready; he
  acts on C's things (his token as identity then issues it: no membership of R4's
  places). An organisation without an agreement in force: nothing is read or signed.

What only a LIS1 programme has (invitations, learning activities, recommendations,
delegations) is played on a Norwegian scene: N, a LIS1 doctor of municipality M
(agreement in force), placed there now, who invited a leader and logged an activity.
There ``own_trainee`` is N, ``holder_admin`` M's administrator, ``low_assurance`` N
logged in at substantial (Norway demands high) and ``expired`` N's expired token; the
other callers are the Danish ones, strangers to N.

Nothing here belongs to another test: the organisations, places and people are new.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import requests
from e2e_documents import scanned_pdf
from portal_tokens import portal_factory

from e2e_portal import eventually

IDENTITY, INVITATIONS = "/api/identity/v1", "/api/invitations/v1"
COMPETENCIES, DOCUMENTS = "/api/competencies/v1", "/api/documents/v1"
# register entries (identity/data/register/autorisationsregister.csv) no other test uses
REGISTER = {"A": "77ZCB", "B": "CZVX3", "T": "ANH9J", "F": "H5NYD", "Y": "C8BKF", "V": "G9RRT",
            "R1": "8VZJJ", "R2": "B95TU", "R3": "Z7V4S"}
LAPSED = {"C": "8LKEL", "T4": "4KU71"}
HPR = {"N": "4226879", "M": "1666368"}  # identity/data/register/hpr.json, likewise unused
CALLERS = ("operator", "own_trainee", "other_trainee", "tutor", "vejleder", "former_tutor",
           "tutor_within_year",
           "holder_admin", "other_admin", "no_agreement_admin", "lapsed_tutor",
           "low_assurance", "expired")
KBU_ITEM, TIME_ATTESTATION = "KBU-09", "tid-kbu-2"  # of the current placement's plan
LIS1_ITEM = "KLK-001"  # of the municipal placement's plan
# what only LIS1 has: an endpoint whose path names one of these is played on N's scene
LIS1_ONLY = ("{invitation_id}", "/activities", "/recommend", "/delegations")


@dataclass
class Scene:
    """Path-parameter values naming one trainee's things, body values, and every caller."""

    values: dict[str, str]
    callers: dict[str, Callable[[], dict[str, str]]]
    body_values: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    """A's scene (Denmark, KBU) and N's (Norway, LIS1)."""

    kbu: Scene
    lis1: Scene
    lapsed: Scene  # C's things, for the lapsed tutor

    @property
    def callers(self) -> dict[str, Callable[[], dict[str, str]]]:
        return self.kbu.callers

    def scene(self, path: str, caller: str | None = None) -> Scene:
        if any(part in path for part in LIS1_ONLY):
            return self.lis1
        return self.lapsed if caller == "lapsed_tutor" else self.kbu


def build(portal) -> World:
    url, operator = portal.url, portal.operator
    factory = portal_factory(portal.public_url, portal.logs.parent)
    tag = uuid.uuid4().hex[:6]

    def call(method: str, path: str, headers: dict[str, str] | None = None,
             **kwargs: Any) -> requests.Response:
        return requests.request(method, f"{url}{path}", headers=headers or operator(),
                                timeout=30, **kwargs)

    def created(method: str, path: str, headers: dict[str, str] | None = None,
                **kwargs: Any) -> dict:
        answer = call(method, path, headers, **kwargs)
        assert answer.status_code in (200, 201), f"{method} {path}: {answer.text}"
        return answer.json()

    regions = {name: created("POST", f"{IDENTITY}/organisations", json={
        "name": f"Matrix {name} {tag}", "kind": "region", "country": "DK",
        "organisation_number": _cvr(), "contact_email": f"{name.lower()}-{tag}@example.dk"})["id"]
        for name in ("R1", "R2", "R3")}
    for name in ("R1", "R2"):
        created("POST", f"{IDENTITY}/organisations/{regions[name]}/agreement/sign",
                json={"signatory_name": "Regionsrådet"})
    places = {name: created("POST", f"{IDENTITY}/organisations", json={
        "name": f"Matrix {name} {tag}", "kind": "practice", "country": "DK",
        "agreement_holder_id": regions["R1"]})["id"] for name in ("P", "P_old", "P_year")}

    people = _registered(created, factory, REGISTER, tag)
    memberships = [("P", "T", "tutor"), ("P_old", "F", "tutor"), ("P_year", "Y", "tutor"),
                   ("R1", "R1", "region_admin"),
                   ("R2", "R2", "region_admin"), ("R3", "R3", "region_admin")]
    organisations = {**regions, **places}
    for organisation, person, role in memberships:
        # R3 has no agreement: identity may refuse; its token claims the membership anyway
        call("POST", f"{IDENTITY}/organisations/{organisations[organisation]}/memberships",
             json={"person_id": people[person], "role": role})

    def token(person: str, *claimed: tuple[str, str], assurance: str | None = "high",
              **claims: Any) -> Callable[[], dict[str, str]]:
        member = [{"organisation_id": organisations[o], "role": r} for o, r in claimed]
        if assurance:
            claims["assurance"] = assurance
        return lambda: factory.headers(subject=people[person], memberships=member,
                                       lifetime=900, **claims)

    expired = factory.headers(subject=people["T"], assurance="high", iat=1_600_000_000,
                              exp=1_600_000_300, memberships=[
                                  {"organisation_id": places["P"], "role": "tutor"}])
    callers: dict[str, Callable[[], dict[str, str]]] = {
        "operator": operator,
        "own_trainee": token("A"), "other_trainee": token("B"),
        "tutor": token("T", ("P", "tutor")), "vejleder": token("V"),
        "former_tutor": token("F", ("P_old", "tutor")),
        "tutor_within_year": token("Y", ("P_year", "tutor")),
        "holder_admin": token("R1", ("R1", "region_admin")),
        "other_admin": token("R2", ("R2", "region_admin")),
        "no_agreement_admin": token("R3", ("R3", "region_admin")),
        "low_assurance": token("T", ("P", "tutor"), assurance=None),
        "expired": lambda: expired}

    today = date.today()
    enrolment = _enrol(call, people["A"], regions["R1"], today - timedelta(days=800),
                       today + timedelta(days=150))
    _enrol(call, people["B"], regions["R1"], today - timedelta(days=30),
           today + timedelta(days=330))
    for place, tutor in (("P", "T"), ("P_old", "F"), ("P_year", "Y")):  # known as tutors
        eventually(lambda place=place, tutor=tutor: people[tutor] in [
            t["person_id"] for t in call("GET", f"{COMPETENCIES}/places/{places[place]}/tutors"
                                         ).json() if isinstance(t, dict)], timeout=30)
    old = _place(call, enrolment, places["P_old"], "kbu-1", today - timedelta(days=800),
                 today - timedelta(days=500))
    now = _place(call, enrolment, places["P"], "kbu-2", today - timedelta(days=30),
                 today + timedelta(days=150))
    year = _place(call, enrolment, places["P_year"], "kbu-1", today - timedelta(days=300),
                  today - timedelta(days=100))
    for placement, tutor in ((old, "F"), (year, "Y"), (now, "T")):
        if placement["tutor_id"] is None:
            eventually(lambda p=placement, t=tutor: call(
                "POST", f"{COMPETENCIES}/placements/{p['placement_id']}/tutor",
                json={"tutor_id": people[t]}).ok, timeout=30)

    document = eventually(lambda: _uploaded(call, callers["own_trainee"]()), timeout=30)
    appointment = eventually(lambda: _appointed(call, callers["tutor"](), people["A"]),
                             timeout=30)
    relationship = eventually(lambda: next((r for r in call(
        "GET", f"{INVITATIONS}/trainees/{people['A']}/relationships").json()
        if r.get("person_id") == people["V"]), None), timeout=30)
    eventually(lambda: call("GET", f"{COMPETENCIES}/trainees/{people['A']}/programme",
                            callers["vejleder"]()).ok, timeout=30)

    values = {"trainee_id": people["A"], "person_id": people["A"],
              "enrolment_id": enrolment["enrolment_id"], "placement_id": now["placement_id"],
              "code": KBU_ITEM, "attestation_code": TIME_ATTESTATION,
              "document_id": document["id"], "appointment_id": appointment["id"],
              "relationship_id": relationship["relationship_id"],
              "organisation_id": regions["R1"], "holder_id": regions["R1"],
              "place_id": places["P"]}
    body_values = {"placement_id": now["placement_id"], "trainee_id": people["A"],
                   "tutor_id": people["T"], "person_id": people["A"], "version": 1,
                   "place_id": places["P"], "agreement_holder_id": regions["R1"],
                   "trainee_ids": [people["A"]], "code": KBU_ITEM}
    lapsed_tutor = _lapsed_scene(call, created, factory, tag)
    callers["lapsed_tutor"] = lapsed_tutor.callers["lapsed_tutor"]
    lapsed_tutor.callers = {**callers, **lapsed_tutor.callers}
    callers = {name: callers[name] for name in CALLERS}
    kbu = Scene(values, callers, body_values)
    return World(kbu, _lis1_scene(call, created, factory, tag, kbu), lapsed_tutor)


def _lapsed_scene(call, created, factory, tag: str) -> Scene:
    """C, a KBU trainee of region R4 placed now at practice P4 whose one tutor T4 is her
    personal tutor; her document awaits him and an item is marked ready; then R4's
    agreement is terminated."""
    region = created("POST", f"{IDENTITY}/organisations", json={
        "name": f"Matrix R4 {tag}", "kind": "region", "country": "DK",
        "organisation_number": _cvr(), "contact_email": f"r4-{tag}@example.dk"})["id"]
    created("POST", f"{IDENTITY}/organisations/{region}/agreement/sign",
            json={"signatory_name": "Regionsrådet"})
    place = created("POST", f"{IDENTITY}/organisations", json={
        "name": f"Matrix P4 {tag}", "kind": "practice", "country": "DK",
        "agreement_holder_id": region})["id"]
    people = _registered(created, factory, LAPSED, tag)
    created("POST", f"{IDENTITY}/organisations/{place}/memberships",
            json={"person_id": people["T4"], "role": "tutor"})
    trainee = lambda: factory.headers(subject=people["C"], assurance="high")  # noqa: E731
    today = date.today()
    enrolment = _enrol(call, people["C"], region, today - timedelta(days=30),
                       today + timedelta(days=330))
    eventually(lambda: people["T4"] in [t["person_id"] for t in call(
        "GET", f"{COMPETENCIES}/places/{place}/tutors").json() if isinstance(t, dict)],
        timeout=30)
    placement = _place(call, enrolment, place, "kbu-2", today - timedelta(days=30),
                       today + timedelta(days=150))
    if placement["tutor_id"] is None:
        eventually(lambda: call("POST", f"{COMPETENCIES}/placements/"
                                f"{placement['placement_id']}/tutor",
                                json={"tutor_id": people["T4"]}).ok, timeout=30)
    document = eventually(lambda: _uploaded(call, trainee()), timeout=30)
    created("POST", f"{COMPETENCIES}/enrolments/{enrolment['enrolment_id']}/items/"
            f"{KBU_ITEM}/submit", trainee(), json={})
    created("POST", f"{IDENTITY}/organisations/{region}/agreement/terminate", json={
        "terminated_by_party": "organisation", "reason": "Regionen opsagde aftalen"})
    for service in ("competencies", "documents", "invitations"):
        eventually(lambda service=service: call(
            "GET", f"/api/{service}/v1/organisations/{region}/agreement").json().get(
            "in_force") is False, timeout=30)
    values = {"trainee_id": people["C"], "person_id": people["C"],
              "enrolment_id": enrolment["enrolment_id"],
              "placement_id": placement["placement_id"], "code": KBU_ITEM,
              "attestation_code": TIME_ATTESTATION, "document_id": document["id"],
              "organisation_id": region, "holder_id": region, "place_id": place}
    body_values = {"placement_id": placement["placement_id"], "trainee_id": people["C"],
                   "tutor_id": people["T4"], "person_id": people["C"], "version": 1,
                   "place_id": place, "agreement_holder_id": region,
                   "trainee_ids": [people["C"]], "code": KBU_ITEM}
    lapsed = lambda: factory.headers(subject=people["T4"], assurance="high",  # noqa: E731
                                     lifetime=900)
    return Scene(values, {"lapsed_tutor": lapsed}, body_values)


def _lis1_scene(call, created, factory, tag: str, kbu: Scene) -> Scene:
    """N, a LIS1 doctor of municipality M placed there now, with an invitation she sent
    and an activity she logged."""
    from e2e_portal import organisation_number
    municipality = created("POST", f"{IDENTITY}/organisations", json={
        "name": f"Matrix kommune {tag}", "kind": "municipality", "country": "NO",
        "organisation_number": organisation_number(),
        "contact_email": f"m-{tag}@example.no"})["id"]
    created("POST", f"{IDENTITY}/organisations/{municipality}/agreement/sign",
            json={"signatory_name": "Ordføreren"})
    people = {}
    for key, hpr_number in HPR.items():
        person = created("POST", f"{IDENTITY}/people", json={"country": "NO",
                                                              "hpr_number": hpr_number})
        people[key] = person["id"]
        created("POST", f"{IDENTITY}/registration", headers=factory.headers(
            subject=person["id"], assurance="high", registration="pending"), json={
            "given_name": person["given_name"], "family_name": person["family_name"],
            "email": f"{key.lower()}-{tag}@example.no", "language": "nb"})
    call("POST", f"{IDENTITY}/organisations/{municipality}/memberships",
         json={"person_id": people["M"], "role": "municipality_admin"})

    def as_n(assurance: str = "high") -> Callable[[], dict[str, str]]:
        return lambda: factory.headers(subject=people["N"], assurance=assurance, lifetime=900)
    expired = factory.headers(subject=people["N"], assurance="high", iat=1_600_000_000,
                              exp=1_600_000_300)
    callers = {**kbu.callers, "own_trainee": as_n(), "low_assurance": as_n("substantial"),
               "holder_admin": lambda: factory.headers(
                   subject=people["M"], assurance="high", lifetime=900, memberships=[
                       {"organisation_id": municipality, "role": "municipality_admin"}]),
               "expired": lambda: expired}
    today = date.today()
    enrolment = _enrol(call, people["N"], municipality, today - timedelta(days=30),
                       today + timedelta(days=330), curriculum="lis1")
    placement = _place(call, enrolment, municipality, "kommune", today - timedelta(days=30),
                       today + timedelta(days=150))
    invitation = eventually(lambda: _invited(call, callers["own_trainee"](), tag), timeout=30)
    activity = created("POST", f"{COMPETENCIES}/enrolments/{enrolment['enrolment_id']}/items/"
                       f"{LIS1_ITEM}/activities", callers["own_trainee"](),
                       json={"title": "Legevaktvakt"})
    values = {"trainee_id": people["N"], "person_id": people["N"],
              "enrolment_id": enrolment["enrolment_id"],
              "placement_id": placement["placement_id"], "code": LIS1_ITEM,
              "invitation_id": invitation["id"], "activity_id": _activity_id(activity),
              "organisation_id": municipality, "holder_id": municipality,
              "place_id": municipality}
    body_values = {"placement_id": placement["placement_id"], "trainee_id": people["N"],
                   "person_id": people["N"], "version": 1, "code": LIS1_ITEM}
    return Scene(values, callers, body_values)


def _invited(call, trainee: dict[str, str], tag: str) -> dict | None:
    """N's invitation of her leader (None while invitations has not heard of her placement)."""
    answer = call("POST", f"{INVITATIONS}/invitations", trainee, json={
        "role": "leader", "email": f"leder-{tag}@example.no"})
    return answer.json() if answer.status_code == 201 else None


def _activity_id(answer: dict) -> str:
    """The logged activity's id, in the item the answer shows."""
    if "activity_id" in answer:
        return str(answer["activity_id"])
    return str(answer["activities"][-1]["activity_id"])


def _cvr() -> str:
    """A fresh valid CVR number (python-stdnum decides)."""
    from stdnum.dk import cvr
    while True:
        number = str(uuid.uuid4().int)[:8]
        if number[0] != "0" and cvr.is_valid(number):
            return number


def _enrol(call, trainee_id: str, holder_id: str, starts_on: date, ends_on: date,
           curriculum: str = "kbu") -> dict:
    def enrolled():
        answer = call("POST", f"{COMPETENCIES}/enrolments", json={
            "trainee_id": trainee_id, "curriculum": curriculum,
            "agreement_holder_id": holder_id,
            "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()})
        if answer.status_code == 201:
            return answer.json()
        assert answer.json()["code"] in ("trainee_unknown", "holder_unknown",
                                         "dpa_not_active"), answer.text
        return None
    return eventually(enrolled, timeout=30)


def _place(call, enrolment: dict, place_id: str, element: str, starts_on: date,
           ends_on: date) -> dict:
    def placed():
        answer = call("POST", f"{COMPETENCIES}/enrolments/{enrolment['enrolment_id']}"
                      "/placements", json={"place_id": place_id, "element": element,
                                           "starts_on": starts_on.isoformat(),
                                           "ends_on": ends_on.isoformat()})
        if answer.status_code == 422 and answer.json()["code"] == "place_unknown":
            return None
        assert answer.status_code == 201, answer.text
        return answer.json()
    return eventually(placed, timeout=30)


def _uploaded(call, trainee: dict[str, str]) -> dict | None:
    """A's scanned course certificate (None while documents has not heard of her)."""
    answer = call("POST", f"{DOCUMENTS}/documents",
                  {**trainee, "Content-Type": "application/octet-stream"},
                  data=scanned_pdf(), params={
                      "kind": "course_certificate", "filename": "kursusbevis.pdf",
                      "description": "Kursus", "curriculum_item": KBU_ITEM})
    return answer.json() if answer.status_code == 201 else None


def _appointed(call, tutor: dict[str, str], trainee_id: str) -> dict | None:
    answer = call("POST", f"{INVITATIONS}/appointments", tutor, json={
        "authorisation_id": REGISTER["V"], "given_name": "Vejleder", "family_name": "Matrix",
        "all_trainees": True, "send_access_email": False})
    return answer.json() if answer.status_code == 201 else None


def _registered(created: Callable[..., Any], factory: Any, register: dict[str, str],
                tag: str) -> dict[str, str]:
    """Danish people made by the operator and registered at their first login (MitID's
    high assurance): key -> person id."""
    people = {}
    for key, authorisation_id in register.items():
        person = created("POST", f"{IDENTITY}/people", json={
            "country": "DK", "authorisation_id": authorisation_id})
        people[key] = person["id"]
        created("POST", f"{IDENTITY}/registration", headers=factory.headers(
            subject=person["id"], assurance="high", registration="pending"), json={
            "given_name": person["given_name"], "family_name": person["family_name"],
            "email": f"{key.lower()}-{tag}@example.dk", "language": "da"})
    return people
