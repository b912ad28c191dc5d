"""A small fake of competencies' sign-off API for the sign-off pages' integration tests:
it answers the shapes the real service documents and records what it was asked."""
from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, request

from fake_identity import problem

V1 = "/api/competencies/v1"


def item(code: str, state: str = "not_started", version: int = 0) -> dict[str, Any]:
    return {"sign_off_id": None, "code": code, "title": f"Læringsmål {code}",
            "kind": "learning_objective", "placement_id": None, "state": state,
            "version": version, "approver_id": None, "submitted_at": None, "decided_at": None,
            "decided_by": None, "decided_role": None, "on_behalf_of": None, "comment": None,
            "activities": [], "recommendations": []}


class FakeCompetencies:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, Any, str]] = []
        self.refuse: tuple[int, str] | None = None
        self.items = [item("KBU-01"), item("KBU-02", "ready_for_approval", 1)]
        self.completed_at: str | None = None
        self.second_group: list[dict[str, Any]] = []
        self.waiting = ["KBU-02"]
        self.may = ["approve_item", "recommend", "confirm_activity"]  # the viewer's, today
        self.enrolments = [{"enrolment_id": "e1", "state": "active", "programme": "kbu",
                            "curriculum": "kbu", "curriculum_version": "2017"}]
        self.app = self._routes()

    def progress(self, enrolment_id: str) -> dict[str, Any]:
        return {"enrolment_id": enrolment_id, "trainee_id": "mette", "programme": "kbu",
                "curriculum": "kbu", "curriculum_version": "2017",
                "groups": [{"code": "KBU-A", "title": "Den akutte patient", "kind": "plan",
                            "total": 2, "counts": {"approved": 0}, "items": self.items},
                           *([{"code": "KBU-B", "title": "Den kroniske patient",
                               "kind": "plan", "total": len(self.second_group),
                               "counts": {"approved": 0}, "items": self.second_group}]
                             if self.second_group else [])],
                "attestations": [], "may": self.may, "required": 2, "approved": 0, "missing": [],
                "missing_elements": [], "completed_at": self.completed_at, "credential_id": None}

    def _routes(self) -> Flask:
        app = Flask("fake-competencies")

        @app.get(f"{V1}/enrolments/<enrolment_id>/progress")
        def progress(enrolment_id: str) -> Any:
            return jsonify(self.progress(enrolment_id))

        @app.get(f"{V1}/enrolments/<enrolment_id>/completion")
        def completion(enrolment_id: str) -> Any:  # the trainee's and administrators' only
            return problem(403, "trainee_not_visible")

        @app.get(f"{V1}/trainees/<trainee_id>/programme")
        def programme(trainee_id: str) -> Any:
            return jsonify({"enrolments": self.enrolments})

        @app.get(f"{V1}/me/queue")
        def queue() -> Any:
            return jsonify([{"trainee_id": "mette", "trainee_name": "Mette Jensen",
                             "enrolment_id": "e1", "curriculum": "kbu", "items": [
                                 dict(item(code, "ready_for_approval", 1),
                                      submitted_at="2027-01-02T10:00:00+00:00")
                                 for code in self.waiting]}])

        @app.post(f"{V1}/enrolments/<enrolment_id>/<path:rest>")
        def post(enrolment_id: str, rest: str) -> Any:
            self.calls.append((enrolment_id, rest, request.get_json(),
                               request.headers.get("Authorization", "")))
            if self.refuse:
                return problem(*self.refuse)
            return jsonify(item("KBU-01", "ready_for_approval", 1))

        return app
