"""A small fake of invitations' HTTP API for the team pages' integration tests: it answers
as the service does (problem details with codes) and records what it was asked."""
from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, request

V1 = "/api/invitations/v1"
PLACEMENT = {"placement_id": "pl-1", "place_id": "bergen", "agreement_holder_id": "bergen",
             "starts_on": "2026-11-01", "ends_on": "2027-04-30"}


def problem(status: int, code: str, errors: dict | None = None) -> Any:
    body = {"type": "about:blank", "title": code, "status": status, "detail": code,
            "code": code, "errors": errors or {}}
    response = jsonify(body)
    response.status_code = status
    response.content_type = "application/problem+json"
    return response


class FakeInvitations:
    def __init__(self) -> None:
        self.asked: list[tuple[str, str, Any, dict]] = []
        self.refusal: tuple[int, str, dict] | None = None
        self.team: dict[str, Any] = {"trainee_id": "p-1", "placement": PLACEMENT,
                                     "invitations": [], "relationships": [],
                                     "missing_roles": ["leader", "advisor", "supervisor"],
                                     "names": {}}
        self.app = self._app()

    def _app(self) -> Flask:
        app = Flask("fake_invitations")

        @app.before_request
        def record() -> Any:
            self.asked.append((request.method, request.path, request.get_json(silent=True),
                               dict(request.headers)))
            if self.refusal and request.method != "GET":
                status, code, errors = self.refusal
                return problem(status, code, errors)
            return None

        @app.get(f"{V1}/me/team")
        def team() -> Any:
            return jsonify(self.team)

        @app.post(f"{V1}/invitations")
        def invite() -> Any:
            return jsonify({"id": "inv-1", **(request.get_json() or {})}), 201

        @app.post(f"{V1}/links/open")
        def open_link() -> Any:
            if request.get_json()["token"] != "good":
                return problem(404, "invitation_link_invalid")
            return jsonify({"invitation_id": "inv-1", "role": "leader",
                            "trainee_name": "Kari <b>Nordmann</b>", "organisation_id": "bergen",
                            "organisation_name": "Bergen kommune",
                            "expires_at": "2026-12-15T10:00:00+00:00",
                            "registration_ticket": "aaa.bbb.ccc"})

        @app.get(f"{V1}/me/trainees")
        def my_trainees() -> Any:
            return jsonify([])

        @app.get(f"{V1}/me/practices")
        def my_practices() -> Any:
            return jsonify([{"place_id": "pa", "name": "Lægehuset Nørrebro",
                             "agreement_holder_id": "r"},
                            {"place_id": "pb", "name": "Lægehuset Amager",
                             "agreement_holder_id": "r"}])

        @app.post(f"{V1}/appointments")
        def appoint() -> Any:
            return jsonify({"id": "ap-1"}), 201

        return app
