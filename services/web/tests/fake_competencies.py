"""A stand-in for the competencies service's programme API (/work/team/competencies-api.md,
the service's OpenAPI document once it landed), served over real HTTP for the programme
pages' tests, and an identity fake that also lists an organisation's people and places.

It keeps just enough of the rules to answer as the service does: the refusal codes and
field errors, who is the tutor of a place, who may read a record (``readable``). The real
rules are tested in the competencies service; the browser tests use the real portal.
"""
from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask import Flask, jsonify, request

from fake_identity import FakeIdentity, Person, problem

V1 = "/api/competencies/v1"
HOLDER = {"organisation_id": "h-bergen", "name": "Bergen kommune", "kind": "municipality",
          "country": "NO", "status": "signed", "signed_at": None, "terminated_at": None,
          "text_version": 1}
PLACES = [{"id": "place-legevakt", "name": "Bergen legevakt", "agreement_holder_id": "h-bergen",
           "kind": "clinic", "country": "NO"},
          {"id": "place-hospital", "name": "Haukeland", "agreement_holder_id": "h-bergen",
           "kind": "hospital", "country": "NO"}]
PEOPLE = [{"id": "t-kari", "given_name": "Kari", "family_name": "Nordmann", "status": "registered",
           "memberships": []},
          {"id": "tutor-1", "given_name": "Ingrid", "family_name": "Berg", "status": "registered",
           "memberships": [{"organisation_id": "place-legevakt", "role": "tutor"}]},
          {"id": "tutor-2", "given_name": "Lars", "family_name": "Johansen",
           "status": "registered",
           "memberships": [{"organisation_id": "place-legevakt", "role": "tutor"}]}]
ADMIN = Person("admin-1", name="Per Dahl", lang="en",
               memberships=[{"organisation_id": "h-bergen", "role": "municipality_admin"}])
TRAINEE = Person("t-kari", lang="en")
TUTOR = Person("tutor-1", name="Ingrid Berg", lang="en",
               memberships=[{"organisation_id": "place-legevakt", "role": "tutor"}])
REGION = Person("region-1", name="Jens Poulsen", lang="en",
                memberships=[{"organisation_id": "h-bergen", "role": "region_admin"}])


def lis1_groups(states: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """151 items in five plans, as the LIS1 curriculum of 2020 has them."""
    plans = [("KLS", "Sykehus", 45), ("KLP", "Psykiatri", 16), ("KLK", "Kommune", 40),
             ("FKM-S", "Felles kompetansemål, sykehus", 24),
             ("FKM-K", "Felles kompetansemål, kommune", 26)]
    return [{"code": code, "title": title, "kind": "plan", "placement_ids": [],
             "items": [{"code": f"{code}-{n:03d}", "title": f"{title} mål {n}",
                        "kind": "learning_objective", "wording": "placeholder",
                        "description": "Kan vurdere <b>pasienten</b>" if n == 1 else "Tekst",
                        "activities": [{"title": "Hjertestansøvelse" if n == 7 else "Vakt"}],
                        "assessment": ["direkte_observasjon"],
                        "state": (states or {}).get(f"{code}-{n:03d}", "not_started")}
                       for n in range(1, count + 1)]} for code, title, count in plans]


CURRICULA = [
    {"curriculum": "lis1", "version": "2025-09", "title": "LIS1", "programme": "LIS1",
     "country": "NO", "current": True, "items": 121,
     "elements": [{"code": "sykehus", "title": "Sykehus"}, {"code": "kommune",
                                                            "title": "Kommune"}]},
    {"curriculum": "lis1", "version": "2020-03", "title": "LIS1", "programme": "LIS1",
     "country": "NO", "current": False, "items": 151,
     "elements": [{"code": "sykehus", "title": "Sykehus"}, {"code": "kommune",
                                                            "title": "Kommune"}]},
    {"curriculum": "kbu", "version": "2017", "title": "KBU", "programme": "KBU", "country": "DK",
     "current": True, "items": 16, "elements": [{"code": "kbu-1", "title": "1. ansættelse"}]},
]


class IdentityWithPeople(FakeIdentity):
    """The identity fake, with the agreement holder's people and places of training."""

    def _routes(self) -> Flask:
        app = super()._routes()
        self.agreements = [HOLDER]

        @app.get("/api/identity/v1/organisations/<holder_id>/people")
        def people(holder_id: str) -> Any:
            return jsonify(PEOPLE if holder_id == HOLDER["organisation_id"] else [])

        @app.get("/api/identity/v1/organisations")
        def organisations() -> Any:
            return jsonify([p for p in PLACES
                            if p["agreement_holder_id"] == request.args.get("holder_id")])
        return app


class FakeCompetencies:
    def __init__(self, identity: FakeIdentity) -> None:
        self.identity = identity
        self.enrolments: dict[str, dict[str, Any]] = {}
        self.sent: list[tuple[str, str, Any]] = []  # (method, path, body) of every change
        self.readable: set[tuple[str, str]] = set()  # (reader, trainee) entitled to read
        self.reads: list[dict[str, Any]] = []
        self.states: dict[str, str] = {}
        self.app = self._routes()

    def _who(self) -> Person | None:
        return self.identity.person_of(request.headers.get("Authorization", ""))

    def _routes(self) -> Flask:  # noqa: C901 - one fake, many routes
        app = Flask("fake_competencies")

        @app.before_request
        def authenticated() -> Any:
            if self._who() is None:
                return problem(401, "unauthenticated")
            if request.method != "GET":
                self.sent.append((request.method, request.path, request.get_json(silent=True)))
            return None

        @app.get(f"{V1}/curricula")
        def curricula() -> Any:
            wanted = {k: v for k, v in request.args.items() if k in ("curriculum", "country")}
            return jsonify([c for c in CURRICULA
                            if all(c.get(k) == v for k, v in wanted.items() if v)])

        @app.post(f"{V1}/enrolments")
        def enrol() -> Any:
            body = request.get_json()
            if not body.get("starts_on") or not body.get("trainee_id"):
                return problem(422, "validation_failed", {
                    k: ["Missing data for required field."]
                    for k in ("starts_on", "trainee_id") if not body.get(k)})
            versions = [c for c in CURRICULA if c["curriculum"] == body["curriculum"]]
            if not versions:
                return problem(422, "curriculum_unknown")
            version = body.get("curriculum_version") or next(
                c["version"] for c in versions if c["current"])
            if version not in {c["version"] for c in versions}:
                return problem(422, "curriculum_version_unknown")
            if body.get("ends_on") and body["ends_on"] < body["starts_on"]:
                return problem(422, "enrolment_ends_before_start")
            made = {"enrolment_id": str(uuid.uuid4()), "trainee_id": body["trainee_id"],
                    "trainee_name": "Kari Nordmann", "curriculum": body["curriculum"],
                    "curriculum_version": version, "programme": versions[0]["programme"],
                    "agreement_holder_id": body["agreement_holder_id"], "state": "active",
                    "starts_on": body["starts_on"], "ends_on": body.get("ends_on"),
                    "placements": []}
            self.enrolments[made["enrolment_id"]] = made
            return jsonify(made), 201

        @app.get(f"{V1}/enrolments")
        def enrolments() -> Any:
            holder = request.args.get("agreement_holder_id")
            return jsonify([e for e in self.enrolments.values()
                            if e["agreement_holder_id"] == holder])

        @app.get(f"{V1}/enrolments/<enrolment_id>")
        def enrolment(enrolment_id: str) -> Any:
            found = self.enrolments.get(enrolment_id)
            return jsonify(found) if found else problem(404, "enrolment_unknown")

        @app.post(f"{V1}/enrolments/<enrolment_id>/cancel")
        def cancel(enrolment_id: str) -> Any:
            if not (request.get_json().get("reason") or "").strip():
                return problem(422, "reason_required")
            self.enrolments[enrolment_id]["state"] = "cancelled"
            return jsonify(self.enrolments[enrolment_id])

        @app.post(f"{V1}/enrolments/<enrolment_id>/placements")
        def place(enrolment_id: str) -> Any:
            body, found = request.get_json(), self.enrolments[enrolment_id]
            if not body.get("starts_on") or not body.get("ends_on"):
                return problem(422, "validation_failed", {
                    k: ["Field may not be null."] for k in ("starts_on", "ends_on")
                    if not body.get(k)})
            refusal = self._dates_refused(found, body)
            if refusal:
                return refusal
            tutors = [p["id"] for p in self._tutors(body["place_id"])]
            placement = {"placement_id": str(uuid.uuid4()), "enrolment_id": enrolment_id,
                         "place_id": body["place_id"], "element": body["element"],
                         "place_name": next(p["name"] for p in PLACES
                                            if p["id"] == body["place_id"]),
                         "plan": ["KLK", "FKM-K"], "starts_on": body["starts_on"],
                         "ends_on": body["ends_on"], "state": _state(body),
                         "tutor_id": tutors[0] if len(tutors) == 1 else None}
            found["placements"].append(placement)
            return jsonify(placement), 201

        @app.patch(f"{V1}/placements/<placement_id>")
        def correct(placement_id: str) -> Any:
            enrolment, placement = self._placement(placement_id)
            body = request.get_json()
            refusal = self._dates_refused(enrolment, body, placement_id)
            if refusal:
                return refusal
            placement.update(starts_on=body["starts_on"], ends_on=body["ends_on"])
            return jsonify(placement)

        @app.post(f"{V1}/placements/<placement_id>/cancel")
        def cancel_placement(placement_id: str) -> Any:
            if not (request.get_json().get("reason") or "").strip():
                return problem(422, "reason_required")
            self._placement(placement_id)[1]["state"] = "cancelled"
            return jsonify(self._placement(placement_id)[1])

        @app.post(f"{V1}/placements/<placement_id>/tutor")
        def choose(placement_id: str) -> Any:
            placement = self._placement(placement_id)[1]
            tutor = request.get_json().get("tutor_id")
            if tutor not in [p["id"] for p in self._tutors(placement["place_id"])]:
                return problem(422, "not_a_tutor_of_place")
            placement["tutor_id"] = tutor
            return jsonify(placement)

        @app.get(f"{V1}/places/<place_id>/tutors")
        def tutors(place_id: str) -> Any:
            return jsonify([{"person_id": p["id"], "name": f"{p['given_name']} "
                             f"{p['family_name']}"} for p in self._tutors(place_id)])

        @app.get(f"{V1}/me/programme")
        def mine() -> Any:
            return jsonify(self._programme(self._who().sub))

        @app.get(f"{V1}/trainees/<trainee_id>/programme")
        def record(trainee_id: str) -> Any:
            reader = self._who().sub
            if (reader, trainee_id) not in self.readable:
                return problem(403, "trainee_not_visible")
            self.reads.append({"reader_id": reader, "reader_name": "Ingrid Berg",
                               "read_as": "tutor", "at": "2026-12-01T12:10:00Z"})
            return jsonify({**self._programme(trainee_id), "read_as": "tutor"})

        @app.get(f"{V1}/me/reads")
        def reads() -> Any:
            return jsonify(self.reads)

        @app.get(f"{V1}/tutor/trainees")
        def tutor_trainees() -> Any:
            row = {"trainee_id": "t-kari", "name": "Kari Nordmann", "programme": "LIS1",
                   "place_name": "Bergen legevakt", "starts_on": "2026-09-01",
                   "ends_on": "2027-02-28", "personal_tutor": True, "visible_until": None}
            return jsonify({"current": [row], "planned": [], "former": [
                {**row, "trainee_id": "t-old", "name": "Old Trainee",
                 "visible_until": "2027-06-30"}]})

        @app.get(f"{V1}/organisations/<holder_id>/trainees")
        def organisation_trainees(holder_id: str) -> Any:
            return jsonify([{"trainee_id": "t-kari", "name": "Kari Nordmann", "enrolments": []}])

        @app.post(f"{V1}/access-openings")
        def open_access() -> Any:
            body = request.get_json()
            if not (body.get("reason") or "").strip():
                return problem(422, "opening_reason_required")
            if body.get("opened_until", "") > "2027-01-31":
                return problem(422, "opening_too_long")
            return jsonify({"opening_id": "o-1", **body}), 201

        return app

    def _tutors(self, place_id: str) -> list[dict[str, Any]]:
        return [p for p in PEOPLE if {"organisation_id": place_id, "role": "tutor"}
                in p["memberships"]]

    def _placement(self, placement_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        return next((e, p) for e in self.enrolments.values() for p in e["placements"]
                    if p["placement_id"] == placement_id)

    def _dates_refused(self, enrolment: dict[str, Any], body: dict[str, Any],
                       ignore: str | None = None) -> Any:
        if body["ends_on"] < body["starts_on"]:
            return problem(422, "placement_ends_before_start")
        for other in enrolment["placements"]:
            if other["placement_id"] != ignore and other["state"] != "cancelled" and not (
                    body["ends_on"] < other["starts_on"] or other["ends_on"] < body["starts_on"]):
                return problem(409, "placements_overlap")
        return None

    def _programme(self, trainee_id: str) -> dict[str, Any]:
        mine = [e for e in self.enrolments.values() if e["trainee_id"] == trainee_id]
        return {"trainee_id": trainee_id, "enrolments": [
            {**e, "groups": lis1_groups(self.states)} for e in mine]}


def _state(body: dict[str, Any]) -> str:
    today = date.today().isoformat()
    if body["starts_on"] > today:
        return "planned"
    return "current" if body["ends_on"] >= today else "former"
